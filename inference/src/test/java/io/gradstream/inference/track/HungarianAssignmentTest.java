package io.gradstream.inference.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianAssignmentTest {

  @Test
  void prefersTheBestTotalOverTheGreedyPick() {
    // Greedy takes row 0 -> col 0 (0.1) and leaves row 1 with 0.9; the optimum crosses over.
    double[][] cost = {{0.1, 0.2}, {0.15, 0.9}};
    assertThat(HungarianAssignment.solve(cost)).containsExactly(1, 0);
  }

  @Test
  void forbiddenPairsStayUnmatchedAndRectangularShapesWork() {
    double F = HungarianAssignment.FORBIDDEN;
    assertThat(HungarianAssignment.solve(new double[][] {{F, 0.5, F}})).containsExactly(1);
    assertThat(HungarianAssignment.solve(new double[][] {{F}, {0.3}, {0.1}}))
        .containsExactly(-1, -1, 0);
    assertThat(HungarianAssignment.solve(new double[][] {{F, F}, {F, F}})).containsExactly(-1, -1);
    assertThat(HungarianAssignment.solve(new double[0][0])).isEmpty();
    assertThat(HungarianAssignment.solve(new double[][] {{}, {}})).containsExactly(-1, -1);
  }

  @Test
  void matchesBruteForceOnRandomMatrices() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int rows = 1 + random.nextInt(5);
      int cols = 1 + random.nextInt(5);
      double[][] cost = new double[rows][cols];
      for (double[] row : cost) {
        for (int c = 0; c < cols; c++) {
          row[c] = random.nextDouble() < 0.25 ? HungarianAssignment.FORBIDDEN : random.nextDouble();
        }
      }
      int[] match = HungarianAssignment.solve(cost);
      assertThat(score(cost, match))
          .as("trial %d", trial)
          .isCloseTo(best(cost, 0, new boolean[cols]), within(1e-6));
    }
  }

  /** Score: most matched pairs first, then least cost; encoded as matches * 1000 - cost. */
  private static double score(double[][] cost, int[] match) {
    int matched = 0;
    double total = 0;
    boolean[] used = new boolean[cost[0].length];
    for (int r = 0; r < match.length; r++) {
      if (match[r] >= 0) {
        assertThat(used[match[r]]).as("column used twice").isFalse();
        assertThat(cost[r][match[r]]).isLessThan(HungarianAssignment.FORBIDDEN);
        used[match[r]] = true;
        matched++;
        total += cost[r][match[r]];
      }
    }
    return matched * 1000 - total;
  }

  private static double best(double[][] cost, int row, boolean[] used) {
    if (row == cost.length) {
      return 0;
    }
    double best = best(cost, row + 1, used); // leave this row unmatched
    for (int c = 0; c < used.length; c++) {
      if (!used[c] && cost[row][c] < HungarianAssignment.FORBIDDEN) {
        used[c] = true;
        best = Math.max(best, 1000 - cost[row][c] + best(cost, row + 1, used));
        used[c] = false;
      }
    }
    return best;
  }
}
