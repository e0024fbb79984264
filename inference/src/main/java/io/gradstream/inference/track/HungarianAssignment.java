package io.gradstream.inference.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (Kuhn-Munkres with potentials, O(n^2 m)). Greedy
 * matching by best IoU first can pair a track with its neighbour's box when two objects cross; the
 * optimal assignment over all pairs does not, and at a few dozen objects per frame it costs
 * microseconds.
 */
final class HungarianAssignment {
  /** Marks a pair that must not be matched; any allowed cost must be far below it. */
  static final double FORBIDDEN = 1e9;

  private HungarianAssignment() {}

  /**
   * Assigns each row at most one column and each column at most one row, minimising the total cost
   * over the allowed pairs; pairs costing {@link #FORBIDDEN} or more are never matched.
   *
   * @param cost {@code rows x cols}, all rows the same length
   * @return for each row the column matched to it, or -1
   */
  static int[] solve(double[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    int[] match = new int[rows];
    Arrays.fill(match, -1);
    if (rows == 0 || cols == 0) {
      return match;
    }
    if (rows > cols) {
      // The algorithm below needs rows <= cols: solve the transpose and invert the answer.
      int[] byCol = solve(transpose(cost));
      for (int c = 0; c < cols; c++) {
        if (byCol[c] >= 0) {
          match[byCol[c]] = c;
        }
      }
      return match;
    }
    int[] colOwner = minimise(cost, rows, cols);
    for (int c = 1; c <= cols; c++) {
      int r = colOwner[c] - 1;
      if (r >= 0 && cost[r][c - 1] < FORBIDDEN) {
        match[r] = c - 1;
      }
    }
    return match;
  }

  /**
   * The classic 1-indexed potentials formulation; returns for each column (1..cols) its row
   * (1..rows) or 0.
   */
  private static int[] minimise(double[][] cost, int rows, int cols) {
    double[] u = new double[rows + 1];
    double[] v = new double[cols + 1];
    int[] owner = new int[cols + 1];
    int[] way = new int[cols + 1];
    for (int i = 1; i <= rows; i++) {
      owner[0] = i;
      int j0 = 0;
      double[] minv = new double[cols + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[cols + 1];
      do {
        used[j0] = true;
        int i0 = owner[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= cols; j++) {
          if (!used[j]) {
            double reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (reduced < minv[j]) {
              minv[j] = reduced;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= cols; j++) {
          if (used[j]) {
            u[owner[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (owner[j0] != 0);
      do {
        int j1 = way[j0];
        owner[j0] = owner[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    return owner;
  }

  private static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m[0].length; c++) {
        t[c][r] = m[r][c];
      }
    }
    return t;
  }
}
