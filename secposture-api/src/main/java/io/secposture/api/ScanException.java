package io.secposture.api;

import java.util.List;

/**
 * Thrown when a scanner cannot run at all (its executable is missing, its arguments are invalid) or by code that
 * turns a failed {@link ScanResult} into an exception. A scanner that ran and failed normally reports that through
 * a {@link ScanResult} with status {@link ScanStatus#FAILED} instead of throwing, so one account's failure never
 * stops the others.
 */
public class ScanException extends SecpostureException {
  private static final long serialVersionUID = 1L;

  private final Integer exitCode;
  private final List<String> logTail;

  /**
   * Creates an exception for a scan that could not be started or completed.
   *
   * @param message what happened, for which account and scanner, and what to do
   * @param exitCode the process exit code; nullable when the process never ran or did not exit
   * @param logTail the last lines the scanner wrote, already redacted; may be empty
   * @param cause the underlying failure; nullable
   */
  public ScanException(String message, Integer exitCode, List<String> logTail, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.logTail = List.copyOf(logTail);
  }

  /**
   * Creates an exception without an exit code or log.
   *
   * @param message what happened, for which account and scanner, and what to do
   */
  public ScanException(String message) {
    this(message, null, List.of(), null);
  }

  /**
   * Returns the exit code of the scanner process.
   *
   * @return the exit code, or {@code null} when the process never ran or was killed before it exited
   */
  public Integer exitCode() {
    return exitCode;
  }

  /**
   * Returns the last lines the scanner wrote to stdout and stderr, redacted of secrets.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> logTail() {
    return logTail;
  }
}
