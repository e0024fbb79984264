package io.gradstream.explain.engine;

import io.gradstream.explain.cam.WindowGradient;

/**
 * One detection's ∂score/∂A on its own head level.
 *
 * @param target the detection
 * @param location the level, anchor and cell its row decodes
 * @param gradient the gradient, non-zero only in the receptive-field window around the cell
 */
public record DetectionGradient(
    ExplainTarget target, RowLocation location, WindowGradient gradient) {}
