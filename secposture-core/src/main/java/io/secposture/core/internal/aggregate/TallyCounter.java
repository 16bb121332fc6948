package io.secposture.core.internal.aggregate;

import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.Severity;
import java.util.EnumMap;

/**
 * Not public API: a mutable {@link FindingTally} for the hot path of an aggregation, where building an immutable
 * tally per finding would allocate a map per finding. Counts exactly as {@link FindingTally#plus(Finding)} does.
 * Not thread-safe.
 */
final class TallyCounter {
  private static final Severity[] SEVERITIES = Severity.values();

  private final long[] flaggedBySeverity = new long[SEVERITIES.length];
  private long failed;
  private long passed;
  private long muted;
  private long manual;

  void add(Finding finding) {
    FindingStatus status = finding.status();
    if (status == FindingStatus.FAIL) {
      failed++;
      if (finding.muted()) {
        muted++;
      } else {
        flaggedBySeverity[finding.severity().ordinal()]++;
      }
    } else if (status == FindingStatus.PASS) {
      passed++;
    } else if (status == FindingStatus.MANUAL) {
      manual++;
    }
  }

  void addTo(TallyCounter other) {
    for (int i = 0; i < flaggedBySeverity.length; i++) {
      other.flaggedBySeverity[i] += flaggedBySeverity[i];
    }
    other.failed += failed;
    other.passed += passed;
    other.muted += muted;
    other.manual += manual;
  }

  FindingTally toTally() {
    EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    for (Severity severity : SEVERITIES) {
      severities.put(severity, flaggedBySeverity[severity.ordinal()]);
    }
    return new FindingTally(severities, failed, passed, muted, manual);
  }
}
