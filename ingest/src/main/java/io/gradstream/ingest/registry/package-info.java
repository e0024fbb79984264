/**
 * The camera registry on the compacted cameras topic, which ingest writes and reads back at start.
 */
package io.gradstream.ingest.registry;
