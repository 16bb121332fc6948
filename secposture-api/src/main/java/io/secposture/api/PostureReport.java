package io.secposture.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The aggregated posture of a run: what {@code report_latest.json} holds. An {@link Aggregation} produces one,
 * {@link Aggregator#merge(List)} combines several, secposture-core's {@code ReportJson} reads and writes it.
 *
 * <p>Everything is kept in a canonical order (providers, services and labels by name, accounts by key, rules by
 * flagged count then key, failed inputs by source), so two reports with the same content are {@code equals}.
 *
 * @param schemaVersion the version of the report JSON contract; {@value #SCHEMA_VERSION} for this library
 * @param runId the run id
 * @param generatedAt when the report was produced
 * @param services counts per provider and service, summed over accounts and scanners
 * @param accounts one row per account and scanner
 * @param findings counts of findings by result and severity, over all accounts
 * @param rules every rule with at least one flagged finding, most flagged first
 * @param failedInputs scanner outputs that could not be parsed
 * @param diff what changed since the previous run; nullable when there was no previous run to compare with
 * @param compliance one entry per framework and provider, in {@link FrameworkCompliance#ORDER}; empty when no
 *     finding or result carried compliance references (and in reports written before the section existed)
 * @param sla the age of open findings against the SLA policy; nullable when the run's findings were not tracked (no
 *     findings files, or a report written before the section existed)
 * @param owners findings by the owner of their account; nullable like {@code sla}
 * @param topFindings the critical and high flagged findings, at most {@link TopFinding#LIMIT}, in
 *     {@link TopFinding#ORDER} without duplicates; empty in reports written before the section existed
 * @param suppressions the entries of the run's suppressions file with what each muted, by id
 *     ({@link Suppression#ORDER}, entries of one id combined); empty without a suppressions file (and in reports
 *     written before the section existed)
 */
public record PostureReport(int schemaVersion, String runId, Instant generatedAt,
    SortedMap<CloudProvider, SortedMap<String, ServiceStats>> services, List<AccountSummary> accounts,
    FindingTally findings, List<RuleSummary> rules, List<InputFailure> failedInputs, RunDiff diff,
    List<FrameworkCompliance> compliance, SlaSummary sla, OwnerSummary owners, List<TopFinding> topFindings,
    List<Suppression> suppressions) {

  /** The version of the report JSON contract this library writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Orders rules as the report lists them: most flagged first, then by key. */
  public static final Comparator<RuleSummary> RULE_ORDER =
      Comparator.comparingLong(RuleSummary::flagged).reversed().thenComparing(RuleSummary::key);

  private static final DateTimeFormatter REPORT_DATE = DateTimeFormatter.ofPattern("MM-dd-yyyy").withZone(ZoneOffset.UTC);

  /** Validates the components and puts every collection in canonical order. */
  public PostureReport {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be at least 1, got " + schemaVersion);
    }
    ScanRequest.requireRunId(runId);
    Objects.requireNonNull(generatedAt, "generatedAt");
    TreeMap<CloudProvider, SortedMap<String, ServiceStats>> copy = new TreeMap<>();
    services.forEach((provider, byService) ->
        copy.put(provider, Collections.unmodifiableSortedMap(new TreeMap<>(byService))));
    services = Collections.unmodifiableSortedMap(copy);
    List<AccountSummary> rows = new ArrayList<>(accounts);
    rows.sort(Comparator.comparing(AccountSummary::key));
    accounts = List.copyOf(rows);
    Objects.requireNonNull(findings, "findings");
    List<RuleSummary> ruleRows = new ArrayList<>(rules);
    ruleRows.sort(RULE_ORDER);
    rules = List.copyOf(ruleRows);
    failedInputs = List.copyOf(new TreeSet<>(failedInputs));
    TreeMap<FrameworkCompliance, List<FrameworkCompliance>> frameworks = new TreeMap<>(FrameworkCompliance.ORDER);
    for (FrameworkCompliance entry : compliance) {
      frameworks.computeIfAbsent(entry, key -> new ArrayList<>(1)).add(entry);
    }
    List<FrameworkCompliance> complianceRows = new ArrayList<>(frameworks.size());
    frameworks.values().forEach(entries -> complianceRows.add(entries.size() == 1 ? entries.get(0)
        : FrameworkCompliance.combine(entries)));
    compliance = List.copyOf(complianceRows);
    TreeSet<TopFinding> top = new TreeSet<>(TopFinding.ORDER);
    for (TopFinding finding : topFindings) {
      top.add(Objects.requireNonNull(finding, "topFindings element"));
      if (top.size() > TopFinding.LIMIT) {
        top.pollLast();
      }
    }
    topFindings = List.copyOf(top);
    suppressions = canonicalSuppressions(suppressions);
  }

  /**
   * Creates a report without the {@code sla}, {@code owners}, {@code top_findings} and {@code suppressions}
   * sections.
   *
   * @param schemaVersion the contract version
   * @param runId the run id
   * @param generatedAt when the report was produced
   * @param services counts per provider and service
   * @param accounts one row per account and scanner
   * @param findings counts of findings
   * @param rules the flagged rules
   * @param failedInputs unparseable inputs
   * @param diff the change since the previous run; nullable
   * @param compliance the compliance section
   */
  public PostureReport(int schemaVersion, String runId, Instant generatedAt,
      SortedMap<CloudProvider, SortedMap<String, ServiceStats>> services, List<AccountSummary> accounts,
      FindingTally findings, List<RuleSummary> rules, List<InputFailure> failedInputs, RunDiff diff,
      List<FrameworkCompliance> compliance) {
    this(schemaVersion, runId, generatedAt, services, accounts, findings, rules, failedInputs, diff, compliance, null,
        null, List.of(), List.of());
  }

  /**
   * Creates a report without a compliance section.
   *
   * @param schemaVersion the contract version
   * @param runId the run id
   * @param generatedAt when the report was produced
   * @param services counts per provider and service
   * @param accounts one row per account and scanner
   * @param findings counts of findings
   * @param rules the flagged rules
   * @param failedInputs unparseable inputs
   * @param diff the change since the previous run; nullable
   */
  public PostureReport(int schemaVersion, String runId, Instant generatedAt,
      SortedMap<CloudProvider, SortedMap<String, ServiceStats>> services, List<AccountSummary> accounts,
      FindingTally findings, List<RuleSummary> rules, List<InputFailure> failedInputs, RunDiff diff) {
    this(schemaVersion, runId, generatedAt, services, accounts, findings, rules, failedInputs, diff, List.of());
  }

  /**
   * Returns the report date as the original job wrote it: {@code MM-DD-YYYY} of {@link #generatedAt()} in UTC.
   *
   * @return the report date
   */
  public String reportDate() {
    return REPORT_DATE.format(generatedAt);
  }

  /**
   * Returns the providers that appear in the report.
   *
   * @return the providers, sorted
   */
  public List<CloudProvider> providers() {
    return List.copyOf(services.keySet());
  }

  /**
   * Returns a provider's counts per service.
   *
   * @param provider the cloud
   * @return the counts per service; empty when the provider is absent
   */
  public SortedMap<String, ServiceStats> services(CloudProvider provider) {
    SortedMap<String, ServiceStats> byService = services.get(provider);
    return byService == null ? Collections.emptySortedMap() : byService;
  }

  /**
   * Returns a provider's total over its services.
   *
   * @param provider the cloud
   * @return the total; zero when the provider is absent
   */
  public ServiceStats total(CloudProvider provider) {
    return services(provider).values().stream().reduce(ServiceStats.ZERO, ServiceStats::plus);
  }

  /**
   * Returns the grand total over all providers.
   *
   * @return the total
   */
  public ServiceStats total() {
    return services.keySet().stream().map(this::total).reduce(ServiceStats.ZERO, ServiceStats::plus);
  }

  /**
   * Returns the account rows with the given status.
   *
   * @param status the status
   * @return the matching rows, in report order
   */
  public List<AccountSummary> accounts(ScanStatus status) {
    return accounts.stream().filter(row -> row.status() == status).toList();
  }

  /**
   * Returns a report with no accounts, counts or rules, for the given run.
   *
   * @param run the run
   * @return the empty report
   */
  public static PostureReport empty(RunInfo run) {
    return builder(run.runId(), run.startedAt()).build();
  }

  /**
   * Starts building a report.
   *
   * @param runId the run id
   * @param generatedAt when it is produced
   * @return a builder with everything empty
   */
  public static Builder builder(String runId, Instant generatedAt) {
    return new Builder(runId, generatedAt);
  }

  /**
   * Returns a builder initialised with this report's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(runId, generatedAt).schemaVersion(schemaVersion).services(services).accounts(accounts)
        .findings(findings).rules(rules).failedInputs(failedInputs).diff(diff).compliance(compliance).sla(sla)
        .owners(owners).topFindings(topFindings)
        .suppressions(suppressions);
  }

  /** Builds {@link PostureReport}s. Not thread-safe. */
  public static final class Builder {
    private int schemaVersion = SCHEMA_VERSION;
    private String runId;
    private Instant generatedAt;
    private Map<CloudProvider, ? extends Map<String, ServiceStats>> services = Map.of();
    private List<AccountSummary> accounts = List.of();
    private FindingTally findings = FindingTally.ZERO;
    private List<RuleSummary> rules = List.of();
    private List<InputFailure> failedInputs = List.of();
    private RunDiff diff;
    private List<FrameworkCompliance> compliance = List.of();
    private SlaSummary sla;
    private OwnerSummary owners;
    private List<TopFinding> topFindings = List.of();
    private List<Suppression> suppressions = List.of();

    private Builder(String runId, Instant generatedAt) {
      this.runId = runId;
      this.generatedAt = generatedAt;
    }

    /** @param schemaVersion the contract version; @return this builder */
    public Builder schemaVersion(int schemaVersion) {
      this.schemaVersion = schemaVersion;
      return this;
    }

    /** @param runId the run id; @return this builder */
    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    /** @param generatedAt when the report is produced; @return this builder */
    public Builder generatedAt(Instant generatedAt) {
      this.generatedAt = generatedAt;
      return this;
    }

    /** @param services counts per provider and service; @return this builder */
    public Builder services(Map<CloudProvider, ? extends Map<String, ServiceStats>> services) {
      this.services = services;
      return this;
    }

    /** @param accounts the account rows; @return this builder */
    public Builder accounts(List<AccountSummary> accounts) {
      this.accounts = accounts;
      return this;
    }

    /** @param findings the finding counts; @return this builder */
    public Builder findings(FindingTally findings) {
      this.findings = findings;
      return this;
    }

    /** @param rules the flagged rules; @return this builder */
    public Builder rules(List<RuleSummary> rules) {
      this.rules = rules;
      return this;
    }

    /** @param failedInputs the unparseable inputs; @return this builder */
    public Builder failedInputs(List<InputFailure> failedInputs) {
      this.failedInputs = failedInputs;
      return this;
    }

    /** @param diff the change since the previous run, nullable; @return this builder */
    public Builder diff(RunDiff diff) {
      this.diff = diff;
      return this;
    }

    /** @param compliance the compliance section, one entry per framework and provider; @return this builder */
    public Builder compliance(List<FrameworkCompliance> compliance) {
      this.compliance = compliance;
      return this;
    }

    /** @param sla the SLA section, nullable; @return this builder */
    public Builder sla(SlaSummary sla) {
      this.sla = sla;
      return this;
    }

    /** @param owners the owners section, nullable; @return this builder */
    public Builder owners(OwnerSummary owners) {
      this.owners = owners;
      return this;
    }

    /** @param topFindings the critical and high findings (the first {@link TopFinding#LIMIT} kept); @return this builder */
    public Builder topFindings(List<TopFinding> topFindings) {
      this.topFindings = topFindings;
      return this;
    }

    /** @param suppressions the suppressions section, one entry per id; @return this builder */
    public Builder suppressions(List<Suppression> suppressions) {
      this.suppressions = suppressions;
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     */
    public PostureReport build() {
      TreeMap<CloudProvider, SortedMap<String, ServiceStats>> copy = new TreeMap<>();
      services.forEach((provider, byService) -> copy.put(provider, new TreeMap<>(byService)));
      return new PostureReport(schemaVersion, runId, generatedAt, copy, accounts, findings, rules, failedInputs,
          diff, compliance, sla, owners, topFindings, suppressions);
    }
  }

  /** Puts suppression entries in canonical order, one per id. */
  private static List<Suppression> canonicalSuppressions(List<Suppression> entries) {
    TreeMap<String, List<Suppression>> byId = new TreeMap<>();
    for (Suppression entry : entries) {
      byId.computeIfAbsent(entry.id(), id -> new ArrayList<>(1)).add(entry);
    }
    List<Suppression> rows = new ArrayList<>(byId.size());
    byId.values().forEach(same -> rows.add(same.size() == 1 ? same.get(0) : Suppression.combine(same)));
    return List.copyOf(rows);
  }
}
