package io.secposture.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's {@code sla} section: how old the open findings are against the {@link SlaPolicy}. secposture-core
 * computes it when it compares a run with the previous one before publishing (each flagged finding's
 * {@code first_seen} is known then); the front page, Grafana, the job's {@code --fail-on sla:SEVERITY} gate and
 * exporters read it. Only account rows with results count: a failed scan's findings are unknown, not open.
 *
 * <p>Immutable and thread-safe; no component is null. Shards' sections merge exactly with {@link #combine}.
 *
 * @param policy the policy the ages were measured against
 * @param open flagged findings per severity (every severity present)
 * @param breached flagged findings per severity whose age is at least their SLA (every severity present)
 * @param oldest the oldest open findings, at most {@link #OLDEST_LIMIT}, in {@link AgedFinding#ORDER}
 * @param byAccount breaches per account row ({@link AccountSummary#key()}); rows without breaches are absent
 * @param byOwner breaches per owner; owners without breaches are absent
 */
public record SlaSummary(SlaPolicy policy, Map<Severity, Long> open, Map<Severity, Long> breached,
    List<AgedFinding> oldest, SortedMap<String, Long> byAccount, SortedMap<String, Long> byOwner) {

  /** How many of the oldest open findings the section keeps. */
  public static final int OLDEST_LIMIT = 20;

  /** Validates and copies the components into canonical form. */
  public SlaSummary {
    Objects.requireNonNull(policy, "policy");
    open = complete(open);
    breached = complete(breached);
    TreeSet<AgedFinding> kept = new TreeSet<>(AgedFinding.ORDER);
    for (AgedFinding finding : oldest) {
      kept.add(Objects.requireNonNull(finding, "oldest element"));
      if (kept.size() > OLDEST_LIMIT) {
        kept.pollLast();
      }
    }
    oldest = List.copyOf(kept);
    byAccount = positive(byAccount);
    byOwner = positive(byOwner);
  }

  /**
   * Counts the breaches at a severity or worse.
   *
   * @param least the least severity counted
   * @return the breaches of that severity and the more serious ones
   */
  public long breachedAtOrAbove(Severity least) {
    long count = 0;
    for (Severity severity : Severity.values()) {
      if (severity.compareTo(least) <= 0) {
        count += breached.get(severity);
      }
    }
    return count;
  }

  /**
   * Returns the total number of breaches.
   *
   * @return the sum over severities
   */
  public long totalBreached() {
    return breached.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Merges the sections of several partial reports (shards): counts add up, the oldest lists unite and are cut to
   * the limit again. Partials should share one policy; if they do not, the one whose text sorts first is kept, so
   * the result does not depend on the order. Associative and commutative.
   *
   * @param sections the sections; null elements (partials without a section) are skipped
   * @return the merged section, or {@code null} when none is given
   */
  public static SlaSummary combine(List<SlaSummary> sections) {
    SlaSummary merged = null;
    for (SlaSummary section : sections) {
      if (section == null) {
        continue;
      }
      if (merged == null) {
        merged = section;
        continue;
      }
      SlaPolicy policy = merged.policy.toString().compareTo(section.policy.toString()) <= 0 ? merged.policy
          : section.policy;
      List<AgedFinding> oldest = new ArrayList<>(merged.oldest);
      oldest.addAll(section.oldest);
      merged = new SlaSummary(policy, sum(merged.open, section.open), sum(merged.breached, section.breached),
          oldest, sum(merged.byAccount, section.byAccount), sum(merged.byOwner, section.byOwner));
    }
    return merged;
  }

  private static Map<Severity, Long> complete(Map<Severity, Long> counts) {
    EnumMap<Severity, Long> all = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      Long count = counts.get(severity);
      if (count != null && count < 0) {
        throw new IllegalArgumentException("count of " + severity + " must be zero or more, got " + count);
      }
      all.put(severity, count == null ? 0L : count);
    }
    return Collections.unmodifiableMap(all);
  }

  private static SortedMap<String, Long> positive(Map<String, Long> counts) {
    TreeMap<String, Long> kept = new TreeMap<>();
    counts.forEach((key, count) -> {
      if (count < 0) {
        throw new IllegalArgumentException("count of " + key + " must be zero or more, got " + count);
      }
      if (count > 0) {
        kept.put(Objects.requireNonNull(key, "key"), count);
      }
    });
    return Collections.unmodifiableSortedMap(kept);
  }

  private static <K> Map<K, Long> sum(Map<K, Long> a, Map<K, Long> b) {
    Map<K, Long> total = new java.util.HashMap<>(a);
    b.forEach((key, count) -> total.merge(key, count, Long::sum));
    return total;
  }

  private static SortedMap<String, Long> sum(SortedMap<String, Long> a, SortedMap<String, Long> b) {
    TreeMap<String, Long> total = new TreeMap<>(a);
    b.forEach((key, count) -> total.merge(key, count, Long::sum));
    return total;
  }
}
