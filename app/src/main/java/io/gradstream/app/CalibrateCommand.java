package io.gradstream.app;

import io.gradstream.app.calibrate.Calibration;
import io.gradstream.app.calibrate.EvaluationSet;
import io.gradstream.common.config.ExplainConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.inference.onnx.DetectorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gradstream calibrate}: fits the reliability model on a labelled evaluation set. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fits the reliability model (the probability that a detection is correct) on a labelled evaluation set,",
      "scores it on the set's test half, and writes it beside each model as NAME.reliability.json, which the",
      "inference worker loads. docs/EXPLANATIONS.md (\"Reliability\") describes the features and the file.",
      "With --sheets DIR it writes contact sheets of the detections not labelled yet instead, to label by eye."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Option(
      names = "--set",
      paramLabel = "DIR",
      defaultValue = "evaluation",
      description = "the evaluation set: frames.csv and labels.csv (default: ${DEFAULT-VALUE})")
  Path set;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "ONNX detector; repeat for several (default: ~/.cache/gradstream/models/yolov5s.onnx and "
              + "yolov5s-320.onnx beside it)")
  List<Path> models = new ArrayList<>();

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      description =
          "explanation method the features are computed with (default: inference.explain.method)")
  String method;

  @Option(
      names = "--sheets",
      paramLabel = "DIR",
      description =
          "write DIR/sheet-NNN.png and DIR/unlabelled.csv for the detections without a label, and fit nothing")
  Path sheets;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "also write the evaluation (AUROC, ablation, ROC curves) as JSON")
  Path report;

  @Option(
      names = "--roc-png",
      paramLabel = "FILE",
      description = "also draw the test half's ROC curves as a PNG")
  Path rocPng;

  @Option(
      names = "--features-csv",
      paramLabel = "FILE",
      description =
          "also write every labelled detection's features, split and verdict as CSV, to study them")
  Path featuresCsv;

  @Option(
      names = "--no-write",
      description = "evaluate only: write no model file beside the models")
  boolean noWrite;

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GradstreamConfig loaded = config.load();
    String chosen = method != null ? method : loaded.inference().explain().method();
    if (!ExplainConfig.METHODS.contains(chosen)) {
      throw new ParameterException(
          spec.commandLine(), "--method " + chosen + " is not one of " + ExplainConfig.METHODS);
    }
    EvaluationSet evaluation;
    try {
      evaluation = EvaluationSet.load(set);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<Path> files = models.isEmpty() ? BenchDetectorCommand.demoModels() : models;
    DetectorOptions options = DetectorOptions.from(loaded.inference()).withExplainMethod(chosen);
    PrintWriter out = spec.commandLine().getOut();
    Calibration calibration =
        new Calibration(
            evaluation,
            files,
            options,
            loaded.publisher().alerts(),
            line -> {
              out.println(line);
              out.flush();
            });
    if (sheets != null) {
      calibration.writeSheets(sheets);
    } else {
      calibration.fit(noWrite, report, rocPng, featuresCsv);
    }
    out.flush();
    return 0;
  }
}
