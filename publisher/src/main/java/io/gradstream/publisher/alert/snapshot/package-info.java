/**
 * Alert snapshots: the frame with the alerting track's heatmap, stored as JPEG and served by id.
 */
package io.gradstream.publisher.alert.snapshot;
