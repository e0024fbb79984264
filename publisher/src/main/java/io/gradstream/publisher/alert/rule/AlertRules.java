package io.gradstream.publisher.alert.rule;

import io.gradstream.common.config.AlertsConfig;
import java.util.ArrayList;
import java.util.List;

/** The rules {@code publisher.alerts} enables. */
public final class AlertRules {
  private AlertRules() {}

  /** The enabled rules, in a fixed order (low confidence, wrong reasons, class flip). */
  public static List<AlertRule> enabledIn(AlertsConfig config) {
    List<AlertRule> rules = new ArrayList<>();
    if (config.lowConfidence().enabled()) {
      rules.add(new LowConfidenceRule(config.lowConfidence()));
    }
    if (config.wrongReasons().enabled()) {
      rules.add(new WrongReasonsRule(config.wrongReasons()));
    }
    if (config.classFlip().enabled()) {
      rules.add(new ClassFlipRule(config.classFlip()));
    }
    return List.copyOf(rules);
  }
}
