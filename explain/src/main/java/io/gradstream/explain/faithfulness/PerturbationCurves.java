package io.gradstream.explain.faithfulness;

import io.gradstream.explain.audit.DetectionSimilarity;
import io.gradstream.explain.audit.MaskedImage;
import io.gradstream.explain.audit.Proposal;
import io.gradstream.explain.audit.ProposalModel;
import io.gradstream.explain.audit.SaliencyMap;
import io.gradstream.explain.audit.Target;
import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;
import java.util.List;

/**
 * Deletion and insertion curves (Petsiuk et al., RISE 2018, adapted to detection by D-RISE 2021):
 * pixels are taken most salient first, a chunk per step, and the detector re-scored on the target
 * with {@link DetectionSimilarity} after each step. Deletion hides them (to the fill), starting
 * from the image: a faithful map kills the detection early, so lower AUC is better. Insertion
 * reveals them, starting from an all-fill image: a faithful map brings the detection back early, so
 * higher AUC is better. Insertion starts from a filled image rather than a blurred one: cheap, and
 * the same "no image here" value that deletion and D-RISE use. The perturbed images go through the
 * model in batches.
 */
public final class PerturbationCurves {
  private final ProposalModel model;
  private final Options options;

  /**
   * @param steps chunks the pixels are taken in; the curve has {@code steps + 1} points
   * @param batchSize perturbed images per model call
   * @param fill the value of a hidden pixel
   */
  public record Options(int steps, int batchSize, float fill) {
    public Options {
      if (steps <= 0 || batchSize <= 0) {
        throw new IllegalArgumentException("steps " + steps + ", batch " + batchSize);
      }
    }

    /** 32 steps, batches of 8, letterbox gray. */
    public static Options defaults() {
      return new Options(32, 8, MaskedImage.LETTERBOX_GRAY);
    }
  }

  public PerturbationCurves(ProposalModel model) {
    this(model, Options.defaults());
  }

  public PerturbationCurves(ProposalModel model, Options options) {
    this.model = model;
    this.options = options;
  }

  /**
   * The deletion curve of {@code map} for {@code target}.
   *
   * @param image {@code [1, C, H, W]}
   * @param map any resolution; resampled bilinearly to H×W first
   */
  public Curve deletion(FloatTensor image, Target target, SaliencyMap map) {
    float[] filled = filled(image);
    return curve(image, image.data(), filled, target, map);
  }

  /** The insertion curve of {@code map} for {@code target}; arguments as {@link #deletion}. */
  public Curve insertion(FloatTensor image, Target target, SaliencyMap map) {
    float[] filled = filled(image);
    return curve(image, filled, image.data(), target, map);
  }

  private float[] filled(FloatTensor image) {
    float[] f = new float[image.data().length];
    Arrays.fill(f, options.fill());
    return f;
  }

  /**
   * Starts from {@code start}, copies {@code end}'s values in at each step's pixels, scores each
   * state.
   */
  private Curve curve(
      FloatTensor image, float[] start, float[] end, Target target, SaliencyMap map) {
    long[] shape = image.shape();
    if (shape.length != 4 || shape[0] != 1) {
      throw new IllegalArgumentException("one image [1, C, H, W], got " + Arrays.toString(shape));
    }
    int channels = (int) shape[1];
    int height = (int) shape[2];
    int width = (int) shape[3];
    int plane = width * height;
    int imageSize = channels * plane;
    int[] order = PixelOrder.descending(map.resized(width, height).values());
    int steps = options.steps();
    float[] current = start.clone();
    float[] scores = new float[steps + 1];
    int batchMax = Math.min(options.batchSize(), steps + 1);
    float[] batch = new float[batchMax * imageSize];
    int taken = 0;
    for (int first = 0; first <= steps; first += batchMax) {
      int n = Math.min(batchMax, steps + 1 - first);
      for (int b = 0; b < n; b++) {
        int step = first + b;
        // Step k has touched floor(k · pixels / steps) of them, so the last step touches all.
        int upTo = (int) ((long) plane * step / steps);
        for (; taken < upTo; taken++) {
          int px = order[taken];
          for (int c = 0; c < channels; c++) {
            current[c * plane + px] = end[c * plane + px];
          }
        }
        System.arraycopy(current, 0, batch, b * imageSize, imageSize);
      }
      float[] data = n == batchMax ? batch : Arrays.copyOf(batch, n * imageSize);
      List<List<Proposal>> proposals =
          model.propose(new FloatTensor(new long[] {n, channels, height, width}, data));
      for (int b = 0; b < n; b++) {
        scores[first + b] = DetectionSimilarity.best(target, proposals.get(b));
      }
    }
    return new Curve(scores);
  }
}
