package io.gradstream.explain.engine;

/**
 * The cotangent a detection's score puts on its head-conv output Z, in closed form. YOLOv5 decodes
 * objectness and class probability as sigmoids of one Z channel each, so for score = obj · cls:
 * ∂score/∂z_obj = obj·(1 − obj)·cls and ∂score/∂z_cls = obj·cls·(1 − cls), at the detection's cell
 * and anchor only. Reading obj and cls from the output row costs nothing; running the compiled
 * decode backward over the whole output would cost a third of the forward pass. {@link SeedCheck}
 * compares this closed form with the compiled decode backward when the explainer is built.
 */
public final class YoloV5Seed {
  private YoloV5Seed() {}

  /** Z channel of the anchor's objectness. */
  public static int objectnessChannel(int anchor, int classes) {
    return anchor * (5 + classes) + 4;
  }

  /** Z channel of the anchor's class {@code classId} logit. */
  public static int classChannel(int anchor, int classes, int classId) {
    return anchor * (5 + classes) + 5 + classId;
  }

  /** ∂score/∂z_obj for objectness {@code obj} and class probability {@code cls}. */
  public static float objectnessGradient(float obj, float cls) {
    return obj * (1 - obj) * cls;
  }

  /** ∂score/∂z_cls for objectness {@code obj} and class probability {@code cls}. */
  public static float classGradient(float obj, float cls) {
    return obj * cls * (1 - cls);
  }
}
