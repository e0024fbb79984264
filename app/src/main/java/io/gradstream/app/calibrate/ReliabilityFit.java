package io.gradstream.app.calibrate;

import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.Feature;
import io.gradstream.explain.reliability.ReliabilityModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.liblinear.LibLinearModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fits a {@link ReliabilityModel}: L2-regularised logistic regression (LIBLINEAR through Tribuo) on
 * features standardised by the fitting data's mean and standard deviation. The fitted weights are
 * read out of LIBLINEAR into the model file, so the worker needs no learning library at run time.
 */
final class ReliabilityFit {
  static final Label CORRECT = new Label("correct");
  static final Label FALSE = new Label("false");

  /**
   * LIBLINEAR's stopping tolerance and iteration cap: the problems here have at most a few thousand
   * rows.
   */
  private static final double EPSILON = 1e-6;

  private static final int MAX_ITERATIONS = 10_000;

  private ReliabilityFit() {}

  /**
   * @param features which features the model reads
   * @param x the fitting detections' features
   * @param correct their labels
   * @param c LIBLINEAR's cost C: larger fits harder, smaller regularises more
   * @param layers the target layers whose gradients the features came from
   * @param fitted free-form facts stored with the model
   */
  static ReliabilityModel fit(
      List<Feature> features,
      List<DetectionFeatures> x,
      boolean[] correct,
      double c,
      List<String> layers,
      Map<String, Object> fitted) {
    int n = features.size();
    double[] mean = new double[n];
    double[] scale = new double[n];
    for (int j = 0; j < n; j++) {
      double sum = 0;
      double sq = 0;
      for (DetectionFeatures d : x) {
        double v = d.get(features.get(j));
        sum += v;
        sq += v * v;
      }
      mean[j] = sum / x.size();
      double sd = Math.sqrt(Math.max(0, sq / x.size() - mean[j] * mean[j]));
      scale[j] =
          sd > 1e-9
              ? sd
              : 1; // a constant feature carries nothing; any positive scale keeps it harmless
    }
    String[] names = features.stream().map(Feature::key).toArray(String[]::new);
    List<double[]> rows = x.stream().map(d -> standardised(d, features, mean, scale)).toList();
    return extract(train(names, rows, correct, c), names, mean, scale, layers, fitted);
  }

  /**
   * LIBLINEAR's L2-regularised logistic regression on already standardised rows, through Tribuo.
   */
  static LibLinearModel<Label> train(
      String[] names, List<double[]> rows, boolean[] correct, double c) {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("gradstream evaluation set, fit half", labels), labels);
    for (int i = 0; i < rows.size(); i++) {
      data.add(new ArrayExample<>(correct[i] ? CORRECT : FALSE, names, rows.get(i)));
    }
    LibLinearClassificationTrainer trainer =
        new LibLinearClassificationTrainer(
            new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
            c,
            MAX_ITERATIONS,
            EPSILON);
    return (LibLinearModel<Label>) trainer.train(data);
  }

  /** The features of one detection, standardised as the model reads them. */
  static double[] standardised(
      DetectionFeatures d, List<Feature> features, double[] mean, double[] scale) {
    double[] v = new double[features.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = (d.get(features.get(j)) - mean[j]) / scale[j];
    }
    return v;
  }

  /**
   * LIBLINEAR's two-class model is one weight vector (plus a bias feature of value {@code bias})
   * whose positive side is its first label; Tribuo numbers features by name, from 1 in LIBLINEAR.
   */
  static ReliabilityModel extract(
      LibLinearModel<Label> model,
      String[] names,
      double[] mean,
      double[] scale,
      List<String> layers,
      Map<String, Object> fitted) {
    de.bwaldvogel.liblinear.Model inner = model.getInnerModels().get(0);
    double[] w = inner.getFeatureWeights();
    int first = inner.getLabels()[0];
    double sign = model.getOutputIDInfo().getOutput(first).equals(CORRECT) ? 1 : -1;
    double[] weights = new double[names.length];
    for (int j = 0; j < names.length; j++) {
      int id = model.getFeatureIDMap().getID(names[j]);
      weights[j] = id < 0 ? 0 : sign * w[id];
    }
    double intercept = inner.getBias() >= 0 ? sign * w[w.length - 1] * inner.getBias() : 0;
    return new ReliabilityModel(
        ReliabilityModel.FORMAT, layers, List.of(names), mean, scale, weights, intercept, fitted);
  }

  /** The probabilities the model gives {@code x}. */
  static double[] predict(ReliabilityModel model, List<DetectionFeatures> x) {
    double[] p = new double[x.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = model.probability(x.get(i));
    }
    return p;
  }

  private static List<Feature> without(Feature.Group left) {
    return java.util.Arrays.stream(Feature.values()).filter(f -> f.group() != left).toList();
  }

  /** The feature sets of the ablation study, by name. */
  static Map<String, List<Feature>> ablation() {
    Map<String, List<Feature>> sets = new java.util.LinkedHashMap<>();
    sets.put("score", List.of(Feature.SCORE));
    sets.put("output", Feature.of(Feature.Group.OUTPUT));
    sets.put("explanation", Feature.of(Feature.Group.EXPLANATION));
    List<Feature> scoreAndMap = new ArrayList<>(List.of(Feature.SCORE));
    scoreAndMap.addAll(Feature.of(Feature.Group.EXPLANATION));
    sets.put("score+explanation", scoreAndMap);
    sets.put("output+explanation", without(Feature.Group.TRACK));
    sets.put("output+track", without(Feature.Group.EXPLANATION));
    sets.put("all", List.of(Feature.values()));
    return sets;
  }
}
