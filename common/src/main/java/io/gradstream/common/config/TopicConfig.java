package io.gradstream.common.config;

/**
 * One topic as gradstream creates it.
 *
 * @param name topic name
 * @param partitions partition count (the unit of parallelism for consumers)
 * @param retentionMs retention in milliseconds, -1 for ever
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 */
public record TopicConfig(String name, int partitions, long retentionMs, String cleanupPolicy) {}
