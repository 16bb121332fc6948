package io.secposture.core;

import io.secposture.api.Finding;
import java.time.Instant;
import java.util.Objects;

/**
 * One finding of a run as an exporter sees it: the normalised {@link Finding}, how it changed since the previous run,
 * and what the findings file adds to it (when it was first seen, who owns it, which suppression muted it).
 *
 * <p><b>Who makes it.</b> {@link ExportedRun#forEachFinding} (this run's findings, flagged or not) and
 * {@link ExportedRun#forEachResolved} (the previous run's findings resolved in this one). Immutable and
 * thread-safe.
 *
 * @param finding the finding; for a {@link Change#RESOLVED} one, as the previous run recorded it
 * @param change how it changed since the previous run
 * @param firstSeen when it was first flagged (the findings file's {@code first_seen}); nullable when unknown
 * @param reopenedAt when it was last flagged again after being resolved ({@code reopened_at}); nullable
 * @param owner who owns it: the findings file's {@code owner}, else the account's {@code team} label; nullable
 * @param suppressedBy the id of the suppression entry that muted it ({@code suppressed_by}); nullable
 */
public record ExportedFinding(Finding finding, Change change, Instant firstSeen, Instant reopenedAt, String owner,
    String suppressedBy) {

  /** How a finding changed since the previous run, by its fingerprint within its account row. */
  public enum Change {
    /** Flagged now, never flagged before (or not within the memory of resolved findings). */
    NEW,
    /** Flagged now, not in the previous run, but flagged and resolved in an earlier one. */
    REOPENED,
    /** Flagged now and in the previous run. */
    UNCHANGED,
    /** Flagged in the previous run, not flagged now (passed, muted or gone) in a row that has results now. */
    RESOLVED,
    /** Flagged now, but the previous run's findings of its row cannot be read, so new or unchanged cannot be told. */
    UNKNOWN,
    /** Not flagged now: a passing, manual or muted result (if it was flagged before, it is also RESOLVED). */
    NOT_FLAGGED;

    /**
     * Tells whether this change is an alert: {@link #NEW} or {@link #REOPENED}.
     *
     * @return true for new and reopened findings
     */
    public boolean isAlert() {
      return this == NEW || this == REOPENED;
    }
  }

  /** Validates the required components. */
  public ExportedFinding {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(change, "change");
  }
}
