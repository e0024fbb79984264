package io.gradstream.explain.engine;

import io.gradstream.explain.cam.CamMethod;
import io.gradstream.explain.cam.CamMethods;
import io.gradstream.explain.cam.EigenCam;
import java.util.ArrayList;
import java.util.List;

/**
 * How a detection's map is made: from its own gradient ({@link Gradient}: Grad-CAM, HiResCAM,
 * Grad-CAM++) or without one ({@link EigenCamMap}: one map per level, shared by its detections).
 * Parsed once, when the configuration is read, so an unknown name fails there and nothing later
 * compares method names.
 */
public sealed interface ExplainMethod permits ExplainMethod.Gradient, ExplainMethod.EigenCamMap {
  /** EigenCAM, which takes no parameters: the one instance callers need. */
  ExplainMethod EIGEN_CAM = new EigenCamMap();

  /** The method's wire name, as the configuration and the detections' messages spell it. */
  String name();

  /** A gradient method: each detection's map weighs the target activation by its gradient. */
  record Gradient(CamMethod cam) implements ExplainMethod {
    @Override
    public String name() {
      return cam.name();
    }
  }

  /** EigenCAM: the first principal component of each level's activation, no gradient. */
  record EigenCamMap() implements ExplainMethod {
    @Override
    public String name() {
      return EigenCam.NAME;
    }
  }

  /**
   * The method named {@code name}.
   *
   * @throws IllegalArgumentException naming the methods there are
   */
  static ExplainMethod parse(String name) {
    if (name.equals(EigenCam.NAME)) {
      return EIGEN_CAM;
    }
    try {
      return new Gradient(CamMethods.byName(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no explanation method '" + name + "'; use one of " + names(), e);
    }
  }

  /** Every method's name, the gradient methods sorted, then EigenCAM. */
  static List<String> names() {
    List<String> names = new ArrayList<>(CamMethods.names());
    names.add(EigenCam.NAME);
    return List.copyOf(names);
  }
}
