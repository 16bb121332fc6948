package io.secposture.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plugin found when it was checked before a run, without scanning or publishing anything: the program it
 * would run and its version, facts worth showing, and the problems that would make the run fail.
 *
 * <p><b>Who makes it.</b> {@link Scanner#preflight(Settings)} and {@link ArtifactPublisher#preflight}; the job's
 * {@code check} command (and {@code run --dry-run}) prints it. Nothing in it may be a secret: it is printed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param executable the absolute path of the program the plugin runs; nullable when it runs none, or it was not found
 * @param version the program's version as the program reports it, e.g. {@code 5.7.5}; nullable when unknown
 * @param details further facts for the person reading the check, e.g. "probe object written and deleted"
 * @param problems what would make the run fail, each naming the setting and saying what to do; empty when all is
 *     well
 */
public record Preflight(String executable, String version, List<String> details, List<String> problems) {
  private static final Preflight NOTHING = new Preflight(null, null, List.of(), List.of());

  /** Copies the lists. */
  public Preflight {
    details = List.copyOf(details);
    problems = List.copyOf(problems);
  }

  /**
   * Returns the result of a plugin that has nothing to check before a run (the default of every SPI method that
   * returns one).
   *
   * @return a result with no executable, version, details or problems
   */
  public static Preflight nothingToCheck() {
    return NOTHING;
  }

  /**
   * Returns a result with one problem.
   *
   * @param problem what is wrong and what to do
   * @return the result
   */
  public static Preflight problem(String problem) {
    return new Preflight(null, null, List.of(), List.of(problem));
  }

  /**
   * Tells whether the check found no problem.
   *
   * @return true when {@link #problems()} is empty
   */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Tells whether there was nothing to check.
   *
   * @return true when the result holds no executable, version, details or problems
   */
  public boolean checkedNothing() {
    return executable == null && version == null && details.isEmpty() && problems.isEmpty();
  }

  /**
   * Returns this result with one more detail.
   *
   * @param detail a fact worth showing
   * @return the new result
   */
  public Preflight withDetail(String detail) {
    List<String> more = new ArrayList<>(details);
    more.add(detail);
    return new Preflight(executable, version, more, problems);
  }

  /**
   * Returns this result with one more problem.
   *
   * @param problem what is wrong and what to do
   * @return the new result
   */
  public Preflight withProblem(String problem) {
    List<String> more = new ArrayList<>(problems);
    more.add(problem);
    return new Preflight(executable, version, details, more);
  }
}
