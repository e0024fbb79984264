/**
 * The publisher's read-only view of the camera registry (the compacted {@code gradstream.cameras}
 * topic).
 */
package io.gradstream.publisher.registry;
