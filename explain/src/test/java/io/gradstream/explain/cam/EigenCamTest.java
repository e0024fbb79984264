package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EigenCamTest {
  /** Tight enough that the exact answers below hold to 1e-4. */
  private final EigenCam eigenCam = new EigenCam(1e-7, 1000);

  /**
   * Centred, A is X = s·(1, 2, 2) + t·(2, 1, −2) over 4 positions, with s = (3, −1, −1, −1) and t =
   * (0, 1, −1, 0) orthogonal and zero-mean: its SVD is exact, the top right singular vector is (1,
   * 2, 2)/3 (‖s‖·3 > ‖t‖·3), and the projection X·v is 3·s = (9, −3, −3, −3). Channel means 10, −1,
   * 5.
   */
  private static final FloatTensor KNOWN =
      new FloatTensor(
          new long[] {1, 3, 2, 2}, new float[] {13, 11, 7, 9, 5, -2, -4, -3, 11, 1, 5, 3});

  @Test
  void projectsTheCentredActivationOntoItsTopSingularVector() {
    EigenCam.Projection p = eigenCam.project(KNOWN);
    assertThat(p.values()).containsExactly(new float[] {9, -3, -3, -3}, within(1e-4f));
    assertThat(p.direction()).containsExactly(new float[] {1 / 3f, 2 / 3f, 2 / 3f}, within(1e-5f));
    assertThat(p.converged()).isTrue();
    assertThat(eigenCam.raw(KNOWN)).containsExactly(new float[] {9, 0, 0, 0}, within(1e-4f));
    assertThat(eigenCam.map(KNOWN).at(0, 0)).isEqualTo(255);
    assertThat(eigenCam.name()).isEqualTo("eigencam");
  }

  @Test
  void theDefaultToleranceStaysWithinAFractionOfAStepOfTheByteMap() {
    EigenCam.Projection p = new EigenCam().project(KNOWN);
    assertThat(p.converged()).isTrue();
    assertThat(p.values()).containsExactly(new float[] {9, -3, -3, -3}, within(9 * 2e-3f));
  }

  @Test
  void startingFromTheAnswerTakesOneStepAndAStartMustMatchTheChannels() {
    EigenCam.Projection p = eigenCam.project(KNOWN, new float[] {1, 2, 2});
    assertThat(p.iterations()).isEqualTo(1);
    assertThat(p.values()).containsExactly(new float[] {9, -3, -3, -3}, within(1e-4f));
    // The opposite sign is the same direction: the map comes out the same.
    assertThat(eigenCam.project(KNOWN, new float[] {-1, -2, -2}).values())
        .containsExactly(p.values(), within(1e-4f));
    assertThat(eigenCam.project(KNOWN, new float[3]).values())
        .containsExactly(p.values(), within(1e-4f));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> eigenCam.project(KNOWN, new float[2]))
        .hasMessageContaining("3 channels");
  }

  @Test
  void fixesTheSignSoTheLargestMagnitudeIsPositive() {
    // −A has the same principal direction up to sign; the map must not flip with it.
    float[] negated = KNOWN.data().clone();
    for (int i = 0; i < negated.length; i++) {
      negated[i] = -negated[i];
    }
    FloatTensor minusA = new FloatTensor(KNOWN.shape(), negated);
    assertThat(eigenCam.project(minusA).values())
        .containsExactly(new float[] {9, -3, -3, -3}, within(1e-4f));
  }

  @Test
  void findsTheDirectionEvenWhenTheStartIsBalancedAgainstIt() {
    // Two zero-mean channels of equal spread that cancel: the only direction is (1, −1)/√2,
    // orthogonal
    // to the equal standard deviations; the projection is √2·(2, −1, −1).
    FloatTensor a = new FloatTensor(new long[] {1, 2, 1, 3}, new float[] {2, -1, -1, -2, 1, 1});
    float r2 = (float) Math.sqrt(2);
    assertThat(eigenCam.project(a).values())
        .containsExactly(new float[] {2 * r2, -r2, -r2}, within(1e-4f));
  }

  @Test
  void theProjectionIsAFixedPointWithTheLargestVarianceOnRandomActivations() {
    Random random = new Random(3);
    int c = 16;
    int positions = 7 * 9;
    float[] data = new float[c * positions];
    for (int i = 0; i < data.length; i++) {
      // Channels of different spreads over a shared factor, as real features have.
      data[i] = (float) (random.nextGaussian() * (1 + i / positions) + Math.sin(i % positions));
    }
    FloatTensor a = new FloatTensor(new long[] {1, c, 7, 9}, data);
    EigenCam.Projection p = new EigenCam(1e-7, 10_000).project(a);
    assertThat(p.converged()).isTrue();
    double[][] x = new double[positions][c];
    for (int ch = 0; ch < c; ch++) {
      double mean = 0;
      for (int q = 0; q < positions; q++) {
        mean += data[ch * positions + q] / positions;
      }
      for (int q = 0; q < positions; q++) {
        x[q][ch] = data[ch * positions + q] - mean;
      }
    }
    // v = Xᵀu/‖Xᵀu‖ must reproduce u = X·v (an eigenvector of XᵀX), and no other direction may
    // carry more variance.
    double[] v = new double[c];
    for (int q = 0; q < positions; q++) {
      for (int ch = 0; ch < c; ch++) {
        v[ch] += x[q][ch] * p.values()[q];
      }
    }
    double norm = Math.sqrt(java.util.Arrays.stream(v).map(f -> f * f).sum());
    double variance = 0;
    for (int q = 0; q < positions; q++) {
      double xv = 0;
      for (int ch = 0; ch < c; ch++) {
        xv += x[q][ch] * v[ch] / norm;
      }
      assertThat(xv).isCloseTo(p.values()[q], within(1e-3 * Math.abs(norm) / positions + 1e-3));
      variance += xv * xv;
    }
    for (int trial = 0; trial < 50; trial++) {
      double[] w = random.doubles(c, -1, 1).toArray();
      double wn = Math.sqrt(java.util.Arrays.stream(w).map(f -> f * f).sum());
      double other = 0;
      for (int q = 0; q < positions; q++) {
        double xw = 0;
        for (int ch = 0; ch < c; ch++) {
          xw += x[q][ch] * w[ch] / wn;
        }
        other += xw * xw;
      }
      assertThat(other).isLessThanOrEqualTo(variance * (1 + 1e-6));
    }
  }

  @Test
  void anActivationConstantOverPositionsGivesAnAllZeroMap() {
    FloatTensor a =
        new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {3, 3, 3, 3, -1, -1, -1, -1});
    assertThat(eigenCam.raw(a)).containsOnly(0f);
    assertThat(eigenCam.map(a).scale()).isZero();
  }
}
