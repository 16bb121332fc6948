package io.secposture.examples.internal;

import io.secposture.api.ScanRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Not public API: run ids and graceful interruption for the job's commands. */
public final class Runs {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Runs() {
  }

  /**
   * Returns a new run id: the UTC time and a random suffix, e.g. {@code 20261122T020000Z-3f2a}.
   *
   * @param clock the clock
   * @return the run id
   */
  public static String newRunId(Clock clock) {
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    return STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }

  /**
   * Returns the configured run id, or a new one.
   *
   * @param configured the configured id; nullable
   * @return a valid run id
   * @throws IllegalArgumentException if the configured id is not valid
   */
  public static String runId(String configured) {
    return configured == null ? newRunId(Clock.systemUTC()) : ScanRequest.requireRunId(configured);
  }

  /**
   * Runs work on the calling thread; if the JVM is asked to stop meanwhile (SIGINT, SIGTERM), interrupts that thread
   * so running scans are stopped with their process trees, and waits up to a minute for it to finish.
   *
   * @param work the work
   * @param <T> its result type
   * @return the result
   * @throws Exception what the work throws
   */
  public static <T> T interruptibly(Callable<T> work) throws Exception {
    Thread worker = Thread.currentThread();
    Object done = new Object();
    boolean[] finished = {false};
    Thread hook = new Thread(() -> {
      synchronized (done) {
        if (finished[0]) {
          return;
        }
        worker.interrupt();
        try {
          done.wait(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "secposture-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.call();
    } finally {
      synchronized (done) {
        finished[0] = true;
        done.notifyAll();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: it returns as soon as it sees finished
      }
    }
  }
}
