/**
 * Alert rules: each judges one track frame by frame and says when an episode starts; {@link
 * io.gradstream.publisher.alert.rule.Hysteresis} keeps a flickering verdict to one episode.
 */
package io.gradstream.publisher.alert.rule;
