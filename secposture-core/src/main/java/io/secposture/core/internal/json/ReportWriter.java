package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.AccountCompliance;
import io.secposture.api.AccountSummary;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.InputFailure;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.core.internal.aggregate.ServiceKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Not public API: writes the report JSON contract for {@code io.secposture.core.ReportJson}.
 *
 * <p>Key order is fixed: the seed-compatible keys first ({@code report_date}, {@code aws}, {@code azure},
 * {@code gcp}, further providers by id, {@code total}), then the extensions in the order the design lists them.
 * Stateless.
 */
public final class ReportWriter {
  /** The providers the original job always wrote; their sections are present even when empty. */
  static final List<CloudProvider> SEED_PROVIDERS = List.of(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP);

  private ReportWriter() {
  }

  /**
   * Writes a report.
   *
   * @param report the report
   * @param out where to write; flushed, not closed
   * @throws IOException if writing fails
   */
  public static void write(PostureReport report, OutputStream out) throws IOException {
    try (JsonGenerator json = JsonFormat.prettyGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(Keys.REPORT_DATE, report.reportDate());
      for (CloudProvider provider : providerOrder(report)) {
        json.writeFieldName(provider.id());
        writeProviderSection(json, JsonFormat.fieldNames(ServiceKeys.normalized(report.services(provider)),
            ServiceStats::plus));
      }
      json.writeFieldName(Keys.TOTAL);
      writeStats(json, report.total());
      json.writeNumberField(Keys.SCHEMA_VERSION, report.schemaVersion());
      json.writeStringField(Keys.GENERATED_AT, instant(report.generatedAt()));
      json.writeStringField(Keys.RUN_ID, report.runId());
      writeAccounts(json, report.accounts());
      writeSeverities(json, report.findings().flaggedBySeverity());
      writeStatuses(json, report.findings());
      writeRules(json, report.rules());
      writeCoverage(json, report);
      writeFailedInputs(json, report.failedInputs());
      json.writeFieldName(Keys.DIFF);
      writeDiff(json, report.diff());
      writeCompliance(json, report.compliance());
      LifecycleSections.write(json, report.sla(), report.owners());
      TopFindingsJson.write(json, report.topFindings());
      SuppressionSection.write(json, report.suppressions());
      json.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static List<CloudProvider> providerOrder(PostureReport report) {
    List<CloudProvider> order = new ArrayList<>(SEED_PROVIDERS);
    for (CloudProvider provider : report.providers()) {
      if (!order.contains(provider)) {
        order.add(provider);
      }
    }
    return order;
  }

  private static void writeProviderSection(JsonGenerator json, SortedMap<String, ServiceStats> services)
      throws IOException {
    json.writeStartObject();
    ServiceStats total = ServiceStats.ZERO;
    for (Map.Entry<String, ServiceStats> service : services.entrySet()) {
      json.writeFieldName(service.getKey());
      writeStats(json, service.getValue());
      total = total.plus(service.getValue());
    }
    json.writeFieldName(Keys.TOTAL);
    writeStats(json, total);
    json.writeEndObject();
  }

  static void writeStats(JsonGenerator json, ServiceStats stats) throws IOException {
    json.writeStartObject();
    writeStatsFields(json, stats);
    json.writeEndObject();
  }

  private static void writeStatsFields(JsonGenerator json, ServiceStats stats) throws IOException {
    json.writeNumberField(Keys.CHECKED, stats.checkedItems());
    json.writeNumberField(Keys.FLAGGED, stats.flaggedItems());
    json.writeNumberField(Keys.RESOURCES, stats.resourcesCount());
  }

  private static void writeAccounts(JsonGenerator json, List<AccountSummary> accounts) throws IOException {
    json.writeArrayFieldStart(Keys.ACCOUNTS);
    for (AccountSummary row : accounts) {
      json.writeStartObject();
      json.writeStringField(Keys.PROVIDER, row.provider().id());
      json.writeStringField(Keys.ACCOUNT_ID, row.accountId());
      json.writeStringField(Keys.NAME, row.name());
      json.writeStringField(Keys.SCANNER, row.scanner());
      json.writeStringField(Keys.STATUS, row.status().name());
      json.writeFieldName(Keys.EXIT_CODE);
      if (row.exitCode() == null) {
        json.writeNull();
      } else {
        json.writeNumber(row.exitCode());
      }
      json.writeStringField(Keys.STARTED_AT, row.startedAt() == null ? null : instant(row.startedAt()));
      json.writeFieldName(Keys.DURATION_SECONDS);
      json.writeNumber(JsonFormat.seconds(row.duration()));
      json.writeStringField(Keys.REASON, row.reason());
      writeStrings(json, Keys.LABELS, JsonFormat.fieldNames(row.labels(), ReportWriter::smaller));
      writeStatsFields(json, row.total());
      json.writeFieldName(Keys.FINDINGS);
      writeTally(json, row.findings());
      json.writeObjectFieldStart(Keys.SERVICES);
      for (Map.Entry<String, ServiceStats> service
          : JsonFormat.fieldNames(row.services(), ServiceStats::plus).entrySet()) {
        json.writeFieldName(service.getKey());
        writeStats(json, service.getValue());
      }
      json.writeEndObject();
      writeStrings(json, Keys.LINKS, JsonFormat.fieldNames(row.links(), ReportWriter::smaller));
      json.writeArrayFieldStart(Keys.WARNINGS);
      for (String warning : row.warnings()) {
        json.writeString(warning);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeStrings(JsonGenerator json, String field, Map<String, String> values) throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, String> entry : values.entrySet()) {
      json.writeStringField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  private static void writeTally(JsonGenerator json, FindingTally tally) throws IOException {
    json.writeStartObject();
    writeSeverityFields(json, tally.flaggedBySeverity());
    json.writeNumberField(Keys.FAILED, tally.failed());
    json.writeNumberField(Keys.PASSED, tally.passed());
    json.writeNumberField(Keys.MUTED, tally.muted());
    json.writeNumberField(Keys.MANUAL, tally.manual());
    json.writeEndObject();
  }

  private static void writeSeverities(JsonGenerator json, Map<Severity, Long> counts) throws IOException {
    json.writeObjectFieldStart(Keys.SEVERITIES);
    writeSeverityFields(json, counts);
    json.writeEndObject();
  }

  static void writeSeverityFields(JsonGenerator json, Map<Severity, Long> counts) throws IOException {
    for (Severity severity : Severity.values()) {
      json.writeNumberField(Keys.of(severity), counts.getOrDefault(severity, 0L));
    }
  }

  private static void writeStatuses(JsonGenerator json, FindingTally tally) throws IOException {
    json.writeObjectFieldStart(Keys.STATUSES);
    json.writeNumberField(Keys.STATUS_FAIL, tally.failed());
    json.writeNumberField(Keys.STATUS_PASS, tally.passed());
    json.writeNumberField(Keys.MUTED, tally.muted());
    json.writeNumberField(Keys.MANUAL, tally.manual());
    json.writeEndObject();
  }

  private static void writeRules(JsonGenerator json, List<RuleSummary> rules) throws IOException {
    json.writeArrayFieldStart(Keys.TOP_RULES);
    for (RuleSummary rule : rules) {
      json.writeStartObject();
      json.writeStringField(Keys.TOOL, rule.tool());
      json.writeStringField(Keys.PROVIDER, rule.provider().id());
      json.writeStringField(Keys.SERVICE, rule.service());
      json.writeStringField(Keys.RULE_ID, rule.ruleId());
      json.writeStringField(Keys.TITLE, rule.title());
      json.writeStringField(Keys.SEVERITY, Keys.of(rule.severity()));
      json.writeNumberField(Keys.RULE_FLAGGED, rule.flagged());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeCompliance(JsonGenerator json, List<FrameworkCompliance> frameworks) throws IOException {
    json.writeArrayFieldStart(Keys.COMPLIANCE);
    for (FrameworkCompliance framework : frameworks) {
      json.writeStartObject();
      json.writeStringField(Keys.FRAMEWORK, framework.framework());
      json.writeStringField(Keys.PROVIDER, framework.provider().id());
      json.writeNumberField(Keys.PASSED, framework.passed());
      json.writeNumberField(Keys.FAILED, framework.failed());
      json.writeNumberField(Keys.MANUAL, framework.manual());
      writeRate(json, framework.passRate());
      json.writeArrayFieldStart(Keys.REQUIREMENTS);
      for (ComplianceRequirement requirement : framework.requirements()) {
        json.writeStartObject();
        json.writeStringField(Keys.ID, requirement.id());
        if (requirement.title() != null) {
          json.writeStringField(Keys.TITLE, requirement.title());
        }
        writeStrings(json, Keys.FAILING_ACCOUNTS, requirement.failingAccounts());
        writeStrings(json, Keys.PASSING_ACCOUNTS, requirement.passingAccounts());
        writeStrings(json, Keys.MANUAL_ACCOUNTS, requirement.manualAccounts());
        json.writeNumberField(Keys.RULE_FLAGGED, requirement.flagged());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart(Keys.ACCOUNTS);
      for (AccountCompliance account : framework.accounts()) {
        json.writeStartObject();
        json.writeStringField(Keys.ACCOUNT, account.account());
        json.writeNumberField(Keys.PASSED, account.passed());
        json.writeNumberField(Keys.FAILED, account.failed());
        json.writeNumberField(Keys.MANUAL, account.manual());
        writeRate(json, account.passRate());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeRate(JsonGenerator json, Double rate) throws IOException {
    if (rate == null) {
      json.writeNullField(Keys.PASS_RATE);
    } else {
      json.writeNumberField(Keys.PASS_RATE, rate);
    }
  }

  private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static void writeCoverage(JsonGenerator json, PostureReport report) throws IOException {
    EnumMap<ScanStatus, List<AccountSummary>> byStatus = new EnumMap<>(ScanStatus.class);
    for (ScanStatus status : ScanStatus.values()) {
      byStatus.put(status, new ArrayList<>());
    }
    for (AccountSummary row : report.accounts()) {
      byStatus.get(row.status()).add(row);
    }
    List<AccountSummary> missing = new ArrayList<>();
    for (AccountSummary row : report.accounts()) {
      if (row.status() == ScanStatus.FAILED || row.status() == ScanStatus.TIMED_OUT) {
        missing.add(row);
      }
    }
    json.writeObjectFieldStart(Keys.COVERAGE);
    json.writeNumberField(Keys.COVERAGE_ACCOUNTS, report.accounts().size());
    for (ScanStatus status : ScanStatus.values()) {
      json.writeNumberField(Keys.of(status), byStatus.get(status).size());
    }
    writeCoverageRows(json, Keys.MISSING, missing);
    writeCoverageRows(json, Keys.PARTIAL_ACCOUNTS, byStatus.get(ScanStatus.PARTIAL));
    writeCoverageRows(json, Keys.SKIPPED_ACCOUNTS, byStatus.get(ScanStatus.SKIPPED));
    json.writeEndObject();
  }

  private static void writeCoverageRows(JsonGenerator json, String field, List<AccountSummary> rows)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (AccountSummary row : rows) {
      json.writeStartObject();
      json.writeStringField(Keys.PROVIDER, row.provider().id());
      json.writeStringField(Keys.ACCOUNT_ID, row.accountId());
      json.writeStringField(Keys.NAME, row.name());
      json.writeStringField(Keys.SCANNER, row.scanner());
      json.writeStringField(Keys.STATUS, row.status().name());
      json.writeStringField(Keys.REASON, row.reason());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeFailedInputs(JsonGenerator json, List<InputFailure> failures) throws IOException {
    json.writeArrayFieldStart(Keys.FAILED_INPUTS);
    for (InputFailure failure : failures) {
      json.writeStartObject();
      json.writeStringField(Keys.SOURCE, failure.source());
      json.writeStringField(Keys.REASON, failure.reason());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeDiff(JsonGenerator json, RunDiff diff) throws IOException {
    if (diff == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeStringField(Keys.PREVIOUS_RUN_ID, diff.previousRunId());
    json.writeStringField(Keys.PREVIOUS_GENERATED_AT, instant(diff.previousGeneratedAt()));
    json.writeFieldName(Keys.TOTAL);
    writeCounts(json, diff.total());
    json.writeObjectFieldStart(Keys.BY_SEVERITY);
    for (Severity severity : Severity.values()) {
      json.writeFieldName(Keys.of(severity));
      writeCounts(json, diff.bySeverity().get(severity));
    }
    json.writeEndObject();
    json.writeObjectFieldStart(Keys.BY_PROVIDER);
    for (Map.Entry<CloudProvider, RunDiff.Counts> entry : diff.byProvider().entrySet()) {
      json.writeFieldName(entry.getKey().id());
      writeCounts(json, entry.getValue());
    }
    json.writeEndObject();
    json.writeObjectFieldStart(Keys.BY_ACCOUNT);
    for (Map.Entry<String, RunDiff.Counts> entry
        : JsonFormat.fieldNames(diff.byAccount(), RunDiff.Counts::plus).entrySet()) {
      json.writeFieldName(entry.getKey());
      writeCounts(json, entry.getValue());
    }
    json.writeEndObject();
    json.writeArrayFieldStart(Keys.NEW_FINDINGS);
    for (RunDiff.NewFinding finding : diff.newFindings()) {
      json.writeStartObject();
      FindingFields.write(json, finding.provider(), finding.accountId(), finding.scanner(), finding.severity(),
          finding.service(), finding.ruleId(), finding.title(), finding.resourceId(), finding.region(),
          finding.fingerprint());
      json.writeBooleanField(Keys.REOPENED, finding.reopened());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart(Keys.NOT_COMPARED);
    for (Map.Entry<String, String> entry
        : JsonFormat.fieldNames(diff.notCompared(), ReportWriter::smaller).entrySet()) {
      json.writeStringField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
    if (!diff.compliance().isEmpty()) {
      ComplianceChangesJson.write(json, diff.compliance());
    }
    json.writeEndObject();
  }

  /**
   * Writes a diff alone, pretty-printed as the report's {@code diff} section, or {@code null}.
   *
   * @param diff the diff; nullable
   * @param out where to write; flushed, not closed
   * @throws IOException if writing fails
   */
  public static void writeDiff(RunDiff diff, OutputStream out) throws IOException {
    try (JsonGenerator json = JsonFormat.prettyGenerator(out)) {
      writeDiff(json, diff);
    }
    out.write('\n');
    out.flush();
  }

  static void writeCounts(JsonGenerator json, RunDiff.Counts counts) throws IOException {
    json.writeStartObject();
    json.writeNumberField(Keys.NEW, counts.added());
    json.writeNumberField(Keys.RESOLVED, counts.resolved());
    json.writeNumberField(Keys.REOPENED, counts.reopened());
    json.writeNumberField(Keys.UNCHANGED, counts.unchanged());
    json.writeNumberField(Keys.UNKNOWN, counts.unknown());
    json.writeEndObject();
  }

  private static String smaller(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String instant(Instant instant) {
    return instant.toString();
  }
}
