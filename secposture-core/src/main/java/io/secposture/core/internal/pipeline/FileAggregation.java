package io.secposture.core.internal.pipeline;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.ConfigurationException;
import io.secposture.api.FindingSink;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanRequest;
import io.secposture.core.Redactor;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.core.ScanFolder;
import io.secposture.core.internal.suppress.SuppressionMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Not public API: the {@code aggregate} path. Collects the files of the given paths, sniffs each with the discovered
 * parsers, counts each scanner run once (files of one run in several formats, {@link ReportParser#runOf}: the
 * others are listed in the manifest as "same run, not counted"), parses the rest concurrently (each into its own
 * aggregation, so a file that fails, even with an {@link Error} such as {@link OutOfMemoryError}, contributes
 * nothing but its failure), and merges the reports. A file whose parser says the scanner's run was incomplete
 * ({@link ParsedReport#partialReason()}) gives PARTIAL rows, as the same files do in a scan.
 *
 * <p>Folders are untrusted scanner output: they are walked with {@link ScanFolder} in sorted order, hidden entries
 * skipped, never following a symbolic link (each link is listed in the manifest as skipped, with a warning in the
 * log), and their files are opened without following links. A file named directly among the inputs is the user's
 * choice and is read even if it is a link the user made.
 */
public final class FileAggregation {

  /**
   * One file found.
   *
   * @param file the file
   * @param source the file as the user knows it
   * @param explicit true if the user named it
   * @param folder the folder it was found in, which opens it without following links; null for a named file
   * @param skipped why it is left out without being read (a link, a special file); null to read it
   */
  private record Candidate(Path file, String source, boolean explicit, ScanFolder folder, String skipped) {
    ReportSource reportSource() {
      return folder == null ? ReportSource.of(file) : ReportSource.of(file, null, folder::open);
    }
  }

  /**
   * What one file gave.
   *
   * @param partial its report; null when it failed or was not counted
   * @param input its manifest entry
   * @param failure why it failed; null when it was parsed or not counted
   */
  private record FileResult(PostureReport partial, RunManifest.Input input, InputFailure failure) {
  }

  private FileAggregation() {
  }

  /**
   * Parses and aggregates existing scanner outputs, blocking until done.
   *
   * @param config the pipeline configuration
   * @param runId the run id of the report
   * @param inputs files and folders
   * @return the outcome; {@link RunOutcome#hasFailedInputs()} tells whether any input failed
   * @throws ConfigurationException listing every problem (missing inputs, no parser, no aggregator)
   */
  public static RunOutcome execute(PipelineConfig config, String runId, List<Path> inputs) {
    List<String> problems = new ArrayList<>();
    try {
      ScanRequest.requireRunId(runId);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    RunPlanner.checkAggregator(config, problems);
    if (config.plugins().parsers().isEmpty()) {
      problems.add("no report parsers are available; add io.secposture:secposture-scoutsuite or"
          + " io.secposture:secposture-prowler to the classpath");
    }
    if (inputs.isEmpty()) {
      problems.add("no inputs given; name the scanner output files or folders to aggregate");
    }
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        problems.add("input " + input + " does not exist");
      }
    }
    Path given = config.workDirectory() == null || !problems.isEmpty() ? null
        : config.workDirectory().resolve(runId);
    RunPlanner.checkRunDirectory(given, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Path runDirectory = given != null ? given : ScanRun.temporaryWorkDirectory().resolve(runId);
    try {
      Files.createDirectories(runDirectory);
    } catch (IOException e) {
      throw new ConfigurationException("cannot create the run directory " + runDirectory + ": " + e.getMessage(), e);
    }
    RunInfo run = new RunInfo(runId, config.clock().instant());
    return new Execution(config, run, runDirectory).run(collect(inputs));
  }

  private static List<Candidate> collect(List<Path> inputs) {
    List<Candidate> candidates = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        ScanFolder folder;
        ScanFolder.Listing listing;
        try {
          folder = ScanFolder.of(input);
          listing = folder.listVisible();
        } catch (UncheckedIOException e) {
          throw new ConfigurationException("cannot list the input folder " + input + ": " + e.getMessage(), e);
        }
        for (Path file : listing.files()) {
          Path shown = input.resolve(folder.relativeName(file));
          if (seen.add(real(file))) {
            candidates.add(new Candidate(shown, shown.toString(), false, folder, null));
          }
        }
        for (ScanFolder.Skipped skipped : listing.skipped()) {
          candidates.add(new Candidate(skipped.path(), input.resolve(skipped.name()).toString(), false, folder,
              skipped.reason()));
        }
      } else if (seen.add(real(input))) {
        // the user named this file, so a link they made is theirs to follow: resolved here, once, so that parsers
        // which open files without following links (as they do for scanner folders) read it too
        candidates.add(new Candidate(real(input), input.toString(), true, null, null));
      }
    }
    return candidates;
  }

  private static Path real(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  /** One aggregation of files. */
  private static final class Execution {
    private final PipelineConfig config;
    private final RunInfo run;
    private final Path runDirectory;
    private final Aggregator aggregator;
    private final RunEvents events;
    private final SuppressionMatcher suppressions;
    private final SuppressionMatcher.Scope suppressionScope;

    Execution(PipelineConfig config, RunInfo run, Path runDirectory) {
      this.config = config;
      this.run = run;
      this.runDirectory = runDirectory;
      this.aggregator = config.plugins().aggregator(config.aggregatorName());
      this.events = new RunEvents(run, config.listeners(), "files");
      this.suppressions = SuppressionMatcher.compile(config.suppressions(), run.startedAt());
      // files carry no inventory: only account ids match, entries with labels match nothing
      this.suppressionScope = suppressions.forAccount(null);
    }

    RunOutcome run(List<Candidate> candidates) {
      List<Candidate> accepted = new ArrayList<>();
      List<ReportParser> parsers = new ArrayList<>();
      List<FileResult> results = new ArrayList<>();
      List<FileResult> notCounted = new ArrayList<>();
      for (Candidate candidate : candidates) {
        if (candidate.skipped() != null) {
          RunEvents.LOG.warn("run {}: skipped {}: {}", run.runId(), candidate.source(), candidate.skipped());
          notCounted.add(notCounted(candidate, null, candidate.skipped()));
          continue;
        }
        ReportParser parser;
        try {
          parser = config.plugins().parserFor(candidate.reportSource()).orElse(null);
        } catch (UncheckedIOException e) {
          results.add(failed(candidate, null, "cannot read the file: " + e.getMessage()));
          continue;
        } catch (Throwable e) {
          results.add(failed(candidate, null, "a parser failed while looking at the file: "
              + SafeThrowables.describe(e, Redactor.none()) + SafeThrowables.advice(e, candidate.source())));
          continue;
        }
        if (parser != null) {
          accepted.add(candidate);
          parsers.add(parser);
        } else if (candidate.explicit()) {
          results.add(failed(candidate, null, "no parser reads this file; known formats: "
              + config.plugins().parsers().keySet()));
        } else {
          RunEvents.LOG.debug("run {}: ignoring {}: no parser reads it", run.runId(), candidate.source());
        }
      }
      sameRun(accepted, parsers, notCounted);
      long ignored = candidates.size() - accepted.size() - results.size() - notCounted.size();
      events.runStarted(accepted.size() + results.size(), "(" + candidates.size() + " files found, " + ignored
          + " ignored" + (notCounted.isEmpty() ? "" : ", " + notCounted.size() + " not counted") + "), at most "
          + config.concurrency() + " at a time");
      for (FileResult result : results) {
        events.parseFailed(null, null, result.failure());
        events.fileDone(result.input().source(), "failed: " + result.failure().reason(), false);
      }
      boolean cancelled = parseAll(accepted, parsers, results);
      results.addAll(notCounted);
      return assemble(results, cancelled);
    }

    /** Removes the files that repeat another file of the same scanner run from those to parse. */
    private void sameRun(List<Candidate> accepted, List<ReportParser> parsers, List<FileResult> notCounted) {
      List<SameRunFiles.Candidate> members = new ArrayList<>(accepted.size());
      for (int i = 0; i < accepted.size(); i++) {
        members.add(new SameRunFiles.Candidate(accepted.get(i).source(), parsers.get(i),
            accepted.get(i).reportSource()));
      }
      Map<Integer, String> duplicates = SameRunFiles.duplicates(members);
      if (duplicates.isEmpty()) {
        return;
      }
      List<Candidate> keptFiles = new ArrayList<>();
      List<ReportParser> keptParsers = new ArrayList<>();
      for (int i = 0; i < accepted.size(); i++) {
        String why = duplicates.get(i);
        if (why == null) {
          keptFiles.add(accepted.get(i));
          keptParsers.add(parsers.get(i));
        } else {
          RunEvents.LOG.info("run {}: {}: {}", run.runId(), accepted.get(i).source(), why);
          notCounted.add(withRequirements(notCounted(accepted.get(i), parsers.get(i), why), members.get(i)));
        }
      }
      accepted.clear();
      accepted.addAll(keptFiles);
      parsers.clear();
      parsers.addAll(keptParsers);
    }

    /** Gives a file left out as a duplicate what it adds to the compliance section, as its partial report. */
    private FileResult withRequirements(FileResult notCounted, SameRunFiles.Candidate candidate) {
      Aggregation aggregation = aggregator.start(run);
      SameRunFiles.addRequirements(candidate, aggregation, Redactor.none());
      PostureReport partial = config.complianceFrameworks().apply(aggregation.finish());
      return partial.compliance().isEmpty() ? notCounted
          : new FileResult(partial, notCounted.input(), notCounted.failure());
    }

    /** Parses the accepted files concurrently; returns true if the run was cancelled. */
    private boolean parseAll(List<Candidate> accepted, List<ReportParser> parsers, List<FileResult> results) {
      if (accepted.isEmpty()) {
        return false;
      }
      int threads = Math.min(config.concurrency(), accepted.size());
      ExecutorService pool = Executors.newFixedThreadPool(threads, ScanRun.threads("secposture-aggregate"));
      List<Future<FileResult>> futures = new ArrayList<>();
      for (int i = 0; i < accepted.size(); i++) {
        Candidate candidate = accepted.get(i);
        ReportParser parser = parsers.get(i);
        futures.add(pool.submit(() -> parseOne(candidate, parser)));
      }
      pool.shutdown();
      boolean cancelled = false;
      for (int i = 0; i < futures.size(); i++) {
        Future<FileResult> future = futures.get(i);
        if (cancelled) {
          results.add(settleCancelled(future, accepted.get(i), parsers.get(i)));
          continue;
        }
        try {
          results.add(future.get());
        } catch (InterruptedException e) {
          cancelled = true;
          RunEvents.LOG.warn("run {}: cancelled; files not parsed yet are listed as failed", run.runId());
          futures.forEach(f -> f.cancel(false));
          results.add(settleCancelled(future, accepted.get(i), parsers.get(i)));
        } catch (ExecutionException e) {
          results.add(crashed(accepted.get(i), parsers.get(i), e.getCause()));
        }
      }
      return cancelled;
    }

    /** The result of a file whose handling threw past {@link #parseOne}'s own guard: it fails alone. */
    private FileResult crashed(Candidate candidate, ReportParser parser, Throwable error) {
      String reason = "handling the file failed: " + SafeThrowables.describe(error, Redactor.none())
          + SafeThrowables.advice(error, candidate.source());
      RunEvents.LOG.warn("run {}: {}: {}", run.runId(), candidate.source(), reason, error);
      FileResult result = failed(candidate, parser, reason);
      events.fileDone(candidate.source(), "failed: " + reason, false);
      return result;
    }

    private FileResult settleCancelled(Future<FileResult> future, Candidate candidate, ReportParser parser) {
      try {
        if (!future.isCancelled()) {
          return future.get(config.cancelGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (ExecutionException e) {
        return crashed(candidate, parser, e.getCause());
      } catch (InterruptedException | TimeoutException | java.util.concurrent.CancellationException e) {
        // settled below
      }
      FileResult failed = failed(candidate, parser, "not parsed: the run was cancelled");
      events.fileDone(candidate.source(), "not parsed: the run was cancelled", false);
      return failed;
    }

    private FileResult parseOne(Candidate candidate, ReportParser parser) {
      long started = System.nanoTime();
      Aggregation aggregation = aggregator.start(run);
      SuppressionMatcher.Counter muted = suppressions.counter();
      FindingSink sink = suppressionScope.isEmpty() ? aggregation : finding -> {
        String suppressedBy = suppressionScope.match(finding, muted);
        aggregation.accept(suppressedBy == null ? finding : SuppressionMatcher.muted(finding));
      };
      String failure;
      try {
        ParsedReport parsed = parser.parse(candidate.reportSource(), sink);
        if (parsed == null) {
          throw new IllegalStateException("parser '" + parser.name() + "' returned no report");
        }
        aggregation.add(muted.withoutMuted(parsed));
        PostureReport partial = aggregation.finish();
        if (!muted.isEmpty()) {
          partial = partial.toBuilder().suppressions(suppressions.used(muted)).build();
        }
        partial = config.complianceFrameworks().apply(partial);
        events.fileDone(candidate.source(), "(" + parser.name() + ", " + parsed.findings() + " findings) in "
            + Durations.format(Duration.ofNanos(System.nanoTime() - started)), true);
        return new FileResult(partial, new RunManifest.Input(candidate.source(), null, parser.name(),
            parsed.findings(), null), null);
      } catch (ReportParseException e) {
        failure = e.getMessage();
      } catch (Throwable e) {
        failure = "parser '" + parser.name() + "' failed: " + SafeThrowables.describe(e, Redactor.none())
            + SafeThrowables.advice(e, candidate.source() + sizeOf(candidate.file()));
        if (e instanceof Error) {
          RunEvents.LOG.warn("run {}: parsing {} threw an error; this file fails, the others go on", run.runId(),
              candidate.source(), e);
        } else {
          RunEvents.LOG.debug("run {}: parsing {} failed", run.runId(), candidate.source(), e);
        }
      }
      FileResult result = failed(candidate, parser, failure);
      events.parseFailed(null, null, result.failure());
      events.fileDone(candidate.source(), "failed: " + failure, false);
      return result;
    }

    private static String sizeOf(Path file) {
      try {
        long bytes = Files.size(file);
        return bytes >= 10L << 20 ? " (" + (bytes >> 20) + " MB)" : " (" + bytes + " bytes)";
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }

    private static FileResult notCounted(Candidate candidate, ReportParser parser, String why) {
      return new FileResult(null, new RunManifest.Input(candidate.source(), null,
          parser == null ? null : parser.name(), 0, null, why), null);
    }

    private static FileResult failed(Candidate candidate, ReportParser parser, String reason) {
      InputFailure failure = new InputFailure(candidate.source(), reason);
      return new FileResult(null, new RunManifest.Input(candidate.source(), null,
          parser == null ? null : parser.name(), 0, reason), failure);
    }

    private RunOutcome assemble(List<FileResult> results, boolean cancelled) {
      Instant finishedAt = config.clock().instant();
      List<PostureReport> partials = new ArrayList<>();
      Aggregation failures = aggregator.start(run);
      List<RunManifest.Input> inputs = new ArrayList<>();
      for (FileResult result : results) {
        inputs.add(result.input());
        if (result.partial() != null) {
          partials.add(result.partial());
        } else if (result.failure() != null) {
          failures.addFailedInput(result.failure());
        }
      }
      partials.add(failures.finish());
      PostureReport report = aggregator.merge(partials).toBuilder().generatedAt(finishedAt)
          .suppressions(suppressions.section(partials)).build();
      String muted = SuppressionMatcher.summary(report.suppressions());
      if (muted != null) {
        RunEvents.LOG.info("run {}: {}", run.runId(), muted);
      }
      inputs.sort(java.util.Comparator.comparing(RunManifest.Input::source));
      RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, run.runId(), run.startedAt(), finishedAt,
          cancelled, List.of(), inputs);
      RunOutcome outcome = new RunOutcome(report, List.of(), manifest,
          List.of(ScanRun.writeManifest(manifest, runDirectory)), runDirectory);
      events.runFinished(outcome, report.failedInputs().size() + " failed input(s), "
          + report.findings().flagged() + " findings flagged");
      if (cancelled) {
        Thread.currentThread().interrupt();
      }
      return outcome;
    }
  }
}
