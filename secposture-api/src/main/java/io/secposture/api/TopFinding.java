package io.secposture.api;

import java.util.Comparator;
import java.util.Objects;
import java.util.Set;

/**
 * One critical or high finding flagged in the run: an entry of the report's {@code top_findings}, the list the
 * front page shows so that a reader sees the findings themselves, not only their counts.
 *
 * <p>The default aggregator collects at most {@link #LIMIT} of them per report, the first in {@link #ORDER}, from
 * every flagged finding whose severity is in {@link #SEVERITIES}; shards merge by uniting their lists and keeping
 * the first {@link #LIMIT} again, which gives exactly the list of one aggregation of everything. The report's
 * severity counts say how many there are in all; each account's findings file holds every one of them.
 *
 * @param provider the cloud
 * @param accountId the account (of the account row the finding is counted on)
 * @param scanner the scanner of the account row
 * @param severity the finding's severity, {@link Severity#CRITICAL} or {@link Severity#HIGH}
 * @param service the service its rule belongs to
 * @param ruleId the rule id
 * @param title the rule title
 * @param resourceId the resource (ARN or cloud id where the scanner gives one); nullable
 * @param region the region; nullable
 * @param fingerprint the finding's stable fingerprint
 */
public record TopFinding(CloudProvider provider, String accountId, String scanner, Severity severity,
    String service, String ruleId, String title, String resourceId, String region, String fingerprint) {

  /** How many entries a report keeps. */
  public static final int LIMIT = 200;

  /** The severities that qualify. */
  public static final Set<Severity> SEVERITIES = Set.of(Severity.CRITICAL, Severity.HIGH);

  /**
   * The order of the list: most severe first, then by account row, rule, resource and fingerprint, then the
   * remaining components. A total order, so that keeping the first {@link #LIMIT} of any union of lists is
   * associative and commutative.
   */
  public static final Comparator<TopFinding> ORDER = Comparator.comparing(TopFinding::severity)
      .thenComparing(TopFinding::provider)
      .thenComparing(TopFinding::accountId)
      .thenComparing(TopFinding::scanner)
      .thenComparing(TopFinding::ruleId)
      .thenComparing(TopFinding::resourceId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(TopFinding::fingerprint)
      .thenComparing(TopFinding::service)
      .thenComparing(TopFinding::title)
      .thenComparing(TopFinding::region, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** Validates the components. */
  public TopFinding {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * Tells whether a finding qualifies: flagged (a failure that is not muted) and critical or high.
   *
   * @param finding the finding
   * @return true if it belongs in the list
   */
  public static boolean qualifies(Finding finding) {
    return finding.flagged() && SEVERITIES.contains(finding.severity());
  }

  /**
   * Returns the entry of a finding counted on the account row of the given scanner.
   *
   * @param finding the finding
   * @param scanner the scanner of its account row
   * @return the entry
   */
  public static TopFinding of(Finding finding, String scanner) {
    return new TopFinding(finding.provider(), finding.accountId(), scanner, finding.severity(), finding.service(),
        finding.ruleId(), finding.title(), finding.resourceId(), finding.region(), finding.fingerprint());
  }

  /**
   * Returns this entry counted on another account row (a scan's row, whatever account the file named).
   *
   * @param rowProvider the row's cloud
   * @param rowAccountId the row's account
   * @param rowScanner the row's scanner
   * @return the entry with those three replaced
   */
  public TopFinding onRow(CloudProvider rowProvider, String rowAccountId, String rowScanner) {
    return new TopFinding(rowProvider, rowAccountId, rowScanner, severity, service, ruleId, title, resourceId,
        region, fingerprint);
  }

  /**
   * Returns the key of the account row this finding belongs to, as {@link AccountSummary#key()} writes it.
   *
   * @return {@code provider/accountId/scanner}
   */
  public String rowKey() {
    return provider.id() + "/" + accountId + "/" + scanner;
  }
}
