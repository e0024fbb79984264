/** Drawing detections and their maps onto frames, from the wire messages alone. */
package io.gradstream.publisher.render;
