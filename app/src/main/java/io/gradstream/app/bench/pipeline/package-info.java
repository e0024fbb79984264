/**
 * {@code gradstream bench pipeline}: N cameras through the real pipeline (embedded Kafka broker,
 * frame source, M inference workers in one consumer group, publisher, a WebSocket viewer per
 * camera) for a fixed time, measured per frame. {@link
 * io.gradstream.app.bench.pipeline.PipelineBench} runs one workers count, {@link
 * io.gradstream.app.bench.pipeline.PipelineReport} holds what every run measured and {@link
 * io.gradstream.app.bench.pipeline.TargetVerdicts} judges it against issue #7's targets. Timings
 * never go into tests.
 */
package io.gradstream.app.bench.pipeline;
