package io.secposture.core;

import io.secposture.api.Finding;
import java.time.Instant;
import java.util.Objects;

/**
 * A finding as a published {@code findings.jsonl.gz} line holds it, with what secposture learnt about it across
 * runs. {@link FindingsFile#readTracked} makes them; exporters and other tools that read published findings use
 * them.
 *
 * <p>The pipeline writes the findings file during the scan; when the run is compared with the previous one before
 * publishing ({@link RunPublisher#compare}), each line gains {@code first_seen} and {@code reopened_at} (on flagged
 * findings: failed, not muted) and {@code owner}; a suppression file adds {@code suppressed_by} to the findings it
 * mutes. Files written before these fields existed, or not yet compared, lack them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param finding the finding; never null
 * @param firstSeen when a run first flagged it (kept across runs, and across a resolution and reopening); null when
 *     the line has none
 * @param reopenedAt when it was flagged again after a run had resolved it; null if it never was (or the line has
 *     none)
 * @param owner the owner of its account (the value of the account's owner label, or {@code unowned}); null when the
 *     line has none
 * @param suppressedBy the id of the suppression entry that muted it; null when none did
 */
public record TrackedFinding(Finding finding, Instant firstSeen, Instant reopenedAt, String owner,
    String suppressedBy) {

  /** Checks that the finding is present. */
  public TrackedFinding {
    Objects.requireNonNull(finding, "finding");
  }
}
