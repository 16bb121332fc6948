package io.secposture.core.spi;

import io.secposture.api.Secret;
import io.secposture.core.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a command-line scanner runs for one scan: the arguments (no shell), the environment it sets or removes, the
 * private files to write first, and the secrets the arguments hold. Building one has no side effects;
 * {@link CommandLineScan} writes {@link #secretFiles()} (0600) into the scan's private folder, runs the command and
 * deletes them.
 *
 * <p><b>Who calls it.</b> A scanner builds one from its options and the request's credentials, inside the command
 * factory it hands to {@link CommandLineScan#run}. Immutable and thread-safe; no component is null. Secrets belong in
 * {@link #secretEnvironment()} or {@link #secretFiles()}; a secret the tool takes only as an argument goes in
 * {@link #redacted()} too, so every log masks it.
 *
 * @param arguments the executable and its arguments
 * @param environment non-secret variables to set
 * @param secretEnvironment secret variables to set
 * @param removedVariables inherited variables to remove
 * @param secretFiles files to create in the scan's private folder before the run, by file name
 * @param redacted secrets the arguments hold, masked wherever the command or its output is printed
 * @param notes things to tell the operator (options that do not apply, formats left out), for the log or the result
 */
public record ToolCommand(List<String> arguments, Map<String, String> environment,
    Map<String, Secret> secretEnvironment, List<String> removedVariables, Map<String, Secret> secretFiles,
    List<Secret> redacted, List<String> notes) {

  /** Copies the collections, keeping their order. */
  public ToolCommand {
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("a command names its executable first");
    }
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    secretEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(secretEnvironment));
    removedVariables = List.copyOf(removedVariables);
    secretFiles = Collections.unmodifiableMap(new LinkedHashMap<>(secretFiles));
    redacted = List.copyOf(redacted);
    notes = List.copyOf(notes);
  }

  /**
   * Starts a command.
   *
   * @param executable the executable, as a path or a name
   * @return a builder holding the executable as the first argument
   */
  public static Builder builder(String executable) {
    return new Builder(executable);
  }

  /**
   * Returns the command line as a shell would take it, every secret in {@link #redacted()} masked.
   *
   * @return the line, for logs
   */
  public String forLog() {
    return CommandLines.forLog(arguments, Redactor.of(redacted));
  }

  /** Prints the masked arguments and the names of secret variables and files, never a secret. */
  @Override
  public String toString() {
    return "ToolCommand[arguments=" + Redactor.of(redacted).redact(arguments.toString()) + ", environment="
        + new TreeMap<>(environment) + ", secretEnvironment=" + new TreeMap<>(secretEnvironment).keySet()
        + ", removedVariables=" + removedVariables + ", secretFiles=" + new TreeMap<>(secretFiles).keySet() + "]";
  }

  /** Builds {@link ToolCommand}s. Not thread-safe. */
  public static final class Builder {
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Secret> secretEnvironment = new LinkedHashMap<>();
    private final List<String> removedVariables = new ArrayList<>();
    private final Map<String, Secret> secretFiles = new LinkedHashMap<>();
    private final List<Secret> redacted = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Builder(String executable) {
      arguments.add(Objects.requireNonNull(executable, "executable"));
    }

    /**
     * Adds arguments.
     *
     * @param values the arguments, none a secret (see {@link #secretArgument})
     * @return this builder
     */
    public Builder add(String... values) {
      for (String value : values) {
        arguments.add(Objects.requireNonNull(value, "argument"));
      }
      return this;
    }

    /**
     * Adds a flag followed by its values, or nothing when there are none.
     *
     * @param flag e.g. {@code --regions}
     * @param values the values
     * @return this builder
     */
    public Builder flag(String flag, Collection<String> values) {
      if (!values.isEmpty()) {
        arguments.add(flag);
        arguments.addAll(values);
      }
      return this;
    }

    /**
     * Adds a secret the tool takes only as an argument; it is masked in every log, but visible to other users of
     * the machine in the process list while the scan runs. Prefer the environment or a file.
     *
     * @param value the secret
     * @return this builder
     */
    public Builder secretArgument(Secret value) {
      arguments.add(value.reveal());
      redacted.add(value);
      return this;
    }

    /**
     * Sets a non-secret variable.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /**
     * Sets a secret variable.
     *
     * @param name the name
     * @param value the secret
     * @return this builder
     */
    public Builder secret(String name, Secret value) {
      secretEnvironment.put(name, value);
      return this;
    }

    /**
     * Removes inherited variables.
     *
     * @param names the names
     * @return this builder
     */
    public Builder remove(Collection<String> names) {
      removedVariables.addAll(names);
      return this;
    }

    /**
     * Asks for a private file, written before the run into the scan's private folder.
     *
     * @param name the file name
     * @param content the secret content
     * @return this builder
     */
    public Builder secretFile(String name, Secret content) {
      secretFiles.put(name, content);
      return this;
    }

    /**
     * Adds everything a {@link CloudEnvironment} sets, removes and writes.
     *
     * @param cloud the credentials' environment
     * @return this builder
     */
    public Builder cloud(CloudEnvironment cloud) {
      environment.putAll(cloud.variables());
      secretEnvironment.putAll(cloud.secrets());
      removedVariables.addAll(cloud.removed());
      secretFiles.putAll(cloud.files());
      return this;
    }

    /**
     * Adds a note for the operator.
     *
     * @param note the note
     * @return this builder
     */
    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    /**
     * Builds the command.
     *
     * @return the command
     */
    public ToolCommand build() {
      return new ToolCommand(arguments, environment, secretEnvironment, removedVariables, secretFiles, redacted,
          notes);
    }
  }
}
