/** Matching frames with their detections, bounded in memory. */
package io.gradstream.publisher.join;
