package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.core.History;
import io.secposture.core.HistoryRow;
import io.secposture.core.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's compliance panels give the numbers of the published documents: every framework's pass rate and
 * counts from {@code report_latest.json}, every framework's pass rate per run from {@code history.json}, and every
 * failing requirement, most failing accounts first. Queries are evaluated by the real JSONata engine (as Infinity's
 * backend parser does) on documents written by secposture's own codec. {@link GrafanaDashboardTest} checks every
 * panel's columns on the same sample.
 */
class GrafanaCompliancePanelsTest {
  private static final Path DASHBOARD = Path.of("grafana/dashboards/secposture.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PostureReport previous;
  private static PostureReport latest;
  private static List<HistoryRow> rows;
  private static Object report;
  private static Object history;

  /**
   * Compliance sections for the dashboard tests: in the previous run CIS-2.0 1.1 fails in one account and 1.3 in two;
   * in the latest 1.1 passes, and a ScoutSuite CIS-1.2 benchmark of a GCP project appears. PCI-3.2.1 has only a
   * manual requirement (no pass rate) in both.
   *
   * @param latestRun the latest run's section, else the previous run's
   * @return the section
   */
  static List<FrameworkCompliance> sample(boolean latestRun) {
    List<FrameworkCompliance> frameworks = new ArrayList<>();
    frameworks.add(new FrameworkCompliance("CIS-2.0", CloudProvider.AWS, List.of(
        latestRun ? requirement("1.1", null, List.of(), List.of("111122223333", "444455556666"), 0)
            : requirement("1.1", null, List.of("111122223333"), List.of("444455556666"), 2),
        requirement("1.2", "Ensure security contact information is registered", List.of(),
            List.of("111122223333"), 0),
        requirement("1.3", "Ensure no 'root' user account access key exists", List.of("111122223333",
            "444455556666"), List.of(), 3),
        new ComplianceRequirement("1.4", null, List.of(), List.of(), List.of("111122223333"), 0))));
    frameworks.add(new FrameworkCompliance("PCI-3.2.1", CloudProvider.AWS, List.of(
        new ComplianceRequirement("8.1", null, List.of(), List.of(), List.of("111122223333"), 0))));
    if (latestRun) {
      frameworks.add(new FrameworkCompliance("CIS-1.2", CloudProvider.GCP, List.of(
          requirement("2.4", "Ensure log metric filter and alerts exist for audit configuration changes",
              List.of("data-prod"), List.of(), 1))));
    }
    return frameworks;
  }

  private static ComplianceRequirement requirement(String id, String title, List<String> failing,
      List<String> passing, long flagged) {
    return new ComplianceRequirement(id, title, failing, passing, List.of(), flagged);
  }

  @BeforeAll
  static void publishedDocuments() {
    previous = PostureReport.builder("run-1", Instant.parse("2026-11-15T02:00:00Z")).compliance(sample(false))
        .build();
    latest = PostureReport.builder("run-2", Instant.parse("2026-11-22T02:00:00Z")).compliance(sample(true)).build();
    rows = History.append(List.of(HistoryRow.of(previous)), HistoryRow.of(latest), 10);
    report = Json.parseJson(new String(ReportJson.toBytes(latest), StandardCharsets.UTF_8));
    history = Json.parseJson(new String(ReportJson.historyToBytes(rows), StandardCharsets.UTF_8));
  }

  @Test
  void passRateByFramework_isEveryFrameworkOfTheReport() throws Exception {
    List<Map<String, Object>> shown = rows(panel("Compliance pass rate by framework"), report);

    assertThat(shown).hasSize(latest.compliance().size());
    for (int i = 0; i < shown.size(); i++) {
      FrameworkCompliance framework = latest.compliance().get(i);
      Map<String, Object> row = shown.get(i);
      assertThat(row.get("framework")).isEqualTo(framework.framework());
      assertThat(row.get("provider")).isEqualTo(framework.provider().id());
      assertThat(number(row.get("passed"))).isEqualTo(framework.passed());
      assertThat(number(row.get("failed"))).isEqualTo(framework.failed());
      assertThat(number(row.get("manual"))).isEqualTo(framework.manual());
      if (framework.passRate() == null) {
        assertThat(row.get("pass_rate")).satisfiesAnyOf(value -> assertThat(value).isNull(),
            value -> assertThat(value).isEqualTo(Jsonata.NULL_VALUE));
      } else {
        assertThat(((Number) row.get("pass_rate")).doubleValue()).isEqualTo(framework.passRate());
      }
    }
  }

  @Test
  void passRateOverTime_isOnePointPerRunAndFrameworkWithARate() throws Exception {
    List<Map<String, Object>> shown = rows(panel("Compliance pass rate over time"), history);

    List<String> expected = new ArrayList<>();
    for (HistoryRow row : rows) {
      for (HistoryRow.FrameworkRate rate : row.compliance()) {
        if (rate.passRate() != null) {
          expected.add(row.generatedAt() + " " + rate.framework() + " " + rate.provider().id() + " "
              + rate.passRate());
        }
      }
    }
    assertThat(shown.stream().map(row -> row.get("generated_at") + " " + row.get("framework") + " "
        + ((Number) row.get("pass_rate")).doubleValue()).toList()).containsExactlyElementsOf(expected);
    assertThat(expected).as("CIS-2.0 improved from 1 of 3 to 2 of 3, CIS-1.2 appeared")
        .contains("2026-11-15T02:00:00Z CIS-2.0 aws " + 1.0 / 3, "2026-11-22T02:00:00Z CIS-2.0 aws " + 2.0 / 3,
            "2026-11-22T02:00:00Z CIS-1.2 gcp 0.0");
  }

  @Test
  void failingRequirements_areEveryFailingRequirementMostFailingAccountsFirst() throws Exception {
    List<Map<String, Object>> shown = rows(panel("Failing compliance requirements"), report);

    List<String> expected = new ArrayList<>();
    for (FrameworkCompliance framework : latest.compliance()) {
      for (ComplianceRequirement requirement : framework.requirements()) {
        if (requirement.status() == FindingStatus.FAIL) {
          expected.add(framework.framework() + " " + framework.provider().id() + " " + requirement.id() + " "
              + requirement.failingAccounts().size() + " " + requirement.flagged() + " "
              + String.join(", ", requirement.failingAccounts()) + " "
              + (requirement.title() == null ? "" : requirement.title()));
        }
      }
    }
    assertThat(shown.stream().map(row -> row.get("framework") + " " + row.get("provider") + " "
        + row.get("requirement") + " " + number(row.get("failing_accounts")) + " " + number(row.get("flagged")) + " "
        + row.get("accounts") + " " + row.get("title")).toList()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(shown.stream().map(row -> number(row.get("failing_accounts"))).toList())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(shown.get(0)).containsEntry("requirement", "1.3");
  }

  private static JsonNode panel(String title) throws Exception {
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
      if (panel.get("title").asText().equals(title)) {
        return panel.get("targets").get(0);
      }
    }
    throw new AssertionError("no panel titled " + title);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(JsonNode target, Object document) {
    Object result = Jsonata.jsonata(target.get("root_selector").asText()).evaluate(document);
    assertThat(result).isNotNull();
    List<?> list = result instanceof List<?> l ? l : List.of(result);
    return (List<Map<String, Object>>) list;
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }
}
