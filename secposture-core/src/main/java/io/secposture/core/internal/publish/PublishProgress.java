package io.secposture.core.internal.publish;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Not public API. Counts uploaded files and bytes and logs progress at INFO at most every
 * {@value #INTERVAL_SECONDS} seconds, from whichever upload thread crosses the interval. Thread-safe.
 */
public final class PublishProgress {
  private static final long INTERVAL_SECONDS = 5;

  private final Logger log;
  private final URI site;
  private final int totalFiles;
  private final long totalBytes;
  private final long startedNanos;
  private final AtomicInteger files = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastLogNanos;

  /**
   * Starts counting.
   *
   * @param log where to log
   * @param site the destination, as printed
   * @param totalFiles how many files will be uploaded
   * @param totalBytes how many bytes they hold
   * @param startedNanos {@link System#nanoTime()} when the publish started
   */
  public PublishProgress(Logger log, URI site, int totalFiles, long totalBytes, long startedNanos) {
    this.log = log;
    this.site = site;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
    this.startedNanos = startedNanos;
    this.lastLogNanos = new AtomicLong(startedNanos);
  }

  /**
   * Records one uploaded file.
   *
   * @param key its key
   * @param size its size in bytes
   */
  public void uploaded(String key, long size) {
    int done = files.incrementAndGet();
    long doneBytes = bytes.addAndGet(size);
    log.debug("{}: uploaded {} ({} bytes)", site, key, size);
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    boolean finished = done == totalFiles;
    boolean due = finished || now - last >= TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
    if (due && lastLogNanos.compareAndSet(last, now)) {
      log.info("{}: uploaded {}/{} files ({} of {}) in {}", site, done, totalFiles, bytes(doneBytes),
          bytes(totalBytes), seconds(Duration.ofNanos(now - startedNanos)));
    }
  }

  /**
   * Returns how many files were uploaded so far.
   *
   * @return the count
   */
  public int files() {
    return files.get();
  }

  /**
   * Formats a byte count for people: {@code 512 B}, {@code 3.4 KiB}, {@code 12.0 MiB}.
   *
   * @param bytes the count
   * @return the text
   */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /**
   * Formats a duration in seconds with one decimal: {@code 3.2 s}.
   *
   * @param duration the duration
   * @return the text
   */
  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
