package io.secposture.core.internal.pipeline;

import io.secposture.api.Aggregation;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import io.secposture.core.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: finds the files that repeat the results of another file of the same scanner run
 * ({@link ReportParser#runOf(ReportSource)}), so that a run written in several formats is counted once, from its
 * richest format, in both {@code run} and {@code aggregate}; and adds what such a file brings beside the counted one
 * ({@link ReportParser#sameRunRequirements}: compliance results and requirement titles, never findings). Stateless.
 */
final class SameRunFiles {
  /**
   * One file to consider.
   *
   * @param source the file as the user knows it
   * @param parser the parser that accepted it
   * @param reportSource the file
   */
  record Candidate(String source, ReportParser parser, ReportSource reportSource) {
  }

  private SameRunFiles() {
  }

  /**
   * Returns, for every file that is not to be counted, why: {@code same run as <source>, not counted}.
   *
   * @param candidates the files, each with the parser that accepted it
   * @return the reasons by index into {@code candidates}; the files not in it are counted
   */
  static Map<Integer, String> duplicates(List<Candidate> candidates) {
    Map<String, List<Integer>> byRun = new HashMap<>();
    Map<Integer, ReportRun> runs = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = candidates.get(i);
      ReportRun run;
      try {
        run = candidate.parser().runOf(candidate.reportSource());
      } catch (RuntimeException e) {
        RunEvents.LOG.debug("parser {} could not tell the run of {}; counting it on its own: {}",
            candidate.parser().name(), candidate.source(), e.toString());
        run = null;
      }
      if (run != null) {
        runs.put(i, run);
        byRun.computeIfAbsent(run.key(), key -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, String> duplicates = new HashMap<>();
    for (List<Integer> members : byRun.values()) {
      if (members.size() < 2) {
        continue;
      }
      List<Integer> ordered = new ArrayList<>(members);
      ordered.sort(Comparator.<Integer>comparingInt(i -> runs.get(i).rank())
          .thenComparing(i -> candidates.get(i).source()));
      Candidate counted = candidates.get(ordered.get(0));
      for (int i = 1; i < ordered.size(); i++) {
        Candidate other = candidates.get(ordered.get(i));
        duplicates.put(ordered.get(i), "same run as " + counted.source() + ", not counted: " + other.parser().name()
            + " holds the same results as " + counted.parser().name() + ", which is preferred");
      }
    }
    return duplicates;
  }

  /**
   * Adds what a file left out as a duplicate brings to its run's compliance section: the parser's
   * {@link ReportParser#sameRunRequirements}, as a report that names no account and streams no finding, so that no
   * count changes. Anything the parser throws (errors included) costs only these additions.
   *
   * @param candidate the file left out
   * @param aggregation where the results go
   * @param redactor masks secrets in the warning
   * @return a warning when the file could not be read for them; null otherwise
   */
  static String addRequirements(Candidate candidate, Aggregation aggregation, Redactor redactor) {
    List<RequirementResult> results;
    try {
      results = candidate.parser().sameRunRequirements(candidate.reportSource());
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError || e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e;
      }
      String warning = "the compliance requirements of " + candidate.source() + " (same run as a counted file) could"
          + " not be read, so its requirement titles and manual requirements are missing: "
          + SafeThrowables.describe(e, redactor);
      RunEvents.LOG.warn("{}", warning);
      return warning;
    }
    if (results != null && !results.isEmpty()) {
      aggregation.add(new ParsedReport(candidate.parser().name(), candidate.source(), candidate.parser().name(), null,
          null, List.of(), 0, List.of(), null, results));
    }
    return null;
  }
}
