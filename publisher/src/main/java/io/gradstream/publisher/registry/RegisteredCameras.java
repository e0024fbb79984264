package io.gradstream.publisher.registry;

import io.gradstream.common.wire.CameraRegistration;
import java.util.List;
import java.util.Optional;

/** The cameras the registry holds, as the viewer asks about them. */
public interface RegisteredCameras {
  /** The registered cameras, ordered by id. */
  List<CameraRegistration> cameras();

  /** One camera's registration, if it is registered. */
  Optional<CameraRegistration> get(String cameraId);

  /** Whether the list is being kept up to date. */
  boolean healthy();
}
