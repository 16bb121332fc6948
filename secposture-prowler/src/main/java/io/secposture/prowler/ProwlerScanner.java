package io.secposture.prowler;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Preflight;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.Executables;
import io.secposture.core.ProcessResult;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ProcessSpec;
import io.secposture.prowler.internal.ProwlerCommand;
import io.secposture.prowler.internal.ProwlerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Prowler ({@code prowler <provider> ...}, versions 4.x and 5.x) against one AWS account, Azure subscription,
 * GCP project or Kubernetes cluster, and returns its JSON-OCSF file as the result to parse.
 *
 * <p><b>Who calls it.</b> The pipeline calls {@link #scan(ScanRequest)} once per account, possibly on several
 * threads at once; it is discovered under the name {@value #NAME}. Build one with {@link #builder()} to set the
 * executable or job-wide options in code; the no-argument constructor (used by {@code ServiceLoader}) finds
 * {@code prowler} on {@code PATH}.
 *
 * <p><b>What it runs.</b> One process per account, in the request's output directory, with a base name no file there
 * has yet ({@code prowler-output-<account>-<run id>}, since Prowler appends to existing files), long flags only,
 * standard input closed, {@code TZ=UTC} (Prowler writes naive local times) and the credentials as the
 * {@code ProwlerCommand} documentation in the internal package describes: secrets travel in the environment or a
 * 0600 file deleted afterwards, except the AWS role's external id, which Prowler only takes as
 * {@code --external-id} and which is masked in every log. Options are the {@code prowler.*} keys of the request's
 * options over the builder's defaults; see {@link ProwlerOptions}. Exit 3 (failing checks found) is a successful
 * scan; {@code --ignore-exit-code-3} is never needed.
 *
 * <p><b>How it ends.</b> See {@code ProwlerRun} in the internal package: SUCCEEDED for exit 0 and 3; PARTIAL when
 * Prowler logged errors (checks that did not run or saw partial data, such as access denied); FAILED for exit 1, 2,
 * crashes and a missing result after failing checks; TIMED_OUT when the request's timeout passes (the whole process
 * tree is stopped); SKIPPED for a provider Prowler does not scan. Problems with the request itself (credentials that
 * cannot authenticate to the provider, bad options, no Prowler executable) throw {@link ConfigurationException}.
 *
 * <p>Thread-safe and immutable. Arguments must not be null.
 */
public final class ProwlerScanner implements Scanner {
  /** The scanner's name. */
  public static final String NAME = "prowler";

  private static final Logger LOG = LoggerFactory.getLogger(ProwlerScanner.class);
  /** What {@code prowler --version} prints: argparse's version action, {@code Prowler <version>}. */
  private static final Pattern VERSION = Pattern.compile("Prowler\\s+v?(\\d[\\w.+-]*)");
  private static final Set<CloudProvider> PROVIDERS = Set.of(CloudProvider.AWS, CloudProvider.AZURE,
      CloudProvider.GCP, CloudProvider.KUBERNETES);

  private final Path executable;
  private final Settings defaults;
  private final Map<String, String> environment;
  private final ProcessRunner runner;
  private final Duration gracePeriod;

  /** Creates a scanner that runs {@code prowler} from {@code PATH} with Prowler's defaults. */
  public ProwlerScanner() {
    this(builder());
  }

  private ProwlerScanner(Builder builder) {
    this.executable = builder.executable;
    this.defaults = builder.defaults;
    this.environment = builder.environment;
    this.runner = builder.runner;
    this.gracePeriod = builder.gracePeriod;
  }

  /**
   * Starts building a scanner.
   *
   * @return a builder with every default
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CloudProvider> providers() {
    return PROVIDERS;
  }

  /**
   * Scans one account; see the class documentation for what runs and how the result reads.
   *
   * @param request the account, credentials, output directory, timeout and options
   * @return how the scan ended and the files it wrote
   * @throws ConfigurationException if the options are invalid, the credentials cannot authenticate Prowler to the
   *     account's provider, or the Prowler executable cannot be found
   */
  @Override
  public ScanResult scan(ScanRequest request) {
    Objects.requireNonNull(request, "request");
    CloudAccount account = request.account();
    if (!PROVIDERS.contains(account.provider())) {
      return ScanResult.skipped(NAME, account, "Prowler does not scan provider '" + account.provider()
          + "' (account " + account.id() + "); it scans " + PROVIDERS.stream().map(CloudProvider::id).sorted()
          .toList());
    }
    ProwlerOptions options = ProwlerOptions.from(defaults.with(request.options()));
    String configured = options.executable() != null ? options.executable()
        : executable != null ? executable.toString() : null;
    Path prowler = Executables.find(configured, "prowler", ProwlerOptions.PREFIX + "executable", environment);
    Path directory = request.outputDirectory().toAbsolutePath();
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException("the output directory " + directory + " of " + account.key()
          + " does not exist; the pipeline creates one per scan");
    }
    String outputName = ProwlerRun.outputName(directory, account, request.runId());
    Instant startedAt = Instant.now();
    try (ProwlerCommand command = ProwlerCommand.build(prowler, account, request.credentials(), options, directory,
        outputName)) {
      ProcessSpec.Builder spec = ProcessSpec.builder(command.arguments()).workingDirectory(directory)
          .secretEnvironment(command.secretEnvironment()).removeVariables(command.removedVariables())
          .logs(directory.resolve(ProwlerRun.STDOUT_LOG), directory.resolve(ProwlerRun.STDERR_LOG))
          .timeout(request.timeout()).gracePeriod(gracePeriod);
      command.environment().forEach(spec::environment);
      command.redacted().forEach(spec::redact);
      LOG.info("running Prowler for {} (run {}, credentials {}, output {})", account.key(), request.runId(),
          request.credentials().kind(), outputName);
      ProcessResult process = runner.run(spec.build());
      ScanResult result = ProwlerRun.result(account, startedAt, process, directory, outputName,
          options.partialOnErrors(), command.warnings(), request.timeout());
      if (result.status() == ScanStatus.SUCCEEDED) {
        LOG.info("Prowler finished for {}: exit {}, {} files", account.key(), result.exitCode(),
            result.artifacts().size());
      } else {
        LOG.warn("Prowler {} for {}: {}", result.status(), account.key(), result.reason());
      }
      return result;
    }
  }

  /**
   * Checks the options, finds {@code prowler} ({@code prowler.executable}) and asks its version:
   * {@code prowler --version} prints {@code Prowler 5.7.5}. Scans nothing.
   *
   * @param options the job-wide scanner options
   * @return the executable and its version, or the problems
   */
  @Override
  public Preflight preflight(Settings options) {
    ProwlerOptions parsed;
    try {
      parsed = ProwlerOptions.from(defaults.with(options));
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    String configured = parsed.executable() != null ? parsed.executable()
        : executable != null ? executable.toString() : null;
    return Executables.probeVersion(configured, "prowler", ProwlerOptions.PREFIX + "executable", environment,
        List.of("--version"), VERSION, Duration.ofSeconds(60));
  }

  @Override
  public String toString() {
    return "ProwlerScanner[executable=" + (executable == null ? "prowler on PATH" : executable) + ", defaults="
        + defaults + "]";
  }

  /** Builds {@link ProwlerScanner}s. Not thread-safe; each {@link #build()} returns an independent scanner. */
  public static final class Builder {
    private Path executable;
    private Settings defaults = Settings.empty();
    private Map<String, String> environment = System.getenv();
    private ProcessRunner runner = new ProcessRunner();
    private Duration gracePeriod = Duration.ofSeconds(10);

    private Builder() {
    }

    /**
     * Sets the Prowler executable; a request's {@code prowler.executable} option still wins.
     *
     * @param executable the executable file
     * @return this builder
     */
    public Builder executable(Path executable) {
      this.executable = Objects.requireNonNull(executable, "executable").toAbsolutePath();
      return this;
    }

    /**
     * Sets job-wide options ({@code prowler.*} keys), which each request's options override key by key.
     *
     * @param defaults the options
     * @return this builder
     * @throws ConfigurationException if they are invalid
     */
    public Builder defaults(Settings defaults) {
      ProwlerOptions.from(defaults);
      this.defaults = defaults;
      return this;
    }

    /**
     * Sets the environment whose {@code PATH} is searched for {@code prowler} (default: this process's).
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Sets how long Prowler gets to stop after SIGTERM (on timeout or cancellation) before SIGKILL.
     *
     * @param gracePeriod the grace period
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative, got " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Builds the scanner.
     *
     * @return the scanner
     */
    public ProwlerScanner build() {
      return new ProwlerScanner(this);
    }
  }
}
