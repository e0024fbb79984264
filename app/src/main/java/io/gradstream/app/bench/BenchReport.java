package io.gradstream.app.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code gradstream bench detector} run measured, with the machine and the method,
 * so a JSON file on its own says what its numbers mean.
 *
 * @param generatedAt ISO-8601 instant the run finished
 * @param machine where it ran
 * @param method what was timed and how
 * @param results one entry per model and batch size, in the order they ran
 */
public record BenchReport(
    String generatedAt, Machine machine, Method method, List<Configuration> results) {

  public BenchReport {
    results = List.copyOf(results);
  }

  /**
   * The machine.
   *
   * @param availableProcessors cores the JVM may use
   * @param cpuModel from {@code /proc/cpuinfo}, or "unknown"
   * @param os name, version, architecture
   * @param java runtime name and version
   * @param onnxRuntime ONNX Runtime native library version
   */
  public record Machine(
      int availableProcessors, String cpuModel, String os, String java, String onnxRuntime) {

    /** This machine. */
    public static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          readCpuModel(),
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch"),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
          OrtEnvironment.getEnvironment().getVersion());
    }

    private static String readCpuModel() {
      try {
        Optional<String> line =
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst();
        return line.map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
      } catch (IOException | RuntimeException e) {
        return "unknown";
      }
    }
  }

  /**
   * How the numbers were taken.
   *
   * @param video the footage frames were decoded from (once, untimed)
   * @param distinctFrames frames in the pool the calls cycle through
   * @param frameSize width x height of the frames
   * @param framesPerConfiguration frames timed per model and batch size
   * @param warmupFrames frames run untimed before them
   * @param rounds turns the timed calls were split into, configurations alternating
   * @param intraOpThreads ONNX Runtime intra-op threads, 0 for its default (one per physical core)
   */
  public record Method(
      String video,
      int distinctFrames,
      String frameSize,
      int framesPerConfiguration,
      int warmupFrames,
      int rounds,
      int intraOpThreads) {}

  /**
   * One model at one batch size.
   *
   * @param model model id (file name and content hash)
   * @param file the model file
   * @param inputSize side of the square model input
   * @param executionProvider the provider the session opened on
   * @param batch frames per {@code detect} call
   * @param calls timed calls
   * @param frames frames over the timed calls
   * @param seconds wall time of the timed calls
   * @param framesPerSecond {@code frames / seconds}
   * @param callMs latency of one {@code detect} call: what a frame waits once its batch is full
   * @param frameMs {@code callMs / batch}: the cost of one frame within a call
   * @param stagesPerCallMs the median call split into stages (see {@link Stages})
   * @param detectionsPerFrame mean detections per frame, to see the model found something
   */
  public record Configuration(
      String model,
      String file,
      int inputSize,
      String executionProvider,
      int batch,
      int calls,
      int frames,
      double seconds,
      double framesPerSecond,
      LatencySummary callMs,
      LatencySummary frameMs,
      Stages stagesPerCallMs,
      double detectionsPerFrame) {

    /** Builds the entry from a measurement and the stage probe of its model. */
    public static Configuration of(
        String model,
        Path file,
        int inputSize,
        String executionProvider,
        DetectorBench.Measurement m,
        StageProbe.StageTimes stages) {
      return new Configuration(
          model,
          file.toString(),
          inputSize,
          executionProvider,
          m.batch(),
          m.calls(),
          m.frames(),
          round(m.wallNanos() / 1e9),
          round(m.framesPerSecond()),
          m.callMs(),
          m.callMs().dividedBy(m.batch()),
          Stages.of(m.callMs().p50(), m.batch(), stages),
          round((double) m.detections() / m.frames()));
    }
  }

  /**
   * The median call split into stages, in milliseconds. Letterbox and decode/NMS are measured on
   * their own per frame ({@link StageProbe}) and multiplied by the batch size; inference is the
   * rest of the median call: ONNX Runtime's run plus copying its output to the heap.
   *
   * @param letterbox pre-processing of the call's frames
   * @param inference the median call minus the two others (an estimate, never below zero)
   * @param decodeNms post-processing of the call's frames
   */
  public record Stages(double letterbox, double inference, double decodeNms) {

    static Stages of(double callP50Ms, int batch, StageProbe.StageTimes perFrame) {
      double letterbox = perFrame.letterboxMs() * batch;
      double decode = perFrame.decodeNmsMs() * batch;
      return new Stages(
          round(letterbox), round(Math.max(0, callP50Ms - letterbox - decode)), round(decode));
    }
  }

  /** Writes the report as pretty-printed JSON. */
  public void writeJson(Path file) throws IOException {
    ReportJson.write(this, file);
  }

  /** The report as pretty-printed JSON. */
  public String toJson() throws IOException {
    return ReportJson.of(this);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
