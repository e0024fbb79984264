package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.ShapeProbe;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.List;

/**
 * The gradient of a detection's score with respect to one head level's input A, split in two so the
 * expensive part runs on a window only:
 *
 * <ol>
 *   <li>{@link #decode()}: ∂score/∂Z for the level's head conv output Z, compiled from Z (all
 *       levels' Z are its inputs, or, where the output reads more than Z, the model's own) through
 *       the decode ops to the score. No convolution: element-wise work on the output rows.
 *       ∂score/∂Z is non-zero only at the detection's cell.
 *   <li>{@link #window()}: the vector–Jacobian product of A → Z ({@link ValidWindow}: Z at the cell
 *       alone) on the {@code (2r+1)²} window of A around the cell (r = {@link
 *       ReceptiveField#radius}), fed the window's {@link ValidWindow#MASK} and ∂score/∂Z at the
 *       cell. Its cost does not depend on the image size.
 * </ol>
 *
 * Outside the window ∂score/∂A is exactly zero, so scattering the window's gradient into a zero map
 * gives the full-size gradient.
 *
 * @param level the head level
 * @param radius the receptive-field radius r of A → Z
 * @param decode inputs: every level's Z plus {@link YoloScore}'s seeds; gradient output: ∂score/∂Z
 * @param window inputs: the A window, its {@link ValidWindow#MASK} and {@link
 *     BackwardCompiler#cotangentOf}(Z) at the cell ({@code [N, C_Z, 1, 1]}); gradient output:
 *     ∂score/∂A window
 */
public record WindowedHeadBackward(
    HeadLevel level, int radius, BackwardGraph decode, BackwardGraph window) {

  /**
   * @param model the detector
   * @param levels all head levels (the decode part needs every level's Z)
   * @param level index of the level to explain
   * @param output the detector output, in {@code layout}
   */
  public static WindowedHeadBackward compile(
      ModelProto model,
      List<HeadLevel> levels,
      int level,
      String output,
      YoloLayout layout,
      long rows,
      long classes) {
    HeadLevel target = levels.get(level);
    List<String> zs = levels.stream().map(HeadLevel::output).toList();
    List<String> cuts = new java.util.ArrayList<>(zs);
    cuts.add(target.input());
    model = ShapeProbe.declare(model, cuts);
    // A YOLOv8/11 output also reads the box branch, which the class heads' Z do not hold: there the
    // decode keeps the whole model, and the backward still starts at Z.
    ModelProto decodeForward =
        YoloScore.append(
            GraphEdits.computesFrom(model, zs, List.of(output))
                ? GraphEdits.cut(model, zs, List.of(output))
                : model,
            output,
            layout,
            rows,
            classes);
    BackwardGraph decode =
        BackwardCompiler.compile(decodeForward, target.output(), YoloScore.SCORE);

    ValidWindow valid = ValidWindow.of(model, target.input(), target.output());
    BackwardGraph window = BackwardCompiler.vjp(valid.model(), target.input(), target.output());
    return new WindowedHeadBackward(target, valid.radius(), decode, window);
  }
}
