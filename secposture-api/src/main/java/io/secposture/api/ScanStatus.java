package io.secposture.api;

/** How one scan of one account ended. */
public enum ScanStatus {
  /** The scan completed and its results are complete. */
  SUCCEEDED,
  /** The scan wrote results, but some data could not be collected (for example access denied on some APIs). */
  PARTIAL,
  /** The scan failed: bad credentials, bad arguments, a crash, missing results. */
  FAILED,
  /** The scan ran past its time limit and was stopped. */
  TIMED_OUT,
  /** The scan was not run: the account is disabled or the scanner does not support its provider. */
  SKIPPED;

  /**
   * Tells whether a scan that ended this way has results worth parsing.
   *
   * @return true for {@link #SUCCEEDED} and {@link #PARTIAL}
   */
  public boolean hasResults() {
    return this == SUCCEEDED || this == PARTIAL;
  }
}
