/** The newest annotated frame of every camera, and who is watching. */
package io.gradstream.publisher.live;
