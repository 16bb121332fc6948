package io.secposture.export.aws.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: the exporter's warnings, counted by kind so that a problem met ten thousand times is one line with
 * its count, and bounded ({@value #LIMIT} lines, then a line saying how many more kinds there were). Not thread-safe.
 */
public final class Warnings {
  static final int LIMIT = 40;

  private final Map<String, long[]> counts = new LinkedHashMap<>();

  /**
   * Counts a problem.
   *
   * @param what the problem, without a count: findings of the same kind add up
   * @param howMany how many findings (or requests) it concerns
   */
  public void add(String what, long howMany) {
    counts.computeIfAbsent(what, key -> new long[1])[0] += howMany;
  }

  /**
   * Tells whether a problem was counted.
   *
   * @return true if there is none
   */
  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /**
   * Returns the warnings, each {@code "<count> <what>"}, in the order first met.
   *
   * @return at most {@value #LIMIT} + 1 lines
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      if (lines.size() == LIMIT) {
        lines.add("... and " + (counts.size() - LIMIT) + " more kinds of problems (see the log)");
        break;
      }
      lines.add(entry.getValue()[0] + " " + entry.getKey());
    }
    return List.copyOf(lines);
  }
}
