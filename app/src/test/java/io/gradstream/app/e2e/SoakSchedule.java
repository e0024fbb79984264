package io.gradstream.app.e2e;

import java.time.Duration;

/**
 * When the soak test's faults happen, measured from the start of the run (after warm-up): the
 * broker is stopped at {@code brokerStopAt} for {@code brokerDown}, one worker is killed at {@code
 * workerKillAt}, and the cameras stop at {@code run} (then the pipeline drains). The short CI form
 * is the default; {@code -Dsoak.minutes=N} gives the full form with the faults at a third and two
 * thirds of the run.
 *
 * @param form "ci" or "full", for the report
 * @param run cameras streaming, faults included
 * @param brokerStopAt the broker is stopped this long into the run
 * @param brokerDown how long it stays down
 * @param workerKillAt the busier worker gets SIGKILL this long into the run
 */
record SoakSchedule(
    String form, Duration run, Duration brokerStopAt, Duration brokerDown, Duration workerKillAt) {
  /** The system property that selects the full form and its length. */
  static final String MINUTES_PROPERTY = "soak.minutes";

  static final Duration BROKER_DOWN = Duration.ofSeconds(15);

  /**
   * The CI form: 90 s with both faults. Each fault is followed by 35-40 s of streaming, several
   * times the recovery bounds, so a role that comes back late still shows it.
   */
  static SoakSchedule ci() {
    return new SoakSchedule(
        "ci", Duration.ofSeconds(90), Duration.ofSeconds(15), BROKER_DOWN, Duration.ofSeconds(50));
  }

  /**
   * The full form: {@code minutes} of streaming, the broker down at a third, the worker killed at
   * two thirds.
   */
  static SoakSchedule full(double minutes) {
    if (!(minutes >= 2)) {
      throw new IllegalArgumentException(
          "-D"
              + MINUTES_PROPERTY
              + "="
              + minutes
              + ": the full form needs at least 2 minutes (leave it unset for the CI form)");
    }
    Duration run = Duration.ofMillis((long) (minutes * 60_000));
    return new SoakSchedule(
        "full", run, run.dividedBy(3), BROKER_DOWN, run.multipliedBy(2).dividedBy(3));
  }

  /** The form the system property asks for: unset or blank is the CI form. */
  static SoakSchedule fromSystemProperty() {
    String minutes = System.getProperty(MINUTES_PROPERTY, "").strip();
    if (minutes.isEmpty()) {
      return ci();
    }
    try {
      return full(Double.parseDouble(minutes));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + MINUTES_PROPERTY + "=" + minutes + " is not a number of minutes", e);
    }
  }
}
