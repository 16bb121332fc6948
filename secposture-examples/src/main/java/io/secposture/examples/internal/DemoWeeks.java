package io.secposture.examples.internal;

import io.secposture.core.HistoryRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Not public API: the clock of the {@code demo} command's next run. Each demo run models the next week of the
 * made-up accounts, so it is dated a week after the latest run already published (or now, when that is later): the
 * trends, the history and the "since the previous run" section then read as weeks, not seconds. Stateless.
 */
final class DemoWeeks {
  /** How far apart the demo's runs are dated. */
  static final Duration WEEK = Duration.ofDays(7);

  private DemoWeeks() {
  }

  /**
   * Returns the clock of the next demo run.
   *
   * @param now the real clock
   * @param previous the runs already published, oldest first; may be empty
   * @return {@code now} when there is no previous run or the latest is more than a week old; otherwise {@code now}
   *     shifted so that the run starts a week after the latest previous run
   */
  static Clock clock(Clock now, List<HistoryRow> previous) {
    if (previous.isEmpty()) {
      return now;
    }
    Instant latest = previous.stream().map(HistoryRow::generatedAt).max(Instant::compareTo).orElseThrow();
    Instant next = latest.plus(WEEK);
    Instant current = now.instant();
    return next.isAfter(current) ? Clock.offset(now, Duration.between(current, next)) : now;
  }
}
