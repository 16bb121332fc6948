package io.secposture.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One open (flagged) finding with its age, as the report's {@code sla.oldest} list shows it. secposture-core makes
 * them when it tracks a run's findings at publication; the front page lists them.
 *
 * <p>Immutable and thread-safe. Nullable: {@code resourceId}, {@code region}, {@code reopenedAt}.
 *
 * @param provider the cloud
 * @param accountId the account
 * @param scanner the scanner that flagged it
 * @param owner the owner of the account (its owner label's value, or {@code unowned})
 * @param severity the severity
 * @param service the service
 * @param ruleId the rule
 * @param title the rule's title
 * @param resourceId the resource; nullable
 * @param region the region; nullable
 * @param fingerprint the finding's fingerprint
 * @param firstSeen when a run first flagged it
 * @param reopenedAt when it was last flagged again after being resolved; nullable
 * @param ageDays whole days from {@code firstSeen} to the run's time
 * @param breached whether its age is at least its severity's SLA
 */
public record AgedFinding(CloudProvider provider, String accountId, String scanner, String owner, Severity severity,
    String service, String ruleId, String title, String resourceId, String region, String fingerprint,
    Instant firstSeen, Instant reopenedAt, long ageDays, boolean breached) {

  /** Oldest first, then most severe, then by account row and fingerprint: a total order. */
  public static final Comparator<AgedFinding> ORDER = Comparator.comparing(AgedFinding::firstSeen)
      .thenComparing(AgedFinding::severity)
      .thenComparing(AgedFinding::provider)
      .thenComparing(AgedFinding::accountId)
      .thenComparing(AgedFinding::scanner)
      .thenComparing(AgedFinding::fingerprint)
      .thenComparing(AgedFinding::ruleId)
      .thenComparing(AgedFinding::service);

  /** Checks the required components. */
  public AgedFinding {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(firstSeen, "firstSeen");
    if (ageDays < 0) {
      throw new IllegalArgumentException("ageDays must be zero or more, got " + ageDays);
    }
  }

  /**
   * Returns the key of the account row that flagged it, as {@link AccountSummary#key()} writes it.
   *
   * @return {@code provider/accountId/scanner}
   */
  public String rowKey() {
    return provider.id() + "/" + accountId + "/" + scanner;
  }
}
