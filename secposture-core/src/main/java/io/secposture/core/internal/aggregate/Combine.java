package io.secposture.core.internal.aggregate;

import io.secposture.api.AccountSummary;
import io.secposture.api.RuleSummary;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Not public API: how two values of the same key combine when reports merge.
 *
 * <p>Every operation here is associative and commutative: counts are summed, sets are united, and wherever one
 * value must be chosen it is the greatest (or least) under a total order, never "the first seen". That is what makes
 * {@code merge} independent of how partial reports are grouped and ordered. Stateless.
 */
public final class Combine {

  /**
   * Orders scan outcomes from least to most severe: status by {@link #statusRank(ScanStatus)}, then exit code (none
   * first), then reason (none first). The row of a merged account takes the greatest outcome.
   */
  static final Comparator<AccountSummary> OUTCOME_ORDER = Comparator
      .comparingInt((AccountSummary row) -> statusRank(row.status()))
      .thenComparing(AccountSummary::exitCode, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(AccountSummary::reason, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * Orders the descriptions of a rule by preference: highest severity first, then smallest title, then smallest
   * service. A merged rule takes the first.
   */
  static final Comparator<RuleSummary> RULE_PREFERENCE = Comparator
      .comparing(RuleSummary::severity)
      .thenComparing(RuleSummary::title)
      .thenComparing(RuleSummary::service);

  private Combine() {
  }

  /**
   * Ranks statuses from best to worst: SKIPPED, SUCCEEDED, PARTIAL, TIMED_OUT, FAILED.
   *
   * @param status a status
   * @return its rank, higher is worse
   */
  public static int statusRank(ScanStatus status) {
    switch (status) {
      case SKIPPED: return 0;
      case SUCCEEDED: return 1;
      case PARTIAL: return 2;
      case TIMED_OUT: return 3;
      case FAILED: return 4;
      default: throw new IllegalArgumentException("unknown status " + status);
    }
  }

  /**
   * Combines two rows of the same key ({@code provider/accountId/scanner}).
   *
   * @param a a row
   * @param b another row with the same key
   * @return the combined row
   */
  static AccountSummary rows(AccountSummary a, AccountSummary b) {
    AccountSummary outcome = OUTCOME_ORDER.compare(a, b) >= 0 ? a : b;
    return new AccountSummary(a.provider(), a.accountId(), preferredName(a.accountId(), a.name(), b.name()),
        a.scanner(), outcome.status(), outcome.exitCode(), earliest(a.startedAt(), b.startedAt()),
        a.duration().plus(b.duration()), outcome.reason(), unionPreferSmaller(a.labels(), b.labels()),
        sum(a.services(), b.services()), a.findings().plus(b.findings()), unionPreferSmaller(a.links(), b.links()),
        union(a.warnings(), b.warnings()));
  }

  /**
   * Combines two summaries of the same rule ({@code tool/provider/ruleId}): flagged counts are summed, the
   * description comes from the preferred one ({@link #RULE_PREFERENCE}).
   *
   * @param a a summary
   * @param b another summary of the same rule
   * @return the combined summary
   */
  static RuleSummary rules(RuleSummary a, RuleSummary b) {
    RuleSummary preferred = RULE_PREFERENCE.compare(a, b) <= 0 ? a : b;
    return new RuleSummary(a.tool(), a.provider(), preferred.service(), a.ruleId(), preferred.title(),
        preferred.severity(), Math.addExact(a.flagged(), b.flagged()));
  }

  /**
   * Chooses the display name of a merged row: a configured name (one that differs from the account id) wins over
   * the default; between two configured names, the smaller.
   */
  private static String preferredName(String accountId, String a, String b) {
    boolean aDefault = a.equals(accountId);
    boolean bDefault = b.equals(accountId);
    if (aDefault != bDefault) {
      return aDefault ? b : a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  private static SortedMap<String, String> unionPreferSmaller(Map<String, String> a, Map<String, String> b) {
    TreeMap<String, String> result = new TreeMap<>(a);
    b.forEach((key, value) -> result.merge(key, value, (x, y) -> x.compareTo(y) <= 0 ? x : y));
    return result;
  }

  private static SortedMap<String, ServiceStats> sum(Map<String, ServiceStats> a, Map<String, ServiceStats> b) {
    TreeMap<String, ServiceStats> result = new TreeMap<>();
    ServiceKeys.addAll(result, a);
    ServiceKeys.addAll(result, b);
    return result;
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> result = new ArrayList<>(a.size() + b.size());
    result.addAll(a);
    result.addAll(b);
    return result;
  }
}
