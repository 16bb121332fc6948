package io.secposture.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One framework of one provider in the report's {@code compliance} section: its assessed requirements and where
 * each fails or passes. Counts are of requirements, not findings: a requirement fails when a non-muted FAIL maps to
 * it in some account, passes when it was assessed with passing results and no such FAIL, and is manual when only
 * MANUAL results map to it. A requirement assessed by two scanners in one account counts once.
 *
 * <p>Built by the aggregator and the report codec; immutable and thread-safe. Requirements are kept in
 * {@link ComplianceRequirement#ID_ORDER}, one per id.
 *
 * @param framework the framework key, e.g. {@code CIS-2.0} (Prowler's key; ScoutSuite's CIS versions map to
 *     {@code CIS-<major>.<minor>})
 * @param provider the cloud
 * @param requirements the assessed requirements
 */
public record FrameworkCompliance(String framework, CloudProvider provider, List<ComplianceRequirement> requirements) {

  /** Orders framework entries as the report lists them: by framework, then provider. */
  public static final Comparator<FrameworkCompliance> ORDER =
      Comparator.comparing(FrameworkCompliance::framework).thenComparing(FrameworkCompliance::provider);

  /** Validates the components, combines requirements with the same id and sorts them. */
  public FrameworkCompliance {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(provider, "provider");
    TreeMap<String, List<ComplianceRequirement>> byId = new TreeMap<>(ComplianceRequirement.ID_ORDER);
    for (ComplianceRequirement requirement : requirements) {
      byId.computeIfAbsent(requirement.id(), id -> new ArrayList<>(1)).add(requirement);
    }
    List<ComplianceRequirement> combined = new ArrayList<>(byId.size());
    byId.values().forEach(entries -> combined.add(ComplianceRequirement.combine(entries)));
    requirements = List.copyOf(combined);
  }

  /** @return how many requirements pass (assessed, no failure in any account) */
  public long passed() {
    return count(FindingStatus.PASS);
  }

  /** @return how many requirements fail in some account */
  public long failed() {
    return count(FindingStatus.FAIL);
  }

  /** @return how many requirements have only MANUAL results */
  public long manual() {
    return count(FindingStatus.MANUAL);
  }

  /**
   * Returns the share of assessed requirements that pass: {@code passed / (passed + failed)}.
   *
   * @return 0.0 to 1.0; {@code null} when no requirement passed or failed (only MANUAL ones)
   */
  public Double passRate() {
    return rate(passed(), failed());
  }

  /**
   * Returns the framework's standing per account.
   *
   * @return one entry per account any requirement was assessed in, sorted by account
   */
  public List<AccountCompliance> accounts() {
    TreeMap<String, long[]> counts = new TreeMap<>();
    for (ComplianceRequirement requirement : requirements) {
      requirement.failingAccounts().forEach(account -> counts.computeIfAbsent(account, a -> new long[3])[1]++);
      requirement.passingAccounts().forEach(account -> counts.computeIfAbsent(account, a -> new long[3])[0]++);
      requirement.manualAccounts().forEach(account -> counts.computeIfAbsent(account, a -> new long[3])[2]++);
    }
    List<AccountCompliance> result = new ArrayList<>(counts.size());
    counts.forEach((account, c) -> result.add(new AccountCompliance(account, c[0], c[1], c[2])));
    return result;
  }

  /**
   * Combines two entries of the same framework and provider (from two partial reports): requirements with the same
   * id combine with {@link ComplianceRequirement#plus}. Associative and commutative.
   *
   * @param other an entry with the same framework and provider
   * @return the combined entry
   * @throws IllegalArgumentException if framework or provider differ
   */
  public FrameworkCompliance plus(FrameworkCompliance other) {
    if (!framework.equals(other.framework) || !provider.equals(other.provider)) {
      throw new IllegalArgumentException("cannot combine " + framework + "/" + provider.id() + " with "
          + other.framework + "/" + other.provider.id());
    }
    List<ComplianceRequirement> all = new ArrayList<>(requirements);
    all.addAll(other.requirements);
    return new FrameworkCompliance(framework, provider, all);
  }

  /**
   * Combines several entries of the same framework and provider at once, as repeated {@link #plus} would.
   *
   * @param entries entries with the same framework and provider; not empty
   * @return the combined entry
   * @throws IllegalArgumentException if the list is empty or framework or provider differ
   */
  public static FrameworkCompliance combine(List<FrameworkCompliance> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("nothing to combine");
    }
    FrameworkCompliance first = entries.get(0);
    List<ComplianceRequirement> all = new ArrayList<>();
    for (FrameworkCompliance entry : entries) {
      if (ORDER.compare(first, entry) != 0) {
        throw new IllegalArgumentException("cannot combine " + first.framework + "/" + first.provider.id()
            + " with " + entry.framework + "/" + entry.provider.id());
      }
      all.addAll(entry.requirements);
    }
    return new FrameworkCompliance(first.framework, first.provider, all);
  }

  private long count(FindingStatus status) {
    return requirements.stream().filter(requirement -> requirement.status() == status).count();
  }

  static Double rate(long passed, long failed) {
    long assessed = passed + failed;
    return assessed == 0 ? null : (double) passed / assessed;
  }
}
