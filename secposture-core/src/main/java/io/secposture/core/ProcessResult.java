package io.secposture.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a process run by {@link ProcessRunner} ended.
 *
 * @param exitCode the exit code; nullable when the process was killed (timeout or cancellation) before it exited
 *     on its own. A process killed by a signal it did not handle reports 128 + the signal number.
 * @param timedOut true if it ran past its timeout and was stopped
 * @param cancelled true if the calling thread was interrupted and the process was stopped
 * @param duration how long it ran
 * @param tail the last lines of standard output and error, interleaved in arrival order, redacted
 * @param stdoutLog the file holding standard output, redacted
 * @param stderrLog the file holding standard error, redacted
 */
public record ProcessResult(Integer exitCode, boolean timedOut, boolean cancelled, Duration duration,
    List<String> tail, Path stdoutLog, Path stderrLog) {

  /** Validates the components and copies the tail. */
  public ProcessResult {
    Objects.requireNonNull(duration, "duration");
    tail = List.copyOf(tail);
    Objects.requireNonNull(stdoutLog, "stdoutLog");
    Objects.requireNonNull(stderrLog, "stderrLog");
  }

  /**
   * Tells whether the process exited on its own with the given code.
   *
   * @param code the expected exit code
   * @return true if it exited with that code and was neither timed out nor cancelled
   */
  public boolean exited(int code) {
    return !timedOut && !cancelled && exitCode != null && exitCode == code;
  }
}
