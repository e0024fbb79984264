package io.gradstream.common.camera;

import io.gradstream.common.wire.CameraRegistration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compacted camera registry topic read into a table: the latest registration per camera id,
 * built the same way by every reader of the topic (ingest's registry, the publisher's directory). A
 * record with a null value removes its camera; a record with no key, or a value that is not a
 * registration ({@link RegistrationRecords}), changes nothing and is {@link Outcome#REJECTED}, so
 * the camera keeps its last good registration. Reads are safe from any thread; records are applied
 * by one.
 */
public final class RegistrationTable {
  /** What one record did to the table. */
  public enum Outcome {
    /** A camera registered, or its registration changed. */
    CHANGED,
    /** The same registration again. */
    UNCHANGED,
    /** A camera removed. */
    REMOVED,
    /** A removal of a camera the table did not hold. */
    ABSENT,
    /** Not a registry record: nothing changed; {@link Applied#reason()} says why. */
    REJECTED
  }

  /**
   * @param cameraId the record's key (null only for a rejected record without one)
   * @param registration the camera's registration now, null when removed, absent or rejected
   * @param reason why a record was rejected, null otherwise
   */
  public record Applied(
      Outcome outcome, String cameraId, CameraRegistration registration, String reason) {}

  private final Map<String, CameraRegistration> cameras = new ConcurrentHashMap<>();

  /** Applies one record of the registry topic. */
  public Applied apply(String key, byte[] value) {
    if (key == null) {
      return new Applied(
          Outcome.REJECTED, null, null, "no key: registry records are keyed by camera id");
    }
    if (value == null) {
      return cameras.remove(key) != null
          ? new Applied(Outcome.REMOVED, key, null, null)
          : new Applied(Outcome.ABSENT, key, null, null);
    }
    CameraRegistration registration;
    try {
      registration = RegistrationRecords.decode(key, value);
    } catch (RegistrationRecords.NotARegistration e) {
      return new Applied(Outcome.REJECTED, key, null, e.getMessage());
    }
    CameraRegistration previous = cameras.put(key, registration);
    return new Applied(
        registration.equals(previous) ? Outcome.UNCHANGED : Outcome.CHANGED,
        key,
        registration,
        null);
  }

  /** The cameras, ordered by id. */
  public List<CameraRegistration> list() {
    return cameras.values().stream()
        .sorted(Comparator.comparing(CameraRegistration::getId))
        .toList();
  }

  /** The registration of {@code cameraId}, if the table holds one. */
  public Optional<CameraRegistration> get(String cameraId) {
    return Optional.ofNullable(cameras.get(cameraId));
  }

  /** How many cameras the table holds. */
  public int size() {
    return cameras.size();
  }
}
