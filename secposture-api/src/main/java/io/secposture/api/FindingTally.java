package io.secposture.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of findings by result: flagged ones by severity, and how many passed, failed, were muted or need a human.
 *
 * @param flaggedBySeverity non-muted failures per severity; every severity is present (zero when none)
 * @param failed failures, muted included
 * @param passed passes
 * @param muted muted failures (suppressed by a mutelist, allowlist or exception)
 * @param manual results that need a human (MANUAL, INFO); never flagged
 */
public record FindingTally(Map<Severity, Long> flaggedBySeverity, long failed, long passed, long muted,
    long manual) {

  /** No findings: the identity of {@link #plus(FindingTally)}. */
  public static final FindingTally ZERO = new FindingTally(Map.of(), 0, 0, 0, 0);

  /** Validates the counts and fills in missing severities with zero. */
  public FindingTally {
    Objects.requireNonNull(flaggedBySeverity, "flaggedBySeverity");
    EnumMap<Severity, Long> complete = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      long count = flaggedBySeverity.getOrDefault(severity, 0L);
      if (count < 0) {
        throw new IllegalArgumentException("negative count for " + severity);
      }
      complete.put(severity, count);
    }
    flaggedBySeverity = Collections.unmodifiableMap(complete);
    if (failed < 0 || passed < 0 || muted < 0 || manual < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Returns the total number of flagged findings.
   *
   * @return the sum over severities
   */
  public long flagged() {
    return flaggedBySeverity.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the tally with one more finding counted.
   *
   * @param finding the finding
   * @return the new tally
   */
  public FindingTally plus(Finding finding) {
    EnumMap<Severity, Long> severities = new EnumMap<>(flaggedBySeverity);
    if (finding.flagged()) {
      severities.merge(finding.severity(), 1L, Long::sum);
    }
    FindingStatus status = finding.status();
    return new FindingTally(severities, failed + (status == FindingStatus.FAIL ? 1 : 0),
        passed + (status == FindingStatus.PASS ? 1 : 0),
        muted + (status == FindingStatus.FAIL && finding.muted() ? 1 : 0),
        manual + (status == FindingStatus.MANUAL ? 1 : 0));
  }

  /**
   * Returns the sum of two tallies.
   *
   * @param other the other tally
   * @return the sums
   */
  public FindingTally plus(FindingTally other) {
    EnumMap<Severity, Long> severities = new EnumMap<>(flaggedBySeverity);
    other.flaggedBySeverity.forEach((severity, count) -> severities.merge(severity, count, Long::sum));
    return new FindingTally(severities, failed + other.failed, passed + other.passed, muted + other.muted,
        manual + other.manual);
  }
}
