/**
 * The compute pipeline: parse, drop stale, decode, micro-batch, detect, track, build the wire
 * message. Kafka-free, so it is tested with Reactor alone.
 */
package io.gradstream.inference.worker.pipeline;
