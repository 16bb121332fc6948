package io.secposture.core;

import io.secposture.api.Aggregator;
import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.core.internal.pipeline.FileAggregation;
import io.secposture.core.internal.pipeline.PipelineConfig;
import io.secposture.core.internal.pipeline.RunPlanner;
import io.secposture.core.internal.pipeline.ScanRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine: scans accounts concurrently, parses what the scanners wrote and aggregates one report, ready to
 * publish. Build one with {@link #builder(Plugins)} and call {@link #run(String, List)} per run, or
 * {@link #aggregate(String, List)} for scanner outputs that already exist.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder(Plugins.discover())
 *     .concurrency(4)
 *     .scanTimeout(Duration.ofHours(2))
 *     .workDirectory(Path.of("work"))
 *     .build();
 * RunOutcome outcome = pipeline.run("2026-11-22T0200Z", Inventory.fromEnvironment(System.getenv()).accounts());
 * new RunPublisher(Plugins.discover()).publish(outcome, URI.create("s3://security-reports/posture"), Settings.empty());
 * }</pre>
 *
 * <p><b>What a run does.</b> It first validates the whole configuration and reports every problem at once in a
 * {@link ConfigurationException} (unknown scanner names with the ones that exist, a missing aggregator, accounts
 * listed twice, a run directory already in use). Then each account is scanned by each of its scanners (its own
 * list, else the default scanners): a disabled account, or a scanner that does not support the account's provider,
 * gives a {@link ScanStatus#SKIPPED} result with the reason. At most {@code concurrency} scans run at once, each on
 * its own thread with a fresh empty output directory
 * {@code <work>/<run-id>/<provider>/<account>/<scanner>/} (account made safe by {@link SiteLayout#segment}), the
 * account's credentials and the job's scanner options overlaid with the account's.
 *
 * <p><b>Failure isolation.</b> A scanner that throws becomes a {@link ScanStatus#FAILED} result whose reason names
 * the account and scanner (with every secret of the account's credentials masked). A scanner that runs past its
 * timeout plus a grace period is interrupted by a watchdog and reported {@link ScanStatus#TIMED_OUT}; one that
 * ignores the interrupt too is abandoned after another grace period so the run can finish. Nothing one scan does
 * stops the others; only an {@link Error} (such as {@link OutOfMemoryError}) stops the run, and propagates.
 *
 * <p><b>Parsing.</b> After a scan with results, every RESULTS artifact is parsed on the scan's thread by the parser
 * {@link Plugins#parserFor} picks, streaming findings into the scan's own aggregation and into
 * {@code findings.jsonl.gz} in the scan directory (published with role FINDINGS, see {@link FindingsFile}). Each
 * file counts all or nothing: a file no parser reads, or one that fails to parse, becomes a warning on the scan and
 * a failed input of the report; if none of a scan's results files could be parsed, the scan is FAILED with a reason
 * that says so, and its raw files are still published. The per-scan reports are merged with the aggregator's
 * {@code merge}, and the final report is stamped with the time the run finished.
 *
 * <p><b>Suppressions.</b> With {@link Builder#suppressions}, every parsed finding of every scanner is matched against
 * the accepted risks of a {@link Suppressions} file before it is counted or written: a match is muted (flagged counts,
 * services and compliance see it as muted), carries {@code suppressed_by} in the findings file, and the report's
 * {@code suppressions} section says what each entry muted, which expired and which matched nothing.
 *
 * <p><b>Many accounts.</b> A {@link CredentialBroker} ({@link Builder#credentialBroker}) obtains short-lived
 * credentials for each scan from the job's own identity (an AWS role assumed with STS, a Google service account
 * impersonated, an Azure federated token kept fresh) right before the scanner starts and ends them when it returns;
 * a lease that cannot be obtained fails that scan only. A {@link Shard} ({@link Builder#shard}) makes the run scan
 * the stable part of the accounts it owns, and {@link RunPublisher#publish} then publishes a partial report that
 * {@link ShardMerge} folds with the other shards'. A {@link RateBudget} ({@link Builder#rateBudget}) splits each
 * provider's API budget among the scans running at once and hands every scanner its share in its options.
 *
 * <p><b>Cancellation.</b> Interrupting the thread that called {@code run} interrupts the running scans (a
 * {@link ProcessRunner} stops its process tree), reports scans not started yet as SKIPPED ("run cancelled"), waits
 * a bounded time ({@link Builder#cancelGrace}) for running scans to stop, returns the outcome of what was done and
 * leaves the thread's interrupt flag set.
 *
 * <p><b>Progress.</b> Logged through SLF4J (logger {@code io.secposture.core.Pipeline}) at INFO: the plan, a line
 * when each scan finishes ({@code run R: 12/40 scans done, 1 failed, elapsed 10m12s: aws/123456789012 (prod)
 * scoutsuite SUCCEEDED in 3m02s}), a heartbeat while scans run, and a summary; scan failures at WARN with their
 * reason. Never a secret. {@link PipelineListener}s receive the same events.
 *
 * <p>A pipeline is immutable and thread-safe; each call of {@code run} or {@code aggregate} is independent (give
 * concurrent runs different run ids or work directories).
 */
public final class Pipeline {
  /** The default number of scans that run at once. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** The default time limit of one scan. */
  public static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofHours(2);
  /** The default scanners of an account that lists none: ScoutSuite, as the original job ran. */
  public static final List<String> DEFAULT_SCANNERS = List.of("scoutsuite");
  /** The default aggregator. */
  public static final String DEFAULT_AGGREGATOR = "default";

  private final PipelineConfig config;

  private Pipeline(PipelineConfig config) {
    this.config = config;
  }

  /**
   * Starts building a pipeline that takes its scanners, parsers, aggregator and publishers from a registry.
   *
   * @param plugins the registry, e.g. {@link Plugins#discover()}
   * @return a builder with the defaults documented on each of its methods
   */
  public static Builder builder(Plugins plugins) {
    return new Builder(plugins);
  }

  /**
   * Scans the accounts, parses and aggregates; blocks until the run ends. Nothing is published.
   *
   * @param runId the run id: 1-128 letters, digits, {@code .}, {@code _} or {@code -}, e.g. a UTC timestamp such
   *     as {@code 2026-11-22T0200Z}
   * @param accounts the accounts, e.g. {@link Inventory#accounts()}; disabled ones are reported SKIPPED
   * @return the outcome; if the calling thread was interrupted, the outcome of the cancelled run, with the
   *     interrupt flag set again
   * @throws ConfigurationException before anything runs, listing every configuration problem
   * @throws io.secposture.api.SecpostureException if the aggregator fails or the manifest cannot be written
   */
  public RunOutcome run(String runId, List<CloudAccount> accounts) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(accounts, "accounts");
    return ScanRun.execute(config, runId, accounts);
  }

  /**
   * Validates a run and returns the scans it would do, without running, creating or contacting anything: what
   * {@link #run} checks before its first scan (every problem at once: unknown scanners or providers, accounts listed
   * twice, a missing aggregator, a run directory in use), then the scans of the accounts this pipeline's
   * {@link Builder#shard shard} owns, each either to run or to be reported SKIPPED with its reason.
   *
   * @param runId the run id
   * @param accounts the accounts
   * @return the planned scans, in account order then scanner order
   * @throws ConfigurationException listing every configuration problem
   */
  public List<ScanPlan> plan(String runId, List<CloudAccount> accounts) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(accounts, "accounts");
    try {
      io.secposture.api.ScanRequest.requireRunId(runId);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    Path runDirectory = config.workDirectory() == null ? null : config.workDirectory().resolve(runId);
    return RunPlanner.plan(config, runId, accounts, runDirectory).stream()
        .map(scan -> new ScanPlan(scan.account(), scan.scannerName(), scan.skipReason())).toList();
  }

  /**
   * Says why a run directory cannot take a new run, as {@link #plan} and {@link #run} would refuse it: it exists and
   * is not a directory, it already holds files of an earlier run, or it cannot be read. Called by tools that check a
   * configuration before running it (the job's {@code check} command).
   *
   * @param runDirectory the work directory resolved with the run id; a directory that does not exist yet is fine
   * @return the problems, empty when the directory can take the run; never null
   */
  public static List<String> runDirectoryProblems(Path runDirectory) {
    Objects.requireNonNull(runDirectory, "runDirectory");
    List<String> problems = new ArrayList<>();
    RunPlanner.checkRunDirectory(runDirectory, problems);
    return List.copyOf(problems);
  }

  /**
   * Parses existing scanner outputs and aggregates them into one report, as the {@code aggregate} command does.
   * Folders are walked in sorted order, skipping hidden entries; each file is sniffed with
   * {@link Plugins#parserFor}. A file in a folder that no parser reads is ignored (logged at DEBUG); a file named
   * explicitly that no parser reads is a failed input ("no parser reads this file; known formats: ..."). Files are
   * parsed concurrently (at most {@code concurrency} at once), each into its own aggregation, so a file that fails
   * to parse is listed in the report's failed inputs with the reason and everything else is still reported.
   *
   * @param runId the run id of the report
   * @param inputs scanner output files and folders
   * @return the outcome: no scans, {@link RunOutcome#hasFailedInputs()} tells whether any input failed
   * @throws ConfigurationException if an input does not exist, or no parser or aggregator is available
   */
  public RunOutcome aggregate(String runId, List<Path> inputs) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(inputs, "inputs");
    return FileAggregation.execute(config, runId, inputs);
  }

  @Override
  public String toString() {
    return "Pipeline[concurrency=" + config.concurrency() + ", scanTimeout=" + config.scanTimeout()
        + ", defaultScanners=" + config.defaultScanners() + ", aggregator=" + config.aggregatorName()
        + (config.shard().isWhole() ? "" : ", shard=" + config.shard())
        + (config.credentialBroker() == null ? "" : ", chaining=" + config.credentialBroker().kinds())
        + (config.rateBudget().isEmpty() ? "" : ", " + config.rateBudget())
        + (config.suppressions().isEmpty() ? "" : ", suppressions=" + config.suppressions().entries().size())
        + (config.complianceFrameworks().keepsAll() ? "" : ", compliance=" + config.complianceFrameworks())
        + ", " + config.plugins() + "]";
  }

  /** Builds {@link Pipeline}s. Not thread-safe; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final Plugins plugins;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration scanTimeout = DEFAULT_SCAN_TIMEOUT;
    private Duration timeoutGrace = Duration.ofMinutes(1);
    private Duration cancelGrace = Duration.ofSeconds(30);
    private Path workDirectory;
    private List<String> defaultScanners = DEFAULT_SCANNERS;
    private Settings scannerOptions = Settings.empty();
    private String aggregator = DEFAULT_AGGREGATOR;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private Duration heartbeat = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private CredentialBroker credentialBroker;
    private Shard shard = Shard.whole();
    private RateBudget rateBudget = RateBudget.none();
    private Suppressions suppressions = Suppressions.none();
    private ComplianceFrameworks complianceFrameworks = ComplianceFrameworks.all();

    private Builder(Plugins plugins) {
      this.plugins = Objects.requireNonNull(plugins, "plugins");
    }

    /**
     * Sets how many scans (or files, for {@code aggregate}) run at once. Default 4.
     *
     * @param concurrency at least 1
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 1024) {
        throw new IllegalArgumentException("concurrency must be between 1 and 1024, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets each scan's time limit, handed to the scanner in its request. Default two hours.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder scanTimeout(Duration timeout) {
      this.scanTimeout = positive(timeout, "scan timeout");
      return this;
    }

    /**
     * Sets how long past its timeout a scan may run before the pipeline's watchdog interrupts it, and how long
     * after that interrupt before the scan is abandoned. Default one minute; it should exceed the time a scanner
     * needs to stop its processes.
     *
     * @param grace positive
     * @return this builder
     */
    public Builder timeoutGrace(Duration grace) {
      this.timeoutGrace = positive(grace, "timeout grace");
      return this;
    }

    /**
     * Sets how long a cancelled run waits for its running scans to stop before it reports them FAILED and returns.
     * Default 30 seconds.
     *
     * @param grace positive
     * @return this builder
     */
    public Builder cancelGrace(Duration grace) {
      this.cancelGrace = positive(grace, "cancel grace");
      return this;
    }

    /**
     * Sets the directory scan outputs go to: each run uses {@code <directory>/<run-id>}, which must not exist yet
     * or be empty. Default: a new temporary directory per run. The pipeline never deletes what it wrote.
     *
     * @param directory the work directory
     * @return this builder
     */
    public Builder workDirectory(Path directory) {
      this.workDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the scanners of accounts that list none. Default {@code [scoutsuite]}, as the original job ran.
     *
     * @param scanners scanner names, at least one
     * @return this builder
     */
    public Builder defaultScanners(List<String> scanners) {
      if (scanners.isEmpty()) {
        throw new IllegalArgumentException("name at least one default scanner");
      }
      this.defaultScanners = List.copyOf(scanners);
      return this;
    }

    /**
     * Sets job-wide scanner options such as {@code scoutsuite.max-workers}; an account's own options win.
     *
     * @param options the options
     * @return this builder
     */
    public Builder scannerOptions(Settings options) {
      this.scannerOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Chooses the aggregator by name. Default {@code default}.
     *
     * @param name the aggregator name
     * @return this builder
     * @see Aggregator#name()
     */
    public Builder aggregator(String name) {
      this.aggregator = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a listener; listeners are called in the order added.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(PipelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets how often progress is logged while scans run. Default 60 seconds; {@link Duration#ZERO} turns it off.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder heartbeat(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("heartbeat must not be negative, got " + interval);
      }
      this.heartbeat = interval;
      return this;
    }

    /**
     * Sets the clock that timestamps runs, scans and the report (durations are measured with
     * {@link System#nanoTime()}). Default the system clock in UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the broker that obtains short-lived credentials for each scan (credential chaining). A scan whose
     * account's credential kind is one of {@link CredentialBroker#kinds()} leases credentials right before its
     * scanner starts and hands those to the scanner; the lease ends when the scanner returns. A lease that cannot
     * be obtained makes that scan FAILED with the broker's reason. Default: none, scanners get the accounts' own
     * credentials. The pipeline does not close the broker; its owner does, after the run.
     *
     * @param broker the broker; nullable for none
     * @return this builder
     */
    public Builder credentialBroker(CredentialBroker broker) {
      this.credentialBroker = broker;
      return this;
    }

    /**
     * Makes runs scan one shard of the accounts: the whole configuration is still validated, then only the
     * accounts {@link Shard#owns owned} by this shard are scanned (possibly none), and the run's manifest is staged
     * as {@link SiteLayout#shardManifest}. {@link RunPublisher#publish} then publishes a partial report for
     * {@link ShardMerge} to fold. Default: {@link Shard#whole()}, every account.
     *
     * @param shard the shard
     * @return this builder
     */
    public Builder shard(Shard shard) {
      this.shard = Objects.requireNonNull(shard, "shard");
      return this;
    }

    /**
     * Sets the per-provider API budget the scans running at once share; see {@link RateBudget} for how each scan's
     * share reaches its scanner. Default: {@link RateBudget#none()}.
     *
     * @param budget the budget
     * @return this builder
     */
    public Builder rateBudget(RateBudget budget) {
      this.rateBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Sets the accepted risks to mute: every finding of every scan ({@link #run}) and file ({@link #aggregate}) is
     * matched after parsing, a match is counted as muted instead of flagged and carries the entry's id in
     * {@code findings.jsonl.gz}, and the report's {@code suppressions} section says what each entry muted; see
     * {@link Suppressions}. Entries expire by the run's start on this builder's {@link #clock}. Default: none.
     *
     * @param suppressions the entries, e.g. {@link Suppressions#read}
     * @return this builder
     */
    public Builder suppressions(Suppressions suppressions) {
      this.suppressions = Objects.requireNonNull(suppressions, "suppressions");
      return this;
    }

    /**
     * Sets which compliance frameworks the report keeps (setting {@value ComplianceFrameworks#SETTING}): each scan's
     * report, and each file's in {@link #aggregate}, is filtered before the run merges them. Default: every
     * framework.
     *
     * @param frameworks the filter, e.g. {@code ComplianceFrameworks.parse("CIS-*,PCI-*")}
     * @return this builder
     */
    public Builder complianceFrameworks(ComplianceFrameworks frameworks) {
      this.complianceFrameworks = Objects.requireNonNull(frameworks, "frameworks");
      return this;
    }

    /**
     * Builds the pipeline. Names (scanners, aggregator) are checked when a run starts, with every other problem.
     *
     * @return the pipeline
     */
    public Pipeline build() {
      return new Pipeline(new PipelineConfig(plugins, concurrency, scanTimeout, timeoutGrace, cancelGrace,
          workDirectory, defaultScanners, scannerOptions, aggregator, listeners, heartbeat, clock, credentialBroker,
          shard, rateBudget, suppressions, complianceFrameworks));
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
