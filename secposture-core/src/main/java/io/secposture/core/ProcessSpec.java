package io.secposture.core;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to run one command-line scanner: the argument list (no shell), the working directory, the environment (secrets
 * only there), where its output goes and how long it may run. Build one with {@link #builder(List)}.
 *
 * <p><b>Environment.</b> A process does not inherit the job's whole environment: only the variables that match
 * {@link #inheritedVariables()} ({@link ScannerEnvironment#BASE} by default; a scanner adds what its tool needs and,
 * with {@link Builder#credentials(CloudProvider, Credentials)}, what the account's credentials need), minus every
 * variable whose name starts with one of {@link #removedPrefixes()} (by default {@code SECPOSTURE_}, which therefore
 * never passes) and minus {@link #removedVariables()}, plus {@link #environment()} and {@link #secretEnvironment()},
 * plus {@link ProcessRunner#TREE_VARIABLE} (a random marker that lets the runner find every process of the tree).
 * So one account's secrets never reach another account's scanner. Operators pass more variables with the scan option
 * {@value #PASS_ENVIRONMENT} ({@link Builder#options(Settings)}).
 *
 * <p><b>Secrets.</b> The secret environment, {@link #redactedValues()} and every secret of the credentials given to
 * {@link Builder#credentials(CloudProvider, Credentials)} (including those handed over in files) are masked, with
 * all their parts (see {@link Redactor}), in the log files, the log tail and {@link #toString()}.
 *
 * <p><b>Logs.</b> Each log file keeps at most {@link #maxLogBytes()} bytes (option {@value #MAX_LOG_SIZE}, default
 * 10 MiB): the first half and the last half of the output, with a line saying how much was left out between them.
 *
 * @param command the executable and its arguments; never contains a secret, except a value that is also listed in
 *     {@code redactedValues} because the tool accepts it nowhere else (for example Prowler's {@code --external-id})
 * @param workingDirectory the directory to start in
 * @param environment non-secret variables to set
 * @param secretEnvironment secret variables to set
 * @param removedVariables variables to remove from the inherited environment
 * @param removedPrefixes prefixes of variables to remove from the inherited environment
 * @param stdoutLog the file standard output is written to (redacted)
 * @param stderrLog the file standard error is written to (redacted)
 * @param timeout how long the process may run before its whole tree is stopped
 * @param gracePeriod how long to wait after SIGTERM before SIGKILL
 * @param tailLines how many last lines of output to keep for {@link ProcessResult#tail()}
 * @param redactedValues further values masked wherever the command or its output is printed (logs, the log tail,
 *     {@link #toString()}), besides the secret environment: secrets the tool only takes as arguments or reads from
 *     files
 * @param inheritedVariables the job's variables the process inherits: names and {@code PREFIX*} patterns
 * @param maxLogBytes the most bytes each log file keeps, at least {@value #MIN_LOG_BYTES}; {@link Long#MAX_VALUE}
 *     for no limit
 */
public record ProcessSpec(List<String> command, Path workingDirectory, Map<String, String> environment,
    Map<String, Secret> secretEnvironment, List<String> removedVariables, List<String> removedPrefixes,
    Path stdoutLog, Path stderrLog, Duration timeout, Duration gracePeriod, int tailLines,
    List<Secret> redactedValues, List<String> inheritedVariables, long maxLogBytes) {

  /** Scan option: more of the job's variables to pass to scanner processes, comma-separated names or PREFIX*. */
  public static final String PASS_ENVIRONMENT = "process.pass-environment";
  /**
   * Scan option: the most each scanner log file keeps, e.g. {@code 10MiB}, {@code 512KiB}, {@code 1GiB} (units B,
   * KiB, MiB, GiB, also written K, KB, M, MB, G, GB, all powers of 1024), or {@code unlimited}.
   */
  public static final String MAX_LOG_SIZE = "process.max-log-size";
  /** The default of {@link #MAX_LOG_SIZE}: 10 MiB per log file. */
  public static final long DEFAULT_MAX_LOG_BYTES = 10L * 1024 * 1024;
  /** The smallest log limit. */
  public static final long MIN_LOG_BYTES = 16 * 1024;

  private static final String PREFIX = "process.";
  private static final Set<String> KEYS = Set.of(PASS_ENVIRONMENT, MAX_LOG_SIZE);
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(?:i?b)?",
      Pattern.CASE_INSENSITIVE);

  /** Validates the components and copies collections. */
  public ProcessSpec {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must name an executable");
    }
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = Map.copyOf(environment);
    secretEnvironment = Map.copyOf(secretEnvironment);
    removedVariables = List.copyOf(removedVariables);
    removedPrefixes = List.copyOf(removedPrefixes);
    Objects.requireNonNull(stdoutLog, "stdoutLog");
    Objects.requireNonNull(stderrLog, "stderrLog");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (tailLines < 0) {
      throw new IllegalArgumentException("tailLines must not be negative");
    }
    redactedValues = List.copyOf(redactedValues);
    inheritedVariables = List.copyOf(ScannerEnvironment.validate(new LinkedHashSet<>(inheritedVariables)));
    if (maxLogBytes < MIN_LOG_BYTES) {
      throw new IllegalArgumentException("maxLogBytes must be at least " + MIN_LOG_BYTES + ", got " + maxLogBytes);
    }
  }

  /**
   * A spec that inherits {@link ScannerEnvironment#BASE} and keeps {@link #DEFAULT_MAX_LOG_BYTES} per log, as
   * specs did before those components existed.
   *
   * @param command the executable and its arguments
   * @param workingDirectory the directory to start in
   * @param environment non-secret variables to set
   * @param secretEnvironment secret variables to set
   * @param removedVariables variables to remove from the inherited environment
   * @param removedPrefixes prefixes of variables to remove from the inherited environment
   * @param stdoutLog the file standard output is written to
   * @param stderrLog the file standard error is written to
   * @param timeout the time limit
   * @param gracePeriod time between SIGTERM and SIGKILL
   * @param tailLines how many last lines to keep
   * @param redactedValues further values to mask
   */
  public ProcessSpec(List<String> command, Path workingDirectory, Map<String, String> environment,
      Map<String, Secret> secretEnvironment, List<String> removedVariables, List<String> removedPrefixes,
      Path stdoutLog, Path stderrLog, Duration timeout, Duration gracePeriod, int tailLines,
      List<Secret> redactedValues) {
    this(command, workingDirectory, environment, secretEnvironment, removedVariables, removedPrefixes, stdoutLog,
        stderrLog, timeout, gracePeriod, tailLines, redactedValues, ScannerEnvironment.BASE, DEFAULT_MAX_LOG_BYTES);
  }

  /**
   * Returns a redactor for this spec's secret environment values and redacted values.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    List<Secret> secrets = new ArrayList<>(secretEnvironment.values());
    secrets.addAll(redactedValues);
    return Redactor.of(secrets);
  }

  /** Prints the command (redacted) and the names of the secret variables, never their values. */
  @Override
  public String toString() {
    return "ProcessSpec[command=" + redactor().redact(command.toString()) + ", workingDirectory=" + workingDirectory
        + ", environment="
        + new TreeMap<>(environment) + ", secretEnvironment=" + new TreeMap<>(secretEnvironment).keySet()
        + ", inheritedVariables=" + inheritedVariables + ", timeout=" + timeout + "]";
  }

  /**
   * Starts building a spec. Defaults: working directory {@code .}, logs {@code stdout.log} and {@code stderr.log}
   * in the working directory of at most 10 MiB each, timeout one hour, grace period 10 seconds, 50 tail lines,
   * {@link ScannerEnvironment#BASE} inherited, {@code SECPOSTURE_} variables removed.
   *
   * @param command the executable and its arguments
   * @return a builder
   */
  public static Builder builder(List<String> command) {
    return new Builder(command);
  }

  /** Builds {@link ProcessSpec}s. Not thread-safe. */
  public static final class Builder {
    private final List<String> command;
    private Path workingDirectory = Path.of(".");
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Secret> secretEnvironment = new LinkedHashMap<>();
    private final List<String> removedVariables = new ArrayList<>();
    private final List<String> removedPrefixes = new ArrayList<>(List.of("SECPOSTURE_"));
    private Path stdoutLog;
    private Path stderrLog;
    private Duration timeout = Duration.ofHours(1);
    private Duration gracePeriod = Duration.ofSeconds(10);
    private int tailLines = 50;
    private final List<Secret> redactedValues = new ArrayList<>();
    private final Set<String> inheritedVariables = new LinkedHashSet<>(ScannerEnvironment.BASE);
    private long maxLogBytes = DEFAULT_MAX_LOG_BYTES;

    private Builder(List<String> command) {
      this.command = List.copyOf(command);
    }

    /**
     * @param directory the working directory
     * @return this builder
     */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /**
     * @param name a variable
     * @param value its value, never a secret
     * @return this builder
     */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /**
     * @param name a variable
     * @param value its secret value
     * @return this builder
     */
    public Builder secretEnvironment(String name, Secret value) {
      secretEnvironment.put(name, value);
      return this;
    }

    /**
     * @param variables secret variables to add
     * @return this builder
     */
    public Builder secretEnvironment(Map<String, Secret> variables) {
      secretEnvironment.putAll(variables);
      return this;
    }

    /**
     * @param names inherited variables to remove
     * @return this builder
     */
    public Builder removeVariables(List<String> names) {
      removedVariables.addAll(names);
      return this;
    }

    /**
     * @param prefix a prefix of inherited variables to remove
     * @return this builder
     */
    public Builder removePrefix(String prefix) {
      removedPrefixes.add(prefix);
      return this;
    }

    /**
     * @param stdout file for standard output
     * @param stderr file for standard error
     * @return this builder
     */
    public Builder logs(Path stdout, Path stderr) {
      this.stdoutLog = stdout;
      this.stderrLog = stderr;
      return this;
    }

    /**
     * @param timeout the time limit
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @param gracePeriod time between SIGTERM and SIGKILL
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * @param value a secret the command holds, to mask in logs and toString
     * @return this builder
     */
    public Builder redact(Secret value) {
      redactedValues.add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Passes more of the job's variables to the process, for what the tool needs (for example
     * {@link ScannerEnvironment#PYTHON}).
     *
     * @param patterns variable names and {@code PREFIX*} patterns
     * @return this builder
     * @throws IllegalArgumentException if a pattern is neither
     */
    public Builder inherit(Collection<String> patterns) {
      inheritedVariables.addAll(ScannerEnvironment.validate(patterns));
      return this;
    }

    /**
     * Wires an account's credentials: every secret they hold (see {@link Redactor#secretsOf(Credentials)}, also
     * those the scanner hands over in files or that the tool reads from a file) is masked in the logs and the tail,
     * and the process inherits what these credentials need from the job's environment
     * ({@link ScannerEnvironment#forCredentials(CloudProvider, Credentials)}): the cloud's SDK settings, and the
     * job's own identity of that cloud only for ambient or chained kinds. Setting the account's own credential
     * variables remains the scanner's job.
     *
     * @param provider the scanned account's provider
     * @param credentials the credentials the scanner received
     * @return this builder
     */
    public Builder credentials(CloudProvider provider, Credentials credentials) {
      Redactor.secretsOf(credentials).forEach(this::redact);
      inheritedVariables.addAll(ScannerEnvironment.forCredentials(provider, credentials));
      return this;
    }

    /**
     * Applies the scan's {@code process.*} options: {@value #PASS_ENVIRONMENT} (more variables to inherit) and
     * {@value #MAX_LOG_SIZE} (the most each log keeps). Other keys are ignored.
     *
     * @param options the scan's options
     * @return this builder
     * @throws ConfigurationException if an option is malformed or an unknown {@code process.} option is set
     */
    public Builder options(Settings options) {
      List<String> problems = new ArrayList<>();
      for (String key : options.asMap().keySet()) {
        if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
          problems.add("unknown option '" + key + "'" + Suggestions.closest(key, List.of(PASS_ENVIRONMENT,
              MAX_LOG_SIZE)).map(known -> "; did you mean '" + known
              + "'?").orElse("") + " (known: " + PASS_ENVIRONMENT + ", " + MAX_LOG_SIZE + ")");
        }
      }
      if (options.contains(PASS_ENVIRONMENT)) {
        try {
          inherit(options.getList(PASS_ENVIRONMENT));
        } catch (IllegalArgumentException e) {
          problems.add(PASS_ENVIRONMENT + ": " + e.getMessage());
        }
      }
      if (options.contains(MAX_LOG_SIZE)) {
        try {
          maxLogBytes = parseLogSize(options.getString(MAX_LOG_SIZE));
        } catch (IllegalArgumentException e) {
          problems.add(MAX_LOG_SIZE + ": " + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(String.join("; ", problems));
      }
      return this;
    }

    /**
     * @param bytes the most bytes each log file keeps (the first and the last half of the output); at least
     *     {@value #MIN_LOG_BYTES}, {@link Long#MAX_VALUE} for no limit
     * @return this builder
     */
    public Builder maxLogBytes(long bytes) {
      this.maxLogBytes = bytes;
      return this;
    }

    /**
     * @param lines how many last lines to keep
     * @return this builder
     */
    public Builder tailLines(int lines) {
      this.tailLines = lines;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     */
    public ProcessSpec build() {
      Path out = stdoutLog != null ? stdoutLog : workingDirectory.resolve("stdout.log");
      Path err = stderrLog != null ? stderrLog : workingDirectory.resolve("stderr.log");
      return new ProcessSpec(command, workingDirectory, environment, secretEnvironment, removedVariables,
          removedPrefixes, out, err, timeout, gracePeriod, tailLines, redactedValues, List.copyOf(inheritedVariables),
          maxLogBytes);
    }
  }

  /**
   * Reads a log size as {@value #MAX_LOG_SIZE} takes it.
   *
   * @param text e.g. {@code 10MiB}, {@code 512k}, {@code 1.5 GB}, {@code 65536} (bytes) or {@code unlimited}
   * @return the bytes; {@link Long#MAX_VALUE} for {@code unlimited}
   * @throws IllegalArgumentException if the text is no size or below {@value #MIN_LOG_BYTES} bytes
   */
  public static long parseLogSize(String text) {
    String value = text.strip();
    if (value.equalsIgnoreCase("unlimited")) {
      return Long.MAX_VALUE;
    }
    Matcher matcher = SIZE.matcher(value);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 10MiB, 512KiB, 1GiB or unlimited");
    }
    int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    };
    double bytes = Double.parseDouble(matcher.group(1)) * (1L << shift);
    if (bytes < MIN_LOG_BYTES) {
      throw new IllegalArgumentException("'" + text + "' is below the smallest log size, 16KiB");
    }
    return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
  }
}
