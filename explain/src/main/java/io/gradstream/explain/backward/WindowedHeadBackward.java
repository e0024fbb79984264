package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.ShapeProbe;
import java.util.List;

/**
 * The gradient of a detection's score with respect to one head level's input A, split in two so the
 * expensive part runs on a window only:
 *
 * <ol>
 *   <li>{@link #decode()}: ∂score/∂Z for the level's head conv output Z, compiled from Z (all
 *       levels' Z are its inputs) through the decode ops to the score. No convolution: element-wise
 *       work on the output rows. ∂score/∂Z is non-zero only at the detection's cell.
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
 * @param decode inputs: every level's Z plus {@link YoloV5Score}'s seeds; gradient output:
 *     ∂score/∂Z
 * @param window inputs: the A window, its {@link ValidWindow#MASK} and {@link
 *     BackwardCompiler#cotangentOf}(Z) at the cell ({@code [N, C_Z, 1, 1]}); gradient output:
 *     ∂score/∂A window
 */
public record WindowedHeadBackward(
    HeadLevel level, int radius, BackwardGraph decode, BackwardGraph window) {

  /**
   * @param model the detector (YOLOv5 layout output {@code output})
   * @param levels all head levels (the decode part needs every level's Z)
   * @param level index of the level to explain
   * @param output the detector output, {@code [N, rows, 5 + classes]}
   */
  public static WindowedHeadBackward compile(
      ModelProto model, List<HeadLevel> levels, int level, String output, long rows, long classes) {
    HeadLevel target = levels.get(level);
    List<String> cuts = new java.util.ArrayList<>(levels.stream().map(HeadLevel::output).toList());
    cuts.add(target.input());
    model = ShapeProbe.declare(model, cuts);
    ModelProto decodeForward =
        YoloV5Score.append(
            GraphEdits.cut(model, levels.stream().map(HeadLevel::output).toList(), List.of(output)),
            output,
            rows,
            classes);
    BackwardGraph decode =
        BackwardCompiler.compile(decodeForward, target.output(), YoloV5Score.SCORE);

    ValidWindow valid = ValidWindow.of(model, target.input(), target.output());
    BackwardGraph window = BackwardCompiler.vjp(valid.model(), target.input(), target.output());
    return new WindowedHeadBackward(target, valid.radius(), decode, window);
  }
}
