package io.secposture.core;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
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

/**
 * One run's compact row in {@code reports/history.json}: enough for trend panels and sparklines without reading
 * every dated report.
 *
 * @param runId the run id
 * @param generatedAt when the run's report was produced
 * @param total the grand total
 * @param providers the total per provider; rows made by {@link #of(PostureReport)} always hold {@code aws},
 *     {@code azure} and {@code gcp} (zero when not scanned), as the report's sections do, so trend panels find them
 * @param flaggedBySeverity flagged findings per severity (every severity present)
 * @param accountsByStatus account rows per scan status (every status present)
 * @param diff new, resolved, reopened and unchanged counts against the previous run; nullable
 * @param compliance the passed and failed requirement counts per framework and provider, in framework then
 *     provider order; empty for runs without a compliance section (and rows written before it existed)
 * @param slaBreached open findings past their SLA per severity (every severity present), from the report's
 *     {@code sla} section; nullable for runs whose findings were not tracked (and rows written before it existed)
 */
public record HistoryRow(String runId, Instant generatedAt, ServiceStats total,
    SortedMap<CloudProvider, ServiceStats> providers, Map<Severity, Long> flaggedBySeverity,
    Map<ScanStatus, Long> accountsByStatus, RunDiff.Counts diff, List<FrameworkRate> compliance,
    Map<Severity, Long> slaBreached) {

  /**
   * One framework's standing in a run, for the pass-rate trend.
   *
   * @param framework the framework key, e.g. {@code CIS-2.0}
   * @param provider the cloud
   * @param passed requirements that pass
   * @param failed requirements that fail
   */
  public record FrameworkRate(String framework, CloudProvider provider, long passed, long failed) {

    /** Validates the components. */
    public FrameworkRate {
      Objects.requireNonNull(framework, "framework");
      Objects.requireNonNull(provider, "provider");
      if (passed < 0 || failed < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /**
     * Returns {@code passed / (passed + failed)}.
     *
     * @return 0.0 to 1.0; {@code null} when nothing passed or failed
     */
    public Double passRate() {
      long assessed = passed + failed;
      return assessed == 0 ? null : (double) passed / assessed;
    }
  }

  /**
   * Creates a row without SLA breach counts.
   *
   * @param runId the run id
   * @param generatedAt when the run's report was produced
   * @param total the grand total
   * @param providers the total per provider
   * @param flaggedBySeverity flagged findings per severity
   * @param accountsByStatus account rows per scan status
   * @param diff counts against the previous run; nullable
   * @param compliance the pass rates per framework and provider
   */
  public HistoryRow(String runId, Instant generatedAt, ServiceStats total,
      SortedMap<CloudProvider, ServiceStats> providers, Map<Severity, Long> flaggedBySeverity,
      Map<ScanStatus, Long> accountsByStatus, RunDiff.Counts diff, List<FrameworkRate> compliance) {
    this(runId, generatedAt, total, providers, flaggedBySeverity, accountsByStatus, diff, compliance, null);
  }

  /**
   * Creates a row without compliance pass rates.
   *
   * @param runId the run id
   * @param generatedAt when the run's report was produced
   * @param total the grand total
   * @param providers the total per provider
   * @param flaggedBySeverity flagged findings per severity
   * @param accountsByStatus account rows per scan status
   * @param diff counts against the previous run; nullable
   */
  public HistoryRow(String runId, Instant generatedAt, ServiceStats total,
      SortedMap<CloudProvider, ServiceStats> providers, Map<Severity, Long> flaggedBySeverity,
      Map<ScanStatus, Long> accountsByStatus, RunDiff.Counts diff) {
    this(runId, generatedAt, total, providers, flaggedBySeverity, accountsByStatus, diff, List.of());
  }

  /** Validates the components and copies collections. */
  public HistoryRow {
    ScanRequest.requireRunId(runId);
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(total, "total");
    providers = Collections.unmodifiableSortedMap(new TreeMap<>(providers));
    EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      severities.put(severity, flaggedBySeverity.getOrDefault(severity, 0L));
    }
    flaggedBySeverity = Collections.unmodifiableMap(severities);
    EnumMap<ScanStatus, Long> statuses = new EnumMap<>(ScanStatus.class);
    for (ScanStatus status : ScanStatus.values()) {
      statuses.put(status, accountsByStatus.getOrDefault(status, 0L));
    }
    accountsByStatus = Collections.unmodifiableMap(statuses);
    List<FrameworkRate> rates = new ArrayList<>(compliance);
    rates.sort(Comparator.comparing(FrameworkRate::framework).thenComparing(FrameworkRate::provider));
    compliance = List.copyOf(rates);
    if (slaBreached != null) {
      EnumMap<Severity, Long> breaches = new EnumMap<>(Severity.class);
      for (Severity severity : Severity.values()) {
        breaches.put(severity, slaBreached.getOrDefault(severity, 0L));
      }
      slaBreached = Collections.unmodifiableMap(breaches);
    }
  }

  /**
   * Summarises a report into its history row.
   *
   * @param report the report
   * @return the row
   */
  public static HistoryRow of(PostureReport report) {
    TreeMap<CloudProvider, ServiceStats> providers = new TreeMap<>();
    for (CloudProvider provider : List.of(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP)) {
      providers.put(provider, ServiceStats.ZERO);
    }
    for (CloudProvider provider : report.providers()) {
      providers.put(provider, report.total(provider));
    }
    EnumMap<ScanStatus, Long> statuses = new EnumMap<>(ScanStatus.class);
    for (AccountSummary row : report.accounts()) {
      statuses.merge(row.status(), 1L, Long::sum);
    }
    return new HistoryRow(report.runId(), report.generatedAt(), report.total(), providers,
        report.findings().flaggedBySeverity(), statuses, report.diff() == null ? null : report.diff().total(),
        report.compliance().stream().map(framework -> new FrameworkRate(framework.framework(), framework.provider(),
            framework.passed(), framework.failed())).toList(),
        report.sla() == null ? null : report.sla().breached());
  }
}
