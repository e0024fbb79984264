package io.gradstream.explain.engine;

/**
 * The cotangent a detection's score puts on its head-conv output Z, in closed form. YOLOv5 decodes
 * objectness and class probability as sigmoids of one Z channel each, so for score = obj · cls:
 * ∂score/∂z_obj = obj·(1 − obj)·cls and ∂score/∂z_cls = obj·cls·(1 − cls), at the detection's cell
 * and anchor only ({@link HeadGeometry#objectnessChannel}, {@link HeadGeometry#classChannel}). A
 * YOLOv8/11 class head scores σ(z_cls) alone: the same formulas with obj = 1, which is what {@link
 * ExplainRows} gives it. Reading obj and cls from the rows costs nothing; running the compiled
 * decode backward over the whole output would cost a third of the forward pass. {@link SeedCheck}
 * compares this closed form with the compiled decode backward when the explainer is built.
 */
public final class YoloSeed {
  private YoloSeed() {}

  /** ∂score/∂z_obj for objectness {@code obj} and class probability {@code cls}. */
  public static float objectnessGradient(float obj, float cls) {
    return obj * (1 - obj) * cls;
  }

  /** ∂score/∂z_cls for objectness {@code obj} and class probability {@code cls}. */
  public static float classGradient(float obj, float cls) {
    return obj * cls * (1 - cls);
  }
}
