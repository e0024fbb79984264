package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream calibrate} on the committed evaluation set with both demo models: the set is
 * what its README promises, every detection the detector makes on it is labelled, and the
 * reliability score fitted on the fit half beats the detector's own score on the test half.
 */
@Tag("e2e")
class CalibrateCommandIT {
  /** The committed set, at the repository root (tests run in the module's folder). */
  static final Path SET = Path.of("").toAbsolutePath().getParent().resolve("evaluation");

  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;

  @Test
  void fitsOnTheFitHalfAndBeatsTheDetectorScoreOnTheTestHalf() throws Exception {
    Path report = dir.resolve("report.json");
    Path roc = dir.resolve("roc.png");
    Path features = dir.resolve("features.csv");
    int code =
        cli.execute(
            "calibrate",
            "--set",
            SET.toString(),
            "--no-write",
            "--report",
            report.toString(),
            "--roc-png",
            roc.toString(),
            "--features-csv",
            features.toString());

    assertThat(code).as(cli.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    JsonNode set = r.get("set");
    assertThat(set.get("unlabelled").asInt())
        .as("every detection of both models is labelled")
        .isZero();
    assertThat(set.get("fit").asInt() + set.get("test").asInt()).isGreaterThanOrEqualTo(600);
    assertThat(set.get("fit_false").asInt() + set.get("test_false").asInt())
        .isGreaterThanOrEqualTo(150);
    assertThat(set.get("scenes_fit").asInt() + set.get("scenes_test").asInt())
        .isGreaterThanOrEqualTo(3);
    double detector = r.get("detector_score").get("auroc").asDouble();
    JsonNode all = null;
    for (JsonNode row : r.get("ablation")) {
      if (row.get("features").asText().equals("all")) {
        all = row;
      }
    }
    assertThat(all).isNotNull();
    assertThat(all.get("auroc").asDouble())
        .as("reliability vs the detector score, test half")
        .isGreaterThan(detector);
    assertThat(r.get("alerts").get("threshold").asDouble()).isBetween(0.0, 1.0);
    assertThat(ImageIO.read(roc.toFile()).getWidth()).isPositive();
    assertThat(cli.out()).contains("features all").contains("detector score alone");

    // The halves never share a scene.
    Set<String> fitScenes = new HashSet<>();
    Set<String> testScenes = new HashSet<>();
    for (String line :
        Files.readAllLines(features).subList(1, Files.readAllLines(features).size())) {
      String[] cells = line.split(",");
      (cells[1].equals("fit") ? fitScenes : testScenes).add(cells[0]);
    }
    assertThat(fitScenes).isNotEmpty().doesNotContainAnyElementsOf(testScenes);
    assertThat(testScenes).isNotEmpty();

    // The video scenes went through the worker's tracker: some objects were followed for many
    // frames, while a still's detections are first sightings.
    List<String> rows = Files.readAllLines(features);
    int trackLength = List.of(rows.get(0).split(",")).indexOf("track_length");
    assertThat(trackLength).as("a track_length column").isPositive();
    List<Double> lengths =
        rows.subList(1, rows.size()).stream()
            .map(l -> Double.parseDouble(l.split(",")[trackLength]))
            .toList();
    assertThat(lengths).contains(0.0).anyMatch(v -> v >= Math.log(10));
  }

  @Test
  void writesLabellingSheetsForTheDetectionsOfANewFrame() throws Exception {
    Path set = Files.createDirectories(dir.resolve("set"));
    Files.writeString(
        set.resolve("frames.csv"),
        "scene,split,source,frame\ndog,fit,/usr/share/darknet/data/dog.jpg,0\n");
    Path sheets = dir.resolve("sheets");

    int code =
        cli.execute(
            "calibrate",
            "--set",
            set.toString(),
            "--model",
            demoModel(),
            "--sheets",
            sheets.toString());

    assertThat(code).as(cli.err()).isZero();
    List<String> rows = Files.readAllLines(sheets.resolve("unlabelled.csv"));
    assertThat(rows.get(0)).startsWith("id,scene,source,frame,input,label");
    assertThat(rows).hasSizeGreaterThan(2).anyMatch(l -> l.contains(",dog,"));
    assertThat(ImageIO.read(sheets.resolve("sheet-001.png").toFile()).getWidth()).isEqualTo(1200);
  }

  @Test
  void aBrokenFramesFileIsAUsageErrorNamingTheFileAndLine() throws Exception {
    Path set = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(
        set.resolve("frames.csv"),
        "scene,split,source,frame\ndog,train,/usr/share/darknet/data/dog.jpg,0\n");

    int code = cli.execute("calibrate", "--set", set.toString(), "--no-write");

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("frames.csv line 2").contains("'train'").contains("[fit, test]");
    assertThat(cli.execute("calibrate", "--set", dir.resolve("nowhere").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("frames.csv is missing");
  }

  private static String demoModel() {
    return Path.of(
            System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s.onnx")
        .toString();
  }
}
