package io.gradstream.explain.cam;

/**
 * X, an activation's item 0 read as positions × channels with each channel's mean over positions
 * subtracted, and the products Eigen-CAM's power iteration needs. Every inner loop is an axpy over a
 * contiguous float array (y[i] += s·x[i]), the shape C2 turns into SIMD; dot products, which it
 * leaves scalar (measured 3-10× slower here), are avoided. X·v reads A's channel planes as stored;
 * Xᵀu reads a transposed copy whose rows are positions. Neither copy is centred: each product
 * subtracts the mean's share, which saves a pass over A.
 */
final class CentredActivation {
  /** Positions transposed per block: the block of rows being written stays in L1 while channels are read in runs. */
  private static final int TRANSPOSE_BLOCK = 64;

  final int channels;
  final int positions;
  private final float[] a;
  /** A transposed: row p holds position p's C channels. */
  private final float[] rows;
  /** Each channel's mean over positions. */
  final float[] mean;
  /** Each channel's sum of squares of X over positions (the diagonal of XᵀX). */
  final float[] squares;

  CentredActivation(float[] a, int channels, int positions) {
    this.a = a;
    this.channels = channels;
    this.positions = positions;
    this.rows = new float[channels * positions];
    this.mean = new float[channels];
    this.squares = new float[channels];
    for (int p0 = 0; p0 < positions; p0 += TRANSPOSE_BLOCK) {
      int p1 = Math.min(positions, p0 + TRANSPOSE_BLOCK);
      for (int c = 0; c < channels; c++) {
        int from = c * positions;
        for (int p = p0; p < p1; p++) {
          rows[p * channels + c] = a[from + p];
        }
      }
    }
    // One vectorised pass for both sums; the rows stay uncentred, Xᵀu subtracts the mean's share instead.
    for (int p = 0; p < positions; p++) {
      int row = p * channels;
      for (int c = 0; c < channels; c++) {
        float x = rows[row + c];
        mean[c] += x;
        squares[c] += x * x;
      }
    }
    float inv = 1f / positions;
    for (int c = 0; c < channels; c++) {
      mean[c] *= inv;
      // Σ(x − μ)² = Σx² − P·μ²; it only seeds the start vector, so cancellation does not matter.
      squares[c] = Math.max(0f, squares[c] - positions * mean[c] * mean[c]);
    }
  }

  /**
   * The row of X (a position's centred channels) with the largest norm: the most extreme point, which
   * the first principal direction is usually close to. One elementwise pass over A's planes.
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
      row[c] = rows[widest * channels + c] - mean[c];
    }
    return row;
  }

  /** u = X·v = Σ_c v_c·A_c − (μ·v), over H·W positions. */
  void times(float[] v, float[] u) {
    java.util.Arrays.fill(u, 0f);
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

  /** w = Xᵀ·u = Σ_p u_p·A_p − μ·Σ_p u_p, over C channels. */
  void transposeTimes(float[] u, float[] w) {
    java.util.Arrays.fill(w, 0f);
    double total = 0;
    for (int p = 0; p < positions; p++) {
      axpy(u[p], rows, p * channels, w, 0, channels);
      total += u[p];
    }
    axpy((float) -total, mean, 0, w, 0, channels);
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
}
