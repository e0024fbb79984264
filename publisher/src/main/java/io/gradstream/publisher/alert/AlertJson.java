package io.gradstream.publisher.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Reads and writes {@link AlertEvent} JSON with one shared, thread-safe mapper. */
public final class AlertJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          // Readers of the alerts topic keep working when a later version adds fields.
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private AlertJson() {}

  /** The event as compact JSON. */
  public static String write(AlertEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert event did not serialise: " + e.getMessage(), e);
    }
  }

  /** A JSON array of the events, in the given order. */
  public static String writeList(List<AlertEvent> events) {
    try {
      return MAPPER.writeValueAsString(events);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("alert events did not serialise: " + e.getMessage(), e);
    }
  }

  /**
   * Parses one event.
   *
   * @throws IllegalArgumentException when {@code json} is not an alert event
   */
  public static AlertEvent read(String json) {
    try {
      return MAPPER.readValue(json, AlertEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an alert event: " + e.getOriginalMessage(), e);
    }
  }
}
