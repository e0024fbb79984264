package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;

/**
 * Eigen-CAM (Muhammad &amp; Yeasin, 2020), gradient-free: A's projection onto its first principal
 * component, one map per frame and level for every detection on it. As pytorch-grad-cam's
 * {@code get_2d_projection}, A (item 0) is read as H·W positions × C channels, centred by subtracting
 * each channel's mean over positions, and projected onto the top right singular vector v:
 * map = ReLU(X·v), H×W.
 *
 * <p>v comes from power iteration on the C×C matrix XᵀX without forming it (v ← XᵀXv / ‖XᵀXv‖),
 * started from the channels' standard deviations times a fixed ripple (deterministic, and close to v
 * where a few channels dominate), until v moves less than a tolerance or an iteration cap is reached.
 * Both products are axpy loops over contiguous float arrays, which the JIT vectorises: X·v sums
 * channel planes of A as given, Xᵀu sums position rows of a transposed centred copy.
 *
 * <p>Sign: a singular vector's sign is arbitrary (pytorch-grad-cam keeps whatever the SVD returns),
 * and the ReLU makes it matter. We choose the sign that makes the projection's largest-magnitude value
 * positive, so the map keeps the strongest response rather than its flip side.
 */
public final class EigenCam {
  public static final String NAME = "eigencam";
  /** The default tolerance on ‖v_new − v‖: well under what a 0–255 map resolves. */
  public static final double DEFAULT_TOLERANCE = 1e-4;
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  private final double tolerance;
  private final int maxIterations;

  /** Eigen-CAM with {@link #DEFAULT_TOLERANCE} and {@link #DEFAULT_MAX_ITERATIONS}. */
  public EigenCam() {
    this(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * @param tolerance     stop once the unit direction moves less than this (Euclidean) in one step
   * @param maxIterations stop after this many steps regardless
   */
  public EigenCam(double tolerance, int maxIterations) {
    if (!(tolerance > 0) || maxIterations < 1) {
      throw new IllegalArgumentException("tolerance must be > 0 and maxIterations >= 1, got " + tolerance + ", " + maxIterations);
    }
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /** The wire name. */
  public String name() {
    return NAME;
  }

  /**
   * The signed projection before the ReLU, with how it was reached.
   *
   * @param values     X·v, row-major H×W, signed as the class comment says
   * @param iterations power-iteration steps taken
   * @param converged  whether v settled within the tolerance (false: the cap stopped it)
   */
  public record Projection(float[] values, int iterations, boolean converged) {}

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
    return CamMap.normalise(raw(activation), (int) activation.shape()[3], (int) activation.shape()[2]);
  }

  /** A's centred projection onto its first principal direction; all zeros where A is constant over positions. */
  public Projection project(FloatTensor activation) {
    long[] s = activation.shape();
    if (s.length != 4 || s[0] < 1) {
      throw new IllegalArgumentException("activation " + Arrays.toString(s) + " must be [N, C, H, W]");
    }
    int channels = (int) s[1];
    int positions = (int) (s[2] * s[3]);
    float[] a = activation.data(); // item 0 is the first C·H·W values
    float[] mean = new float[channels];
    float[] v = new float[channels];
    float[] centredT = transposeCentred(a, channels, positions, mean, v);
    float[] u = new float[positions];
    if (normalise(v) == 0) {
      return new Projection(u, 0, true);
    }
    float[] w = new float[channels];
    int iterations = 0;
    boolean converged = false;
    while (iterations < maxIterations && !converged) {
      iterations++;
      project(a, channels, positions, mean, v, u);
      Arrays.fill(w, 0f);
      for (int p = 0; p < positions; p++) {
        axpy(u[p], centredT, p * channels, w, channels);
      }
      if (normalise(w) == 0) {
        break; // X·v = 0: v lies in X's null space, only possible when X is (numerically) zero
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
    project(a, channels, positions, mean, v, u);
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
    }
    return new Projection(u, iterations, converged);
  }

  /** u = X·v = Σ_c v_c·A_c − (μ·v): axpy over A's channel planes as stored. */
  private static void project(float[] a, int channels, int positions, float[] mean, float[] v, float[] u) {
    Arrays.fill(u, 0f);
    double shift = 0;
    for (int c = 0; c < channels; c++) {
      axpy(v[c], a, c * positions, u, positions);
      shift += (double) mean[c] * v[c];
    }
    float sh = (float) shift;
    for (int p = 0; p < positions; p++) {
      u[p] -= sh;
    }
  }

  /** y[0..n) += s·x[from..from+n): the one inner loop, kept plain so C2 turns it into SIMD. */
  private static void axpy(float s, float[] x, int from, float[] y, int n) {
    if (s == 0f) {
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] += s * x[from + i];
    }
  }

  /**
   * X as positions × channels (A transposed, each channel's mean subtracted), filling {@code mean}
   * and, as the start vector, each channel's standard deviation (slightly rippled) into {@code std}.
   */
  private static float[] transposeCentred(float[] a, int channels, int positions, float[] mean, float[] std) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = c * positions, end = i + positions; i < end; i++) {
        sum += a[i];
      }
      mean[c] = (float) (sum / positions);
    }
    float[] t = new float[channels * positions];
    double[] squares = new double[channels];
    // Blocks of positions, so the rows being written stay in cache while channels are read in runs.
    final int block = 64;
    for (int p0 = 0; p0 < positions; p0 += block) {
      int p1 = Math.min(positions, p0 + block);
      for (int c = 0; c < channels; c++) {
        float m = mean[c];
        double sq = 0;
        int from = c * positions;
        for (int p = p0; p < p1; p++) {
          float x = a[from + p] - m;
          t[p * channels + c] = x;
          sq += x * x;
        }
        squares[c] += sq;
      }
    }
    for (int c = 0; c < channels; c++) {
      // A fixed ripple in 0.75–1.25 (golden-ratio steps): two channels of equal spread that cancel
      // would otherwise start v exactly orthogonal to the direction it must find.
      double ripple = 0.75 + 0.5 * ((c + 1) * 0.6180339887498949 % 1.0);
      std[c] = (float) (Math.sqrt(squares[c] / positions) * ripple);
    }
    return t;
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
