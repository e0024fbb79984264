package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.testing.V8LayoutModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream explain} with the imported demo model on darknet's dog.jpg and a few vtest.avi
 * frames.
 */
@Tag("e2e")
class ExplainCommandIT {
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
  void writesAnOverlayPerDetectionAndTheDogsMapLiesOnTheDog() throws Exception {
    int code = cli.execute("explain", DOG.toString(), "-o", dir.toString());

    assertThat(code).as(cli.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(dir.resolve("dog.explanations.json").toFile());
    assertThat(json.get("method").asText()).isEqualTo("hirescam");
    JsonNode dog = null;
    for (JsonNode d : json.get("detections")) {
      assertThat(d.get("layer").asText()).isNotBlank();
      assertThat(d.get("mapWidth").asInt() * d.get("stride").asInt()).isEqualTo(640);
      assertThat(dir.resolve(d.get("overlay").asText())).isRegularFile();
      if (d.get("label").asText().equals("dog")) {
        dog = d;
      }
    }
    assertThat(dog).as("the dog among %s", json.get("detections")).isNotNull();
    // The dog is alone in the picture: most of its map's energy lies in its box.
    assertThat(dog.get("quality").get("energyInBox").asDouble()).isGreaterThan(0.5);
    assertThat(dog.get("quality").get("confidence").asDouble()).isBetween(0.0, 1.0);
    // The overlay differs from the plain photo where the map is hot: inside the dog's box.
    BufferedImage overlay = ImageIO.read(dir.resolve(dog.get("overlay").asText()).toFile());
    BufferedImage photo = ImageIO.read(DOG.toFile());
    assertThat(overlay.getWidth()).isEqualTo(photo.getWidth());
    assertThat(dir.resolve("dog.explained.png")).isRegularFile();
    assertThat(cli.out()).contains("detections explained ->");
  }

  @Test
  void explainsAClipWithEigenCamAndALinePerFrame() throws Exception {
    int code =
        cli.execute(
            "explain",
            VTEST.toString(),
            "-o",
            dir.toString(),
            "--max-frames",
            "3",
            "--method",
            "eigencam");

    assertThat(code).as(cli.err()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("vtest.explained.jsonl"));
    assertThat(lines).hasSize(3);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("detections").size()).isGreaterThanOrEqualTo(3);
    first
        .get("detections")
        .forEach(d -> assertThat(d.get("method").asText()).isEqualTo("eigencam"));
    assertThat(Files.size(dir.resolve("vtest.explained.mp4"))).isGreaterThan(10_000);
  }

  @Test
  void auditsAStillImageWithDRise() throws Exception {
    int code =
        cli.execute(
            "explain", DOG.toString(), "-o", dir.toString(), "--method", "drise", "--masks", "64");

    assertThat(code).as(cli.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(dir.resolve("dog.explanations.json").toFile());
    assertThat(json.get("method").asText()).isEqualTo("drise");
    for (JsonNode d : json.get("detections")) {
      assertThat(d.get("layer").asText()).isEqualTo("input");
      assertThat(d.get("mapWidth").asInt()).isEqualTo(640);
      assertThat(dir.resolve(d.get("overlay").asText())).isRegularFile();
    }
    assertThat(cli.out()).contains("masks 64/64");
  }

  @Test
  void dRiseRefusesAVideo() {
    int code = cli.execute("explain", VTEST.toString(), "-o", dir.toString(), "--method", "drise");

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("still images only");
  }

  /**
   * A real-weights model in the YOLOv8/11 output layout ({@code [N, 4 + C, rows]}: the demo model
   * re-wired, {@link V8LayoutModel}) gets its maps written like the demo model's.
   */
  @Test
  void explainsAModelInTheV8Layout() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    ModelLocation v8 = V8LayoutModel.write(models);
    Path config = dir.resolve("v8.yaml");
    Files.writeString(config, "inference:\n  model: " + v8.model() + "\n");
    Path out = dir.resolve("out");

    int code =
        cli.execute("explain", DOG.toString(), "-o", out.toString(), "-c", config.toString());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("yolov5s-v8-layout");
    JsonNode json = new ObjectMapper().readTree(out.resolve("dog.explanations.json").toFile());
    JsonNode dog = null;
    for (JsonNode d : json.get("detections")) {
      assertThat(dir.resolve("out").resolve(d.get("overlay").asText())).isRegularFile();
      if (d.get("label").asText().equals("dog")) {
        dog = d;
      }
    }
    assertThat(dog).as("the dog among %s", json.get("detections")).isNotNull();
    assertThat(dog.get("quality").get("energyInBox").asDouble()).isGreaterThan(0.5);
  }

  @Test
  void anUnknownMethodIsRefusedNamingTheMethodsThereAre() {
    int code = cli.execute("explain", DOG.toString(), "-o", dir.toString(), "--method", "lime");

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("lime").contains("gradcam").contains("eigencam");
  }
}
