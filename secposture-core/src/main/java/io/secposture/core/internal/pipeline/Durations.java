package io.secposture.core.internal.pipeline;

import java.time.Duration;
import java.util.Locale;

/** Not public API: formats durations for progress logs, e.g. {@code 0.4s}, {@code 12s}, {@code 3m02s}, {@code 1h05m09s}. */
public final class Durations {
  private Durations() {
  }

  /**
   * Formats a duration compactly.
   *
   * @param duration the duration; negative counts as zero
   * @return the text
   */
  public static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 10_000) {
      long tenths = (millis + 50) / 100; // rounded half up, as %.1f would; once per scan, so no formatter
      return tenths / 10 + "." + tenths % 10 + "s";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return String.format(Locale.ROOT, "%dm%02ds", minutes, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm%02ds", minutes / 60, minutes % 60, seconds % 60);
  }
}
