package io.secposture.export.aws;

import io.secposture.export.aws.internal.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when asked to or when someone sleeps on it; records every sleep. */
final class FakeTicker implements Ticker {
  private long now;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    now += Math.max(0, duration.toNanos());
  }

  synchronized void advance(Duration duration) {
    now += duration.toNanos();
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }
}
