package io.secposture.core.internal.pipeline;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.ConfigurationException;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanRequest;
import io.secposture.api.SecpostureException;
import io.secposture.core.Redactor;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Not public API: the {@code aggregate} path. Collects the files of the given paths (folders walked in sorted
 * order, hidden entries skipped), sniffs each with the discovered parsers, parses them concurrently (each into its
 * own aggregation, so a file that fails contributes nothing but its failure), and merges the reports.
 */
public final class FileAggregation {

  private record Candidate(Path file, String source, boolean explicit) {
  }

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
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
          files = walk.filter(path -> !hidden(input, path)).filter(Files::isRegularFile)
              .sorted((a, b) -> input.relativize(a).toString().compareTo(input.relativize(b).toString())).toList();
        } catch (IOException | UncheckedIOException e) {
          throw new ConfigurationException("cannot list the input folder " + input + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
          if (seen.add(real(file))) {
            candidates.add(new Candidate(file, file.toString(), false));
          }
        }
      } else if (seen.add(real(input))) {
        candidates.add(new Candidate(input, input.toString(), true));
      }
    }
    return candidates;
  }

  private static boolean hidden(Path root, Path path) {
    for (Path part : root.relativize(path)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
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

    Execution(PipelineConfig config, RunInfo run, Path runDirectory) {
      this.config = config;
      this.run = run;
      this.runDirectory = runDirectory;
      this.aggregator = config.plugins().aggregator(config.aggregatorName());
      this.events = new RunEvents(run, config.listeners(), "files");
    }

    RunOutcome run(List<Candidate> candidates) {
      List<Candidate> accepted = new ArrayList<>();
      List<ReportParser> parsers = new ArrayList<>();
      List<FileResult> results = new ArrayList<>();
      for (Candidate candidate : candidates) {
        ReportParser parser;
        try {
          parser = config.plugins().parserFor(ReportSource.of(candidate.file())).orElse(null);
        } catch (UncheckedIOException e) {
          results.add(failed(candidate, null, "cannot read the file: " + e.getMessage()));
          continue;
        } catch (RuntimeException e) {
          results.add(failed(candidate, null, "a parser failed while looking at the file: "
              + SafeThrowables.describe(e, Redactor.none())));
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
      events.runStarted(accepted.size() + results.size(), "(" + candidates.size() + " files found, "
          + (candidates.size() - accepted.size() - results.size()) + " ignored), at most " + config.concurrency()
          + " at a time");
      for (FileResult result : results) {
        events.parseFailed(null, null, result.failure());
        events.fileDone(result.input().source(), "failed: " + result.failure().reason(), false);
      }
      boolean cancelled = parseAll(accepted, parsers, results);
      return assemble(results, cancelled);
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
      try {
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
          }
        }
      } catch (ExecutionException e) {
        pool.shutdownNow();
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        throw new SecpostureException("aggregating run " + run.runId() + " failed: " + cause, cause);
      }
      return cancelled;
    }

    private FileResult settleCancelled(Future<FileResult> future, Candidate candidate, ReportParser parser)
        throws ExecutionException {
      try {
        if (!future.isCancelled()) {
          return future.get(config.cancelGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
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
      String failure;
      try {
        ParsedReport parsed = parser.parse(ReportSource.of(candidate.file()), aggregation);
        if (parsed == null) {
          throw new IllegalStateException("parser '" + parser.name() + "' returned no report");
        }
        aggregation.add(parsed);
        PostureReport partial = aggregation.finish();
        events.fileDone(candidate.source(), "(" + parser.name() + ", " + parsed.findings() + " findings) in "
            + Durations.format(Duration.ofNanos(System.nanoTime() - started)), true);
        return new FileResult(partial, new RunManifest.Input(candidate.source(), null, parser.name(),
            parsed.findings(), null), null);
      } catch (ReportParseException e) {
        failure = e.getMessage();
      } catch (RuntimeException e) {
        failure = "parser '" + parser.name() + "' failed: " + SafeThrowables.describe(e, Redactor.none());
        RunEvents.LOG.debug("run {}: parsing {} failed", run.runId(), candidate.source(), e);
      }
      FileResult result = failed(candidate, parser, failure);
      events.parseFailed(null, null, result.failure());
      events.fileDone(candidate.source(), "failed: " + failure, false);
      return result;
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
        } else {
          failures.addFailedInput(result.failure());
        }
      }
      partials.add(failures.finish());
      PostureReport report = aggregator.merge(partials).toBuilder().generatedAt(finishedAt).build();
      inputs.sort(java.util.Comparator.comparing(RunManifest.Input::source));
      RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, run.runId(), run.startedAt(), finishedAt,
          cancelled, List.of(), inputs);
      RunOutcome outcome = new RunOutcome(report, List.of(), manifest,
          List.of(ScanRun.writeManifest(manifest, runDirectory)), runDirectory, config.plugins());
      events.runFinished(outcome, report.failedInputs().size() + " failed input(s), "
          + report.findings().flagged() + " findings flagged");
      if (cancelled) {
        Thread.currentThread().interrupt();
      }
      return outcome;
    }
  }
}
