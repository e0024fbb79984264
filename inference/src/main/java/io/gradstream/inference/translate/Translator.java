package io.gradstream.inference.translate;

import java.nio.FloatBuffer;

/**
 * The model-specific stages around one inference, in the style of DJL's {@code Translator}: turn
 * one input into its slot of the batch tensor, and turn its slot of the output tensor back into a
 * result. How inputs are grouped into runs is not its business ({@link Batchifier}); a translator
 * sees one item at a time and keeps no state between calls, so one instance serves all threads.
 *
 * @param <I> input, e.g. a frame
 * @param <C> what pre-processing tells post-processing about one input, e.g. its letterbox
 *     placement
 * @param <O> result for one input, e.g. its detections
 */
public interface Translator<I, C, O> {

  /** Shape of one input without the batch dimension, e.g. {@code [3, 640, 640]}. */
  long[] inputShape();

  /** Writes {@code input} into slot {@code slot} of {@code batch}. */
  C processInput(I input, FloatBuffer batch, int slot);

  /** Reads slot {@code slot} of {@code output}. */
  O processOutput(OutputTensor output, int slot, C context);
}
