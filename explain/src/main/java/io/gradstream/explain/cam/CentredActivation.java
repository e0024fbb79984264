package io.gradstream.explain.cam;

import java.util.Arrays;

/**
 * X, an activation's item 0 read as positions × channels with each channel's mean over positions
 * subtracted, and the products Eigen-CAM's power iteration needs, all read straight from A's
 * channel planes (no centred or transposed copy: each product subtracts the mean's share). X·v is
 * an axpy over planes (y[i] += s·x[i]), which C2 turns into SIMD; Xᵀu is a dot product per plane,
 * which it does not (it must keep a float sum's order), so those run eight independent sums that
 * pipeline: measured 3× faster than one, and cheaper than transposing A once per call to make them
 * axpys too.
 */
final class CentredActivation {
  final int channels;
  final int positions;
  private final float[] a;

  /** Each channel's mean over positions. */
  final float[] mean;

  /** Each channel's sum of squares of X over positions (the diagonal of XᵀX). */
  final float[] squares;

  CentredActivation(float[] a, int channels, int positions) {
    this.a = a;
    this.channels = channels;
    this.positions = positions;
    this.mean = new float[channels];
    this.squares = new float[channels];
    for (int c = 0; c < channels; c++) {
      int from = c * positions;
      double m = sum(a, from, positions) / positions;
      mean[c] = (float) m;
      // Σ(x − μ)² = Σx² − P·μ²; it only seeds the start vector, so cancellation does not matter.
      squares[c] = (float) Math.max(0, dot(a, from, a, from, positions) - positions * m * m);
    }
  }

  /**
   * The row of X (a position's centred channels) with the largest norm: the most extreme point,
   * which the first principal direction is usually close to. One elementwise pass over A's planes.
   */
  float[] widestRow() {
    float[] norms = new float[positions];
    for (int c = 0; c < channels; c++) {
      float m = mean[c];
      int from = c * positions;
      for (int p = 0; p < positions; p++) {
        float d = a[from + p] - m;
        norms[p] += d * d;
      }
    }
    int widest = 0;
    for (int p = 1; p < positions; p++) {
      if (norms[p] > norms[widest]) {
        widest = p;
      }
    }
    float[] row = new float[channels];
    for (int c = 0; c < channels; c++) {
      row[c] = a[c * positions + widest] - mean[c];
    }
    return row;
  }

  /** u = X·v = Σ_c v_c·A_c − (μ·v), over H·W positions. */
  void times(float[] v, float[] u) {
    Arrays.fill(u, 0f);
    double shift = 0;
    for (int c = 0; c < channels; c++) {
      axpy(v[c], a, c * positions, u, 0, positions);
      shift += (double) mean[c] * v[c];
    }
    float s = (float) shift;
    for (int p = 0; p < positions; p++) {
      u[p] -= s;
    }
  }

  /** w = Xᵀ·u: w_c = A_c·u − μ_c·Σ_p u_p, over C channels. */
  void transposeTimes(float[] u, float[] w) {
    float total = sum(u, 0, positions);
    for (int c = 0; c < channels; c++) {
      w[c] = dot(a, c * positions, u, 0, positions) - mean[c] * total;
    }
  }

  /** y[to..to+n) += s·x[from..from+n). */
  static void axpy(float s, float[] x, int from, float[] y, int to, int n) {
    if (s == 0f) {
      return;
    }
    for (int i = 0; i < n; i++) {
      y[to + i] += s * x[from + i];
    }
  }

  /** x[xFrom..xFrom+n) · y[yFrom..yFrom+n), in eight interleaved partial sums. */
  static float dot(float[] x, int xFrom, float[] y, int yFrom, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      int xi = xFrom + i;
      int yi = yFrom + i;
      s0 += x[xi] * y[yi];
      s1 += x[xi + 1] * y[yi + 1];
      s2 += x[xi + 2] * y[yi + 2];
      s3 += x[xi + 3] * y[yi + 3];
      s4 += x[xi + 4] * y[yi + 4];
      s5 += x[xi + 5] * y[yi + 5];
      s6 += x[xi + 6] * y[yi + 6];
      s7 += x[xi + 7] * y[yi + 7];
    }
    for (; i < n; i++) {
      s0 += x[xFrom + i] * y[yFrom + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** x[from..from+n) summed, in eight interleaved partial sums. */
  static float sum(float[] x, int from, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      int xi = from + i;
      s0 += x[xi];
      s1 += x[xi + 1];
      s2 += x[xi + 2];
      s3 += x[xi + 3];
      s4 += x[xi + 4];
      s5 += x[xi + 5];
      s6 += x[xi + 6];
      s7 += x[xi + 7];
    }
    for (; i < n; i++) {
      s0 += x[from + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
