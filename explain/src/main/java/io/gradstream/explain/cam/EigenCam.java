package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;

/**
 * Eigen-CAM (Muhammad &amp; Yeasin, 2020), gradient-free: A's projection onto its first principal
 * component, one map per frame and level for every detection on it. As pytorch-grad-cam's {@code
 * get_2d_projection}, A (item 0) is read as H·W positions × C channels, centred by subtracting each
 * channel's mean over positions, and projected onto the top right singular vector v: map =
 * ReLU(X·v), H×W.
 *
 * <p>v comes from power iteration on the C×C matrix XᵀX without forming it (v ← XᵀXv / ‖XᵀXv‖,
 * CentredActivation says why its loops are shaped as they are), until v moves less than a tolerance
 * or an iteration cap is reached. The default start is deterministic: mostly the most extreme
 * position's centred channels, which v is usually close to. On video, the previous frame's
 * direction at the same level is a better one: {@link #project(FloatTensor, float[])}.
 *
 * <p>Sign: a singular vector's sign is arbitrary (pytorch-grad-cam keeps whatever the SVD returns),
 * and the ReLU makes it matter. We choose the sign that makes the projection's largest-magnitude
 * value positive, so the map keeps the strongest response rather than its flip side.
 */
public final class EigenCam {
  public static final String NAME = "eigencam";

  /**
   * The default tolerance on ‖v_new − v‖. On YOLOv5s's levels it leaves the map within 2·10⁻³ of
   * its peak (measured against a 10⁻⁷ run), under half a step of the 0–255 map.
   */
  public static final double DEFAULT_TOLERANCE = 1e-3;

  public static final int DEFAULT_MAX_ITERATIONS = 100;

  /**
   * Maps at least this many cells high and wide find their direction on every second row and
   * column.
   */
  public static final int SUBSAMPLE_FROM = 64;

  private final double tolerance;
  private final int maxIterations;
  private final boolean subsample;

  /**
   * Eigen-CAM with {@link #DEFAULT_TOLERANCE}, {@link #DEFAULT_MAX_ITERATIONS}, and the direction
   * of large maps found on a quarter of their positions (see {@link #EigenCam(double, int,
   * boolean)}).
   */
  public EigenCam() {
    this(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, true);
  }

  /** Eigen-CAM iterating on every position. */
  public EigenCam(double tolerance, int maxIterations) {
    this(tolerance, maxIterations, false);
  }

  /**
   * @param tolerance stop once the unit direction moves less than this (Euclidean) in one step
   * @param maxIterations stop after this many steps regardless
   * @param subsample for maps at least {@value #SUBSAMPLE_FROM} cells high and wide, run the power
   *     iteration on every second row and column (a quarter of the positions), then project every
   *     position on the direction found. Each step reads A, so this cuts the finest level's cost
   *     about threefold; neighbouring cells of a stride-8 feature map are alike, so the direction
   *     barely moves (EigenCamIT measures the maps against the full iteration's)
   */
  public EigenCam(double tolerance, int maxIterations, boolean subsample) {
    if (!(tolerance > 0) || maxIterations < 1) {
      throw new IllegalArgumentException(
          "tolerance must be > 0 and maxIterations >= 1, got " + tolerance + ", " + maxIterations);
    }
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.subsample = subsample;
  }

  /** The wire name. */
  public String name() {
    return NAME;
  }

  /**
   * The signed projection before the ReLU, with how it was reached.
   *
   * @param values X·v, row-major H×W, signed as the class comment says
   * @param direction v, unit length over C channels, with the same sign; a good start for the next
   *     frame's same level
   * @param iterations power-iteration steps taken
   * @param converged whether v settled within the tolerance (false: the cap stopped it)
   */
  public record Projection(float[] values, float[] direction, int iterations, boolean converged) {}

  /** The map before normalisation: ReLU of {@link #project}, row-major H×W. */
  public float[] raw(FloatTensor activation) {
    float[] p = project(activation).values();
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.max(0f, p[i]);
    }
    return p;
  }

  /** {@link #raw} normalised to 0–255. */
  public CamMap map(FloatTensor activation) {
    return CamMap.normalise(
        raw(activation), (int) activation.shape()[3], (int) activation.shape()[2]);
  }

  /**
   * A's centred projection onto its first principal direction; all zeros where A is constant over
   * positions.
   */
  public Projection project(FloatTensor activation) {
    return project(activation, null);
  }

  /**
   * As {@link #project(FloatTensor)}, starting the power iteration from {@code start} (C values of
   * any scale, e.g. the previous frame's {@link Projection#direction} at this level): consecutive
   * video frames share most of their principal direction, so fewer steps remain. {@code null} or an
   * all-zero start takes the default start. A start exactly orthogonal to the answer would converge
   * to the next direction instead; a previous frame's direction never is in practice.
   */
  public Projection project(FloatTensor activation, float[] start) {
    long[] s = activation.shape();
    if (s.length != 4 || s[0] < 1) {
      throw new IllegalArgumentException(
          "activation " + Arrays.toString(s) + " must be [N, C, H, W]");
    }
    int channels = (int) s[1];
    int height = (int) s[2];
    int width = (int) s[3];
    int positions = height * width;
    // Item 0 is the first C·H·W values.
    CentredActivation x = new CentredActivation(activation.data(), channels, positions);
    CentredActivation iterated =
        subsample && height >= SUBSAMPLE_FROM && width >= SUBSAMPLE_FROM
            ? new CentredActivation(
                everySecondCell(activation.data(), channels, height, width),
                channels,
                ((height + 1) / 2) * ((width + 1) / 2))
            : x;
    float[] u = new float[iterated.positions];
    float[] v = startVector(iterated);
    if (v == null) {
      return new Projection(new float[positions], new float[channels], 0, true);
    }
    if (start != null) {
      if (start.length != channels) {
        throw new IllegalArgumentException(
            "a start direction for " + channels + " channels, got " + start.length);
      }
      float[] given = start.clone();
      if (normalise(given) > 0) {
        v = given;
      }
    }
    float[] w = new float[channels];
    int iterations = 0;
    boolean converged = false;
    while (iterations < maxIterations && !converged) {
      iterations++;
      iterated.times(v, u);
      iterated.transposeTimes(u, w);
      if (normalise(w) == 0) {
        break; // XᵀXv = 0: only when X is (numerically) zero
      }
      double moved = 0;
      for (int c = 0; c < channels; c++) {
        double d = w[c] - v[c];
        moved += d * d;
      }
      converged = Math.sqrt(moved) < tolerance;
      float[] t = v;
      v = w;
      w = t;
    }
    u = new float[positions];
    x.times(v, u);
    int peak = 0;
    for (int p = 1; p < positions; p++) {
      if (Math.abs(u[p]) > Math.abs(u[peak])) {
        peak = p;
      }
    }
    if (u[peak] < 0) {
      for (int p = 0; p < positions; p++) {
        u[p] = -u[p];
      }
      for (int c = 0; c < channels; c++) {
        v[c] = -v[c];
      }
    }
    return new Projection(u, v, iterations, converged);
  }

  /** A's planes at every second row and column, from (0, 0). */
  private static float[] everySecondCell(float[] a, int channels, int height, int width) {
    int h = (height + 1) / 2;
    int w = (width + 1) / 2;
    float[] out = new float[channels * h * w];
    int o = 0;
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < height; y += 2) {
        int row = plane + y * width;
        for (int x = 0; x < width; x += 2) {
          out[o++] = a[row + x];
        }
      }
    }
    return out;
  }

  /**
   * The default start, unit length: the widest centred row (YOLOv5s's level 0 needs 13 steps from
   * it, 22 from the channels' spreads) plus a tenth of the spreads times a fixed ripple in
   * 0.75–1.25 (golden-ratio steps), so that neither an extreme point that projects to 0 nor two
   * channels of equal spread that cancel can start v exactly orthogonal to the answer. {@code null}
   * when X is zero.
   */
  private static float[] startVector(CentredActivation x) {
    float[] spread = new float[x.channels];
    for (int c = 0; c < spread.length; c++) {
      double ripple = 0.75 + 0.5 * ((c + 1) * 0.6180339887498949 % 1.0);
      spread[c] = (float) (Math.sqrt(x.squares[c]) * ripple);
    }
    if (normalise(spread) == 0) {
      return null;
    }
    float[] v = x.widestRow();
    normalise(v);
    CentredActivation.axpy(0.1f, spread, 0, v, 0, v.length);
    normalise(v);
    return v;
  }

  /** Scales {@code x} to unit length in place; returns the length it had. */
  private static double normalise(float[] x) {
    double sq = 0;
    for (float f : x) {
      sq += (double) f * f;
    }
    double norm = Math.sqrt(sq);
    if (norm > 0) {
      float inv = (float) (1 / norm);
      for (int i = 0; i < x.length; i++) {
        x[i] *= inv;
      }
    }
    return norm;
  }
}
