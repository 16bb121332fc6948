package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.secposture.api.AccountSummary;
import io.secposture.api.AgedFinding;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import io.secposture.core.History;
import io.secposture.core.HistoryRow;
import io.secposture.core.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves the Grafana dashboard reads what secposture writes: every panel query's URL is one of the two published
 * documents, and its JSONata root selector (evaluated by a real JSONata engine, as Infinity's backend parser does)
 * yields rows holding every column the panel shows, on a generated report and history.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("grafana/dashboards/secposture.json");
  /** The findings dashboard (SLA breaches and owners), tested the same way. */
  private static final Path FINDINGS_DASHBOARD = Path.of("grafana/dashboards/secposture-findings.json");
  private static final List<Path> DASHBOARDS = List.of(DASHBOARD, FINDINGS_DASHBOARD);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Object report;
  private static Object history;

  @BeforeAll
  static void publishedDocuments() {
    PostureReport previous = sampleReport("run-1", Instant.parse("2026-11-15T02:00:00Z"), null);
    RunDiff.Counts counts = new RunDiff.Counts(3, 2, 1, 10, 4);
    RunDiff diff = new RunDiff("run-1", previous.generatedAt(), counts, Map.of(Severity.HIGH, counts),
        new TreeMap<>(Map.of(CloudProvider.AWS, counts)), new TreeMap<>(Map.of("aws/111122223333/scoutsuite", counts)),
        List.of(new RunDiff.NewFinding(CloudProvider.AWS, "111122223333", "scoutsuite", Severity.HIGH, "s3",
            "s3-bucket-public", "Bucket is public", "arn:aws:s3:::logs", "eu-west-1",
            "0123456789abcdef0123456789abcdef", false)),
        new TreeMap<>(Map.of("azure/0000-sub/scoutsuite", "FAILED in this run")));
    PostureReport latest = withLifecycle(sampleReport("run-2", Instant.parse("2026-11-22T02:00:00Z"), diff));
    List<HistoryRow> rows = History.append(List.of(HistoryRow.of(previous)), HistoryRow.of(latest), 10);
    report = Json.parseJson(new String(ReportJson.toBytes(latest), StandardCharsets.UTF_8));
    history = Json.parseJson(new String(ReportJson.historyToBytes(rows), StandardCharsets.UTF_8));
  }

  @TestFactory
  Stream<DynamicTest> everyPanelQuery_resolvesToRowsWithItsColumns() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : DASHBOARDS) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      int before = tests.size();
      for (JsonNode panel : dashboard.get("panels")) {
        for (JsonNode target : panel.get("targets")) {
          tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + panel.get("title").asText() + " / "
              + target.get("refId").asText(), () -> assertQueryResolves(target)));
        }
      }
      assertThat(tests.size() - before).as("queries of %s", file).isGreaterThanOrEqualTo(file == DASHBOARD ? 10 : 8);
    }
    return tests.stream();
  }

  private static void assertQueryResolves(JsonNode target) {
    assertThat(target.get("type").asText()).isEqualTo("json");
    assertThat(target.get("parser").asText()).isEqualTo("backend");
    assertThat(target.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
    String url = target.get("url").asText();
    Object document = switch (url) {
      case "${report_url}" -> report;
      case "${history_url}" -> history;
      default -> throw new AssertionError("query reads an unknown URL: " + url);
    };
    Object result = Jsonata.jsonata(target.get("root_selector").asText()).evaluate(document);
    assertThat(result).as("rows of %s", target.get("root_selector").asText()).isNotNull();
    List<?> rows = result instanceof List<?> list ? list : List.of(result);
    assertThat(rows).isNotEmpty();
    for (JsonNode column : target.get("columns")) {
      String selector = column.get("selector").asText();
      assertThat(selector).as("column selectors are plain keys").doesNotContain(".");
      boolean anyValue = false;
      for (Object row : rows) {
        assertThat(row).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) row;
        assertThat(fields).as("row %s", fields).containsKey(selector);
        Object value = fields.get(selector);
        anyValue |= value != null && !Jsonata.NULL_VALUE.equals(value);
        if ("number".equals(column.get("type").asText()) && value != null && !Jsonata.NULL_VALUE.equals(value)) {
          assertThat(value).as("%s is a number", selector).isInstanceOf(Number.class);
        }
      }
      assertThat(anyValue).as("column %s has a value in some row", selector).isTrue();
    }
  }

  @Test
  void dashboard_declaresItsVariablesAndUsesThemEverywhere() throws Exception {
    List<String> uids = new ArrayList<>();
    for (Path file : DASHBOARDS) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      uids.add(dashboard.get("uid").asText());
      List<String> variables = new ArrayList<>();
      dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
      assertThat(variables).as("variables of %s", file).containsExactly("datasource", "report_url", "history_url");
      for (JsonNode panel : dashboard.get("panels")) {
        assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
      }
    }
    assertThat(uids).as("one provisioning folder holds both, so their uids differ").doesNotHaveDuplicates();
  }

  /** Adds the sla and owners sections the findings dashboard reads, as a tracked run has them. */
  private static PostureReport withLifecycle(PostureReport report) {
    Instant firstSeen = Instant.parse("2026-10-01T02:00:00Z");
    SlaSummary sla = new SlaSummary(SlaPolicy.DEFAULT, Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 9L),
        Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 2L),
        List.of(new AgedFinding(CloudProvider.AWS, "111122223333", "scoutsuite", "web", Severity.HIGH, "s3",
            "s3-bucket-public", "Bucket is public", "arn:aws:s3:::logs", "eu-west-1",
            "0123456789abcdef0123456789abcdef", firstSeen, Instant.parse("2026-11-15T02:00:00Z"), 52, true)),
        new TreeMap<>(Map.of("aws/111122223333/scoutsuite", 3L)), new TreeMap<>(Map.of("web", 3L)));
    OwnerSummary owners = new OwnerSummary("team", new TreeMap<>(Map.of("web", new OwnerSummary.Counts(16, 3, 1, 3,
        2))));
    return report.toBuilder().sla(sla).owners(owners).build();
  }

  @Test
  void provisioning_filesParseAndMatchTheDashboard() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode datasources = yaml.readTree(Path.of("grafana/provisioning/datasources/secposture.yaml").toFile());
    JsonNode first = datasources.get("datasources").get(0);
    assertThat(first.get("type").asText()).isEqualTo("yesoreyeram-infinity-datasource");
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    assertThat(dashboard.get("templating").get("list").get(0).get("current").get("value").asText())
        .isEqualTo(first.get("uid").asText());
    JsonNode providers = yaml.readTree(Path.of("grafana/provisioning/dashboards/secposture.yaml").toFile());
    assertThat(providers.get("providers").get(0).get("type").asText()).isEqualTo("file");
    assertThat(Files.readString(Path.of("grafana/provisioning/datasources/secposture.yaml")))
        .doesNotContainPattern("(?i)(secretkey|accountkey|privatekey):\\s*[A-Za-z0-9+/]{16,}");
  }

  private static PostureReport sampleReport(String runId, Instant at, RunDiff diff) {
    AccountSummary ok = row(CloudProvider.AWS, "111122223333", ScanStatus.SUCCEEDED, null, 12);
    AccountSummary failed = row(CloudProvider.AZURE, "0000-sub", ScanStatus.FAILED, "authentication failed", 0);
    AccountSummary partial = row(CloudProvider.GCP, "data-prod", ScanStatus.PARTIAL, "3 collection errors", 4);
    Map<CloudProvider, Map<String, ServiceStats>> services = Map.of(
        CloudProvider.AWS, Map.of("ec2", new ServiceStats(100, 7, 40), "s3", new ServiceStats(30, 5, 12)),
        CloudProvider.GCP, Map.of("iam", new ServiceStats(20, 4, 9)));
    FindingTally tally = new FindingTally(Map.of(Severity.HIGH, 9L, Severity.MEDIUM, 7L), 18, 130, 2, 3);
    return PostureReport.builder(runId, at).services(services).accounts(List.of(ok, failed, partial))
        .findings(tally)
        .rules(List.of(new RuleSummary("scoutsuite", CloudProvider.AWS, "s3", "s3-bucket-no-logging",
            "Bucket access logging disabled", Severity.MEDIUM, 5)))
        .diff(diff).compliance(GrafanaCompliancePanelsTest.sample(diff != null)).build();
  }

  private static AccountSummary row(CloudProvider provider, String id, ScanStatus status, String reason, long flagged) {
    return new AccountSummary(provider, id, id + "-name", "scoutsuite", status, status == ScanStatus.FAILED ? 101 : 0,
        Instant.parse("2026-11-22T01:00:00Z"), Duration.ofSeconds(95), reason, new TreeMap<>(Map.of("team", "web")),
        new TreeMap<>(Map.of("ec2", new ServiceStats(10, flagged, 5))),
        new FindingTally(Map.of(Severity.HIGH, flagged, Severity.CRITICAL, 1L), flagged + 1, 10, 0, 0),
        new TreeMap<>(), List.of());
  }
}
