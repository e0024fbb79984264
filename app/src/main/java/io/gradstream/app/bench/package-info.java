/**
 * {@code gradstream bench}: measures the detector on CPU (or whatever provider it opens on) on real
 * frames decoded once up front. {@link io.gradstream.app.bench.BenchRunner} loads every model and
 * alternates the configurations in rounds, {@link io.gradstream.app.bench.DetectorBench} times
 * {@code detect()} per call for one batch size, {@link io.gradstream.app.bench.StageProbe} times
 * letterbox and decode/NMS on their own (the detector does not expose its stages), and {@link
 * io.gradstream.app.bench.BenchReport} holds the results as JSON and {@link
 * io.gradstream.app.bench.BenchTable} as a table. Timings never go into tests.
 */
package io.gradstream.app.bench;
