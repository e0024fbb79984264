/** Annotated streams for standard players: RTSP push and HLS. */
package io.gradstream.publisher.republish;
