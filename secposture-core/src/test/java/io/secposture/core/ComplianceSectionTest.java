package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountCompliance;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RequirementResult;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's compliance section: how requirements count, per account, through merges and the JSON codec. */
class ComplianceSectionTest {
  private static final RunInfo RUN = new RunInfo("run-1", Instant.parse("2026-11-22T02:00:00Z"));
  private static final ComplianceRef CIS_1_1 = new ComplianceRef("CIS-2.0", "1.1");
  private static final ComplianceRef CIS_1_2 = new ComplianceRef("CIS-2.0", "1.2");
  private static final ComplianceRef CIS_1_10 = new ComplianceRef("CIS-2.0", "1.10");
  private static final ComplianceRef CIS_2_1 = new ComplianceRef("CIS-2.0", "2.1");

  private final Aggregator aggregator = new DefaultAggregator();

  @Test
  void aggregate_requirementFailsInOneAccountAndPassesInAnother_countsAsFailedWithBothAccountsListed() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.accept(finding("prowler", "222", FindingStatus.PASS, false, CIS_1_1));
    aggregation.accept(finding("prowler", "222", FindingStatus.PASS, false, CIS_1_2));
    aggregation.accept(finding("prowler", "111", FindingStatus.MANUAL, false, CIS_2_1));

    FrameworkCompliance cis = single(aggregation.finish());

    assertThat(cis.framework()).isEqualTo("CIS-2.0");
    assertThat(cis.provider()).isEqualTo(CloudProvider.AWS);
    assertThat(cis.failed()).isEqualTo(1);
    assertThat(cis.passed()).isEqualTo(1);
    assertThat(cis.manual()).isEqualTo(1);
    assertThat(cis.passRate()).isEqualTo(0.5);
    assertThat(cis.requirements()).containsExactly(
        new ComplianceRequirement("1.1", null, List.of("111"), List.of("222"), List.of(), 1),
        new ComplianceRequirement("1.2", null, List.of(), List.of("222"), List.of(), 0),
        new ComplianceRequirement("2.1", null, List.of(), List.of(), List.of("111"), 0));
    assertThat(cis.accounts()).containsExactly(new AccountCompliance("111", 0, 1, 1),
        new AccountCompliance("222", 2, 0, 0));
    assertThat(cis.accounts().get(0).passRate()).isEqualTo(0.0);
    assertThat(cis.accounts().get(1).passRate()).isEqualTo(1.0);
  }

  @Test
  void aggregate_mutedFailure_neitherFailsNorPassesTheRequirement() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, true, CIS_1_1));
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, true, CIS_1_2));
    aggregation.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_2));

    FrameworkCompliance cis = single(aggregation.finish());

    assertThat(cis.requirements()).containsExactly(
        new ComplianceRequirement("1.2", null, List.of(), List.of("111"), List.of(), 0));
  }

  @Test
  void aggregate_sameRequirementFromTwoScannersInOneAccount_countsOnceAndFailureWins() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_1));
    aggregation.accept(finding("scoutsuite", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.accept(finding("scoutsuite", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.add(new ParsedReport("scoutsuite", "r.js", "scoutsuite", null, null, List.of(), 0, List.of(), null,
        List.of(new RequirementResult(CloudProvider.AWS, "111", CIS_1_2, FindingStatus.PASS))));

    FrameworkCompliance cis = single(aggregation.finish());

    assertThat(cis.failed()).isEqualTo(1);
    assertThat(cis.passed()).isEqualTo(1);
    assertThat(cis.requirements().get(0)).isEqualTo(
        new ComplianceRequirement("1.1", null, List.of("111"), List.of(), List.of(), 2));
    assertThat(cis.accounts()).containsExactly(new AccountCompliance("111", 1, 1, 0));
  }

  @Test
  void aggregate_scan_attributesEveryResultToTheScansAccount() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("prowler", CloudAccount.builder(CloudProvider.AWS, "999").build(),
        ScanStatus.SUCCEEDED).build());
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.accept(finding("prowler", "222", FindingStatus.PASS, false, CIS_1_1));

    FrameworkCompliance cis = single(aggregation.finish());

    assertThat(cis.requirements()).containsExactly(
        new ComplianceRequirement("1.1", null, List.of("999"), List.of(), List.of(), 1));
  }

  @Test
  void aggregate_requirementIds_areInNumericOrder() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_10, CIS_2_1, CIS_1_2));

    assertThat(single(aggregation.finish()).requirements()).extracting(ComplianceRequirement::id)
        .containsExactly("1.2", "1.10", "2.1");
  }

  @Test
  void merge_accountFailingInOneShardAndPassingInAnother_isFailingOnly() {
    Aggregation one = aggregator.start(RUN);
    one.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_1));
    Aggregation two = aggregator.start(RUN);
    two.accept(finding("scoutsuite", "111", FindingStatus.FAIL, false, CIS_1_1));
    Aggregation both = aggregator.start(RUN);
    both.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_1));
    both.accept(finding("scoutsuite", "111", FindingStatus.FAIL, false, CIS_1_1));

    PostureReport merged = aggregator.merge(List.of(one.finish(), two.finish()));

    assertThat(merged.compliance()).isEqualTo(both.finish().compliance());
    assertThat(single(merged).requirements().get(0).passingAccounts()).isEmpty();
  }

  @Test
  void write_complianceSection_hasTheContractShape() throws Exception {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.accept(finding("prowler", "111", FindingStatus.MANUAL, false, CIS_2_1));
    aggregation.accept(finding("prowler", "222", FindingStatus.PASS, false, CIS_1_1));
    PostureReport report = aggregation.finish();

    JsonNode section = new ObjectMapper().readTree(ReportJson.toBytes(report)).get("compliance");

    assertThat(section).hasSize(1);
    JsonNode cis = section.get(0);
    assertThat(cis.get("framework").asText()).isEqualTo("CIS-2.0");
    assertThat(cis.get("provider").asText()).isEqualTo("aws");
    assertThat(cis.get("passed").asLong()).isZero();
    assertThat(cis.get("failed").asLong()).isEqualTo(1);
    assertThat(cis.get("manual").asLong()).isEqualTo(1);
    assertThat(cis.get("pass_rate").asDouble()).isEqualTo(0.0);
    JsonNode requirement = cis.get("requirements").get(0);
    assertThat(requirement.get("id").asText()).isEqualTo("1.1");
    assertThat(requirement.has("title")).isFalse();
    assertThat(requirement.get("failing_accounts").get(0).asText()).isEqualTo("111");
    assertThat(requirement.get("passing_accounts").get(0).asText()).isEqualTo("222");
    assertThat(requirement.get("manual_accounts")).isEmpty();
    assertThat(requirement.get("flagged").asLong()).isEqualTo(1);
    JsonNode account = cis.get("accounts").get(1);
    assertThat(account.get("account").asText()).isEqualTo("222");
    assertThat(account.get("passed").asLong()).isEqualTo(1);
    assertThat(account.get("pass_rate").asDouble()).isEqualTo(1.0);
    assertThat(ReportJson.read(new ByteArrayInputStream(ReportJson.toBytes(report)), "r.json")).isEqualTo(report);
  }

  @Test
  void write_onlyManualRequirements_writesNullPassRate() throws Exception {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.MANUAL, false, CIS_2_1));

    JsonNode cis = new ObjectMapper().readTree(ReportJson.toBytes(aggregation.finish())).get("compliance").get(0);

    assertThat(cis.get("pass_rate").isNull()).isTrue();
    assertThat(cis.get("accounts").get(0).get("pass_rate").isNull()).isTrue();
  }

  @Test
  void read_reportWithoutComplianceSection_hasAnEmptyOne() {
    String json = """
        {"schema_version": 1, "generated_at": "2026-11-22T02:00:00Z", "run_id": "r1", "accounts": [], "diff": null}
        """;

    PostureReport report = ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "old.json");

    assertThat(report.compliance()).isEmpty();
  }

  @Test
  void history_rowOfAReport_keepsEachFrameworksPassRateThroughTheCodec() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("prowler", "111", FindingStatus.FAIL, false, CIS_1_1));
    aggregation.accept(finding("prowler", "111", FindingStatus.PASS, false, CIS_1_2, CIS_2_1));
    aggregation.accept(finding("prowler", "111", FindingStatus.MANUAL, false, new ComplianceRef("ENS", "op.1")));

    HistoryRow row = HistoryRow.of(aggregation.finish());
    List<HistoryRow> read = ReportJson.readHistory(new ByteArrayInputStream(ReportJson.historyToBytes(List.of(row))),
        "history.json");

    assertThat(row.compliance()).containsExactly(
        new HistoryRow.FrameworkRate("CIS-2.0", CloudProvider.AWS, 2, 1),
        new HistoryRow.FrameworkRate("ENS", CloudProvider.AWS, 0, 0));
    assertThat(row.compliance().get(0).passRate()).isEqualTo(2.0 / 3);
    assertThat(row.compliance().get(1).passRate()).isNull();
    assertThat(read).containsExactly(row);
  }

  @Test
  void history_rowWithoutComplianceKey_readsWithNoPassRates() {
    String json = """
        {"schema_version": 1, "runs": [{"run_id": "r1", "generated_at": "2026-11-22T02:00:00Z",
          "total": {"checked_items": 1, "flagged_items": 0, "resources_count": 1}}]}
        """;

    List<HistoryRow> rows = ReportJson.readHistory(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        "history.json");

    assertThat(rows).singleElement().satisfies(row -> assertThat(row.compliance()).isEmpty());
  }

  private static FrameworkCompliance single(PostureReport report) {
    assertThat(report.compliance()).hasSize(1);
    return report.compliance().get(0);
  }

  private static Finding finding(String tool, String account, FindingStatus status, boolean muted,
      ComplianceRef... refs) {
    return Finding.builder().tool(tool).provider(CloudProvider.AWS).accountId(account).service("iam")
        .ruleId("rule-" + status).status(status).muted(muted).resourceId("res-" + account)
        .compliance(List.of(refs)).build();
  }
}
