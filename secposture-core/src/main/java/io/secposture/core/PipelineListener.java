package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.InputFailure;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import java.time.Duration;

/**
 * Observes a {@link Pipeline} run: the same events the pipeline logs, for an embedding tool that shows progress,
 * exports metrics or reacts to failures as they happen. Every method has a no-op default, so implement only what
 * you need; register with {@link Pipeline.Builder#listener(PipelineListener)}.
 *
 * <p><b>Threading.</b> Methods are called from the pipeline's threads (the caller of {@code run}, the scan workers
 * and its timer), but never concurrently: the pipeline delivers one event at a time, in an order consistent with
 * {@link Progress#done()}. Keep them quick; a slow listener holds up the reporting of other scans.
 *
 * <p><b>Failures.</b> An exception thrown by a listener is logged and otherwise ignored: it never fails a scan or the
 * run. Arguments never hold a secret in readable form ({@link io.secposture.api.Credentials} print {@code ****}).
 */
public interface PipelineListener {

  /**
   * Called once when a run (or an aggregation of files) starts, after its configuration was validated.
   *
   * @param run the run
   * @param scans how many scans the run has (skipped ones included), or how many input files an aggregation has
   */
  default void runStarted(RunInfo run, int scans) {
  }

  /**
   * Called when a scan starts, on the thread that runs it.
   *
   * @param run the run
   * @param account the account being scanned
   * @param scanner the scanner's name
   */
  default void scanStarted(RunInfo run, CloudAccount account, String scanner) {
  }

  /**
   * Called once per scan when it has ended and its results were parsed, including scans that were skipped.
   *
   * @param run the run
   * @param result how the scan ended (the same result the run's outcome and manifest hold)
   * @param progress how far the run is, this scan included
   */
  default void scanFinished(RunInfo run, ScanResult result, Progress progress) {
  }

  /**
   * Called when a results file (of a scan, or given to an aggregation) could not be parsed. The run goes on; the
   * file is listed in the report's failed inputs.
   *
   * @param run the run
   * @param account the account whose scan wrote the file; {@code null} for files given to an aggregation
   * @param scanner the scanner that wrote it; {@code null} for files given to an aggregation
   * @param failure the file and why it failed
   */
  default void parseFailed(RunInfo run, CloudAccount account, String scanner, InputFailure failure) {
  }

  /**
   * Called once when the run has ended, normally or cancelled, with everything it produced (before anything is
   * published).
   *
   * @param outcome the outcome
   */
  default void runFinished(RunOutcome outcome) {
  }

  /**
   * How far a run is.
   *
   * @param done scans finished (succeeded, partial, failed, timed out or skipped)
   * @param total scans in the run
   * @param failed scans that ended FAILED or TIMED_OUT so far
   * @param running scans running now
   * @param elapsed time since the run started
   */
  record Progress(int done, int total, int failed, int running, Duration elapsed) {
  }
}
