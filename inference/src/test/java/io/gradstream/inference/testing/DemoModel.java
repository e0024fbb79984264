package io.gradstream.inference.testing;

import static org.assertj.core.api.Assertions.fail;

import io.gradstream.inference.model.ModelLocation;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo detector that ./scripts/setup.sh imports, for tests that need the real model. */
public final class DemoModel {
  private DemoModel() {}

  /** Where the demo model and its labels are, or a failure saying to run setup. */
  public static ModelLocation location() {
    ModelLocation demo = ModelLocation.resolve("", "", Path.of(System.getProperty("user.home")));
    if (!Files.exists(demo.model())) {
      fail(
          "the demo model is missing at " + demo.model() + ": run ./scripts/setup.sh to import it");
    }
    return demo;
  }
}
