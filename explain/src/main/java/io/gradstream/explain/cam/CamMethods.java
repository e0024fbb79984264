package io.gradstream.explain.cam;

import java.util.List;
import java.util.Map;

/** The gradient-based methods by their wire names. */
public final class CamMethods {
  private static final Map<String, CamMethod> BY_NAME =
      Map.of(
          GradCam.NAME,
          new GradCam(),
          HiResCam.NAME,
          new HiResCam(),
          GradCamPlusPlus.NAME,
          new GradCamPlusPlus());

  private CamMethods() {}

  /**
   * The method named {@code name}.
   *
   * @throws IllegalArgumentException naming the methods there are
   */
  public static CamMethod byName(String name) {
    CamMethod m = BY_NAME.get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "no explanation method '" + name + "'; use one of " + names());
    }
    return m;
  }

  /** The names, sorted. */
  public static List<String> names() {
    return BY_NAME.keySet().stream().sorted().toList();
  }
}
