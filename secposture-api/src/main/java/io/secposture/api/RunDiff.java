package io.secposture.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What changed between the previous run and this one, by the findings' stable fingerprints: the report's
 * {@code diff} section.
 *
 * @param previousRunId the run compared against
 * @param previousGeneratedAt when that run's report was produced
 * @param total the counts over everything
 * @param bySeverity the counts per severity (every severity present)
 * @param byProvider the counts per provider
 * @param byAccount the counts per account, by {@code provider/accountId}
 */
public record RunDiff(String previousRunId, Instant previousGeneratedAt, Counts total,
    Map<Severity, Counts> bySeverity, SortedMap<CloudProvider, Counts> byProvider,
    SortedMap<String, Counts> byAccount) {

  /** Validates the components and copies collections. */
  public RunDiff {
    ScanRequest.requireRunId(previousRunId);
    Objects.requireNonNull(previousGeneratedAt, "previousGeneratedAt");
    Objects.requireNonNull(total, "total");
    EnumMap<Severity, Counts> severities = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      severities.put(severity, bySeverity.getOrDefault(severity, Counts.ZERO));
    }
    bySeverity = Collections.unmodifiableMap(severities);
    byProvider = Collections.unmodifiableSortedMap(new TreeMap<>(byProvider));
    byAccount = Collections.unmodifiableSortedMap(new TreeMap<>(byAccount));
  }

  /**
   * Counts of flagged findings by how they changed.
   *
   * @param added flagged now, never flagged before
   * @param resolved flagged in the previous run, not flagged now
   * @param reopened flagged now, not in the previous run, but flagged in an earlier one
   * @param unchanged flagged in both runs
   */
  public record Counts(long added, long resolved, long reopened, long unchanged) {
    /** All zero: the identity of {@link #plus(Counts)}. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    /** Validates that no count is negative. */
    public Counts {
      if (added < 0 || resolved < 0 || reopened < 0 || unchanged < 0) {
        throw new IllegalArgumentException("diff counts must not be negative");
      }
    }

    /**
     * Returns the sum of these counts and another's.
     *
     * @param other the other counts
     * @return the sums
     */
    public Counts plus(Counts other) {
      return new Counts(added + other.added, resolved + other.resolved, reopened + other.reopened,
          unchanged + other.unchanged);
    }
  }

  /**
   * Combines the diffs of shards of one run (each against the same previous run) by summing their counts.
   *
   * @param diffs the diffs; nullable entries are ignored
   * @return the combined diff, or {@code null} if there is none
   */
  public static RunDiff combine(List<RunDiff> diffs) {
    List<RunDiff> present = new ArrayList<>();
    for (RunDiff diff : diffs) {
      if (diff != null) {
        present.add(diff);
      }
    }
    if (present.isEmpty()) {
      return null;
    }
    present.sort(Comparator.comparing(RunDiff::previousGeneratedAt).thenComparing(RunDiff::previousRunId));
    RunDiff latest = present.get(present.size() - 1);
    Counts total = Counts.ZERO;
    EnumMap<Severity, Counts> severities = new EnumMap<>(Severity.class);
    TreeMap<CloudProvider, Counts> providers = new TreeMap<>();
    TreeMap<String, Counts> accounts = new TreeMap<>();
    for (RunDiff diff : present) {
      total = total.plus(diff.total);
      diff.bySeverity.forEach((key, counts) -> severities.merge(key, counts, Counts::plus));
      diff.byProvider.forEach((key, counts) -> providers.merge(key, counts, Counts::plus));
      diff.byAccount.forEach((key, counts) -> accounts.merge(key, counts, Counts::plus));
    }
    return new RunDiff(latest.previousRunId, latest.previousGeneratedAt, total, severities, providers, accounts);
  }
}
