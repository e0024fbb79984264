/** Reading the frames and detections topics into the publisher. */
package io.gradstream.publisher.source;
