package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.common.config.ExplainConfig;
import io.gradstream.explain.cam.HiResCam;
import org.junit.jupiter.api.Test;

class ExplainMethodTest {
  @Test
  void everyNameTheConfigurationAcceptsParsesToItsMethod() {
    assertThat(ExplainMethod.names()).containsExactlyInAnyOrderElementsOf(ExplainConfig.METHODS);
    for (String name : ExplainConfig.METHODS) {
      assertThat(ExplainMethod.parse(name).name()).isEqualTo(name);
    }
    assertThat(ExplainMethod.parse("eigencam")).isSameAs(ExplainMethod.EIGEN_CAM);
    assertThat(ExplainMethod.parse(HiResCam.NAME))
        .isInstanceOfSatisfying(
            ExplainMethod.Gradient.class, g -> assertThat(g.cam()).isInstanceOf(HiResCam.class));
  }

  @Test
  void anUnknownNameIsRefusedNamingTheMethodsThereAre() {
    assertThatThrownBy(() -> ExplainMethod.parse("lime"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lime'")
        .hasMessageContaining("hirescam")
        .hasMessageContaining("eigencam");
  }
}
