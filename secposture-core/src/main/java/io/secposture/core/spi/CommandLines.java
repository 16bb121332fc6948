package io.secposture.core.spi;

import io.secposture.core.Redactor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a command line for a person to read or paste into a POSIX shell: arguments that hold anything but letters,
 * digits and {@code _@%+=:,./-} go in single quotes. {@code *} stays unquoted too, so a masked secret reads
 * {@code ****} in a logged line (paste such a line into a shell only after putting the secret back). Command-line
 * scanners use it to log what they run; the runner itself never uses a shell.
 *
 * <p><b>Who calls it.</b> {@link CommandLineScan} when it logs a command, and scanners that log one themselves.
 * Stateless and thread-safe; arguments must not be null.
 */
public final class CommandLines {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./*-]+");

  private CommandLines() {
  }

  /**
   * Quotes one argument for a POSIX shell.
   *
   * @param argument the argument
   * @return the argument as it is when it needs no quotes, else in single quotes ({@code '} written {@code '\''})
   */
  public static String quote(String argument) {
    return PLAIN.matcher(argument).matches() ? argument : "'" + argument.replace("'", "'\\''") + "'";
  }

  /**
   * Joins arguments as a shell would take them.
   *
   * @param arguments the executable and its arguments
   * @return the command line
   */
  public static String forShell(List<String> arguments) {
    return arguments.stream().map(CommandLines::quote).collect(Collectors.joining(" "));
  }

  /**
   * Joins arguments as a shell would take them, every secret the redactor knows masked (with all its parts) before
   * quoting, so a masked value never shows even partly.
   *
   * @param arguments the executable and its arguments
   * @param redactor the secrets to mask
   * @return the masked command line
   */
  public static String forLog(List<String> arguments, Redactor redactor) {
    return arguments.stream().map(redactor::redact).map(CommandLines::quote).collect(Collectors.joining(" "));
  }

  /**
   * Describes the environment a command gets besides the job's own, for the log: values of plain variables, only
   * the names of secret ones and of the removed ones, each list sorted.
   *
   * @param environment non-secret variables set
   * @param secretNames names of secret variables set
   * @param removed names of inherited variables removed
   * @return e.g. {@code  (environment: TZ=UTC; secrets in AWS_ACCESS_KEY_ID; removed AWS_PROFILE)}, starting with a
   *     space
   */
  public static String environmentForLog(Map<String, String> environment, Collection<String> secretNames,
      Collection<String> removed) {
    StringBuilder text = new StringBuilder(" (environment:");
    new TreeMap<>(environment).forEach((name, value) -> text.append(' ').append(name).append('=')
        .append(quote(value)));
    if (!secretNames.isEmpty()) {
      text.append("; secrets in ").append(String.join(", ", new TreeSet<>(secretNames)));
    }
    if (!removed.isEmpty()) {
      text.append("; removed ").append(String.join(", ", new TreeSet<>(removed)));
    }
    return text.append(')').toString();
  }
}
