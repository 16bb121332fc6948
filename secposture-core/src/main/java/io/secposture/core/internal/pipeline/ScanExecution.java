package io.secposture.core.internal.pipeline;

import io.secposture.api.AccountStats;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import io.secposture.core.FindingsFile;
import io.secposture.core.Redactor;
import io.secposture.core.RunDiffer;
import io.secposture.core.RunManifest;
import io.secposture.core.ScanFolder;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.suppress.SuppressionMatcher;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Not public API: runs one scan and turns it into its contribution to the run: calls the scanner with a fresh
 * output directory, makes its result trustworthy (the pipeline's account, scanner name and timing; every text
 * redacted; artifacts that are regular files inside the output directory, reached without a symbolic link, with a
 * warning naming every link or special file the scanner left there), parses every results file all-or-nothing into
 * the scan's own aggregation and findings file (files of one scanner run in several formats once, each opened
 * without following links), and finishes the scan's partial report. Around the scanner call it leases short-lived
 * credentials from the credential broker (when the account's kind is chained) and applies the scan's share of the
 * rate budget to its options.
 *
 * <p>Whatever the scanner, a parser or the aggregator throws, an {@link Error} such as {@link OutOfMemoryError}
 * included, fails this scan only, with a reason saying what to do; the run goes on with the other accounts.
 *
 * <p>Thread-safe: one instance serves every scan of a run, each call on its own thread.
 */
final class ScanExecution {
  private final RunInfo run;
  private final Plugins plugins;
  private final Aggregator aggregator;
  private final Path runDirectory;
  private final Duration timeout;
  private final Duration timeoutGrace;
  private final Settings jobOptions;
  private final Clock clock;
  private final RunEvents events;
  private final CredentialBroker broker;
  private final RateShares shares;
  private final SuppressionMatcher suppressions;
  private final ComplianceFrameworks complianceFrameworks;

  ScanExecution(RunInfo run, PipelineConfig config, Aggregator aggregator, Path runDirectory, RunEvents events,
      RateShares shares) {
    this.run = run;
    this.plugins = config.plugins();
    this.aggregator = aggregator;
    this.runDirectory = runDirectory;
    this.timeout = config.scanTimeout();
    this.timeoutGrace = config.timeoutGrace();
    this.jobOptions = config.scannerOptions();
    this.clock = config.clock();
    this.events = events;
    this.broker = config.credentialBroker();
    this.shares = shares;
    this.suppressions = SuppressionMatcher.compile(config.suppressions(), run.startedAt());
    this.complianceFrameworks = config.complianceFrameworks();
  }

  /**
   * Runs the slot's scan on the calling thread. Anything the scanner, the parsers and the aggregator throw, errors
   * included, is turned into a FAILED result.
   *
   * @param slot the scan, already begun on this thread
   * @return the outcome
   */
  ScanOutcome execute(ScanSlot slot) {
    PlannedScan plan = slot.plan();
    CloudAccount account = plan.account();
    Redactor redactor = Redactor.of(account.credentials());
    Instant startedAt = clock.instant();
    long startNanos = System.nanoTime();
    Path directory = SiteLayout.scanDirectory(runDirectory, account.provider(), account.id(), plan.scannerName());
    ScanFolder folder;
    try {
      Files.createDirectories(directory);
      // taken before the scanner runs: a scanner that replaces its folder (with a link elsewhere) gets it refused
      folder = ScanFolder.of(directory);
    } catch (IOException | UncheckedIOException e) {
      return failedBeforeScan(slot, startedAt, startNanos, "cannot create the scan's output directory " + directory
          + ": " + e.getMessage());
    }
    CredentialLease lease;
    try {
      lease = lease(account);
    } catch (Throwable e) {
      String reason = "could not obtain " + account.credentials().kind() + " credentials for account "
          + account.key() + ": " + SafeThrowables.describe(e, redactor) + SafeThrowables.advice(e, null);
      if (RunEvents.LOG.isDebugEnabled()) {
        RunEvents.LOG.debug("run {}: leasing credentials for {} failed", run.runId(), account.key(),
            SafeThrowables.redactedCopy(e, redactor));
      }
      return failedBeforeScan(slot, startedAt, startNanos, reason);
    }
    Credentials credentials = lease.credentials();
    redactor = Redactor.of(account.credentials(), credentials);
    Settings options = shares.apply(account.provider(), jobOptions.with(account.options()));
    ScanRequest request = new ScanRequest(run.runId(), account, credentials, directory, timeout, options);
    ScanResult raw = null;
    String failure = null;
    try {
      raw = plan.scanner().scan(request);
      if (raw == null) {
        failure = "scanner '" + plan.scannerName() + "' returned no result for account " + account.key();
      }
    } catch (Throwable e) {
      failure = "scanner '" + plan.scannerName() + "' failed for account " + account.key() + ": "
          + SafeThrowables.describe(e, redactor.and(Redactor.of(lease.secrets()))) + SafeThrowables.advice(e, null);
      if (e instanceof Error) {
        RunEvents.LOG.warn("run {}: scanner {} threw an error for {}; this scan fails, the others go on",
            run.runId(), plan.scannerName(), account.key(),
            SafeThrowables.redactedCopy(e, redactor.and(Redactor.of(lease.secrets()))));
      } else if (RunEvents.LOG.isDebugEnabled()) {
        RunEvents.LOG.debug("run {}: scanner {} threw for {}", run.runId(), plan.scannerName(), account.key(),
            SafeThrowables.redactedCopy(e, redactor.and(Redactor.of(lease.secrets()))));
      }
    } finally {
      release(lease, account);
    }
    Redactor served = servedOnly(lease);
    redactor = redactor.and(served);
    boolean overdue = slot.endScanning();
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
    if (slot.isComplete()) {
      // abandoned while the scanner ran: its outcome is settled, so its files are neither parsed nor published
      ScanResult late = ScanResult.builder(plan.scannerName(), account, ScanStatus.FAILED).startedAt(startedAt)
          .duration(duration).reason("abandoned").build();
      return new ScanOutcome(late, PostureReport.empty(run), List.of());
    }
    ScanResult result = normalise(plan, raw, failure, overdue, slot.cancelled(), startedAt, duration, folder,
        redactor);
    if (!served.isEmpty()) {
      redactLogs(result, served, folder);
    }
    if (!result.status().hasResults()) {
      return new ScanOutcome(result, aggregate(result, null), List.of());
    }
    return parse(plan, result, folder, redactor);
  }

  /**
   * Returns the outcome of a scan whose processing threw past every guard of {@link #execute(ScanSlot)}: FAILED with
   * what was thrown and what to do, so that the run goes on with the other accounts.
   *
   * @param slot the scan
   * @param error what was thrown
   * @return the outcome
   */
  ScanOutcome crashed(ScanSlot slot, Throwable error) {
    PlannedScan plan = slot.plan();
    Redactor redactor = Redactor.of(plan.account().credentials());
    String reason = "scan of account " + plan.account().key() + " by scanner '" + plan.scannerName()
        + "' failed unexpectedly: " + SafeThrowables.describe(error, redactor) + SafeThrowables.advice(error, null);
    RunEvents.LOG.error("run {}: {}", run.runId(), reason, SafeThrowables.redactedCopy(error, redactor));
    slot.endScanning();
    ScanResult failed = ScanResult.builder(plan.scannerName(), plan.account(), ScanStatus.FAILED)
        .startedAt(clock.instant()).reason(reason).build();
    return new ScanOutcome(failed, aggregate(failed, null), List.of());
  }

  private ScanOutcome failedBeforeScan(ScanSlot slot, Instant startedAt, long startNanos, String reason) {
    slot.endScanning();
    PlannedScan plan = slot.plan();
    ScanResult failed = ScanResult.builder(plan.scannerName(), plan.account(), ScanStatus.FAILED)
        .startedAt(startedAt).duration(Duration.ofNanos(System.nanoTime() - startNanos)).reason(reason).build();
    return new ScanOutcome(failed, aggregate(failed, null), List.of());
  }

  /**
   * Returns the credentials a scan uses: a lease from the broker when it chains the account's credential kind,
   * else the account's own.
   */
  private CredentialLease lease(CloudAccount account) {
    Credentials own = account.credentials();
    if (broker == null || !broker.kinds().contains(own.kind())) {
      return CredentialLease.of(own);
    }
    CredentialLease lease = broker.lease(account, own);
    if (lease == null) {
      throw new IllegalStateException("credential broker " + broker.getClass().getName() + " returned no lease");
    }
    RunEvents.LOG.debug("run {}: leased {} credentials for {}: {}", run.runId(), own.kind(), account.key(),
        lease.credentials());
    return lease;
  }

  /**
   * Returns a redactor for what a lease handed out beyond the credentials the scanner received (keys served by an
   * endpoint, tokens written to files): the scanner's process runner masked only the latter in its logs.
   */
  private static Redactor servedOnly(CredentialLease lease) {
    List<Secret> known = Redactor.secretsOf(lease.credentials());
    List<Secret> served = new ArrayList<>();
    for (Secret secret : lease.secrets()) {
      if (!known.contains(secret)) {
        served.add(secret);
      }
    }
    return served.isEmpty() ? Redactor.none() : Redactor.of(served);
  }

  /**
   * Masks a lease's served secrets in the scan's log files, line by line, before they are published; each log is
   * read without following links.
   */
  private void redactLogs(ScanResult result, Redactor served, ScanFolder folder) {
    for (Artifact artifact : result.artifacts(ArtifactRole.LOG)) {
      Path file = artifact.file();
      Path masked = file.resolveSibling(file.getFileName() + ".masked");
      try {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(folder.open(file),
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
            BufferedWriter out = Files.newBufferedWriter(masked, StandardCharsets.UTF_8)) {
          String line;
          while ((line = in.readLine()) != null) {
            out.write(served.redact(line));
            out.write('\n');
          }
        }
        Files.move(masked, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | UncheckedIOException e) {
        deleteQuietly(masked);
        RunEvents.LOG.warn("run {}: cannot mask served credentials in {}: {}; its content is withheld", run.runId(),
            file.getFileName(), e.getMessage());
        withhold(file);
      }
    }
  }

  private static void withhold(Path file) {
    try {
      Files.writeString(file, "secposture withheld this log: it could not be checked for credentials\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      RunEvents.LOG.warn("cannot overwrite {}: {}", file, e.getMessage());
    }
  }

  private void release(CredentialLease lease, CloudAccount account) {
    try {
      lease.close();
    } catch (RuntimeException e) {
      RunEvents.LOG.warn("run {}: ending the credential lease of {} failed: {}", run.runId(), account.key(),
          e.getClass().getSimpleName());
    }
  }

  private ScanResult normalise(PlannedScan plan, ScanResult raw, String failure, boolean overdue, boolean cancelled,
      Instant startedAt, Duration duration, ScanFolder folder, Redactor redactor) {
    ScanResult.Builder builder;
    if (raw == null) {
      builder = ScanResult.builder(plan.scannerName(), plan.account(), ScanStatus.FAILED).reason(failure);
    } else {
      builder = ScanResult.builder(plan.scannerName(), plan.account(), raw.status()).exitCode(raw.exitCode())
          .reason(redactor.redact(raw.reason())).logTail(redactor.redact(raw.logTail()));
      raw.warnings().forEach(warning -> builder.warning(redactor.redact(warning)));
      keepPublishable(raw.artifacts(), folder, builder, redactor);
    }
    builder.startedAt(startedAt).duration(duration);
    String watchdog = "scanner '" + plan.scannerName() + "' did not stop at its timeout of " + Durations.format(timeout)
        + "; the pipeline interrupted it after " + Durations.format(timeout.plus(timeoutGrace));
    if (overdue && raw != null && raw.status().hasResults()) {
      builder.warning(watchdog + ", and it still finished with results");
    } else if (overdue) {
      String own = raw == null ? failure : redactor.redact(raw.reason());
      builder.status(ScanStatus.TIMED_OUT).reason(watchdog + (own == null ? "" : "; the scanner reported: " + own));
    } else if (cancelled && raw != null && !raw.status().hasResults() && raw.status() != ScanStatus.SKIPPED) {
      builder.reason("run cancelled: " + redactor.redact(raw.reason()));
    } else if (cancelled && raw == null) {
      builder.reason("run cancelled: " + failure);
    }
    return builder.build();
  }

  /**
   * Keeps the artifacts a publisher can publish: regular files inside the output directory reached without a link,
   * unique names. Every link or special file in the directory becomes a warning (once), whether or not the scanner
   * returned it as an artifact: the scanner's output is untrusted.
   */
  private static void keepPublishable(List<Artifact> artifacts, ScanFolder folder, ScanResult.Builder builder,
      Redactor redactor) {
    Path root = folder.path();
    ScanFolder.Listing listing;
    try {
      listing = folder.list();
    } catch (UncheckedIOException e) {
      builder.warning(redactor.redact("cannot list the scan's output directory (" + e.getMessage()
          + "); none of its " + artifacts.size() + " files are published"));
      return;
    }
    listing.warnings().forEach(warning -> builder.warning(redactor.redact(warning)));
    Set<Path> reported = new HashSet<>();
    listing.skipped().forEach(skipped -> reported.add(skipped.path()));
    Set<String> keys = new HashSet<>();
    for (Artifact artifact : artifacts) {
      String name = redactor.redact(artifact.name());
      Path file = artifact.file().toAbsolutePath().normalize();
      Optional<String> refusal = artifact.role() == ArtifactRole.FINDINGS ? Optional.empty() : folder.refusal(file);
      if (artifact.role() == ArtifactRole.FINDINGS) {
        builder.warning("artifact '" + name + "' has the role FINDINGS, which only the pipeline writes; not published");
      } else if (!file.startsWith(root) && !file.startsWith(folder.realPath())) {
        builder.warning("artifact '" + name + "' (" + file + ") is outside the scan's output directory; not published");
      } else if (refusal.isPresent()) {
        if (!reported.contains(file)) {
          builder.warning(redactor.redact("artifact '" + name + "' (" + file + ") " + refusal.get()
              + "; not published"));
        }
      } else if (!keys.add(SiteLayout.relativePath(artifact.name()))
          || SiteLayout.relativePath(artifact.name()).equals(FindingsFile.FILE_NAME)
          || SiteLayout.relativePath(artifact.name()).equals(RunDiffer.RESOLVED_FILE_NAME)) {
        builder.warning("artifact '" + name + "' has the same published name as another file; not published");
      } else {
        builder.artifact(file.equals(artifact.file()) ? artifact
            : new Artifact(file, artifact.name(), artifact.mediaType(), artifact.role()));
      }
    }
  }

  /**
   * Parses every results file of a scan that has results, each one all or nothing. Every file is sniffed first, so
   * that files of one scanner run written in several formats ({@link ReportParser#runOf(ReportSource)}) count once.
   */
  private ScanOutcome parse(PlannedScan plan, ScanResult result, ScanFolder folder, Redactor redactor) {
    Path directory = folder.path();
    CloudAccount account = plan.account();
    String scanKey = account.key() + "/" + plan.scannerName();
    String prefix = SiteLayout.scanPrefix(run.runId(), account.provider(), account.id(), plan.scannerName());
    List<Artifact> resultsFiles = result.artifacts(ArtifactRole.RESULTS);
    List<RunManifest.Input> inputs = new ArrayList<>();
    List<Path> segments = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> partialReasons = new ArrayList<>();
    ScanResult.Builder builder = result.toBuilder();
    Aggregation aggregation = aggregator.start(run);
    SuppressionMatcher.Scope scope = suppressions.forAccount(account);
    SuppressionMatcher.Counter muted = suppressions.counter();
    try {
      int count = resultsFiles.size();
      ReportSource[] sources = new ReportSource[count];
      ReportParser[] parsers = new ReportParser[count];
      String[] sniffFailures = new String[count];
      List<SameRunFiles.Candidate> accepted = new ArrayList<>();
      List<Integer> acceptedIndex = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Artifact artifact = resultsFiles.get(i);
        sources[i] = ReportSource.of(artifact.file(), account, folder::open);
        try {
          parsers[i] = plugins.parserFor(sources[i], plan.scannerName()).orElse(null);
          if (parsers[i] == null) {
            sniffFailures[i] = "no parser reads this file; known formats: " + plugins.parsers().keySet();
          }
        } catch (Throwable e) {
          sniffFailures[i] = "reading the file failed: " + SafeThrowables.describe(e, redactor)
              + SafeThrowables.advice(e, "results file " + artifact.name());
          logFailure(e, prefix + SiteLayout.relativePath(artifact.name()), redactor);
        }
        if (parsers[i] != null) {
          accepted.add(new SameRunFiles.Candidate(prefix + SiteLayout.relativePath(artifact.name()), parsers[i],
              sources[i]));
          acceptedIndex.add(i);
        }
      }
      String[] sameRun = new String[count];
      SameRunFiles.duplicates(accepted).forEach((index, why) -> sameRun[acceptedIndex.get(index)] = why);
      for (int i = 0; i < count; i++) {
        Artifact artifact = resultsFiles.get(i);
        String source = prefix + SiteLayout.relativePath(artifact.name());
        ReportParser parser = parsers[i];
        if (sameRun[i] != null) {
          inputs.add(new RunManifest.Input(source, scanKey, parser.name(), 0, null, redactor.redact(sameRun[i])));
          String warning = SameRunFiles.addRequirements(new SameRunFiles.Candidate(source, parser, sources[i]),
              aggregation, redactor);
          if (warning != null) {
            builder.warning(warning);
          }
          continue;
        }
        Path segment = directory.resolve(".findings-" + i + ".jsonl.gz.part");
        String failure = sniffFailures[i];
        ParsedReport parsed = null;
        KeptFindings kept = null;
        if (failure == null) {
          try {
            try (FindingsFile.Writer writer = FindingsFile.create(segment)) {
              kept = new KeptFindings(writer, scope, suppressions.counter());
              parsed = parser.parse(sources[i], kept);
            }
            if (parsed == null) {
              failure = "parser '" + parser.name() + "' returned no report";
            }
          } catch (ReportParseException e) {
            failure = redactor.redact(e.getMessage());
          } catch (Throwable e) {
            parsed = null;
            failure = "parser '" + parser.name() + "' failed: " + SafeThrowables.describe(e, redactor)
                + SafeThrowables.advice(e, "results file " + artifact.name() + sizeOf(artifact.file()));
            logFailure(e, source, redactor);
          }
        }
        if (failure != null) {
          deleteQuietly(segment);
          InputFailure inputFailure = new InputFailure(source, failure);
          aggregation.addFailedInput(inputFailure);
          builder.warning("could not parse " + artifact.name() + ": " + failure);
          failures.add(failure);
          inputs.add(new RunManifest.Input(source, scanKey, parser == null ? null : parser.name(), 0, failure));
          events.parseFailed(account, plan.scannerName(), inputFailure);
          continue;
        }
        long findings = kept.addTo(aggregation, segment);
        muted.add(kept.suppressed);
        aggregation.add(kept.suppressed.withoutMuted(parsed));
        segments.add(segment);
        inputs.add(new RunManifest.Input(source, scanKey, parser.name(), findings, null));
        warnAboutOtherAccounts(parsed, account, artifact.name(), builder, redactor);
        if (parsed.partialReason() != null) {
          partialReasons.add(redactor.redact(parsed.partialReason()));
        }
      }
      if (segments.isEmpty()) {
        builder.status(ScanStatus.FAILED).reason(resultsFiles.isEmpty()
            ? "scanner '" + plan.scannerName() + "' reported " + result.status() + " but returned no results file"
            : (resultsFiles.size() == 1 ? "its results file could not be parsed: "
                : "none of its " + resultsFiles.size() + " results files could be parsed; the first: ")
                + failures.get(0));
      } else {
        Path findings = directory.resolve(FindingsFile.FILE_NAME);
        concatenate(segments, findings);
        builder.artifact(new Artifact(findings, FindingsFile.FILE_NAME, FindingsFile.MEDIA_TYPE,
            ArtifactRole.FINDINGS));
        if (result.status() == ScanStatus.SUCCEEDED && !partialReasons.isEmpty()) {
          builder.status(ScanStatus.PARTIAL).reason("the scanner's results say its run was incomplete: "
              + partialReasons.get(0));
        }
      }
      ScanResult last = builder.build();
      aggregation.add(last);
      PostureReport partial = aggregation.finish();
      if (!muted.isEmpty()) {
        partial = partial.toBuilder().suppressions(suppressions.used(muted)).build();
      }
      return new ScanOutcome(last, complianceFrameworks.apply(partial), inputs);
    } catch (Throwable e) {
      segments.forEach(ScanExecution::deleteQuietly);
      String reason = "processing the results of scanner '" + plan.scannerName() + "' for account "
          + account.key() + " failed: " + SafeThrowables.describe(e, redactor) + SafeThrowables.advice(e, null);
      RunEvents.LOG.warn("run {}: {}", run.runId(), reason, SafeThrowables.redactedCopy(e, redactor));
      ScanResult failed = result.toBuilder().status(ScanStatus.FAILED).reason(reason).build();
      return new ScanOutcome(failed, aggregate(failed, null), inputs);
    }
  }

  /**
   * Writes a parse's findings to its findings file and keeps the first {@value #MAX_KEPT} in memory, as long as their
   * texts stay under {@value #MAX_KEPT_CHARS} characters, so that a file parsed whole adds them to the scan's
   * aggregation without reading the findings file back (gunzip and JSON again, which was a tenth of the job's own CPU
   * per scan); a larger file is read back, so the heap per scan stays bounded even when every finding carries texts
   * at the parsers' 64 KiB limit. The findings reach the aggregation only once the file parsed whole: a file is
   * counted all or nothing. A finding a suppression mutes is written and kept muted, with the suppression's id, and
   * counted in {@link #suppressed}, which the scan keeps only when the file counts.
   */
  private static final class KeptFindings implements FindingSink {
    private static final int MAX_KEPT = 2_000;
    private static final long MAX_KEPT_CHARS = 1L << 20;
    private final FindingsFile.Writer writer;
    private final SuppressionMatcher.Scope scope;
    final SuppressionMatcher.Counter suppressed;
    private List<Finding> kept = new ArrayList<>();
    private long keptChars;

    KeptFindings(FindingsFile.Writer writer, SuppressionMatcher.Scope scope, SuppressionMatcher.Counter suppressed) {
      this.writer = writer;
      this.scope = scope.isEmpty() ? null : scope;
      this.suppressed = suppressed;
    }

    @Override
    public void accept(Finding parsed) {
      String suppressedBy = scope == null ? null : scope.match(parsed, suppressed);
      Finding finding = suppressedBy == null ? parsed : SuppressionMatcher.muted(parsed);
      writer.accept(finding, suppressedBy);
      if (kept != null) {
        keptChars += textLength(finding);
        if (kept.size() < MAX_KEPT && keptChars <= MAX_KEPT_CHARS) {
          kept.add(finding);
        } else {
          kept = null;
        }
      }
    }

    /** The characters of a finding's free texts, the fields a scanner can make long. */
    private static long textLength(Finding finding) {
      return length(finding.title()) + length(finding.description()) + length(finding.remediation())
          + length(finding.resourceId()) + length(finding.ruleId()) + length(finding.region())
          + length(finding.service()) + length(finding.resourceType());
    }

    private static int length(String text) {
      return text == null ? 0 : text.length();
    }

    /** Adds every finding of the file to the aggregation; returns how many. */
    long addTo(Aggregation aggregation, Path segment) {
      if (kept == null) {
        return FindingsFile.read(segment, aggregation);
      }
      kept.forEach(aggregation::accept);
      return kept.size();
    }
  }

  /** Logs why one file failed: an error with its stack trace at WARN (it is rare and needs a look), else at DEBUG. */
  private void logFailure(Throwable e, String source, Redactor redactor) {
    if (e instanceof Error) {
      RunEvents.LOG.warn("run {}: reading {} threw an error; this file fails, the others go on", run.runId(), source,
          SafeThrowables.redactedCopy(e, redactor));
    } else if (RunEvents.LOG.isDebugEnabled()) {
      RunEvents.LOG.debug("run {}: parsing {} failed", run.runId(), source, SafeThrowables.redactedCopy(e, redactor));
    }
  }

  private static String sizeOf(Path file) {
    try {
      long bytes = Files.size(file);
      return bytes >= 10L << 20 ? " (" + (bytes >> 20) + " MB)" : " (" + bytes + " bytes)";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Warns when a results file holds another account than the one the scan was configured for: the credentials may
   * reach a different account than the inventory says, and the row would silently show that account's results.
   * Another provider is always warned about; another account id only for AWS, whose account ids every tool writes
   * the same way. Elsewhere the tools name accounts differently from the inventory (ScoutSuite writes the Azure
   * tenant for a subscription and a GCP service account's email for a project; Prowler scans several subscriptions
   * or projects at once), so a different id there is no evidence of a mistake.
   */
  private static void warnAboutOtherAccounts(ParsedReport parsed, CloudAccount account, String fileName,
      ScanResult.Builder builder, Redactor redactor) {
    for (AccountStats stats : parsed.accounts()) {
      boolean sameProvider = stats.provider().equals(account.provider());
      if (sameProvider && (!account.provider().equals(CloudProvider.AWS)
          || stats.accountId().equalsIgnoreCase(account.id()))) {
        continue;
      }
      builder.warning(redactor.redact("results file '" + fileName + "' holds results of " + stats.provider().id()
          + " account '" + shortened(stats.accountId()) + "', not of the configured account '" + account.id()
          + "' (" + account.provider().id() + "): the scan's credentials may reach another account than the"
          + " inventory says; check the account's credentials or role. Its results are counted on this row"));
    }
  }

  private static String shortened(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(100).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return text.codePointCount(0, text.length()) > 100 ? out + "..." : out.toString();
  }
  /**
   * Returns the partial report of a scan without parsed results (skipped, failed, timed out).
   *
   * @param result the scan result
   * @param failure an input failure to record; nullable
   * @return the partial report
   */
  PostureReport aggregate(ScanResult result, InputFailure failure) {
    Aggregation aggregation = aggregator.start(run);
    aggregation.add(result);
    if (failure != null) {
      aggregation.addFailedInput(failure);
    }
    return complianceFrameworks.apply(aggregation.finish());
  }

  /** Joins gzip segments into one file: concatenated gzip members form a valid gzip stream. */
  private static void concatenate(List<Path> segments, Path target) {
    try {
      if (segments.size() == 1) {
        Files.move(segments.get(0), target, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try (OutputStream out = Files.newOutputStream(target)) {
        for (Path segment : segments) {
          try (InputStream in = Files.newInputStream(segment)) {
            in.transferTo(out);
          }
        }
      }
      for (Path segment : segments) {
        Files.delete(segment);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      RunEvents.LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }
}
