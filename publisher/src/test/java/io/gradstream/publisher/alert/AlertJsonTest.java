package io.gradstream.publisher.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.publisher.alert.rule.Trigger;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
  private final AlertEvent event =
      AlertEvents.of(
              Frames.frame("yard", 42, Frames.dog(7, 0.1f)),
              new RaisedAlert(AlertType.WRONG_REASONS, Frames.dog(7, 0.1f), new Trigger(40, "why")))
          .withSnapshotUrl("/snapshots/x.jpg");

  @Test
  void theJsonHasTheDocumentedSnakeCaseKeys() throws Exception {
    JsonNode json = new ObjectMapper().readTree(event.toJson());

    assertThat(json.get("id").asText())
        .isEqualTo(AlertId.of("yard", "session-1", 7, AlertType.WRONG_REASONS, 40));
    assertThat(json.get("type").asText()).isEqualTo("wrong-reasons");
    assertThat(json.get("camera_id").asText()).isEqualTo("yard");
    assertThat(json.get("track_id").asLong()).isEqualTo(7);
    assertThat(json.get("seq").asLong()).isEqualTo(42);
    assertThat(json.get("episode_start_seq").asLong()).isEqualTo(40);
    assertThat(json.get("time_unix_micros").asLong())
        .isEqualTo(Frames.START_MICROS + 42 * Frames.FRAME_MICROS);
    assertThat(json.get("time").asText()).isEqualTo("2025-10-09T08:53:24.200Z");
    assertThat(json.get("detection").get("class_id").asInt()).isEqualTo(16);
    assertThat(json.get("detection").get("box").get("x2").asDouble()).isEqualTo(300.0);
    assertThat(json.get("quality").get("energy_in_box").asDouble())
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(json.get("reason").asText()).isEqualTo("why");
    assertThat(json.get("snapshot_url").asText()).isEqualTo("/snapshots/x.jpg");
  }

  @Test
  void theJsonReadsBackToTheSameEvent() {
    assertThat(AlertJson.read(event.toJson())).isEqualTo(event);
  }

  @Test
  void aMissingSnapshotIsNull() throws Exception {
    JsonNode json = new ObjectMapper().readTree(event.withSnapshotUrl(null).toJson());
    assertThat(json.get("snapshot_url").isNull()).isTrue();
  }

  @Test
  void textThatIsNoAlertIsAClearError() {
    assertThatThrownBy(() -> AlertJson.read("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an alert event");
  }
}
