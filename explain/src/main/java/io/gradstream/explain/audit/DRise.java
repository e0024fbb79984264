package io.gradstream.explain.audit;

import io.gradstream.explain.graph.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * D-RISE (Petsiuk et al. 2021, "Black-box explanation of object detectors via saliency maps"): run
 * the detector on the image under many random {@link RiseMasks masks}, score each masked run by how
 * well its proposals still match the target ({@link DetectionSimilarity}), and sum the masks
 * weighted by those scores, divided by the mask count. Pixels whose presence keeps the detection
 * alive gather weight. Needs only {@link ProposalModel}, no gradients; costs one forward pass per
 * mask. All targets of one image share the masked runs. Deterministic given the seed and the model.
 *
 * <p>The paper's map carries a large flat floor, {@code mean score · p}, and the noise of that
 * floor (how often each pixel happened to be kept) swamps a large object's signal at a few hundred
 * masks: on dog.jpg at 256 masks the dog's contrast is about 0.01 against per-pixel noise of about
 * 0.013. {@link Options#centred} subtracts the mean score from each weight instead, {@code Σ (s −
 * s̄)·M / N}, the covariance of score and mask: the same map in expectation less a constant, so the
 * same pixel order, with that noise term gone (a few times lower noise at equal N). Its values can
 * be negative.
 */
public final class DRise {
  private final ProposalModel model;
  private final Options options;

  /**
   * @param masks how many masked runs (the paper uses thousands; the map's noise falls as 1/√N)
   * @param grid RISE's coarse grid side {@code s}
   * @param p the probability a grid cell is kept
   * @param batchSize masked images per model call
   * @param seed fixes the masks
   * @param fill the value hidden pixels blend to
   * @param centred weigh masks by score minus mean score (lower noise) rather than by score (the
   *     paper)
   */
  public record Options(
      int masks, int grid, float p, int batchSize, long seed, float fill, boolean centred) {
    public Options {
      if (masks <= 0 || grid <= 0 || batchSize <= 0 || !(p > 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "masks " + masks + ", grid " + grid + ", p " + p + ", batch " + batchSize);
      }
    }

    /**
     * The paper's: 1000 masks on a 16×16 grid at p 0.5, not centred; batches of 8, seed 0,
     * letterbox gray.
     */
    public static Options defaults() {
      return new Options(1000, 16, 0.5f, 8, 0, MaskedImage.LETTERBOX_GRAY, false);
    }

    public Options withMasks(int n) {
      return new Options(n, grid, p, batchSize, seed, fill, centred);
    }

    public Options withSeed(long s) {
      return new Options(masks, grid, p, batchSize, s, fill, centred);
    }

    public Options withBatchSize(int b) {
      return new Options(masks, grid, p, b, seed, fill, centred);
    }

    public Options withCentred(boolean c) {
      return new Options(masks, grid, p, batchSize, seed, fill, c);
    }
  }

  public DRise(ProposalModel model) {
    this(model, Options.defaults());
  }

  public DRise(ProposalModel model, Options options) {
    this.model = model;
    this.options = options;
  }

  /** {@link #explain(FloatTensor, List, IntConsumer)} without progress reports. */
  public List<SaliencyMap> explain(FloatTensor image, List<Target> targets) {
    return explain(image, targets, done -> {});
  }

  /**
   * One saliency map per target, at the image's resolution.
   *
   * @param image {@code [1, C, H, W]}
   * @param targets the detections to explain
   * @param progress told the number of masks run so far after each batch
   */
  public List<SaliencyMap> explain(FloatTensor image, List<Target> targets, IntConsumer progress) {
    long[] shape = image.shape();
    if (shape.length != 4 || shape[0] != 1) {
      throw new IllegalArgumentException(
          "D-RISE explains one image [1, C, H, W], got " + Arrays.toString(shape));
    }
    int channels = (int) shape[1];
    int height = (int) shape[2];
    int width = (int) shape[3];
    int plane = width * height;
    int imageSize = channels * plane;
    RiseMasks generator = new RiseMasks(width, height, options.grid(), options.p(), options.seed());
    float[][] saliency = new float[targets.size()][plane];
    double[] scoreSums = new double[targets.size()];
    // How much each pixel was kept over all masks: what the centred map subtracts, mean score times
    // it.
    float[] maskSum = options.centred() ? new float[plane] : null;
    int batchMax = Math.min(options.batchSize(), options.masks());
    float[][] masks = new float[batchMax][plane];
    float[] batch = new float[batchMax * imageSize];
    for (int done = 0; done < options.masks(); ) {
      int n = Math.min(batchMax, options.masks() - done);
      for (int b = 0; b < n; b++) {
        generator.next(masks[b]);
        MaskedImage.blend(image.data(), masks[b], options.fill(), batch, b * imageSize);
        if (maskSum != null) {
          accumulate(maskSum, masks[b], 1);
        }
      }
      float[] data = n == batchMax ? batch : Arrays.copyOf(batch, n * imageSize);
      List<List<Proposal>> proposals =
          model.propose(new FloatTensor(new long[] {n, channels, height, width}, data));
      for (int b = 0; b < n; b++) {
        for (int t = 0; t < targets.size(); t++) {
          float weight = DetectionSimilarity.best(targets.get(t), proposals.get(b));
          scoreSums[t] += weight;
          if (weight > 0) {
            accumulate(saliency[t], masks[b], weight);
          }
        }
      }
      done += n;
      progress.accept(done);
    }
    List<SaliencyMap> maps = new ArrayList<>(targets.size());
    float scale = 1f / options.masks();
    for (int t = 0; t < targets.size(); t++) {
      float[] s = saliency[t];
      float meanScore = (float) (scoreSums[t] / options.masks());
      for (int i = 0; i < plane; i++) {
        s[i] = (maskSum == null ? s[i] : s[i] - meanScore * maskSum[i]) * scale;
      }
      maps.add(new SaliencyMap(width, height, s));
    }
    return maps;
  }

  private static void accumulate(float[] saliency, float[] mask, float weight) {
    for (int i = 0; i < saliency.length; i++) {
      saliency[i] += weight * mask[i];
    }
  }
}
