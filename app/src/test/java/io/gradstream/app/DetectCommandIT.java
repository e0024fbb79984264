package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.model.ModelLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream detect} with the imported demo model on darknet's dog.jpg and a few vtest.avi
 * frames.
 */
@Tag("e2e")
class DetectCommandIT {
  private static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");
  private static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;

  @BeforeAll
  static void needsTheDemoModelAndFootage() {
    Path model = ModelLocation.resolve("", "", Path.of(System.getProperty("user.home"))).model();
    if (!Files.exists(model)) {
      fail("the demo model is missing at " + model + ": run ./scripts/setup.sh to import it");
    }
    if (!Files.exists(DOG)) {
      fail(DOG + " is missing: sudo apt-get install -y darknet (scripts/setup.sh does)");
    }
  }

  @Test
  void findsTheDogAndTheBicycleInDogJpgAndDrawsThem() throws Exception {
    int code = cli.execute("detect", DOG.toString(), "-o", dir.toString());

    assertThat(code).as(cli.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(dir.resolve("dog.detections.json").toFile());
    assertThat(json.get("model").asText()).startsWith("yolov5s.onnx@");
    List<String> labels = new ArrayList<>();
    json.get("detections").forEach(d -> labels.add(d.get("label").asText()));
    assertThat(labels).contains("dog", "bicycle");
    assertThat(Files.size(dir.resolve("dog.detections.png"))).isGreaterThan(100_000);
    assertThat(cli.out()).contains("dog").contains("bicycle").contains("detections ->");
  }

  @Test
  void writesAnAnnotatedClipOfVtestWithALinePerFrame() throws Exception {
    int code = cli.execute("detect", VTEST.toString(), "-o", dir.toString(), "--max-frames", "5");

    assertThat(code).as(cli.err()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("vtest.detections.jsonl"));
    assertThat(lines).hasSize(5);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("detections").size())
        .isGreaterThanOrEqualTo(3); // people on the path from frame 0
    assertThat(Files.size(dir.resolve("vtest.detections.mp4"))).isGreaterThan(10_000);
    assertThat(cli.out()).contains("frame 5/5 (100%)");
  }
}
