package io.secposture.scoutsuite;

import io.secposture.api.Artifact;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.ScanException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.ProcessResult;
import io.secposture.core.Redactor;
import io.secposture.core.ScannerEnvironment;
import io.secposture.core.spi.CommandLineScan;
import io.secposture.scoutsuite.internal.ReportFiles;
import io.secposture.scoutsuite.internal.ScanOutcome;
import io.secposture.scoutsuite.internal.ScoutCommand;
import io.secposture.scoutsuite.internal.SiblingFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ScoutSuite ({@code scout}) for one AWS, Azure, GCP or Kubernetes account and returns what it wrote. Registered
 * as the {@code scoutsuite} {@link Scanner}.
 *
 * <p><b>Who calls it.</b> The pipeline engine, once per account, several accounts at a time on different threads;
 * embedding code may call {@link #scan(ScanRequest)} directly. Instances are immutable and thread-safe. Build one
 * with {@link #builder()} to set the executable or default options in code; the no-argument constructor, which
 * {@link java.util.ServiceLoader} uses, finds {@code scout} on {@code PATH} unless {@code scoutsuite.executable} is
 * set.
 *
 * <p><b>The command.</b> {@code scout <provider> <authentication> --no-browser --force --report-dir <output
 * directory> --report-name <name> --result-format json [scope] [--regions ...] [--exclude-regions ...]
 * [--services ...] [--skip ...] [--ruleset ...] [--exceptions ...] [--max-workers N] [--max-rate N] [extra
 * arguments]}, long flag names only, standard input closed, from the options described on
 * {@link ScoutSuiteOptions}. Authentication by credential kind:
 * <ul>
 *   <li>aws: ambient (the SDK's default chain, no flag), aws-profile ({@code --profile}), aws-keys (variables
 *     {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, with the job's own
 *     {@code AWS_PROFILE} and keys removed), environment (the given variables, default chain, with the job's own
 *     identity variables removed: keys, profile, web identity and container credentials). aws-role is refused:
 *     ScoutSuite cannot assume a role itself; with credential chaining (secposture-cloud-aws) the pipeline hands it
 *     environment credentials for the role instead.</li>
 *   <li>azure: ambient and azure-cli ({@code --cli}), azure-managed-identity ({@code --msi}, a user-assigned
 *     identity's client id in {@code AZURE_CLIENT_ID}), azure-service-principal and environment credentials holding
 *     {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET} ({@code --file-auth} with a
 *     private 0600 file). Scope: {@code --subscriptions <account id>} when the id is a subscription id, or the
 *     options.</li>
 *   <li>gcp: ambient ({@code --user-account}: application default credentials), gcp-credentials-file
 *     ({@code --service-account}; JSON content goes to a private 0600 file), environment ({@code --user-account}
 *     with the given variables). Scope: {@code --project-id <account id>}, or the options.</li>
 *   <li>kubernetes: ambient (current context), kubeconfig ({@code --config-file}, {@code --context}), environment.</li>
 * </ul>
 * Secrets never appear on the command line, in logs (the runner masks them, with all their parts, also those handed
 * over in files) or in the result. Private files live in a 0700 temporary directory outside the output directory and
 * are deleted when the scan ends, however it ends. The process inherits only an allow-list of the job's environment
 * ({@link ScannerEnvironment}: the basics, Python's variables, the account's cloud settings, the job's own identity of
 * that cloud only for ambient credentials, and {@code process.pass-environment}).
 *
 * <p><b>How it ends.</b> Exit 0 with a results file: SUCCEEDED. Exit 200 with a results file: PARTIAL, the errors
 * file summarised into the result's warnings. 101: FAILED, authentication, or, when ScoutSuite's message says the
 * endpoint, DNS, proxy or TLS failed, "could not reach the cloud API from this machine" (ScoutSuite uses 101 for
 * both). 2: FAILED, bad arguments. 102 to 109:
 * FAILED, naming the stage. 1, 130, 137, 143: FAILED, crashed, interrupted or killed. A missing, empty or unreadable
 * results file: FAILED whatever the exit code. Past the request's timeout: TIMED_OUT; an interrupt of the calling
 * thread: FAILED; both stop the whole process tree. Reasons end with ScoutSuite's last error line. An account of
 * another provider, or a disabled one: SKIPPED.
 *
 * <p><b>What it returns.</b> The results file (RESULTS), {@code <name>.html} (HTML), the {@code inc-*} folders and the
 * exceptions and errors files (ASSET) and {@code logs/stdout.log}, {@code logs/stderr.log} (LOG), named relative
 * to the output directory, which is ScoutSuite's report directory.
 */
public final class ScoutSuiteScanner implements Scanner {
  /** The scanner's name. */
  public static final String NAME = "scoutsuite";
  /** The executable looked up on {@code PATH} by default. */
  public static final String DEFAULT_EXECUTABLE = "scout";

  private static final Logger LOG = LoggerFactory.getLogger(ScoutSuiteScanner.class);
  /** What {@code scout --version} prints: argparse's version action, {@code Scout Suite <version>}. */
  private static final Pattern VERSION = Pattern.compile("Scout Suite\\s+v?(\\d[\\w.+-]*)");
  private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(60);

  private final Path executable;
  private final Settings defaults;
  private final CommandLineScan tool;

  /** Creates a scanner that finds {@code scout} on {@code PATH}; ServiceLoader uses this constructor. */
  public ScoutSuiteScanner() {
    this(builder());
  }

  private ScoutSuiteScanner(Builder builder) {
    this.executable = builder.executable;
    this.defaults = builder.defaults;
    // the job's environment reaches ScoutSuite only through the allow-list: what a Python tool needs, what the
    // account's credentials need (its cloud's identity only for ambient ones), and process.pass-environment
    this.tool = CommandLineScan.builder(NAME, "ScoutSuite", ScoutCommand.PROVIDERS)
        .executable(DEFAULT_EXECUTABLE, "scoutsuite.executable").inherit(ScannerEnvironment.PYTHON)
        .logs(ReportFiles.LOG_DIRECTORY + "/stdout.log", ReportFiles.LOG_DIRECTORY + "/stderr.log")
        .gracePeriod(builder.gracePeriod).tailLines(builder.tailLines).logger(LOG).build();
    ScoutSuiteOptions.from(defaults);
  }

  /**
   * Starts building a scanner.
   *
   * @return a builder with no executable set (found on {@code PATH}), no default options, a 10 second grace period
   *     between SIGTERM and SIGKILL and 50 lines of log tail
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns aws, azure, gcp and kubernetes. ScoutSuite's other providers (aliyun, oci, do) take their secrets on the
   * command line or prompt for them, so they are not offered.
   *
   * @return the providers
   */
  @Override
  public Set<CloudProvider> providers() {
    return tool.providers();
  }

  /**
   * Scans one account; see the class description for the command, the outcomes and the artifacts.
   *
   * @param request the account, credentials, output directory, timeout and options
   * @return how the scan ended and the files it wrote
   * @throws ConfigurationException if the options are invalid, the credentials cannot be used with ScoutSuite for
   *     the account's provider, the executable cannot be found, or the output directory already holds a report
   */
  @Override
  public ScanResult scan(ScanRequest request) {
    Objects.requireNonNull(request, "request");
    CloudAccount account = request.account();
    Optional<ScanResult> skipped = tool.skip(account);
    if (skipped.isPresent()) {
      return skipped.get();
    }
    Settings settings = defaults.with(request.options());
    ScoutSuiteOptions options = ScoutSuiteOptions.from(settings);
    Path program = executable != null && options.executable() == null ? executable
        : tool.executable(options.executable());
    Path output = prepareOutput(request.outputDirectory());
    String reportName = options.reportName() != null ? options.reportName()
        : ReportFiles.defaultName(account.provider(), account.id());
    Path results = output.resolve(ReportFiles.results(reportName));
    if (Files.exists(results)) {
      throw new ConfigurationException("the output directory " + output + " already holds a ScoutSuite report ("
          + ReportFiles.results(reportName) + "); give every scan a fresh, empty directory");
    }

    Instant started = Instant.now();
    CommandLineScan.Run run;
    try {
      run = tool.run(request, settings, output, privateFolder -> {
        ScoutCommand command = ScoutCommand.build(program, account, request.credentials(), options, output,
            reportName, privateFolder);
        command.notes().forEach(note -> LOG.info("{}: {}", account.key(), note));
        return command.toToolCommand();
      }, (command, line, environment) -> LOG.info("scanning {} with ScoutSuite: {}", account.key(), line));
    } catch (ScanException e) {
      ScanResult.Builder failed = ScanResult.builder(NAME, account, ScanStatus.FAILED).startedAt(started)
          .duration(Duration.between(started, Instant.now()))
          .reason("ScoutSuite could not be started: " + Redactor.of(request.credentials()).redact(e.getMessage()));
      ReportFiles.collect(output, reportName).forEach(failed::artifact);
      return failed.build();
    }
    return toResult(request, run, output, reportName, results);
  }

  /**
   * Checks the options, finds {@code scout} ({@code scoutsuite.executable}) and asks its version:
   * {@code scout --version} prints {@code Scout Suite 5.14.0}. Scans nothing.
   *
   * @param options the job-wide scanner options
   * @return the executable and its version, or the problems
   */
  @Override
  public Preflight preflight(Settings options) {
    ScoutSuiteOptions parsed;
    try {
      parsed = ScoutSuiteOptions.from(defaults.with(options));
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    String configured = parsed.executable() != null ? parsed.executable()
        : executable != null ? executable.toString() : null;
    return tool.preflight(configured, List.of("--version"), VERSION, PREFLIGHT_TIMEOUT);
  }

  private ScanResult toResult(ScanRequest request, CommandLineScan.Run run, Path output, String reportName,
      Path results) {
    CloudAccount account = request.account();
    Redactor redactor = run.redactor();
    ProcessResult process = run.process();
    List<String> tail = process.tail();
    ScanOutcome outcome = ScanOutcome.of(process, request.timeout(), results, account.key(),
        request.credentials().kind());
    Set<String> warnings = new LinkedHashSet<>();
    SiblingFiles.errorsFileOf(results).flatMap(SiblingFiles::summarizeErrors).ifPresent(warnings::add);
    if (outcome.status() == ScanStatus.PARTIAL && warnings.isEmpty()) {
      warnings.add("ScoutSuite exited 200 but wrote no errors file; see logs/stderr.log for what failed");
    }
    List<Artifact> artifacts = ReportFiles.collect(output, reportName);
    ScanResult.Builder result = ScanResult.builder(NAME, account, outcome.status())
        .exitCode(process.exitCode()).startedAt(run.startedAt()).duration(process.duration())
        .reason(outcome.reason() == null ? null : redactor.redact(outcome.reason()))
        .logTail(outcome.status() == ScanStatus.SUCCEEDED ? List.of() : tail);
    artifacts.forEach(result::artifact);
    warnings.forEach(result::warning);
    ScanResult scan = result.build();
    LOG.info("ScoutSuite scan of {} ended {} (exit {}) after {}s{}", account.key(), scan.status(), scan.exitCode(),
        tenthsOfSeconds(scan.duration().toMillis()),
        scan.reason() == null ? "" : ": " + scan.reason());
    return scan;
  }

  /** {@code 12345} ms as {@code 12.3}, rounded half up as {@code %.1f} would, without a formatter per scan. */
  static String tenthsOfSeconds(long millis) {
    long tenths = (Math.max(0, millis) + 50) / 100;
    return tenths / 10 + "." + tenths % 10;
  }

  private static Path prepareOutput(Path directory) {
    Path output = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output directory " + output + ": " + e.getMessage(), e);
    }
    return output;
  }

  @Override
  public String toString() {
    return "ScoutSuiteScanner[executable=" + (executable == null ? DEFAULT_EXECUTABLE + " on PATH" : executable)
        + ", defaults=" + defaults + "]";
  }

  /** Builds {@link ScoutSuiteScanner}s. Not thread-safe. */
  public static final class Builder {
    private Path executable;
    private Settings defaults = Settings.empty();
    private Duration gracePeriod = Duration.ofSeconds(10);
    private int tailLines = 50;

    private Builder() {
    }

    /**
     * Sets the ScoutSuite executable; a request's {@code scoutsuite.executable} option still wins.
     *
     * @param executable the executable, nullable to look {@code scout} up on {@code PATH}
     * @return this builder
     */
    public Builder executable(Path executable) {
      this.executable = executable == null ? null : executable.toAbsolutePath();
      return this;
    }

    /**
     * Sets default options, overridden key by key by each request's options.
     *
     * @param defaults settings with {@code scoutsuite.*} keys
     * @return this builder
     */
    public Builder defaults(Settings defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Sets default options from a record.
     *
     * @param defaults the options
     * @return this builder
     */
    public Builder defaults(ScoutSuiteOptions defaults) {
      return defaults(defaults.toSettings());
    }

    /**
     * Sets how long a stopped ScoutSuite gets between SIGTERM and SIGKILL.
     *
     * @param gracePeriod the grace period, not negative
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative");
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Sets how many last lines of output a failed scan's result keeps.
     *
     * @param tailLines 0 or more
     * @return this builder
     */
    public Builder tailLines(int tailLines) {
      if (tailLines < 0) {
        throw new IllegalArgumentException("tailLines must not be negative");
      }
      this.tailLines = tailLines;
      return this;
    }

    /**
     * Builds the scanner.
     *
     * @return the scanner
     * @throws ConfigurationException if the default options are invalid
     */
    public ScoutSuiteScanner build() {
      return new ScoutSuiteScanner(this);
    }
  }
}
