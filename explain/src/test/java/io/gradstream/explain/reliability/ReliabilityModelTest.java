package io.gradstream.explain.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityModelTest {
  private static final List<String> LAYERS = List.of("a", "b", "c");

  private static ReliabilityModel model() {
    return new ReliabilityModel(
        ReliabilityModel.FORMAT,
        LAYERS,
        List.of("score", "energy_on_other_boxes"),
        new double[] {0.5, 0.1},
        new double[] {0.2, 0.05},
        new double[] {2.0, -1.0},
        0.25,
        Map.of("detections", 324));
  }

  private static DetectionFeatures features(double score, double energyOnOthers) {
    double[] v = new double[Feature.values().length];
    v[Feature.SCORE.ordinal()] = score;
    v[Feature.ENERGY_ON_OTHER_BOXES.ordinal()] = energyOnOthers;
    return new DetectionFeatures(v);
  }

  @Test
  void theProbabilityIsTheLogisticOfTheInterceptPlusTheWeightedStandardisedFeatures() {
    // z = 0.25 + 2·(0.9 − 0.5)/0.2 − 1·(0.2 − 0.1)/0.05 = 0.25 + 4 − 2
    assertThat(model().probability(features(0.9, 0.2)))
        .isCloseTo(1 / (1 + Math.exp(-2.25)), within(1e-12));
    assertThat(model().probability(features(0.5, 0.1)))
        .isCloseTo(1 / (1 + Math.exp(-0.25)), within(1e-12));
  }

  @Test
  void aModelFileReadsBackAsTheModelItWasWrittenFrom(@TempDir Path dir) throws IOException {
    Path file = ReliabilityModel.besideModel(dir.resolve("yolov5s.onnx"));
    assertThat(file.getFileName().toString()).isEqualTo("yolov5s.reliability.json");
    model().write(file);

    ReliabilityModel back = ReliabilityModel.read(file);
    assertThat(back.layers()).isEqualTo(LAYERS);
    assertThat(back.features()).containsExactly("score", "energy_on_other_boxes");
    assertThat(back.probability(features(0.7, 0.3)))
        .isEqualTo(model().probability(features(0.7, 0.3)));
    assertThat(back.fitted()).containsEntry("detections", 324);
    assertThat(Files.readString(file)).contains("\"format\" : \"gradstream-reliability/1\"");
  }

  @Test
  void aFileOfAnotherFormatOrWithAnUnknownFeatureIsRefusedSayingWhatToDo(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("m.reliability.json");
    Files.writeString(
        file,
        "{\"format\":\"gradstream-reliability/0\",\"layers\":[\"a\"],\"features\":[],\"mean\":[],\"scale\":[],"
            + "\"weights\":[],\"intercept\":0}");
    assertThatThrownBy(() -> ReliabilityModel.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("gradstream calibrate");

    Files.writeString(
        file,
        "{\"format\":\"gradstream-reliability/1\",\"layers\":[\"a\"],\"features\":[\"lunar_phase\"],\"mean\":[0],"
            + "\"scale\":[1],\"weights\":[1],\"intercept\":0}");
    assertThatThrownBy(() -> ReliabilityModel.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("lunar_phase")
        .hasMessageContaining("score");

    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> ReliabilityModel.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void mismatchedArraysAndNonPositiveScalesAreRefused() {
    assertThatThrownBy(
            () ->
                new ReliabilityModel(
                    ReliabilityModel.FORMAT,
                    LAYERS,
                    List.of("score"),
                    new double[] {0, 1},
                    new double[] {1},
                    new double[] {1},
                    0,
                    null))
        .hasMessageContaining("1 entries");
    assertThatThrownBy(
            () ->
                new ReliabilityModel(
                    ReliabilityModel.FORMAT,
                    LAYERS,
                    List.of("score"),
                    new double[] {0},
                    new double[] {0},
                    new double[] {1},
                    0,
                    null))
        .hasMessageContaining("scale positive");
    assertThatThrownBy(
            () ->
                new ReliabilityModel(
                    ReliabilityModel.FORMAT,
                    List.of(),
                    List.of("score"),
                    new double[] {0},
                    new double[] {1},
                    new double[] {1},
                    0,
                    null))
        .hasMessageContaining("layers");
  }
}
