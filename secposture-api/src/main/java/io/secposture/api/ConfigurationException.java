package io.secposture.api;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when configuration is missing, malformed or contradictory: an unknown plugin name, two plugins with the
 * same name, an account variable that does not parse, an option with a bad value.
 *
 * <p>Configuration is validated as a whole and every problem is reported at once: {@link #problems()} lists each
 * one (with the variable, key or line that holds it) and the message joins them, one per line.
 */
public class ConfigurationException extends SecpostureException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates an exception for a single problem.
   *
   * @param problem what is wrong, where, and what to do
   */
  public ConfigurationException(String problem) {
    this(List.of(problem));
  }

  /**
   * Creates an exception for a single problem with its cause.
   *
   * @param problem what is wrong, where, and what to do
   * @param cause the underlying failure
   */
  public ConfigurationException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /**
   * Creates an exception that reports several problems at once.
   *
   * @param problems every problem found, in the order found; must not be empty
   */
  public ConfigurationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<String> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder text = new StringBuilder(problems.size() + " configuration problems:");
    for (String problem : problems) {
      text.append(System.lineSeparator()).append("  - ").append(problem);
    }
    return text.toString();
  }

  /**
   * Returns every problem found, each naming the variable, key or line that holds it.
   *
   * @return an unmodifiable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
