package io.secposture.export.aws.internal;

import java.time.Duration;

/**
 * Not public API: the time source and the waiting of the exporter's pacing and retries, so that tests drive them with
 * a controllable clock instead of real time. {@link #SYSTEM} is thread-safe.
 */
public interface Ticker {
  /** Real time: {@link System#nanoTime()} and {@link Thread#sleep}. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      long nanos = duration.toNanos();
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    }
  };

  /**
   * Returns a monotonic time in nanoseconds.
   *
   * @return the time
   */
  long nanoTime();

  /**
   * Waits.
   *
   * @param duration how long; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
