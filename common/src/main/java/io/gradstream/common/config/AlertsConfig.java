package io.gradstream.common.config;

import java.util.List;

/**
 * The alert engine: which rules run, how episodes are told apart, where snapshots go, who is told.
 *
 * @param cooldownMs after an alert, the same rule stays quiet for the same track this long (capture
 *     time)
 * @param trackIdleMs a track not seen for this long (capture time) is forgotten, with its episodes
 * @param snapshotDir where alert snapshots (JPEG with the heatmap) are stored
 * @param lowConfidence explanation confidence below a threshold for several frames of one track
 * @param wrongReasons a high score while little of the map's energy is inside the box
 * @param classFlip a track's class changes
 * @param webhookRetry the waits between a webhook's attempts
 * @param webhooks HTTP endpoints every alert is POSTed to
 * @param webhookTargets which webhook targets may be called (schemes, non-public addresses)
 */
public record AlertsConfig(
    long cooldownMs,
    long trackIdleMs,
    String snapshotDir,
    LowConfidenceRuleConfig lowConfidence,
    WrongReasonsRuleConfig wrongReasons,
    ClassFlipRuleConfig classFlip,
    BackoffConfig webhookRetry,
    List<WebhookConfig> webhooks,
    WebhookTargetsConfig webhookTargets) {

  public AlertsConfig {
    webhooks = List.copyOf(webhooks);
    webhookTargets = webhookTargets == null ? WebhookTargetsConfig.PUBLIC_ONLY : webhookTargets;
  }

  /** Settings with the default webhook targets: https and http, public addresses only. */
  public AlertsConfig(
      long cooldownMs,
      long trackIdleMs,
      String snapshotDir,
      LowConfidenceRuleConfig lowConfidence,
      WrongReasonsRuleConfig wrongReasons,
      ClassFlipRuleConfig classFlip,
      BackoffConfig webhookRetry,
      List<WebhookConfig> webhooks) {
    this(
        cooldownMs,
        trackIdleMs,
        snapshotDir,
        lowConfidence,
        wrongReasons,
        classFlip,
        webhookRetry,
        webhooks,
        WebhookTargetsConfig.PUBLIC_ONLY);
  }

  /** The same settings with snapshots stored in {@code dir}. */
  public AlertsConfig withSnapshotDir(String dir) {
    return new AlertsConfig(
        cooldownMs,
        trackIdleMs,
        dir,
        lowConfidence,
        wrongReasons,
        classFlip,
        webhookRetry,
        webhooks,
        webhookTargets);
  }

  /** The same settings with {@code targets} deciding which webhooks may be called. */
  public AlertsConfig withWebhookTargets(WebhookTargetsConfig targets) {
    return new AlertsConfig(
        cooldownMs,
        trackIdleMs,
        snapshotDir,
        lowConfidence,
        wrongReasons,
        classFlip,
        webhookRetry,
        webhooks,
        targets);
  }
}
