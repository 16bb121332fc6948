package io.secposture.core.internal.diff;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not public API: the compliance part of a run's diff, from the previous report's compliance section and this run's
 * (see {@link ComplianceChanges} for what newly fails and newly passes). Only this run's accounts are looked at, so
 * the diff of one shard covers its own accounts and the shards' diffs sum to the run's.
 *
 * <p>Not compared: everything when the previous report has no compliance section (a report of an older version, or
 * a run without compliance data), a framework the previous run did not assess at all (a framework newly enabled or
 * added by a scanner upgrade would otherwise show every failing requirement as new), and an account the previous
 * run has rows for but none with results (its scan failed: the diff's {@code not_compared} already names the row).
 * An account the previous run does not know is new: its failing requirements newly fail, as a new row's findings
 * are new. Memory and time grow with the two compliance sections, never with findings. Stateless.
 */
public final class ComplianceDiff {
  private ComplianceDiff() {
  }

  /**
   * Compares the compliance sections of two runs.
   *
   * @param previous the previous run's report
   * @param current this run's report (or shard's)
   * @return one entry per framework and provider with at least one change
   */
  public static List<ComplianceChanges> between(PostureReport previous, PostureReport current) {
    if (previous.compliance().isEmpty() || current.compliance().isEmpty()) {
      return List.of();
    }
    Map<FrameworkKey, FrameworkCompliance> before = new HashMap<>();
    for (FrameworkCompliance framework : previous.compliance()) {
      before.put(new FrameworkKey(framework.framework(), framework.provider()), framework);
    }
    Set<AccountKey> withResults = new HashSet<>();
    Set<AccountKey> withoutResults = new HashSet<>();
    for (AccountSummary row : previous.accounts()) {
      AccountKey key = new AccountKey(row.provider(), row.accountId());
      (row.status().hasResults() ? withResults : withoutResults).add(key);
    }
    withoutResults.removeAll(withResults);
    List<ComplianceChanges> changes = new ArrayList<>();
    for (FrameworkCompliance framework : current.compliance()) {
      FrameworkCompliance earlier = before.get(new FrameworkKey(framework.framework(), framework.provider()));
      if (earlier == null) {
        continue;
      }
      Map<String, ComplianceRequirement> earlierById = new HashMap<>();
      earlier.requirements().forEach(requirement -> earlierById.put(requirement.id(), requirement));
      long failing = 0;
      long passing = 0;
      List<ComplianceChanges.Change> listed = new ArrayList<>();
      for (ComplianceRequirement requirement : framework.requirements()) {
        ComplianceRequirement was = earlierById.get(requirement.id());
        for (String account : requirement.failingAccounts()) {
          if (!withoutResults.contains(new AccountKey(framework.provider(), account))
              && (was == null || was.status(account) != FindingStatus.FAIL)) {
            failing++;
            listed.add(new ComplianceChanges.Change(requirement.id(), requirement.title(), account, true));
          }
        }
        if (was == null) {
          continue;
        }
        for (String account : requirement.passingAccounts()) {
          if (!withoutResults.contains(new AccountKey(framework.provider(), account))
              && was.status(account) == FindingStatus.FAIL) {
            passing++;
            listed.add(new ComplianceChanges.Change(requirement.id(), requirement.title(), account, false));
          }
        }
        if (listed.size() > 4 * ComplianceChanges.LIMIT) {
          // keep the working list small; the record keeps the first LIMIT in its order
          listed = new ArrayList<>(new ComplianceChanges(framework.framework(), framework.provider(), 0, 0, listed)
              .changes());
        }
      }
      if (failing + passing > 0) {
        changes.add(new ComplianceChanges(framework.framework(), framework.provider(), failing, passing, listed));
      }
    }
    return changes;
  }

  private record FrameworkKey(String framework, CloudProvider provider) {
  }

  private record AccountKey(CloudProvider provider, String accountId) {
  }
}
