package io.gradstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every JMH benchmark still runs on its real inputs and measures something: each class through the
 * JMH runner in this JVM (no fork, no warm-up, one 100 ms iteration, default parameters), and every
 * {@code @Benchmark} method of it must report a finite, positive time. Not a speed check: speed is
 * what the benchmarks themselves report.
 */
class EveryBenchmarkRunsTest {

  static Stream<Class<?>> benchmarkClasses() {
    return Stream.of(
        JpegDecodeBench.class,
        LetterboxBench.class,
        NmsBench.class,
        CamBench.class,
        OverlayRenderBench.class,
        ProtobufBench.class,
        DetectBench.class,
        MapPngBench.class);
  }

  @ParameterizedTest
  @MethodSource("benchmarkClasses")
  void reportsAFinitePositiveScoreForEachBenchmarkMethod(Class<?> benchmark)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> measured =
        results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
    Set<String> declared =
        Arrays.stream(benchmark.getMethods())
            .filter(m -> m.isAnnotationPresent(Benchmark.class))
            .map(Method::getName)
            .map(name -> benchmark.getName() + "." + name)
            .collect(Collectors.toSet());
    assertThat(declared).isNotEmpty();
    assertThat(measured).containsExactlyInAnyOrderElementsOf(declared);
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertThat(Double.isFinite(score) && score > 0)
          .as(
              "%s %s scored %s",
              r.getParams().getBenchmark(),
              r.getParams().getParamsKeys().stream()
                  .map(k -> k + "=" + r.getParams().getParam(k))
                  .toList(),
              score)
          .isTrue();
    }
  }
}
