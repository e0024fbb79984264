package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream bench explain} times what the worker runs: the default method with the
 * reliability score.
 */
@Tag("e2e")
class BenchExplainCommandIT {
  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;

  @Test
  void timesTheLiveDefaultWithItsReliabilityScoreAndSaysWhereTheTimeGoes() throws Exception {
    Path json = dir.resolve("explain.json");
    int code =
        cli.execute(
            "bench",
            "explain",
            "--frames",
            "2",
            "--rounds",
            "1",
            "--warmup",
            "1",
            "--naive-frames",
            "1",
            "--json",
            json.toString());

    assertThat(code).as(cli.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("method").asText()).isEqualTo("hirescam");
    assertThat(r.get("reliability").asBoolean())
        .as("setup fits the reliability model beside the demo model")
        .isTrue();
    assertThat(r.get("explain_ms").asDouble()).isPositive();
    assertThat(r.get("backward_ms").asDouble()).isPositive();
    assertThat(r.get("naive_ms").asDouble())
        .as("the naive reference is slower")
        .isGreaterThan(r.get("explain_ms").asDouble());
    assertThat(cli.out())
        .contains("hirescam + reliability")
        .contains("of which the batched windowed backward");
  }
}
