package io.secposture.api.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one (by edit distance, ignoring case), for the "did you mean" hints
 * of configuration errors.
 *
 * <p><b>Who calls it.</b> {@link NamedExtensions#require(String)} for unknown extension names, and any module's
 * option or inventory reader for unknown keys (the scanners' option readers, core's inventory readers, the job's
 * environment reader). Stateless and thread-safe; arguments must not be {@code null}.
 */
public final class Suggestions {
  private Suggestions() {
  }

  /**
   * Returns the known name closest to {@code name}, if at most {@code max(2, name.length() / 3)} edits away.
   *
   * @param name the misspelt name
   * @param known the known names; on a tie the first in iteration order wins
   * @return the closest known name, if close enough
   */
  public static Optional<String> closest(String name, Iterable<String> known) {
    return closest(name, known, Math.max(2, name.length() / 3));
  }

  /**
   * Returns the known name closest to {@code name}, if at most {@code maxDistance} edits away.
   *
   * @param name the misspelt name
   * @param known the known names; on a tie the first in iteration order wins
   * @param maxDistance the most edits (insertions, deletions, substitutions) a hint may be away
   * @return the closest known name, if close enough
   */
  public static Optional<String> closest(String name, Iterable<String> known, int maxDistance) {
    String lowerName = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(lowerName, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= maxDistance ? Optional.of(best) : Optional.empty();
  }

  /**
   * Returns the Levenshtein distance between two strings (case-sensitive).
   *
   * @param a one string
   * @param b the other
   * @return the fewest insertions, deletions and substitutions that turn {@code a} into {@code b}
   */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
