package io.gradstream.app.calibrate;

import io.gradstream.app.bench.ReportJson;
import io.gradstream.app.calibrate.EvaluationSet.Split;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.Feature;
import io.gradstream.explain.reliability.ReliabilityModel;
import io.gradstream.inference.onnx.DetectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code gradstream calibrate}'s work: explain every detection of the evaluation set, then either
 * write labelling sheets for the unlabelled ones or fit the reliability model on the fit half and
 * score it, and the ablation's feature sets, on the test half.
 */
public final class Calibration {
  /**
   * The score band where the detector's own score is ambiguous, where the issue judges reliability.
   */
  static final double BAND_LOW = 0.25;

  static final double BAND_HIGH = 0.6;

  /**
   * LIBLINEAR costs tried; the one with the best scene-grouped cross-validated AUROC on the fit
   * half wins.
   */
  static final double[] COSTS = {0.01, 0.03, 0.1, 0.3, 1, 3};

  /** Scene-grouped folds of the fit half for choosing the cost. */
  static final int FOLDS = 5;

  /** The alert threshold is the highest whose alerts on the fit half are at least this precise. */
  static final double ALERT_PRECISION = 0.85;

  private final EvaluationSet set;
  private final List<Path> models;
  private final DetectorOptions options;
  private final AlertsConfig alerts;
  private final Consumer<String> progress;

  /**
   * @param alerts the alert rules whose low-confidence episodes are scored on the test half's
   *     videos
   * @param progress told one line at a time what is happening and what came out
   */
  public Calibration(
      EvaluationSet set,
      List<Path> models,
      DetectorOptions options,
      AlertsConfig alerts,
      Consumer<String> progress) {
    this.set = set;
    this.models = List.copyOf(models);
    this.options = options;
    this.alerts = alerts;
    this.progress = progress;
  }

  /**
   * Writes DIR/sheet-NNN.png and DIR/unlabelled.csv (an id column, then labels.csv's) for the
   * detections without a label.
   */
  public void writeSheets(Path dir) throws IOException {
    Files.createDirectories(dir);
    LabelSheets sheets = new LabelSheets();
    List<Map<String, Object>> rows = new ArrayList<>();
    EvaluationRun.run(
        set,
        models,
        options,
        (frame, image, input, found) -> {
          for (EvaluatedDetection d : found) {
            if (d.label() == null) {
              int id = rows.size() + 1;
              sheets.add(id, image, input, d.detection());
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("id", id);
              row.putAll(EvaluationSet.labelRow(frame, input, d.detection(), ""));
              rows.add(row);
            }
          }
        },
        progress);
    List<Path> files = sheets.write(dir);
    Path csv = dir.resolve("unlabelled.csv");
    List<String> columns = new ArrayList<>(List.of("id"));
    columns.addAll(EvaluationSet.LABEL_COLUMNS);
    EvaluationSet.writeRows(csv, columns, rows);
    progress.accept(
        rows.size()
            + " unlabelled detections -> "
            + files.size()
            + " sheets in "
            + dir
            + ", rows in "
            + csv);
  }

  /**
   * Fits the model on the fit half, scores everything on the test half, and writes the model beside
   * each detector unless {@code evaluateOnly}.
   */
  public void fit(boolean evaluateOnly, Path reportFile, Path rocPng, Path featuresCsv)
      throws IOException {
    EvaluationRun.Result run =
        EvaluationRun.run(set, models, options, (f, i, in, found) -> {}, progress);
    List<EvaluatedDetection> all = EvaluationTracks.follow(run.detections());
    List<String> layers = run.layers();
    if (featuresCsv != null) {
      writeFeatures(featuresCsv, all);
    }
    List<EvaluatedDetection> fit =
        all.stream().filter(d -> d.decided() && d.frame().split() == Split.FIT).toList();
    List<EvaluatedDetection> test =
        all.stream().filter(d -> d.decided() && d.frame().split() == Split.TEST).toList();
    long unlabelled = all.stream().filter(d -> d.label() == null).count();
    progress.accept(
        String.format(
            Locale.ROOT,
            "%d detections: %d fit (%d false), %d test (%d false), %d unsure, %d unlabelled",
            all.size(),
            fit.size(),
            fit.stream().filter(d -> !d.correct()).count(),
            test.size(),
            test.stream().filter(d -> !d.correct()).count(),
            all.stream().filter(d -> d.label() != null && !d.decided()).count(),
            unlabelled));
    if (fit.stream().noneMatch(EvaluatedDetection::correct)
        || fit.stream().allMatch(EvaluatedDetection::correct)) {
      throw new IOException(
          "the fit half needs correct and false detections; label more (gradstream calibrate --sheets DIR)");
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("layers", layers);
    report.put("models", models.stream().map(Path::toString).toList());
    report.put("set", counts(all, fit, test, unlabelled));
    report.put("band", List.of(BAND_LOW, BAND_HIGH));

    Map<String, Object> detectorScore = scores(scoreOf(test), truth(test), test);
    report.put("detector_score", detectorScore);
    progress.accept(line("detector score alone", detectorScore));

    List<Map<String, Object>> ablation = new ArrayList<>();
    Map<String, List<Auroc.Point>> curves = new LinkedHashMap<>();
    curves.put("detector score", Auroc.curve(scoreOf(test), truth(test)));
    ReliabilityModel chosen = null;
    double[] chosenTest = null;
    double[] chosenOutOfFold = null;
    for (Map.Entry<String, List<Feature>> e : ReliabilityFit.ablation().entrySet()) {
      CrossValidation cv = chooseCost(e.getValue(), fit, layers);
      double c = cv.cost();
      ReliabilityModel model =
          ReliabilityFit.fit(e.getValue(), features(fit), truth(fit), c, layers, Map.of());
      double[] p = ReliabilityFit.predict(model, features(test));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("features", e.getKey());
      row.put("cost", c);
      row.put("fit_cv_auroc", round(cv.auroc()));
      row.putAll(scores(p, truth(test), test));
      ablation.add(row);
      progress.accept(line("features " + e.getKey(), row));
      if (e.getKey().equals("all")) {
        curves.put("reliability (all features)", Auroc.curve(p, truth(test)));
        chosen =
            ReliabilityFit.fit(
                e.getValue(), features(fit), truth(fit), c, layers, fittedFacts(fit, test, c, row));
        chosenTest = p;
        chosenOutOfFold = cv.outOfFold();
      } else if (e.getKey().equals("output")) {
        curves.put("output features", Auroc.curve(p, truth(test)));
      }
    }
    report.put("ablation", ablation);
    report.put("calibration", calibration(chosenTest, truth(test)));
    Map<String, Object> alertReport = alerts(chosenOutOfFold, truth(fit), chosenTest, truth(test));
    LowConfidenceRuleConfig configured = alerts.lowConfidence();
    LowConfidenceRuleConfig rule =
        new LowConfidenceRuleConfig(
            true,
            configured.threshold(),
            configured.frames(),
            configured.clearFrames(),
            (double) alertReport.get("threshold"));
    for (Split split : Split.values()) {
      List<EvaluatedDetection> half = all.stream().filter(d -> d.frame().split() == split).toList();
      Map<String, Object> episodes =
          AlertEpisodeStudy.run(
              half,
              ReliabilityFit.predict(chosen, features(half)),
              rule,
              alerts.cooldownMs(),
              alerts.trackIdleMs());
      alertReport.put(split.name().toLowerCase(Locale.ROOT) + "_video_episodes", episodes);
      progress.accept(
          String.format(
              Locale.ROOT,
              "alert episodes on the %s half's videos %s: %d (%d on false, %d on correct,"
                  + " %d on unsure or unlabelled detections); tracks with a false detection: %d, %d of them alerted on",
              split.name().toLowerCase(Locale.ROOT),
              episodes.get("videos"),
              count(episodes, "episodes"),
              count(episodes, "on_false"),
              count(episodes, "on_correct"),
              count(episodes, "on_unsure_or_unlabelled"),
              count(episodes, "false_tracks"),
              count(episodes, "false_tracks_alerted")));
    }
    report.put("alerts", alertReport);
    report.put("weights", weights(chosen));
    report.put("roc", curves);

    if (!evaluateOnly) {
      for (Path model : models) {
        Path file = ReliabilityModel.besideModel(model);
        chosen.write(file);
        progress.accept("reliability model -> " + file);
      }
    }
    if (reportFile != null) {
      ReportJson.write(report, reportFile);
      progress.accept("report -> " + reportFile);
    }
    if (rocPng != null) {
      RocChart.write(rocPng, curves, "ROC on the test half: correct above false detections");
      progress.accept("ROC curves -> " + rocPng);
    }
  }

  /**
   * A cost, the pooled AUROC it reached over scene-grouped folds of the fit half, and those pooled
   * out-of-fold probabilities: what the model says of fit-half detections it was not fitted on.
   */
  private record CrossValidation(double cost, double auroc, double[] outOfFold) {}

  /**
   * Every labelled detection's features, split and verdict, one CSV row each, to study the
   * features.
   */
  private void writeFeatures(Path file, List<EvaluatedDetection> all) throws IOException {
    List<String> columns =
        new ArrayList<>(
            List.of(
                "scene",
                "split",
                "input",
                "label",
                "verdict",
                "map_energy_in_box",
                "map_confidence_shown"));
    for (Feature f : Feature.values()) {
      columns.add(f.key());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (EvaluatedDetection d : all) {
      if (d.label() == null) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("scene", d.frame().scene());
      row.put("split", d.frame().split().name().toLowerCase(Locale.ROOT));
      row.put("input", d.input());
      row.put("label", d.detection().label());
      row.put("verdict", d.label().verdict().name().toLowerCase(Locale.ROOT));
      // The shown map's quality, which the alert rules read (the features read the class-wide map).
      row.put("map_energy_in_box", d.detection().explanation().quality().energyInBox());
      row.put("map_confidence_shown", d.detection().explanation().quality().confidence());
      DetectionFeatures x = d.detection().explanation().features();
      for (Feature f : Feature.values()) {
        row.put(f.key(), x.get(f));
      }
      rows.add(row);
    }
    EvaluationSet.writeRows(file, columns, rows);
    progress.accept("features of " + rows.size() + " labelled detections -> " + file);
  }

  /**
   * The cost with the best pooled AUROC over scene-grouped folds of the fit half: all choices are
   * made on the fit half.
   */
  private CrossValidation chooseCost(
      List<Feature> features, List<EvaluatedDetection> fit, List<String> layers) {
    List<String> scenes =
        new ArrayList<>(new TreeSet<>(fit.stream().map(d -> d.frame().scene()).toList()));
    double best = COSTS[0];
    double bestAuroc = -1;
    double[] bestPooled = null;
    for (double c : COSTS) {
      double[] pooled = new double[fit.size()];
      for (int k = 0; k < FOLDS; k++) {
        int fold = k;
        Predicate<EvaluatedDetection> held = d -> scenes.indexOf(d.frame().scene()) % FOLDS == fold;
        List<EvaluatedDetection> train = fit.stream().filter(held.negate()).toList();
        if (train.stream().allMatch(EvaluatedDetection::correct)
            || train.stream().noneMatch(EvaluatedDetection::correct)) {
          continue;
        }
        ReliabilityModel m =
            ReliabilityFit.fit(features, features(train), truth(train), c, layers, Map.of());
        for (int i = 0; i < fit.size(); i++) {
          if (held.test(fit.get(i))) {
            pooled[i] = m.probability(fit.get(i).detection().explanation().features());
          }
        }
      }
      double auroc = Auroc.of(pooled, truth(fit));
      if (auroc > bestAuroc + 1e-9) {
        bestAuroc = auroc;
        best = c;
        bestPooled = pooled;
      }
    }
    return new CrossValidation(best, bestAuroc, bestPooled);
  }

  private static Map<String, Object> scores(
      double[] p, boolean[] truth, List<EvaluatedDetection> test) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("auroc", round(Auroc.of(p, truth)));
    List<Integer> band = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      double s = test.get(i).detection().score();
      if (s >= BAND_LOW && s <= BAND_HIGH) {
        band.add(i);
      }
    }
    double[] bp = band.stream().mapToDouble(i -> p[i]).toArray();
    boolean[] bt = new boolean[band.size()];
    for (int j = 0; j < bt.length; j++) {
      bt[j] = truth[band.get(j)];
    }
    row.put("auroc_in_band", round(Auroc.of(bp, bt)));
    row.put("in_band", band.size());
    return row;
  }

  /** Brier score and expected calibration error (10 equal-width bins) of the test half. */
  private static Map<String, Object> calibration(double[] p, boolean[] truth) {
    double brier = 0;
    int bins = 10;
    double[] sum = new double[bins];
    double[] hits = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < p.length; i++) {
      double y = truth[i] ? 1 : 0;
      brier += (p[i] - y) * (p[i] - y);
      int b = Math.min(bins - 1, (int) (p[i] * bins));
      sum[b] += p[i];
      hits[b] += y;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sum[b] - hits[b]) / p.length;
      }
    }
    return Map.of("brier", round(brier / p.length), "ece", round(ece));
  }

  /**
   * The alert threshold: an alert is a detection with reliability below it. The highest threshold
   * whose alerts on the fit half are at least {@value #ALERT_PRECISION} false detections, so as
   * many false detections as possible are caught while alerts stay believable. It is chosen on the
   * fit half's out-of-fold probabilities: a model is surer of the detections it was fitted on, so
   * their in-sample probabilities would pick a threshold too high for detections it has not seen.
   */
  private static Map<String, Object> alerts(
      double[] fitP, boolean[] fitTruth, double[] testP, boolean[] testTruth) {
    double threshold = 0;
    for (int t = 1; t <= 99; t++) {
      double candidate = t / 100.0;
      double[] pr = precisionRecall(fitP, fitTruth, candidate);
      if (pr[0] >= ALERT_PRECISION && pr[2] >= 1) {
        threshold = candidate;
      }
    }
    double[] onFit = precisionRecall(fitP, fitTruth, threshold);
    double[] onTest = precisionRecall(testP, testTruth, threshold);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("threshold", threshold);
    out.put(
        "fit_out_of_fold",
        Map.of("precision", round(onFit[0]), "recall", round(onFit[1]), "alerts", (int) onFit[2]));
    out.put(
        "test",
        Map.of(
            "precision", round(onTest[0]), "recall", round(onTest[1]), "alerts", (int) onTest[2]));
    return out;
  }

  /**
   * Precision and recall of "reliability below threshold" as a detector of false detections, and
   * the alert count.
   */
  static double[] precisionRecall(double[] p, boolean[] truth, double threshold) {
    int alerts = 0;
    int hits = 0;
    int falses = 0;
    for (int i = 0; i < p.length; i++) {
      falses += truth[i] ? 0 : 1;
      if (p[i] < threshold) {
        alerts++;
        hits += truth[i] ? 0 : 1;
      }
    }
    return new double[] {
      alerts == 0 ? Double.NaN : (double) hits / alerts,
      falses == 0 ? Double.NaN : (double) hits / falses,
      alerts
    };
  }

  private Map<String, Object> fittedFacts(
      List<EvaluatedDetection> fit,
      List<EvaluatedDetection> test,
      double c,
      Map<String, Object> testScores) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("date", Instant.now().toString());
    facts.put("set", "evaluation/ (fit half)");
    facts.put("detections", fit.size());
    facts.put("false", fit.stream().filter(d -> !d.correct()).count());
    facts.put("cost", c);
    facts.put("test_auroc", testScores.get("auroc"));
    facts.put("test_auroc_in_band", testScores.get("auroc_in_band"));
    facts.put("models", models.stream().map(p -> p.getFileName().toString()).toList());
    return facts;
  }

  private static Map<String, Object> counts(
      List<EvaluatedDetection> all,
      List<EvaluatedDetection> fit,
      List<EvaluatedDetection> test,
      long unlabelled) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detections", all.size());
    m.put("unlabelled", unlabelled);
    m.put("fit", fit.size());
    m.put("fit_false", fit.stream().filter(d -> !d.correct()).count());
    m.put("test", test.size());
    m.put("test_false", test.stream().filter(d -> !d.correct()).count());
    m.put("scenes_fit", fit.stream().map(d -> d.frame().scene()).distinct().count());
    m.put("scenes_test", test.stream().map(d -> d.frame().scene()).distinct().count());
    return m;
  }

  private static List<Map<String, Object>> weights(ReliabilityModel m) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < m.features().size(); i++) {
      out.add(Map.of("feature", m.features().get(i), "weight", round(m.weights()[i])));
    }
    return out;
  }

  private static List<DetectionFeatures> features(List<EvaluatedDetection> ds) {
    return ds.stream().map(d -> d.detection().explanation().features()).toList();
  }

  private static boolean[] truth(List<EvaluatedDetection> ds) {
    boolean[] t = new boolean[ds.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = ds.get(i).correct();
    }
    return t;
  }

  private static double[] scoreOf(List<EvaluatedDetection> ds) {
    return ds.stream().mapToDouble(d -> d.detection().score()).toArray();
  }

  private static String line(String what, Map<String, Object> row) {
    String cv = row.containsKey("fit_cv_auroc") ? ", fit-half CV " + row.get("fit_cv_auroc") : "";
    return String.format(
        Locale.ROOT,
        "  %-20s test AUROC %s, in scores %.2f-%.2f: %s (%s detections)%s",
        what,
        row.get("auroc"),
        BAND_LOW,
        BAND_HIGH,
        row.get("auroc_in_band"),
        row.get("in_band"),
        cv);
  }

  private static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10_000) / 10_000.0;
  }

  /** A count of the alert episode study's report, for %d. */
  private static long count(Map<String, Object> report, String key) {
    return ((Number) report.get(key)).longValue();
  }
}
