package io.gradstream.publisher.alert;

import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.rule.Trigger;

/**
 * A rule's episode started on a track in one frame.
 *
 * @param type the rule
 * @param detection the track's detection in the frame that started the episode
 * @param trigger the episode's first seq and the reason
 */
public record RaisedAlert(AlertType type, Detection detection, Trigger trigger) {}
