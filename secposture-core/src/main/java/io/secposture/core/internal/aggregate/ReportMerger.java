package io.secposture.core.internal.aggregate;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.InputFailure;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ServiceStats;
import io.secposture.api.SlaSummary;
import io.secposture.api.TopFinding;
import io.secposture.api.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Not public API: merges partial reports for {@link DefaultAggregator#merge(List)}.
 *
 * <p>Rows with the same key and rules with the same key combine as {@link Combine} describes; provider sections and
 * finding counts are summed; failed inputs are united; the run id is the smallest, the generation time the latest;
 * diffs combine with {@link RunDiff#combine(List)}; suppression entries with the same id combine with
 * {@link Suppression#combine(List)} (counts added). A service named {@code total} is renamed as
 * {@link ServiceKeys} says, and a provider without services is dropped, so the result is in the canonical form the
 * default aggregation produces. Stateless.
 */
final class ReportMerger {
  private ReportMerger() {
  }

  static PostureReport merge(List<PostureReport> partials) {
    Objects.requireNonNull(partials, "partials");
    if (partials.isEmpty()) {
      throw new IllegalArgumentException("merge needs at least one report, got none");
    }
    PostureReport first = Objects.requireNonNull(partials.get(0), "partials[0]");
    int schemaVersion = first.schemaVersion();
    String runId = first.runId();
    Instant generatedAt = first.generatedAt();
    TreeMap<CloudProvider, TreeMap<String, ServiceStats>> services = new TreeMap<>();
    Map<RowKey, AccountSummary> rows = new HashMap<>();
    FindingTally findings = FindingTally.ZERO;
    Map<RuleKey, RuleSummary> rules = new HashMap<>();
    TreeSet<InputFailure> failedInputs = new TreeSet<>();
    List<RunDiff> diffs = new ArrayList<>();
    List<FrameworkCompliance> compliance = new ArrayList<>();
    List<SlaSummary> slas = new ArrayList<>();
    List<OwnerSummary> owners = new ArrayList<>();
    List<TopFinding> topFindings = new ArrayList<>();
    List<Suppression> suppressions = new ArrayList<>();
    for (int i = 0; i < partials.size(); i++) {
      PostureReport partial = Objects.requireNonNull(partials.get(i), "partials[" + i + "]");
      if (partial.schemaVersion() != schemaVersion) {
        throw new IllegalArgumentException("cannot merge reports of different schema versions: run '"
            + first.runId() + "' has schema_version " + schemaVersion + ", run '" + partial.runId() + "' has "
            + partial.schemaVersion() + "; produce every partial report with the same secposture version");
      }
      if (partial.runId().compareTo(runId) < 0) {
        runId = partial.runId();
      }
      if (partial.generatedAt().isAfter(generatedAt)) {
        generatedAt = partial.generatedAt();
      }
      partial.services().forEach((provider, byService) ->
          ServiceKeys.addAll(provider, services.computeIfAbsent(provider, p -> new TreeMap<>()), byService));
      for (AccountSummary row : partial.accounts()) {
        rows.merge(new RowKey(row.provider(), row.accountId(), row.scanner()), row, Combine::rows);
      }
      findings = findings.plus(partial.findings());
      for (RuleSummary rule : partial.rules()) {
        rules.merge(new RuleKey(rule.tool(), rule.provider(), rule.ruleId()), rule, Combine::rules);
      }
      failedInputs.addAll(partial.failedInputs());
      diffs.add(partial.diff());
      compliance.addAll(partial.compliance());
      slas.add(partial.sla());
      owners.add(partial.owners());
      topFindings.addAll(partial.topFindings());
      suppressions.addAll(partial.suppressions());
    }
    services.values().removeIf(Map::isEmpty);
    List<AccountSummary> mergedRows = new ArrayList<>(rows.size());
    for (AccountSummary row : rows.values()) {
      // Combine.rows renames a "total" service; a row that met no other is renamed here
      mergedRows.add(row.services().containsKey(ServiceKeys.TOTAL) ? withCanonicalServices(row) : row);
    }
    return PostureReport.builder(runId, generatedAt).schemaVersion(schemaVersion).services(services)
        .accounts(mergedRows).findings(findings).rules(new ArrayList<>(rules.values()))
        .failedInputs(new ArrayList<>(failedInputs)).diff(RunDiff.combine(diffs)).compliance(compliance)
        .sla(SlaSummary.combine(slas)).owners(OwnerSummary.combine(owners)).topFindings(topFindings)
        .suppressions(suppressions).build();
  }

  /**
   * Identifies a row by its parts, not by {@link AccountSummary#key()}: account ids may contain {@code /} (a
   * Kubernetes context such as {@code arn:aws:eks:...:cluster/prod}), so two different rows could share a key string.
   */
  private record RowKey(CloudProvider provider, String accountId, String scanner) {
  }

  /** Identifies a rule by its parts, for the same reason as {@link RowKey}. */
  private record RuleKey(String tool, CloudProvider provider, String ruleId) {
  }

  private static AccountSummary withCanonicalServices(AccountSummary row) {
    return new AccountSummary(row.provider(), row.accountId(), row.name(), row.scanner(), row.status(),
        row.exitCode(), row.startedAt(), row.duration(), row.reason(), row.labels(),
        ServiceKeys.normalized(row.services()), row.findings(), row.links(), row.warnings());
  }
}
