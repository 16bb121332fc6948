package io.secposture.core.internal.aggregate;

import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Aggregation;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.TopFinding;
import io.secposture.core.SiteLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: the accumulator of the default aggregator.
 *
 * <p>It keeps everything it is given per row key ({@code provider/accountId/tool} as the files and findings name
 * them) and decides only in {@link #finish()} how rows come out: when a scan was added, everything collapses into
 * that scan's row; otherwise there is one row per key. So the order of calls never matters. Memory is bounded by the
 * number of distinct accounts, services and rules, never by the number of findings. Not thread-safe.
 */
final class DefaultAggregation implements Aggregation {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAggregation.class);

  /** The link names of a row and the artifact role each one points to, in the order they are looked up. */
  private static final Map<String, ArtifactRole> LINK_ROLES = linkRoles();

  private final RunInfo run;
  private ScanResult scan;
  private final TreeMap<CloudProvider, TreeMap<String, ServiceStats>> providerServices = new TreeMap<>();
  private final Map<RowKey, RowData> rows = new HashMap<>();
  private final TreeSet<String> reportWarnings = new TreeSet<>();
  private final Map<RuleKey, RuleData> rules = new HashMap<>();
  private final TreeSet<InputFailure> failedInputs = new TreeSet<>();
  private final ComplianceCounter compliance = new ComplianceCounter();

  // findings arrive in long runs of the same account and tool: remember the last row to skip the map lookup
  private CloudProvider lastProvider;
  private String lastAccountId;
  private String lastTool;
  private RowData lastRow;

  DefaultAggregation(RunInfo run) {
    this.run = Objects.requireNonNull(run, "run");
  }

  @Override
  public void add(ScanResult scan) {
    Objects.requireNonNull(scan, "scan");
    if (this.scan != null) {
      throw new IllegalStateException("this aggregation already describes the scan of " + describe(this.scan)
          + "; start one aggregation per scan (cannot add " + describe(scan) + ")");
    }
    this.scan = scan;
  }

  @Override
  public void add(ParsedReport report) {
    Objects.requireNonNull(report, "report");
    reportWarnings.addAll(report.warnings());
    report.requirementResults().forEach(compliance::add);
    if (report.accounts().isEmpty() && !report.warnings().isEmpty()) {
      LOG.debug("{} names no account: its {} warning(s) are reported only on the row of the scan it belongs to",
          report.source(), report.warnings().size());
    }
    for (AccountStats account : report.accounts()) {
      RowData row = row(account.provider(), account.accountId(), report.tool());
      ServiceKeys.addAll(account.provider(), row.services, account.services());
      row.warnings.addAll(report.warnings());
      if (report.partialReason() != null
          && (row.partialReason == null || report.partialReason().compareTo(row.partialReason) > 0)) {
        row.partialReason = report.partialReason();
      }
      if (report.scannedAt() != null && (row.scannedAt == null || report.scannedAt().isBefore(row.scannedAt))) {
        row.scannedAt = report.scannedAt();
      }
      if (!account.services().isEmpty()) {
        ServiceKeys.addAll(account.provider(), providerServices.computeIfAbsent(account.provider(),
            p -> new TreeMap<>()), account.services());
      }
    }
  }

  @Override
  public void accept(Finding finding) {
    String service = ServiceKeys.of(finding.provider(), finding.service());
    if (!service.equals(finding.service())) {
      finding = withService(finding, service);
    }
    RowData row;
    if (finding.provider().equals(lastProvider) && finding.accountId().equals(lastAccountId)
        && finding.tool().equals(lastTool)) {
      row = lastRow;
    } else {
      row = row(finding.provider(), finding.accountId(), finding.tool());
      lastProvider = finding.provider();
      lastAccountId = finding.accountId();
      lastTool = finding.tool();
      lastRow = row;
    }
    row.tally.add(finding);
    compliance.add(finding);
    if (TopFinding.qualifies(finding)) {
      row.addTop(TopFinding.of(finding, finding.tool()));
    }
    if (finding.flagged()) {
      rules.computeIfAbsent(new RuleKey(finding.tool(), finding.provider(), finding.ruleId()), key -> new RuleData())
          .add(finding);
    }
  }

  @Override
  public void addFailedInput(InputFailure failure) {
    failedInputs.add(Objects.requireNonNull(failure, "failure"));
  }

  @Override
  public PostureReport finish() {
    TallyCounter total = new TallyCounter();
    rows.values().forEach(row -> row.tally.addTo(total));
    List<AccountSummary> accounts = scan != null ? List.of(scanRow(total)) : fileRows();
    List<RuleSummary> ruleRows = new ArrayList<>(rules.size());
    rules.forEach((key, data) -> ruleRows.add(data.toSummary(key)));
    return PostureReport.builder(run.runId(), run.startedAt()).services(providerServices).accounts(accounts)
        .findings(total.toTally()).rules(ruleRows).failedInputs(new ArrayList<>(failedInputs))
        .compliance(compliance.toSection(scan == null ? null
            : new ComplianceCounter.AccountKey(scan.account().provider(), scan.account().id())))
        .topFindings(topFindings())
        .build();
  }

  /**
   * Each row keeps its first {@link TopFinding#LIMIT}; a scan counts them all on its own row, which keeps each
   * row's order (the row's identity is the same for all its entries), so the first of the union are exact.
   */
  private List<TopFinding> topFindings() {
    List<TopFinding> all = new ArrayList<>();
    for (RowData row : rows.values()) {
      for (TopFinding finding : row.top) {
        all.add(scan == null ? finding
            : finding.onRow(scan.account().provider(), scan.account().id(), scan.scanner()));
      }
    }
    return all;
  }

  private static Finding withService(Finding finding, String service) {
    return new Finding(finding.tool(), finding.provider(), finding.accountId(), finding.region(), service,
        finding.ruleId(), finding.title(), finding.severity(), finding.status(), finding.muted(),
        finding.resourceId(), finding.resourceType(), finding.description(), finding.remediation(),
        finding.compliance(), finding.fingerprint());
  }

  private AccountSummary scanRow(TallyCounter findings) {
    CloudAccount account = scan.account();
    TreeMap<String, ServiceStats> services = new TreeMap<>();
    rows.values().forEach(row -> ServiceKeys.addAll(services, row.services));
    TreeMap<String, String> links = new TreeMap<>();
    String prefix = SiteLayout.scanPrefix(run.runId(), account.provider(), account.id(), scan.scanner());
    LINK_ROLES.forEach((name, role) -> {
      List<Artifact> artifacts = scan.artifacts(role);
      if (!artifacts.isEmpty()) {
        links.put(name, prefix + SiteLayout.relativePath(artifacts.get(0).name()));
      }
    });
    List<String> warnings = new ArrayList<>(scan.warnings());
    warnings.addAll(reportWarnings);
    return new AccountSummary(account.provider(), account.id(), account.name(), scan.scanner(), scan.status(),
        scan.exitCode(), scan.startedAt(), scan.duration(), scan.reason(), new TreeMap<>(account.labels()), services,
        findings.toTally(), links, warnings);
  }

  private List<AccountSummary> fileRows() {
    List<AccountSummary> result = new ArrayList<>(rows.size());
    rows.forEach((key, row) -> result.add(new AccountSummary(key.provider(), key.accountId(), null, key.tool(),
        row.partialReason == null ? ScanStatus.SUCCEEDED : ScanStatus.PARTIAL, null, row.scannedAt, Duration.ZERO,
        row.partialReason, Collections.emptySortedMap(), row.services, row.tally.toTally(),
        Collections.emptySortedMap(), new ArrayList<>(row.warnings))));
    return result;
  }

  private RowData row(CloudProvider provider, String accountId, String tool) {
    return rows.computeIfAbsent(new RowKey(provider, accountId, tool), key -> new RowData());
  }

  private static String describe(ScanResult scan) {
    return scan.account().key() + " by " + scan.scanner();
  }

  private static Map<String, ArtifactRole> linkRoles() {
    Map<String, ArtifactRole> roles = new LinkedHashMap<>();
    roles.put("html", ArtifactRole.HTML);
    roles.put("results", ArtifactRole.RESULTS);
    roles.put("log", ArtifactRole.LOG);
    roles.put("findings", ArtifactRole.FINDINGS);
    return roles;
  }

  /** Identifies a row as the files and findings name it. */
  private record RowKey(CloudProvider provider, String accountId, String tool) {
  }

  /** Identifies a rule as {@link RuleSummary#key()} does. */
  private record RuleKey(String tool, CloudProvider provider, String ruleId) {
  }

  /** What the files and findings said about one row key. */
  private static final class RowData {
    final TreeMap<String, ServiceStats> services = new TreeMap<>();
    final TallyCounter tally = new TallyCounter();
    final TreeSet<String> warnings = new TreeSet<>();
    final TreeSet<TopFinding> top = new TreeSet<>(TopFinding.ORDER);
    Instant scannedAt;
    /** Why the scanner's own run that wrote the files was incomplete; the greatest (as merging rows picks), so the order of calls does not matter. */
    String partialReason;

    void addTop(TopFinding finding) {
      top.add(finding);
      if (top.size() > TopFinding.LIMIT) {
        top.pollLast();
      }
    }
  }

  /** The flagged count of one rule and its preferred description so far ({@link Combine#RULE_PREFERENCE}). */
  private static final class RuleData {
    long flagged;
    Severity severity;
    String title;
    String service;

    void add(Finding finding) {
      flagged++;
      if (severity == null || isPreferred(finding)) {
        severity = finding.severity();
        title = finding.title();
        service = finding.service();
      }
    }

    private boolean isPreferred(Finding finding) {
      int bySeverity = finding.severity().compareTo(severity);
      if (bySeverity != 0) {
        return bySeverity < 0;
      }
      int byTitle = finding.title().compareTo(title);
      if (byTitle != 0) {
        return byTitle < 0;
      }
      return finding.service().compareTo(service) < 0;
    }

    RuleSummary toSummary(RuleKey key) {
      return new RuleSummary(key.tool(), key.provider(), service, key.ruleId(), title, severity, flagged);
    }
  }
}
