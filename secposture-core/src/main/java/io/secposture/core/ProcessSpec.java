package io.secposture.core;

import io.secposture.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to run one command-line scanner: the argument list (no shell), the working directory, the environment (secrets
 * only there), where its output goes and how long it may run. Build one with {@link #builder(List)}.
 *
 * <p>The environment starts from the job's own, minus every variable whose name starts with one of
 * {@link #removedPrefixes()} (by default {@code SECPOSTURE_}, so one account's configured keys never reach another
 * account's scanner) and minus {@link #removedVariables()}, plus {@link #environment()} and
 * {@link #secretEnvironment()}, plus {@link ProcessRunner#TREE_VARIABLE} (a random marker that lets the runner find
 * every process of the tree). Secret values are masked in the log files and the log tail.
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
 *     {@link #toString()}), besides the secret environment: secrets the tool only takes as arguments
 */
public record ProcessSpec(List<String> command, Path workingDirectory, Map<String, String> environment,
    Map<String, Secret> secretEnvironment, List<String> removedVariables, List<String> removedPrefixes,
    Path stdoutLog, Path stderrLog, Duration timeout, Duration gracePeriod, int tailLines,
    List<Secret> redactedValues) {

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
        + ", timeout=" + timeout + "]";
  }

  /**
   * Starts building a spec. Defaults: working directory {@code .}, logs {@code stdout.log} and {@code stderr.log}
   * in the working directory, timeout one hour, grace period 10 seconds, 50 tail lines, {@code SECPOSTURE_}
   * variables removed.
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
          removedPrefixes, out, err, timeout, gracePeriod, tailLines, redactedValues);
    }
  }
}
