package io.secposture.core.internal.pipeline;

import io.secposture.api.ReportParser;
import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: finds the files that repeat the results of another file of the same scanner run
 * ({@link ReportParser#runOf(ReportSource)}), so that a run written in several formats is counted once, from its
 * richest format, in both {@code run} and {@code aggregate}. Stateless.
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
}
