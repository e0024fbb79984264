package io.gradstream.common.camera;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.CameraRegistration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decodes a record of the compacted cameras topic as every reader of it must: a registration is
 * only taken when it is one gradstream could have written (its id is the record key, and the camera
 * rules pass), because protobuf parses almost any bytes into some message, and a garbage record
 * taken as a registration would replace a real camera with a broken one.
 */
public final class RegistrationRecords {
  private RegistrationRecords() {}

  /** Why a cameras-topic record is not a registration. */
  public static final class NotARegistration extends Exception {
    private static final long serialVersionUID = 1L;

    NotARegistration(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /**
   * The registration in a non-null {@code value} keyed {@code key}.
   *
   * @throws NotARegistration saying why, in a sentence fit for the dead-letter reason header
   */
  public static CameraRegistration decode(String key, byte[] value) throws NotARegistration {
    if (value.length == 0) {
      throw new NotARegistration(
          "empty value: not a CameraRegistration (a removal is a null value)", null);
    }
    CameraRegistration registration;
    try {
      registration = CameraRegistration.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new NotARegistration("not a CameraRegistration: " + e.getMessage(), e);
    }
    if (!registration.getId().equals(key)) {
      throw new NotARegistration(
          "CameraRegistration id does not match the record key (ids are keys)", null);
    }
    List<CameraRules.Violation> violations =
        CameraRules.checkWellFormed(
            registration.getId(),
            registration.getUrl(),
            registration.getMaxFps() == 0 ? null : registration.getMaxFps(),
            registration.getJpegQuality() == 0 ? null : registration.getJpegQuality());
    if (!violations.isEmpty()) {
      throw new NotARegistration(
          "CameraRegistration breaks the camera rules: "
              + violations.stream()
                  .map(v -> v.field() + " " + v.problem())
                  .collect(Collectors.joining("; ")),
          null);
    }
    return registration;
  }
}
