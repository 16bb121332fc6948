package io.secposture.core.internal.aggregate;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.RequirementResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not public API: the compliance state of one aggregation, per framework, provider, requirement and account: which
 * results (non-muted FAIL, PASS, MANUAL) mapped to it there and how many flagged findings. Muted failures are left
 * out: they neither fail nor pass a requirement. Memory grows with frameworks × requirements × accounts, never with
 * the number of findings. Not thread-safe.
 */
final class ComplianceCounter {
  private static final int FAIL = 1;
  private static final int PASS = 2;
  private static final int MANUAL = 4;

  private final Map<RequirementKey, Map<AccountKey, State>> requirements = new HashMap<>();
  /** The smallest title given per requirement, as {@link ComplianceRequirement#plus} keeps it. */
  private final Map<RequirementKey, String> titles = new HashMap<>();

  void add(Finding finding) {
    List<ComplianceRef> refs = finding.compliance();
    if (refs.isEmpty() || (finding.status() == FindingStatus.FAIL && finding.muted())) {
      return;
    }
    int bit = bit(finding.status());
    AccountKey account = new AccountKey(finding.provider(), finding.accountId());
    for (ComplianceRef ref : refs) {
      State state = state(ref, account);
      state.results |= bit;
      if (bit == FAIL) {
        state.flagged++;
      }
    }
  }

  void add(RequirementResult result) {
    State state = state(result.requirement(), new AccountKey(result.provider(), result.accountId()));
    state.results |= bit(result.status());
    if (result.title() != null) {
      titles.merge(new RequirementKey(result.requirement().framework(), result.requirement().requirement()),
          result.title(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
  }

  /**
   * Returns the compliance section.
   *
   * @param scanAccount the account every result is attributed to (the scan's), or {@code null} to keep the
   *     accounts the findings and files name
   */
  List<FrameworkCompliance> toSection(AccountKey scanAccount) {
    Map<FrameworkKey, List<ComplianceRequirement>> byFramework = new TreeMap<>();
    requirements.forEach((key, accounts) -> {
      Map<AccountKey, State> merged = accounts;
      if (scanAccount != null) {
        State all = new State();
        accounts.values().forEach(all::add);
        merged = Map.of(scanAccount, all);
      }
      Map<CloudProvider, Accounts> perProvider = new TreeMap<>();
      merged.forEach((account, state) ->
          perProvider.computeIfAbsent(account.provider(), p -> new Accounts()).add(account.accountId(), state));
      perProvider.forEach((provider, byStatus) -> byFramework
          .computeIfAbsent(new FrameworkKey(key.framework(), provider), k -> new ArrayList<>())
          .add(new ComplianceRequirement(key.requirement(), titles.get(key), byStatus.failing, byStatus.passing,
              byStatus.manual, byStatus.flagged)));
    });
    List<FrameworkCompliance> section = new ArrayList<>(byFramework.size());
    byFramework.forEach((key, list) -> section.add(new FrameworkCompliance(key.framework(), key.provider(), list)));
    return section;
  }

  private State state(ComplianceRef ref, AccountKey account) {
    return requirements.computeIfAbsent(new RequirementKey(ref.framework(), ref.requirement()), k -> new HashMap<>())
        .computeIfAbsent(account, k -> new State());
  }

  private static int bit(FindingStatus status) {
    switch (status) {
      case FAIL: return FAIL;
      case PASS: return PASS;
      case MANUAL: return MANUAL;
      default: throw new IllegalArgumentException("unknown status " + status);
    }
  }

  /** A provider and account. */
  record AccountKey(CloudProvider provider, String accountId) {
  }

  private record RequirementKey(String framework, String requirement) {
  }

  private record FrameworkKey(String framework, CloudProvider provider) implements Comparable<FrameworkKey> {
    @Override
    public int compareTo(FrameworkKey other) {
      int byFramework = framework.compareTo(other.framework);
      return byFramework != 0 ? byFramework : provider.compareTo(other.provider);
    }
  }

  /** One requirement's accounts by status, while the section is built. */
  private static final class Accounts {
    final List<String> failing = new ArrayList<>();
    final List<String> passing = new ArrayList<>();
    final List<String> manual = new ArrayList<>();
    long flagged;

    void add(String accountId, State state) {
      flagged += state.flagged;
      if ((state.results & FAIL) != 0) {
        failing.add(accountId);
      } else if ((state.results & PASS) != 0) {
        passing.add(accountId);
      } else {
        manual.add(accountId);
      }
    }
  }

  /** The results seen for one requirement in one account. */
  private static final class State {
    int results;
    long flagged;

    void add(State other) {
      results |= other.results;
      flagged += other.flagged;
    }
  }
}
