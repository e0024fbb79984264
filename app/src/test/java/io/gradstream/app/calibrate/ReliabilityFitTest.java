package io.gradstream.app.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.Feature;
import io.gradstream.explain.reliability.ReliabilityModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.common.liblinear.LibLinearModel;
import org.tribuo.impl.ArrayExample;

class ReliabilityFitTest {
  private static final List<Feature> FEATURES =
      List.of(Feature.SCORE, Feature.ENERGY_ON_OTHER_BOXES, Feature.LOG_NET_EVIDENCE);

  /** Correct detections score higher and have more energy on other boxes, with noise. */
  private static List<DetectionFeatures> data(boolean[] correct, Random random) {
    List<DetectionFeatures> out = new ArrayList<>();
    for (int i = 0; i < correct.length; i++) {
      correct[i] = random.nextBoolean();
      double[] v = new double[Feature.values().length];
      v[Feature.SCORE.ordinal()] = (correct[i] ? 0.6 : 0.4) + 0.15 * random.nextGaussian();
      v[Feature.ENERGY_ON_OTHER_BOXES.ordinal()] =
          (correct[i] ? 0.3 : 0.1) + 0.1 * random.nextGaussian();
      v[Feature.LOG_NET_EVIDENCE.ordinal()] = random.nextGaussian(); // noise
      out.add(new DetectionFeatures(v));
    }
    return out;
  }

  @Test
  void theModelFileGivesTheSameProbabilitiesAsTheLibraryModelItWasReadOutOf() {
    boolean[] correct = new boolean[300];
    List<DetectionFeatures> x = data(correct, new Random(7));
    double[] mean = {0.5, 0.2, 0};
    double[] scale = {0.2, 0.15, 1};
    String[] names = FEATURES.stream().map(Feature::key).toArray(String[]::new);
    List<double[]> rows =
        x.stream().map(d -> ReliabilityFit.standardised(d, FEATURES, mean, scale)).toList();
    LibLinearModel<Label> library = ReliabilityFit.train(names, rows, correct, 1.0);
    ReliabilityModel file =
        ReliabilityFit.extract(library, names, mean, scale, List.of("layer"), Map.of());

    for (int i = 0; i < 20; i++) {
      double expected =
          library
              .predict(new ArrayExample<>(ReliabilityFit.CORRECT, names, rows.get(i)))
              .getOutputScores()
              .get(ReliabilityFit.CORRECT.getLabel())
              .getScore();
      assertThat(file.probability(x.get(i)))
          .as("detection %d", i)
          .isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void aFitRanksHeldOutDetectionsByTheSignalNotTheNoise() {
    boolean[] correct = new boolean[400];
    List<DetectionFeatures> x = data(correct, new Random(1));
    ReliabilityModel model =
        ReliabilityFit.fit(FEATURES, x, correct, 1.0, List.of("layer"), Map.of());
    assertThat(model.weights()[0]).as("score").isPositive();
    assertThat(model.weights()[1]).as("energy on other boxes").isPositive();
    assertThat(Math.abs(model.weights()[2])).as("noise").isLessThan(model.weights()[0] / 3);

    boolean[] heldCorrect = new boolean[400];
    List<DetectionFeatures> held = data(heldCorrect, new Random(2));
    assertThat(Auroc.of(ReliabilityFit.predict(model, held), heldCorrect)).isGreaterThan(0.85);
  }
}
