package io.secposture.prowler;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ScannerEnvironment;
import io.secposture.core.spi.CommandLineScan;
import io.secposture.prowler.internal.ProwlerCommand;
import io.secposture.prowler.internal.ProwlerRun;
import io.secposture.prowler.internal.ProwlerVersion;
import io.secposture.prowler.internal.ProwlerVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * {@code --external-id} and which is masked in every log. Every secret of the credentials is masked with all its
 * parts (a Google key's private key by line, for example). The process inherits only an allow-list of the job's
 * environment ({@link ScannerEnvironment}: the basics, Python's and Prowler's own variables, the account's cloud
 * settings, the job's own identity of that cloud only for ambient credentials or those Prowler chains itself
 * ({@code --role}, {@code --impersonate-service-account}), and {@code process.pass-environment}). Options are the {@code prowler.*} keys of the request's
 * options over the builder's defaults; see {@link ProwlerOptions}. Exit 3 (failing checks found) is a successful
 * scan; {@code --ignore-exit-code-3} is never needed.
 *
 * <p><b>Which Prowler.</b> Before its first scan with an executable, the scanner asks it {@code prowler --version}
 * (once per executable and its size and modification time, however many scans run at once; see
 * {@code ProwlerVersions} in the internal package). It leaves out output formats that release does not write (html
 * before 4.2.0; with a warning naming {@code prowler.output-formats} when that option asked for them) and refuses
 * Prowler 3.x and older, whose command line differs, with a {@link ConfigurationException}. An executable that does
 * not tell its version (a wrapper script) is run with the formats as configured. The command line is logged at INFO,
 * every secret masked, with the environment variables it sets (secret ones by name only).
 *
 * <p><b>How it ends.</b> See {@code ProwlerRun} in the internal package: SUCCEEDED for exit 0 and 3, including a
 * Prowler 4.3+ scan with nothing to report ({@code There are no findings in Account <id>} and no file), whose result
 * is an empty JSON-OCSF file secposture writes; PARTIAL when Prowler logged collection errors (data it could not
 * collect: access denied, throttling, API errors, crashed checks; notices such as a missing Shodan key are warnings
 * only); FAILED for exit 1 (the reason tells an unreachable cloud API from credentials that do not work), exit 2 (the
 * reason names the secposture setting behind the refused argument), crashes and a missing result; TIMED_OUT when
 * the request's timeout passes (the whole process tree is stopped); SKIPPED for a provider Prowler does not scan.
 * Problems with the request itself (credentials that cannot authenticate to the provider, bad options, no Prowler
 * executable, a Prowler older than 4.0) throw {@link ConfigurationException}.
 *
 * <p>Thread-safe and immutable. Arguments must not be null.
 */
public final class ProwlerScanner implements Scanner {
  /** The scanner's name. */
  public static final String NAME = "prowler";

  private static final Logger LOG = LoggerFactory.getLogger(ProwlerScanner.class);
  private static final Set<CloudProvider> PROVIDERS = Set.of(CloudProvider.AWS, CloudProvider.AZURE,
      CloudProvider.GCP, CloudProvider.KUBERNETES);
  /**
   * What Prowler itself reads from the environment besides the clouds' SDKs: Python's variables, its own
   * {@code PROWLER_*} settings (such as {@code PROWLER_AWS_DISALLOWED_REGIONS}) and {@code K8S_SKIP_TLS_VERIFY}. Not
   * {@code LOG_LEVEL}, which would override the {@code --log-level} secposture passes.
   */
  private static final List<String> TOOL_ENVIRONMENT = Stream.concat(ScannerEnvironment.PYTHON.stream(),
      Stream.of("PROWLER_*", "K8S_SKIP_TLS_VERIFY")).toList();

  private final Path executable;
  private final Settings defaults;
  private final CommandLineScan tool;
  private final ProwlerVersions versions;

  /** Creates a scanner that runs {@code prowler} from {@code PATH} with Prowler's defaults. */
  public ProwlerScanner() {
    this(builder());
  }

  private ProwlerScanner(Builder builder) {
    this.executable = builder.executable;
    this.defaults = builder.defaults;
    // the job's environment reaches Prowler only through the allow-list: what the tool needs, what the account's
    // credentials need (its cloud's identity only for ambient or chained ones), and process.pass-environment
    this.tool = CommandLineScan.builder(NAME, "Prowler", PROVIDERS).executable("prowler",
        ProwlerOptions.PREFIX + "executable").environment(builder.environment).inherit(TOOL_ENVIRONMENT)
        .runner(builder.runner).gracePeriod(builder.gracePeriod).logs(ProwlerRun.STDOUT_LOG, ProwlerRun.STDERR_LOG)
        .workInOutputFolder().logger(LOG).build();
    this.versions = new ProwlerVersions(builder.runner, ProwlerVersions.TIMEOUT);
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
    Settings settings = defaults.with(request.options());
    ProwlerOptions configuredOptions = ProwlerOptions.from(settings);
    String configured = configuredOptions.executable() != null ? configuredOptions.executable()
        : executable != null ? executable.toString() : null;
    Path prowler = tool.executable(configured);
    Path directory = request.outputDirectory().toAbsolutePath();
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException("the output directory " + directory + " of " + account.key()
          + " does not exist; the pipeline creates one per scan");
    }
    ProwlerVersion version = versions.detect(prowler, request.timeout()).version();
    if (version != null && !version.supported()) {
      throw new ConfigurationException(ProwlerOptions.PREFIX + "executable " + prowler + " is Prowler " + version
          + "; secposture runs Prowler 4.0 or later (the command line changed in 4.0): upgrade it (pip install -U "
          + "prowler) or point " + ProwlerOptions.PREFIX + "executable at a newer one");
    }
    boolean formatsConfigured = settings.contains(ProwlerOptions.PREFIX + "output-formats");
    List<String> warnings = new ArrayList<>();
    ProwlerOptions options = acceptedFormats(configuredOptions, version, formatsConfigured, account, warnings);
    String outputName = ProwlerRun.outputName(directory, account, request.runId());
    CommandLineScan.Run run = tool.run(request, settings, directory,
        privateFolder -> ProwlerCommand.build(prowler, account, request.credentials(), options, directory,
            outputName, privateFolder).toToolCommand(),
        (command, line, environment) -> LOG.info("running Prowler{} for {} (run {}, credentials {}): {}{}",
            version == null ? "" : " " + version, account.key(), request.runId(), request.credentials().kind(), line,
            environment));
    warnings.addAll(run.command().notes());
    ScanResult result = ProwlerRun.result(new ProwlerRun.Scan(account, run.startedAt(), directory, outputName,
        options, formatsConfigured, run.command().arguments(), version, warnings, request.timeout()), run.process());
    if (result.status() == ScanStatus.SUCCEEDED) {
      LOG.info("Prowler finished for {}: exit {}, {} files", account.key(), result.exitCode(),
          result.artifacts().size());
    } else {
      LOG.warn("Prowler {} for {}: {}", result.status(), account.key(), result.reason());
    }
    return result;
  }

  /**
   * Leaves out the output formats the installed Prowler does not write (html before 4.2.0); a format the user asked
   * for explicitly is left out with a warning saying which setting to change.
   */
  private static ProwlerOptions acceptedFormats(ProwlerOptions options, ProwlerVersion version,
      boolean formatsConfigured, CloudAccount account, List<String> warnings) {
    if (version == null) {
      return options;
    }
    List<String> accepted = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String format : options.outputFormats()) {
      (version.outputFormats().contains(format) ? accepted : dropped).add(format);
    }
    if (dropped.isEmpty()) {
      return options;
    }
    String why = dropped.stream().map(version::whyNot).collect(Collectors.joining("; "));
    if (formatsConfigured) {
      warnings.add("Prowler " + version + " does not write " + String.join(", ", dropped) + " (" + why + "), so "
          + "secposture did not ask for it; set " + ProwlerOptions.PREFIX + "output-formats=" + String.join(",",
          accepted) + " to say so, or upgrade Prowler");
    } else {
      LOG.info("Prowler {} does not write {} ({}); not requested for {}", version, dropped, why, account.key());
    }
    return options.withOutputFormats(accepted);
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
    Path prowler;
    try {
      prowler = tool.executable(configured);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    ProwlerVersions.Detection detection = versions.detect(prowler);
    if (detection.version() == null) {
      return new Preflight(prowler.toString(), null, List.of(), List.of(detection.describe()
          + "; check the installation (" + ProwlerOptions.PREFIX + "executable)"));
    }
    Preflight found = new Preflight(prowler.toString(), detection.version().toString(), List.of(), List.of());
    return detection.version().supported() ? found : found.withProblem("Prowler " + detection.version()
        + " is too old: secposture runs Prowler 4.0 or later; upgrade it (pip install -U prowler)");
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
