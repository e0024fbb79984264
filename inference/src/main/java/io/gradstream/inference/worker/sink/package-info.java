/**
 * Where results go: the {@code ResultSink} contract, its Kafka producer and the named delivery
 * retry policy.
 */
package io.gradstream.inference.worker.sink;
