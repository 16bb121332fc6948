package io.secposture.core.internal.pipeline;

import io.secposture.api.Aggregator;
import io.secposture.api.Artifact;
import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.SecpostureException;
import io.secposture.api.StagedFile;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.suppress.SuppressionMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not public API: one run of the pipeline over accounts. Plans and validates, reports planned skips, dispatches the
 * scans to worker threads with at most {@code concurrency} running at once, watches their timeouts, handles
 * cancellation and fatal errors, then merges the per-scan reports and assembles the outcome.
 */
public final class ScanRun {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final PipelineConfig config;
  private final RunInfo run;
  private final Path runDirectory;
  private final List<PlannedScan> plan;
  private final Aggregator aggregator;
  private final RunEvents events;
  private final ScanExecution execution;
  private final RateShares shares;
  private final ScanOutcome[] outcomes;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;

  private ScanRun(PipelineConfig config, RunInfo run, Path runDirectory, List<PlannedScan> plan) {
    this.config = config;
    this.run = run;
    this.runDirectory = runDirectory;
    this.plan = plan;
    this.aggregator = config.plugins().aggregator(config.aggregatorName());
    this.events = new RunEvents(run, config.listeners(), "scans");
    this.shares = new RateShares(config.rateBudget(), config.concurrency(), plan);
    this.execution = new ScanExecution(run, config, aggregator, runDirectory, events, shares);
    this.outcomes = new ScanOutcome[plan.size()];
    this.dispatcher = new Dispatcher(config.concurrency());
    int number = RUNS.incrementAndGet();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
        threads("secposture-run" + number + "-timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
    this.workers = Executors.newCachedThreadPool(threads("secposture-run" + number + "-scan"));
  }

  /**
   * Validates, plans and runs a scan run, blocking until it ends.
   *
   * @param config the pipeline configuration
   * @param runId the run id
   * @param accounts the accounts
   * @return the outcome; if the calling thread was interrupted, the outcome of a cancelled run with the interrupt
   *     flag set again
   * @throws ConfigurationException listing every configuration problem, before anything runs
   */
  public static RunOutcome execute(PipelineConfig config, String runId, List<CloudAccount> accounts) {
    try {
      ScanRequest.requireRunId(runId);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    Path given = config.workDirectory() == null ? null : config.workDirectory().resolve(runId);
    List<PlannedScan> plan = RunPlanner.plan(config, runId, accounts, given);
    Path runDirectory = given != null ? given : temporaryWorkDirectory().resolve(runId);
    try {
      Files.createDirectories(runDirectory);
    } catch (IOException e) {
      throw new ConfigurationException("cannot create the run directory " + runDirectory + ": " + e.getMessage()
          + "; check the work directory", e);
    }
    RunInfo run = new RunInfo(runId, config.clock().instant());
    return new ScanRun(config, run, runDirectory, plan).run(accounts.size());
  }

  static Path temporaryWorkDirectory() {
    try {
      return Files.createTempDirectory("secposture-");
    } catch (IOException e) {
      throw new ConfigurationException("cannot create a temporary work directory: " + e.getMessage()
          + "; set a work directory explicitly", e);
    }
  }

  private RunOutcome run(int accountCount) {
    long skipped = plan.stream().filter(scan -> !scan.runs()).count();
    String accounts;
    if (config.shard().isWhole()) {
      accounts = accountCount + " account" + (accountCount == 1 ? "" : "s");
    } else {
      long owned = plan.stream().map(scan -> scan.account().key()).distinct().count();
      accounts = owned + " of " + accountCount + " accounts (shard " + config.shard() + ")";
    }
    events.runStarted(plan.size(), "on " + accounts + ", at most " + config.concurrency() + " at a time"
        + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    for (PlannedScan scan : plan) {
      if (!scan.runs()) {
        record(scan.index(), skippedOutcome(scan, scan.skipReason()));
      }
    }
    ScheduledFuture<?> heartbeat = null;
    if (!config.heartbeat().isZero()) {
      long every = config.heartbeat().toNanos();
      heartbeat = timer.scheduleAtFixedRate(events::heartbeat, every, every, TimeUnit.NANOSECONDS);
    }
    List<ScanSlot> slots = new ArrayList<>();
    boolean cancelled = false;
    try {
      for (PlannedScan scan : plan) {
        if (!scan.runs()) {
          continue;
        }
        if (!dispatcher.acquire()) {
          break;
        }
        ScanSlot slot = new ScanSlot(scan);
        slots.add(slot);
        workers.execute(() -> work(slot));
      }
      dispatcher.awaitAll(slots.size());
    } catch (InterruptedException e) {
      cancelled = true;
      RunEvents.LOG.warn("run {}: cancelled; stopping {} running scan(s)", run.runId(),
          slots.stream().filter(slot -> !slot.isComplete()).count());
    }
    Throwable fatal = dispatcher.fatal();
    boolean interruptedAgain = false;
    if (fatal != null) {
      // stop the other scans (and their processes) before the error propagates; no outcome is assembled
      slots.forEach(ScanSlot::cancel);
      interruptedAgain = dispatcher.awaitAllUninterruptibly(slots.size(), config.cancelGrace().toNanos());
    } else if (cancelled) {
      interruptedAgain = stop(slots);
    }
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    timer.shutdownNow();
    workers.shutdown();
    if (fatal != null) {
      if (cancelled || interruptedAgain) {
        Thread.currentThread().interrupt();
      }
      if (fatal instanceof Error error) {
        throw error;
      }
      throw new SecpostureException("run " + run.runId() + " stopped: " + fatal, fatal);
    }
    RunOutcome outcome = assemble(cancelled);
    events.runFinished(outcome, outcome.report().findings().flagged() + " findings flagged");
    if (cancelled || interruptedAgain) {
      Thread.currentThread().interrupt();
    }
    return outcome;
  }

  /** Cancels running scans, waits a bounded time for them, and settles every scan without an outcome. */
  private boolean stop(List<ScanSlot> slots) {
    String reason = "run cancelled";
    slots.forEach(ScanSlot::cancel);
    boolean interrupted = dispatcher.awaitAllUninterruptibly(slots.size(), config.cancelGrace().toNanos());
    for (ScanSlot slot : slots) {
      if (!slot.isComplete() && slot.started()) {
        Duration ran = Duration.ofNanos(System.nanoTime() - slot.startNanos());
        finish(slot, abandonedOutcome(slot.plan(), ScanStatus.FAILED, reason + "; the scan did not stop within "
            + Durations.format(config.cancelGrace()) + " and was abandoned", ran));
      }
    }
    for (PlannedScan scan : plan) {
      if (outcome(scan.index()) == null) {
        ScanSlot slot = slots.stream().filter(s -> s.plan() == scan).findFirst().orElse(null);
        ScanOutcome skipped = skippedOutcome(scan, reason);
        if (slot == null) {
          record(scan.index(), skipped);
        } else {
          finish(slot, skipped);
        }
      }
    }
    return interrupted;
  }

  /** The body of a worker thread: one scan. */
  private void work(ScanSlot slot) {
    PlannedScan scan = slot.plan();
    ScheduledFuture<?> watchdog = null;
    try {
      if (!slot.begin()) {
        if (!slot.isComplete()) {
          finish(slot, skippedOutcome(scan, "run cancelled"));
        }
        return;
      }
      events.scanStarted(scan.account(), scan.scannerName());
      long limit = config.scanTimeout().plus(config.timeoutGrace()).toNanos();
      watchdog = timer.schedule(() -> watch(slot), limit, TimeUnit.NANOSECONDS);
      ScanOutcome outcome;
      try {
        outcome = execution.execute(slot);
      } catch (Throwable error) {
        // one account's failure of any kind, an Error included, fails that account only
        outcome = execution.crashed(slot, error);
      }
      finish(slot, outcome);
    } catch (Throwable error) {
      RunEvents.LOG.error("run {}: {} failed unexpectedly; stopping the run", run.runId(), scan.describe(), error);
      dispatcher.fatal(error);
      if (slot.complete(null)) {
        dispatcher.release();
      }
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      slot.leave();
    }
  }

  private void watch(ScanSlot slot) {
    boolean overdue = slot.interruptOverdue(() -> RunEvents.LOG.warn(
        "run {}: {} is still running {} after its timeout of {}; interrupting it", run.runId(),
        slot.plan().describe(), Durations.format(config.timeoutGrace()), Durations.format(config.scanTimeout())));
    if (overdue) {
      timer.schedule(() -> abandonIfStuck(slot), config.timeoutGrace().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void abandonIfStuck(ScanSlot slot) {
    if (slot.isComplete()) {
      return;
    }
    Duration ran = Duration.ofNanos(System.nanoTime() - slot.startNanos());
    ScanOutcome abandoned = abandonedOutcome(slot.plan(), ScanStatus.TIMED_OUT, "scanner '"
        + slot.plan().scannerName() + "' did not stop at its timeout of " + Durations.format(config.scanTimeout())
        + " nor when interrupted; its thread was abandoned", ran);
    if (slot.abandon(abandoned)) {
      RunEvents.LOG.warn("run {}: {} ignored its timeout and the interrupt; abandoning its thread", run.runId(),
          slot.plan().describe());
      record(slot.plan().index(), abandoned);
      dispatcher.release();
    }
  }

  private void finish(ScanSlot slot, ScanOutcome outcome) {
    if (slot.complete(outcome)) {
      record(slot.plan().index(), outcome);
      dispatcher.release();
    } else {
      RunEvents.LOG.info("run {}: {} ended after it was already reported; its late result is ignored",
          run.runId(), slot.plan().describe());
    }
  }

  private ScanOutcome outcome(int index) {
    synchronized (outcomes) {
      return outcomes[index];
    }
  }

  private void record(int index, ScanOutcome outcome) {
    synchronized (outcomes) {
      outcomes[index] = outcome;
    }
    shares.finished(plan.get(index));
    events.scanFinished(outcome.result());
  }

  private ScanOutcome skippedOutcome(PlannedScan scan, String reason) {
    ScanResult result = ScanResult.builder(scan.scannerName(), scan.account(), ScanStatus.SKIPPED).reason(reason)
        .startedAt(config.clock().instant()).build();
    return new ScanOutcome(result, execution.aggregate(result, null), List.of());
  }

  private ScanOutcome abandonedOutcome(PlannedScan scan, ScanStatus status, String reason, Duration ran) {
    ScanResult result = ScanResult.builder(scan.scannerName(), scan.account(), status).reason(reason)
        .startedAt(config.clock().instant().minus(ran)).duration(ran).build();
    return new ScanOutcome(result, execution.aggregate(result, null), List.of());
  }

  private RunOutcome assemble(boolean cancelled) {
    List<ScanOutcome> all;
    synchronized (outcomes) {
      all = List.of(outcomes);
    }
    Instant finishedAt = config.clock().instant();
    List<PostureReport> partials = new ArrayList<>();
    List<ScanResult> results = new ArrayList<>();
    List<StagedFile> files = new ArrayList<>();
    List<RunManifest.Scan> entries = new ArrayList<>();
    List<RunManifest.Input> inputs = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (ScanOutcome outcome : all) {
      ScanResult result = outcome.result();
      partials.add(outcome.partial());
      results.add(result);
      inputs.addAll(outcome.inputs());
      List<String> artifactKeys = new ArrayList<>();
      String prefix = SiteLayout.scanPrefix(run.runId(), result.account().provider(), result.account().id(),
          result.scanner());
      for (Artifact artifact : result.artifacts()) {
        String key = SiteLayout.requireSafeKey(prefix + SiteLayout.relativePath(artifact.name()));
        if (keys.add(key)) {
          files.add(new StagedFile(key, artifact.file(), artifact.mediaType()));
          artifactKeys.add(key);
        }
      }
      entries.add(RunManifest.Scan.of(result, artifactKeys));
    }
    // a shard may own no account: its (empty) report still has to be published for the merge
    PostureReport merged = partials.isEmpty() ? aggregator.start(run).finish() : aggregator.merge(partials);
    PostureReport report = merged.toBuilder().generatedAt(finishedAt)
        .suppressions(SuppressionMatcher.compile(config.suppressions(), run.startedAt()).section(partials)).build();
    String muted = SuppressionMatcher.summary(report.suppressions());
    if (muted != null) {
      RunEvents.LOG.info("run {}: {}", run.runId(), muted);
    }
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, run.runId(), run.startedAt(), finishedAt,
        cancelled, entries, inputs);
    files.add(config.shard().isWhole() ? writeManifest(manifest, runDirectory)
        : writeManifest(manifest, runDirectory, SiteLayout.shardManifest(run.runId(), config.shard())));
    return new RunOutcome(report, results, manifest, files, runDirectory, config.shard());
  }

  /**
   * Writes a manifest into a run directory and returns it staged under {@code runs/<run-id>/manifest.json}.
   *
   * @param manifest the manifest
   * @param runDirectory the run's directory
   * @return the staged file
   */
  static StagedFile writeManifest(RunManifest manifest, Path runDirectory) {
    return writeManifest(manifest, runDirectory, SiteLayout.manifest(manifest.runId()));
  }

  /**
   * Writes a manifest into a run directory and returns it staged under a given key.
   *
   * @param manifest the manifest
   * @param runDirectory the run's directory
   * @param key where it is published
   * @return the staged file
   */
  static StagedFile writeManifest(RunManifest manifest, Path runDirectory, String key) {
    Path file = runDirectory.resolve("manifest.json");
    try {
      Files.write(file, manifest.toBytes());
    } catch (IOException e) {
      throw new SecpostureException("cannot write the run manifest " + file + ": " + e.getMessage(), e);
    }
    return new StagedFile(key, file, "application/json");
  }

  static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
