package io.gradstream.publisher.alert.rule;

/**
 * A rule's episode just started on a track.
 *
 * @param episodeStartSeq the seq of the episode's first bad frame: with the track and rule it names
 *     the episode, so the alert id is the same however often the frames are read
 * @param reason for a person: what was seen, with the numbers
 */
public record Trigger(long episodeStartSeq, String reason) {}
