/** The ingest metrics of each camera (frames, drops by reason, reconnects, state). */
package io.gradstream.ingest.metrics;
