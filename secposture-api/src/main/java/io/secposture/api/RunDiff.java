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
import java.util.TreeSet;

/**
 * What changed between the previous run and this one, by the findings' stable fingerprints: the report's
 * {@code diff} section. secposture-core's {@code RunDiffer} computes it when a run is published; the front page,
 * {@code history.json} and the {@code diff} command show it.
 *
 * <p>Only flagged findings (non-muted failures) count, each distinct fingerprint once per account row. An account
 * row that has no results in this run (its scan failed, timed out or was skipped, or the account is gone) is never
 * compared: what it flagged before is counted as {@link Counts#unknown() unknown}, not as resolved, and the row is
 * listed in {@link #notCompared()} with the reason; so is a row whose findings file (previous or current) cannot be
 * read, and what cannot be told for it is counted unknown as well.
 *
 * @param previousRunId the run compared against
 * @param previousGeneratedAt when that run's report was produced
 * @param total the counts over everything
 * @param bySeverity the counts per severity (every severity present)
 * @param byProvider the counts per provider
 * @param byAccount the counts per account row, by {@link AccountSummary#key()} ({@code provider/accountId/scanner})
 * @param newFindings the most serious findings flagged now but not in the previous run (new and reopened), at most
 *     {@link #NEW_FINDINGS_LIMIT}, in {@link NewFinding#ORDER}; {@code total.added + total.reopened} says how many
 *     there are in all
 * @param notCompared the account rows that were not compared, by {@link AccountSummary#key()}, each with the reason
 *     in words (for example "FAILED in this run: the 12 findings it flagged in run R are unknown, not resolved")
 * @param compliance per framework and provider, the requirements that newly fail or newly pass per account, in
 *     {@link ComplianceChanges#ORDER}; only frameworks with a change are listed; empty when the previous run has no
 *     compliance section
 */
public record RunDiff(String previousRunId, Instant previousGeneratedAt, Counts total,
    Map<Severity, Counts> bySeverity, SortedMap<CloudProvider, Counts> byProvider,
    SortedMap<String, Counts> byAccount, List<NewFinding> newFindings, SortedMap<String, String> notCompared,
    List<ComplianceChanges> compliance) {

  /** How many {@link #newFindings()} a diff keeps: the most serious ones. */
  public static final int NEW_FINDINGS_LIMIT = 100;

  /** Validates the components, copies collections and keeps the most serious {@link #NEW_FINDINGS_LIMIT} findings. */
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
    TreeSet<NewFinding> kept = new TreeSet<>(NewFinding.ORDER);
    for (NewFinding finding : newFindings) {
      kept.add(Objects.requireNonNull(finding, "newFindings element"));
      if (kept.size() > NEW_FINDINGS_LIMIT) {
        kept.pollLast();
      }
    }
    newFindings = List.copyOf(kept);
    notCompared = Collections.unmodifiableSortedMap(new TreeMap<>(notCompared));
    compliance = ComplianceChanges.combine(compliance);
  }

  /**
   * Creates a diff without compliance changes.
   *
   * @param previousRunId the run compared against
   * @param previousGeneratedAt when that run's report was produced
   * @param total the counts over everything
   * @param bySeverity the counts per severity
   * @param byProvider the counts per provider
   * @param byAccount the counts per account row
   * @param newFindings the most serious new findings
   * @param notCompared the account rows not compared, with the reason
   */
  public RunDiff(String previousRunId, Instant previousGeneratedAt, Counts total, Map<Severity, Counts> bySeverity,
      SortedMap<CloudProvider, Counts> byProvider, SortedMap<String, Counts> byAccount, List<NewFinding> newFindings,
      SortedMap<String, String> notCompared) {
    this(previousRunId, previousGeneratedAt, total, bySeverity, byProvider, byAccount, newFindings, notCompared,
        List.of());
  }

  /**
   * Returns this diff with the given compliance changes.
   *
   * @param changes the changes per framework and provider
   * @return the diff
   */
  public RunDiff withCompliance(List<ComplianceChanges> changes) {
    return new RunDiff(previousRunId, previousGeneratedAt, total, bySeverity, byProvider, byAccount, newFindings,
        notCompared, changes);
  }

  /**
   * Creates a diff of counts only, with no list of new findings and every row compared.
   *
   * @param previousRunId the run compared against
   * @param previousGeneratedAt when that run's report was produced
   * @param total the counts over everything
   * @param bySeverity the counts per severity
   * @param byProvider the counts per provider
   * @param byAccount the counts per account row
   */
  public RunDiff(String previousRunId, Instant previousGeneratedAt, Counts total, Map<Severity, Counts> bySeverity,
      SortedMap<CloudProvider, Counts> byProvider, SortedMap<String, Counts> byAccount) {
    this(previousRunId, previousGeneratedAt, total, bySeverity, byProvider, byAccount, List.of(),
        Collections.emptySortedMap());
  }

  /**
   * Counts of flagged findings by how they changed.
   *
   * @param added flagged now, never flagged before (as far as the carried history of resolved findings reaches)
   * @param resolved flagged in the previous run, not flagged now
   * @param reopened flagged now, not in the previous run, but flagged in an earlier one
   * @param unchanged flagged in both runs
   * @param unknown flagged when the account row last had results, but the row has none in this run (failed, timed
   *     out, skipped or gone), so whether they are still flagged is unknown; never counted as resolved
   */
  public record Counts(long added, long resolved, long reopened, long unchanged, long unknown) {
    /** All zero: the identity of {@link #plus(Counts)}. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /** Validates that no count is negative. */
    public Counts {
      if (added < 0 || resolved < 0 || reopened < 0 || unchanged < 0 || unknown < 0) {
        throw new IllegalArgumentException("diff counts must not be negative");
      }
    }

    /**
     * Creates counts with nothing unknown.
     *
     * @param added flagged now, never flagged before
     * @param resolved flagged in the previous run, not flagged now
     * @param reopened flagged now, not in the previous run, but flagged in an earlier one
     * @param unchanged flagged in both runs
     */
    public Counts(long added, long resolved, long reopened, long unchanged) {
      this(added, resolved, reopened, unchanged, 0);
    }

    /**
     * Returns the sum of these counts and another's.
     *
     * @param other the other counts
     * @return the sums
     */
    public Counts plus(Counts other) {
      return new Counts(added + other.added, resolved + other.resolved, reopened + other.reopened,
          unchanged + other.unchanged, unknown + other.unknown);
    }

    /**
     * Returns how many findings are flagged now among the compared rows: new, reopened and unchanged.
     *
     * @return {@code added + reopened + unchanged}
     */
    public long flaggedNow() {
      return added + reopened + unchanged;
    }
  }

  /**
   * A finding flagged in this run that was not flagged in the previous one: one entry of {@link #newFindings()}.
   *
   * @param provider the cloud
   * @param accountId the account
   * @param scanner the scanner of the account row
   * @param severity the finding's severity
   * @param service the service its rule belongs to
   * @param ruleId the rule id
   * @param title the rule title
   * @param resourceId the resource; nullable when the rule is not about one resource
   * @param region the region; nullable
   * @param fingerprint the finding's stable fingerprint
   * @param reopened true if it was flagged in an earlier run and resolved since; false if it is new
   */
  public record NewFinding(CloudProvider provider, String accountId, String scanner, Severity severity,
      String service, String ruleId, String title, String resourceId, String region, String fingerprint,
      boolean reopened) {

    /**
     * The order of {@link RunDiff#newFindings()}: most severe first, then by account row, rule, resource and
     * fingerprint. A total order, so that keeping the first {@link #NEW_FINDINGS_LIMIT} of any union of lists is
     * associative and commutative, as {@link RunDiff#combine(List)} needs.
     */
    public static final Comparator<NewFinding> ORDER = Comparator.comparing(NewFinding::severity)
        .thenComparing(NewFinding::provider)
        .thenComparing(NewFinding::accountId)
        .thenComparing(NewFinding::scanner)
        .thenComparing(NewFinding::ruleId)
        .thenComparing(NewFinding::resourceId, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(NewFinding::fingerprint)
        .thenComparing(NewFinding::reopened)
        .thenComparing(NewFinding::service)
        .thenComparing(NewFinding::title)
        .thenComparing(NewFinding::region, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Validates the components. */
    public NewFinding {
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
     * Returns the key of the account row this finding belongs to, as {@link AccountSummary#key()} writes it.
     *
     * @return {@code provider/accountId/scanner}
     */
    public String rowKey() {
      return provider.id() + "/" + accountId + "/" + scanner;
    }
  }

  /**
   * Combines the diffs of shards of one run (each against the same previous run, each over its own account rows):
   * counts are summed, the lists of new findings united (keeping the most serious {@link #NEW_FINDINGS_LIMIT}), the
   * rows not compared united and the compliance changes combined ({@link ComplianceChanges#combine}). Associative and
   * commutative.
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
    List<NewFinding> findings = new ArrayList<>();
    TreeMap<String, String> notCompared = new TreeMap<>();
    List<ComplianceChanges> compliance = new ArrayList<>();
    for (RunDiff diff : present) {
      compliance.addAll(diff.compliance);
      total = total.plus(diff.total);
      diff.bySeverity.forEach((key, counts) -> severities.merge(key, counts, Counts::plus));
      diff.byProvider.forEach((key, counts) -> providers.merge(key, counts, Counts::plus));
      diff.byAccount.forEach((key, counts) -> accounts.merge(key, counts, Counts::plus));
      findings.addAll(diff.newFindings);
      diff.notCompared.forEach((key, reason) -> notCompared.merge(key, reason, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    }
    return new RunDiff(latest.previousRunId, latest.previousGeneratedAt, total, severities, providers, accounts,
        findings, notCompared, compliance);
  }
}
