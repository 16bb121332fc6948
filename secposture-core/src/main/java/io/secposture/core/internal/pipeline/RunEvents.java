package io.secposture.core.internal.pipeline;

import io.secposture.api.CloudAccount;
import io.secposture.api.InputFailure;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.PipelineListener;
import io.secposture.core.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: a run's progress, reported one event at a time to the log (INFO, failures at WARN) and to the
 * listeners. Every method is synchronized, so listeners never see two events at once and progress counts only
 * grow. Nothing here prints a secret: results reach it already redacted.
 */
public final class RunEvents {
  /** The logger every pipeline progress line goes to. */
  public static final Logger LOG = LoggerFactory.getLogger("io.secposture.core.Pipeline");
  private static final int HEARTBEAT_LISTED = 5;

  private final RunInfo run;
  private final List<PipelineListener> listeners;
  private final long startNanos;
  private final String noun;
  private int total;
  private int done;
  private int failed;
  private final Map<String, Long> running = new LinkedHashMap<>();
  private final EnumMap<ScanStatus, Integer> byStatus = new EnumMap<>(ScanStatus.class);

  /**
   * Creates the events of one run.
   *
   * @param run the run
   * @param listeners the listeners
   * @param noun what the run counts: "scans" or "files"
   */
  public RunEvents(RunInfo run, List<PipelineListener> listeners, String noun) {
    this.run = run;
    this.listeners = List.copyOf(listeners);
    this.noun = noun;
    this.startNanos = System.nanoTime();
  }

  /**
   * Reports the start of the run.
   *
   * @param total how many scans (or files) it has
   * @param detail extra words for the log line, e.g. "on 12 accounts, 2 skipped"; may be empty
   */
  public synchronized void runStarted(int total, String detail) {
    this.total = total;
    LOG.info("run {}: starting {} {}{}", run.runId(), total, noun, detail.isEmpty() ? "" : " " + detail);
    notify(listener -> listener.runStarted(run, total));
  }

  /**
   * Reports that a scan started.
   *
   * @param account the account
   * @param scanner the scanner name
   */
  public synchronized void scanStarted(CloudAccount account, String scanner) {
    String what = PlannedScan.describe(account, scanner);
    running.put(what, System.nanoTime());
    LOG.debug("run {}: started {}", run.runId(), what);
    notify(listener -> listener.scanStarted(run, account, scanner));
  }

  /**
   * Reports that a scan ended.
   *
   * @param result how it ended
   */
  public synchronized void scanFinished(ScanResult result) {
    String what = PlannedScan.describe(result.account(), result.scanner());
    running.remove(what);
    done++;
    byStatus.merge(result.status(), 1, Integer::sum);
    boolean failure = result.status() == ScanStatus.FAILED || result.status() == ScanStatus.TIMED_OUT;
    if (failure) {
      failed++;
    }
    String line = "run " + run.runId() + ": " + done + "/" + total + " " + noun + " done, " + failed + " failed, elapsed "
        + Durations.format(elapsed()) + ": " + what + " " + result.status()
        + (result.status() == ScanStatus.SKIPPED ? "" : " in " + Durations.format(result.duration()))
        + (result.exitCode() == null || result.status() == ScanStatus.SUCCEEDED ? "" : " (exit " + result.exitCode() + ")")
        + (result.reason() == null ? "" : ": " + result.reason())
        + (result.warnings().isEmpty() ? "" : " [" + result.warnings().size() + " warning"
            + (result.warnings().size() == 1 ? "" : "s") + "]");
    if (failure) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
    PipelineListener.Progress progress = progress();
    notify(listener -> listener.scanFinished(run, result, progress));
  }

  /**
   * Reports a results file that could not be parsed: logged at WARN for a scan's file (an aggregation's files are
   * logged by {@link #fileDone}) and sent to the listeners.
   *
   * @param account the account whose scan wrote it; nullable
   * @param scanner the scanner; nullable
   * @param failure the file and why
   */
  public synchronized void parseFailed(CloudAccount account, String scanner, InputFailure failure) {
    if (account != null) {
      LOG.warn("run {}: {}: results file {} not parsed: {}", run.runId(), PlannedScan.describe(account, scanner),
          failure.source(), failure.reason());
    }
    notify(listener -> listener.parseFailed(run, account, scanner, failure));
  }

  /**
   * Reports that one input file of an aggregation was handled.
   *
   * @param source the file
   * @param detail how it went
   * @param ok false to log at WARN
   */
  public synchronized void fileDone(String source, String detail, boolean ok) {
    done++;
    if (!ok) {
      failed++;
    }
    String line = "run " + run.runId() + ": " + done + "/" + total + " " + noun + " done, " + failed
        + " failed, elapsed " + Durations.format(elapsed()) + ": " + source + " " + detail;
    if (ok) {
      LOG.info(line);
    } else {
      LOG.warn(line);
    }
  }

  /** Logs how far the run is and which scans run longest; called by the heartbeat timer. */
  public synchronized void heartbeat() {
    long now = System.nanoTime();
    List<Map.Entry<String, Long>> longest = new ArrayList<>(running.entrySet());
    longest.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    List<String> listed = new ArrayList<>();
    for (Map.Entry<String, Long> entry : longest.subList(0, Math.min(HEARTBEAT_LISTED, longest.size()))) {
      listed.add(entry.getKey() + " " + Durations.format(Duration.ofNanos(now - entry.getValue())));
    }
    LOG.info("run {}: {}/{} {} done, {} failed, {} running{}, elapsed {}", run.runId(), done, total, noun, failed,
        running.size(), listed.isEmpty() ? "" : " (" + String.join(", ", listed)
            + (running.size() > listed.size() ? ", ..." : "") + ")", Durations.format(elapsed()));
  }

  /**
   * Logs the run's summary and tells the listeners it finished.
   *
   * @param outcome the outcome
   * @param summary extra words, e.g. the flagged count
   */
  public synchronized void runFinished(RunOutcome outcome, String summary) {
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<ScanStatus, Integer> entry : byStatus.entrySet()) {
      counts.append(", ").append(entry.getValue()).append(' ').append(entry.getKey().name().toLowerCase(
          java.util.Locale.ROOT).replace('_', ' '));
    }
    LOG.info("run {}: {} in {}: {} {}{}{}", run.runId(), outcome.cancelled() ? "cancelled" : "finished",
        Durations.format(elapsed()), done, noun, counts, summary.isEmpty() ? "" : "; " + summary);
    notify(listener -> listener.runFinished(outcome));
  }

  /**
   * Returns the current progress.
   *
   * @return the progress
   */
  public synchronized PipelineListener.Progress progress() {
    return new PipelineListener.Progress(done, total, failed, running.size(), elapsed());
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void notify(Consumer<PipelineListener> event) {
    for (PipelineListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("run {}: listener {} failed; ignoring it: {}", run.runId(), listener.getClass().getName(),
            e.toString(), e);
      }
    }
  }
}
