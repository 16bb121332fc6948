package io.secposture.core.internal.pipeline;

import java.util.concurrent.TimeUnit;

/**
 * Not public API: the monitor that bounds how many scans run at once and lets the run's thread wait for them. A
 * scan holds a permit from {@link #acquire()} until its outcome is recorded (or it is abandoned); an {@link Error}
 * in a worker wakes every waiter so the run can stop. A per-provider rate budget would add its gate here.
 */
final class Dispatcher {
  private final int concurrency;
  private int running;
  private int finished;
  private Throwable fatal;

  Dispatcher(int concurrency) {
    this.concurrency = concurrency;
  }

  /**
   * Waits for a free slot and takes it.
   *
   * @return false if a fatal error stopped the run
   * @throws InterruptedException if the run's thread is interrupted (cancellation)
   */
  synchronized boolean acquire() throws InterruptedException {
    while (running >= concurrency && fatal == null) {
      wait();
    }
    if (fatal != null) {
      return false;
    }
    running++;
    return true;
  }

  /** Frees a slot: its scan's outcome is recorded. */
  synchronized void release() {
    running--;
    finished++;
    notifyAll();
  }

  /**
   * Waits until the given number of dispatched scans have finished or a fatal error happened.
   *
   * @param dispatched how many scans were dispatched
   * @throws InterruptedException if the run's thread is interrupted
   */
  synchronized void awaitAll(int dispatched) throws InterruptedException {
    while (finished < dispatched && fatal == null) {
      wait();
    }
  }

  /**
   * Waits, ignoring interrupts, until the dispatched scans have finished or the time is up.
   *
   * @param dispatched how many scans were dispatched
   * @param nanos the most to wait
   * @return true if the thread was interrupted meanwhile
   */
  synchronized boolean awaitAllUninterruptibly(int dispatched, long nanos) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + nanos;
    while (finished < dispatched) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  /**
   * Records an error that must stop the run, waking every waiter.
   *
   * @param error the error
   */
  synchronized void fatal(Throwable error) {
    if (fatal == null) {
      fatal = error;
    } else if (fatal != error) {
      fatal.addSuppressed(error);
    }
    notifyAll();
  }

  synchronized Throwable fatal() {
    return fatal;
  }
}
