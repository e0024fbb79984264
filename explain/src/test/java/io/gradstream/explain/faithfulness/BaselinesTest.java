package io.gradstream.explain.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.audit.Box;
import io.gradstream.explain.audit.SaliencyMap;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void theRandomMapIsUniformInZeroToOneAndFixedBySeed() {
    SaliencyMap a = Baselines.random(64, 32, 9);
    assertThat(Baselines.random(64, 32, 9).values()).containsExactly(a.values());
    assertThat(Baselines.random(64, 32, 10).values()).isNotEqualTo(a.values());
    double sum = 0;
    for (float v : a.values()) {
      assertThat(v).isBetween(0f, 1f);
      sum += v;
    }
    assertThat(sum / a.values().length).isCloseTo(0.5, within(0.03));
  }

  @Test
  void theBoxGaussianPeaksAtTheCentreWithSigmaAQuarterOfTheBox() {
    // Box 40 wide, 20 high, centred on pixel (50, 30)'s centre: σx = 10, σy = 5.
    Box box = Box.centred(50.5f, 30.5f, 40, 20);
    SaliencyMap g = Baselines.boxGaussian(box, 100, 60);
    assertThat(g.at(50, 30)).isCloseTo(1f, within(1e-6f));
    assertThat(g.at(60, 30)).isCloseTo((float) Math.exp(-0.5), within(1e-6f));
    assertThat(g.at(40, 30)).isCloseTo(g.at(60, 30), within(1e-6f));
    assertThat(g.at(50, 35)).isCloseTo((float) Math.exp(-0.5), within(1e-6f));
    assertThat(g.at(0, 0)).isLessThan(1e-6f);
  }
}
