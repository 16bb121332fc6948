package io.secposture.core.spi;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.ScanException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.Settings;
import io.secposture.core.Executables;
import io.secposture.core.ProcessResult;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ProcessSpec;
import io.secposture.core.Redactor;
import io.secposture.core.ScannerEnvironment;
import io.secposture.core.SecretFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plumbing every command-line scanner shares: skipping accounts it does not scan, finding its executable, and
 * running one {@link ToolCommand} per scan under the {@link ProcessRunner} with the job's environment allow-list,
 * the account's credentials wired in and masked, the scan's {@code process.*} options, its secret files in a private
 * folder, and the masked command line logged. What stays the scanner's: building the command from its options, and
 * turning the {@link Run} (exit code, logs, output folder) into a {@link io.secposture.api.ScanResult}.
 *
 * <p><b>Who calls it.</b> A {@link io.secposture.api.Scanner}: it builds one in its constructor and calls
 * {@link #skip}, {@link #executable} and {@link #run} from {@code scan}, {@link #preflight} from {@code preflight}.
 * Immutable and thread-safe: one instance serves concurrent scans. Arguments must not be null unless documented.
 *
 * <p><b>A run.</b> {@link #run} creates a private folder (0700, {@code secposture-<scanner>-*} in the temporary
 * directory), asks the scanner's {@link CommandFactory} for the command (so credential files can be named in it),
 * writes the command's secret files (0600), logs the command line at INFO with every secret masked, runs it with
 * standard input closed in the private folder (or the output folder, see {@link Builder#workInOutputFolder()}) and
 * deletes the private folder however the run ends. The process inherits {@link ScannerEnvironment#BASE}, the tool's
 * own patterns ({@link Builder#inherit}), what the credentials need
 * ({@link ProcessSpec.Builder#credentials}) and {@code process.pass-environment}.
 */
public final class CommandLineScan {
  private final String scanner;
  private final String tool;
  private final Set<CloudProvider> providers;
  private final String defaultExecutable;
  private final String executableSetting;
  private final Map<String, String> environment;
  private final List<String> inherited;
  private final Duration gracePeriod;
  private final int tailLines;
  private final ProcessRunner runner;
  private final String stdoutLog;
  private final String stderrLog;
  private final boolean workInOutputFolder;
  private final Logger log;

  private CommandLineScan(Builder builder) {
    this.scanner = builder.scanner;
    this.tool = builder.tool;
    this.providers = Set.copyOf(builder.providers);
    this.defaultExecutable = builder.defaultExecutable;
    this.executableSetting = builder.executableSetting;
    this.environment = Map.copyOf(builder.environment);
    this.inherited = List.copyOf(builder.inherited);
    this.gracePeriod = builder.gracePeriod;
    this.tailLines = builder.tailLines;
    this.runner = builder.runner;
    this.stdoutLog = builder.stdoutLog;
    this.stderrLog = builder.stderrLog;
    this.workInOutputFolder = builder.workInOutputFolder;
    this.log = builder.log;
  }

  /**
   * Starts describing a scanner's tool.
   *
   * @param scanner the scanner's name, e.g. {@code prowler}; also the results' scanner name
   * @param tool the tool's name for messages, e.g. {@code Prowler}
   * @param providers the providers the tool scans
   * @return a builder
   */
  public static Builder builder(String scanner, String tool, Collection<CloudProvider> providers) {
    return new Builder(scanner, tool, providers);
  }

  /**
   * Returns the providers the tool scans.
   *
   * @return the providers
   */
  public Set<CloudProvider> providers() {
    return providers;
  }

  /**
   * Tells whether an account is not for this tool: of another provider, or disabled.
   *
   * @param account the account
   * @return a SKIPPED result saying why, or empty when the tool scans it
   */
  public Optional<ScanResult> skip(CloudAccount account) {
    if (!providers.contains(account.provider())) {
      List<String> ids = providers.stream().map(CloudProvider::id).sorted().toList();
      String scanned = ids.size() == 1 ? ids.get(0)
          : String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
      return Optional.of(ScanResult.skipped(scanner, account, tool + " is not run for " + account.provider()
          + " accounts; secposture runs it for " + scanned));
    }
    if (!account.enabled()) {
      return Optional.of(ScanResult.skipped(scanner, account, "account " + account.key() + " is disabled"));
    }
    return Optional.empty();
  }

  /**
   * Finds the executable: a configured path or name, else the default name on {@code PATH}.
   *
   * @param configured the configured path or name; nullable
   * @return the absolute path
   * @throws ConfigurationException if it cannot be found or run, naming the setting to change
   */
  public Path executable(String configured) {
    return Executables.find(configured, defaultExecutable, executableSetting, environment);
  }

  /**
   * Finds the executable and asks its version, for {@link io.secposture.api.Scanner#preflight}; never throws for
   * a problem it can describe.
   *
   * @param configured the configured path or name; nullable
   * @param versionArguments what makes the tool print its version
   * @param version finds the version in a line of output, as group 1
   * @param timeout how long the tool may take to answer
   * @return the executable and version, or the problems
   */
  public Preflight preflight(String configured, List<String> versionArguments, Pattern version, Duration timeout) {
    return Executables.probeVersion(configured, defaultExecutable, executableSetting, environment,
        versionArguments, version, timeout);
  }

  /** Builds a scan's command once its private folder exists. */
  @FunctionalInterface
  public interface CommandFactory {
    /**
     * Builds the command.
     *
     * @param privateFolder the scan's private folder, where {@link ToolCommand#secretFiles()} will be written
     * @return the command
     * @throws ConfigurationException if the request cannot be run
     */
    ToolCommand command(Path privateFolder);
  }

  /** Logs the command about to run; the default logs {@code running <tool> for <account>: <line> (environment...)}. */
  @FunctionalInterface
  public interface Announcement {
    /**
     * Logs the command.
     *
     * @param command the command
     * @param line the command line, every secret masked
     * @param environment what {@link CommandLines#environmentForLog} says of the command's environment
     */
    void announce(ToolCommand command, String line, String environment);
  }

  /**
   * How a run ended.
   *
   * @param command the command that ran
   * @param process how the process ended; its tail masked again with {@link #redactor()}
   * @param redactor masks every secret of the credentials and the command, for reasons and messages
   * @param startedAt when the run started
   * @param output the output folder
   */
  public record Run(ToolCommand command, ProcessResult process, Redactor redactor, Instant startedAt, Path output) {
  }

  /**
   * Runs one scan's command and logs it with {@link Announcement the default line}.
   *
   * @param request the request: account, credentials, timeout
   * @param options the scan's options (the scanner's defaults with the request's over them), for {@code process.*}
   * @param output the output folder, where the logs go
   * @param factory builds the command
   * @return how it ended
   * @throws ConfigurationException if the command cannot be built or an option is malformed
   * @throws ScanException if the process cannot be started (its message masked)
   */
  public Run run(ScanRequest request, Settings options, Path output, CommandFactory factory) {
    return run(request, options, output, factory, (command, line, environment) -> log.info("running {} for {}: {}{}",
        tool, request.account().key(), line, environment));
  }

  /**
   * Runs one scan's command.
   *
   * @param request the request: account, credentials, timeout
   * @param options the scan's options, for {@code process.*}
   * @param output the output folder, where the logs go
   * @param factory builds the command
   * @param announcement logs the command
   * @return how it ended
   * @throws ConfigurationException if the command cannot be built or an option is malformed
   * @throws ScanException if the process cannot be started (its message masked)
   */
  public Run run(ScanRequest request, Settings options, Path output, CommandFactory factory,
      Announcement announcement) {
    Objects.requireNonNull(request, "request");
    CloudAccount account = request.account();
    Instant startedAt = Instant.now();
    Path privateFolder = PrivateFolder.create("secposture-" + scanner + "-");
    List<SecretFile> files = new ArrayList<>();
    try {
      ToolCommand command = factory.command(privateFolder);
      ProcessSpec.Builder spec = ProcessSpec.builder(command.arguments())
          .workingDirectory(workInOutputFolder ? output : privateFolder)
          .inherit(inherited)
          .credentials(account.provider(), request.credentials())
          .options(options)
          .secretEnvironment(command.secretEnvironment())
          .removeVariables(command.removedVariables())
          .logs(output.resolve(stdoutLog), output.resolve(stderrLog))
          .timeout(request.timeout())
          .gracePeriod(gracePeriod)
          .tailLines(tailLines);
      command.environment().forEach(spec::environment);
      command.redacted().forEach(spec::redact);
      ProcessSpec built = spec.build();
      Redactor redactor = built.redactor();
      command.secretFiles().forEach((name, content) -> files.add(SecretFile.create(privateFolder, name, content)));
      announcement.announce(command, CommandLines.forLog(command.arguments(), redactor),
          CommandLines.environmentForLog(command.environment(), command.secretEnvironment().keySet(),
              new LinkedHashSet<>(command.removedVariables())));
      ProcessResult process;
      try {
        process = runner.run(built);
      } catch (ScanException e) {
        String masked = redactor.redact(String.valueOf(e.getMessage()));
        if (masked.equals(e.getMessage())) {
          throw e;
        }
        throw new ScanException(masked, e.exitCode(), redactor.redact(e.logTail()), e.getCause());
      }
      ProcessResult masked = new ProcessResult(process.exitCode(), process.timedOut(), process.cancelled(),
          process.duration(), redactor.redact(process.tail()), process.stdoutLog(), process.stderrLog());
      return new Run(command, masked, redactor, startedAt, output);
    } finally {
      files.forEach(SecretFile::close);
      PrivateFolder.delete(privateFolder);
    }
  }

  @Override
  public String toString() {
    return "CommandLineScan[" + scanner + ", executable=" + defaultExecutable + " (" + executableSetting + ")]";
  }

  /** Builds {@link CommandLineScan}s. Not thread-safe. */
  public static final class Builder {
    private final String scanner;
    private final String tool;
    private final Set<CloudProvider> providers;
    private String defaultExecutable;
    private String executableSetting;
    private Map<String, String> environment = System.getenv();
    private final List<String> inherited = new ArrayList<>();
    private Duration gracePeriod = Duration.ofSeconds(10);
    private int tailLines = 50;
    private ProcessRunner runner = new ProcessRunner();
    private String stdoutLog = "stdout.log";
    private String stderrLog = "stderr.log";
    private boolean workInOutputFolder;
    private Logger log;

    private Builder(String scanner, String tool, Collection<CloudProvider> providers) {
      this.scanner = Objects.requireNonNull(scanner, "scanner");
      this.tool = Objects.requireNonNull(tool, "tool");
      this.providers = Set.copyOf(providers);
      this.defaultExecutable = scanner;
      this.executableSetting = scanner + ".executable";
      this.log = LoggerFactory.getLogger(CommandLineScan.class);
    }

    /**
     * Sets the executable looked up on {@code PATH} and the setting that points elsewhere.
     *
     * @param defaultName e.g. {@code scout}; default the scanner's name
     * @param setting e.g. {@code scoutsuite.executable}; default {@code <scanner>.executable}
     * @return this builder
     */
    public Builder executable(String defaultName, String setting) {
      this.defaultExecutable = Objects.requireNonNull(defaultName, "defaultName");
      this.executableSetting = Objects.requireNonNull(setting, "setting");
      return this;
    }

    /**
     * Sets the environment whose {@code PATH} is searched for the executable (default: this process's).
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Passes more of the job's variables to the tool, e.g. {@link ScannerEnvironment#PYTHON}.
     *
     * @param patterns names and {@code PREFIX*} patterns (checked when a scan builds its process)
     * @return this builder
     */
    public Builder inherit(Collection<String> patterns) {
      inherited.addAll(patterns);
      return this;
    }

    /**
     * Sets how long a stopped tool gets between SIGTERM and SIGKILL (default 10 seconds).
     *
     * @param gracePeriod not negative
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
     * Sets how many last lines of output a run keeps (default 50).
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
     * Sets the runner (default a new one).
     *
     * @param runner the runner
     * @return this builder
     */
    public Builder runner(ProcessRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /**
     * Names the log files, relative to the output folder (default {@code stdout.log}, {@code stderr.log}).
     *
     * @param stdout standard output's file
     * @param stderr standard error's file
     * @return this builder
     */
    public Builder logs(String stdout, String stderr) {
      this.stdoutLog = Objects.requireNonNull(stdout, "stdout");
      this.stderrLog = Objects.requireNonNull(stderr, "stderr");
      return this;
    }

    /**
     * Starts the tool in the output folder instead of the private folder (for tools that write relative paths).
     *
     * @return this builder
     */
    public Builder workInOutputFolder() {
      this.workInOutputFolder = true;
      return this;
    }

    /**
     * Sets the logger the default announcement uses (default this class's).
     *
     * @param log the logger
     * @return this builder
     */
    public Builder logger(Logger log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Builds the helper.
     *
     * @return the helper
     */
    public CommandLineScan build() {
      return new CommandLineScan(this);
    }
  }
}
