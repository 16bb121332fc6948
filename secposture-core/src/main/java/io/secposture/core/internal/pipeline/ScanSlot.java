package io.secposture.core.internal.pipeline;

/**
 * Not public API: the state of one dispatched scan, shared by its worker thread, the watchdog and the run's thread.
 * The first outcome recorded wins: a scan abandoned by the watchdog or a cancellation keeps that outcome even if its
 * worker returns later.
 */
final class ScanSlot {
  enum Phase { QUEUED, SCANNING, PROCESSING, DONE }

  private final PlannedScan plan;
  private Phase phase = Phase.QUEUED;
  private Thread worker;
  private boolean cancelled;
  private boolean watchdogFired;
  private long startNanos;
  private boolean complete;
  private ScanOutcome outcome;

  ScanSlot(PlannedScan plan) {
    this.plan = plan;
  }

  PlannedScan plan() {
    return plan;
  }

  /**
   * Marks the scan started on the calling thread.
   *
   * @return false if the run was cancelled before the scan started
   */
  synchronized boolean begin() {
    if (cancelled || complete) {
      return false;
    }
    worker = Thread.currentThread();
    phase = Phase.SCANNING;
    startNanos = System.nanoTime();
    return true;
  }

  /**
   * Marks the scanner call finished and clears an interrupt the watchdog or a cancellation left on the worker, so
   * reading the results is not disturbed (NIO file reads fail on an interrupted thread).
   *
   * @return true if the watchdog interrupted the scanner
   */
  synchronized boolean endScanning() {
    phase = Phase.PROCESSING;
    Thread.interrupted();
    return watchdogFired;
  }

  /**
   * Called by the watchdog: interrupts the scanner if it is still running, after {@code beforeInterrupt} (which
   * logs why) has run.
   *
   * @param beforeInterrupt runs first when the scan is overdue
   * @return true if the scan was overdue and interrupted
   */
  synchronized boolean interruptOverdue(Runnable beforeInterrupt) {
    if (phase != Phase.SCANNING || complete) {
      return false;
    }
    watchdogFired = true;
    beforeInterrupt.run();
    worker.interrupt();
    return true;
  }

  /** Called on cancellation: interrupts a running scanner; a queued scan will not start. */
  synchronized void cancel() {
    cancelled = true;
    if (phase == Phase.SCANNING) {
      worker.interrupt();
    }
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  /**
   * Records the outcome unless one was recorded already.
   *
   * @param result the outcome; null when a fatal error ends the scan without one
   * @return true if this call recorded it
   */
  synchronized boolean complete(ScanOutcome result) {
    if (complete) {
      return false;
    }
    complete = true;
    outcome = result;
    phase = Phase.DONE;
    return true;
  }

  /**
   * Records an outcome for a scan whose scanner is still running (it ignored its timeout and the interrupt); does
   * nothing once the scanner has returned, since its own result is then on its way.
   *
   * @param result the outcome
   * @return true if this call recorded it
   */
  synchronized boolean abandon(ScanOutcome result) {
    if (phase != Phase.SCANNING) {
      return false;
    }
    return complete(result);
  }

  /** Marks the worker's part over; after this the worker thread is never interrupted for this scan. */
  synchronized void leave() {
    worker = null;
    if (phase != Phase.DONE) {
      phase = Phase.DONE;
    }
    Thread.interrupted();
  }

  synchronized boolean isComplete() {
    return complete;
  }

  synchronized boolean started() {
    return phase != Phase.QUEUED;
  }

  synchronized long startNanos() {
    return startNanos;
  }
}
