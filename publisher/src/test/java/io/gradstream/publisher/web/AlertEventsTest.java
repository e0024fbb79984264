package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertEventsTest {

  @Test
  void anAlertIsOneDataEventEvenWhenItsJsonSpansLines() {
    String event =
        AlertEvents.event("{\n  \"rule\": \"low-confidence\",\r\n  \"camera_id\": \"lobby\"\n}");

    assertThat(event)
        .isEqualTo("data: {   \"rule\": \"low-confidence\",    \"camera_id\": \"lobby\" }\n\n");
    assertThat(event.strip().lines()).hasSize(1);
  }

  @Test
  void theEmptyStreamHasNoAlertsAndSubscribingIsHarmless() throws Exception {
    AlertStream none = AlertStream.none();

    assertThat(none.recentJson(10)).isEmpty();
    none.subscribe(
            json -> {
              throw new AssertionError("no alert expected");
            })
        .close();
  }
}
