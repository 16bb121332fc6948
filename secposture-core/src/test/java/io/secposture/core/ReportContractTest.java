package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.InputFailure;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The report JSON contract, field for field, read back as plain JSON the way Grafana's Infinity plugin and any
 * other consumer sees it. The expectations are written here by hand from the design's contract, not copied from
 * the writer's output.
 */
class ReportContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");
  private static final CloudProvider KUBERNETES = CloudProvider.KUBERNETES;

  @Test
  void write_fullReport_hasEveryTopLevelKeyInContractOrder() throws Exception {
    JsonNode root = tree(fullReport());

    assertThat(fieldNames(root)).containsExactly("report_date", "aws", "azure", "gcp", "kubernetes", "total",
        "schema_version", "generated_at", "run_id", "accounts", "severities", "statuses", "top_rules", "coverage",
        "failed_inputs", "diff", "compliance", "top_findings",
        "suppressions");
  }

  @Test
  void write_fullReport_seedKeysHoldTheOriginalJobsShapeAndValues() throws Exception {
    JsonNode root = tree(fullReport());

    assertThat(root.get("report_date").isTextual()).isTrue();
    assertThat(root.get("report_date").asText()).isEqualTo("11-22-2026");
    JsonNode aws = root.get("aws");
    assertThat(fieldNames(aws)).containsExactly("ec2", "s3", "total-service", "total");
    assertStats(aws.get("ec2"), 100, 7, 40);
    assertStats(aws.get("s3"), 30, 3, 12);
    assertStats(aws.get("total-service"), 1, 1, 1);
    assertStats(aws.get("total"), 131, 11, 53);
    assertThat(fieldNames(root.get("azure"))).containsExactly("total");
    assertStats(root.get("azure").get("total"), 0, 0, 0);
    assertThat(fieldNames(root.get("gcp"))).containsExactly("storage", "total");
    assertStats(root.get("gcp").get("storage"), 20, 2, 10);
    assertStats(root.get("gcp").get("total"), 20, 2, 10);
    assertThat(fieldNames(root.get("kubernetes"))).containsExactly("pods", "total");
    assertStats(root.get("kubernetes").get("total"), 8, 4, 8);
    assertStats(root.get("total"), 159, 17, 71);
  }

  @Test
  void write_fullReport_runKeysHoldVersionTimeAndId() throws Exception {
    JsonNode root = tree(fullReport());

    assertThat(root.get("schema_version").isInt()).isTrue();
    assertThat(root.get("schema_version").asInt()).isEqualTo(1);
    assertThat(root.get("generated_at").asText()).isEqualTo("2026-11-22T02:00:00Z");
    assertThat(root.get("run_id").asText()).isEqualTo("2026-11-22T0200Z");
  }

  @Test
  void write_fullReport_accountRowsHoldEveryFieldWithItsType() throws Exception {
    JsonNode accounts = tree(fullReport()).get("accounts");

    assertThat(accounts.isArray()).isTrue();
    assertThat(accounts).hasSize(3);
    JsonNode prod = accounts.get(0);
    assertThat(fieldNames(prod)).containsExactly("provider", "account_id", "name", "scanner", "status", "exit_code",
        "started_at", "duration_seconds", "reason", "labels", "checked_items", "flagged_items", "resources_count",
        "findings", "services", "links", "warnings");
    assertThat(prod.get("provider").asText()).isEqualTo("aws");
    assertThat(prod.get("account_id").asText()).isEqualTo("123456789012");
    assertThat(prod.get("name").asText()).isEqualTo("prod");
    assertThat(prod.get("scanner").asText()).isEqualTo("scoutsuite");
    assertThat(prod.get("status").asText()).isEqualTo("PARTIAL");
    assertThat(prod.get("exit_code").isInt()).isTrue();
    assertThat(prod.get("exit_code").asInt()).isZero();
    assertThat(prod.get("started_at").asText()).isEqualTo("2026-11-22T02:00:05Z");
    assertThat(prod.get("duration_seconds").isNumber()).isTrue();
    assertThat(prod.get("duration_seconds").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(prod.get("reason").asText()).isEqualTo("AccessDenied on rds:DescribeDBInstances");
    assertThat(fieldNames(prod.get("labels"))).containsExactly("stage", "team");
    assertThat(prod.get("labels").get("team").asText()).isEqualTo("payments");
    assertThat(prod.get("checked_items").asLong()).isEqualTo(131);
    assertThat(prod.get("flagged_items").asLong()).isEqualTo(11);
    assertThat(prod.get("resources_count").asLong()).isEqualTo(53);
    JsonNode findings = prod.get("findings");
    assertThat(fieldNames(findings)).containsExactly("critical", "high", "medium", "low", "informational",
        "failed", "passed", "muted", "manual");
    assertThat(longs(findings)).containsExactly(1L, 4L, 6L, 0L, 0L, 13L, 90L, 2L, 3L);
    assertThat(fieldNames(prod.get("services"))).containsExactly("ec2", "s3", "total-service");
    assertStats(prod.get("services").get("s3"), 30, 3, 12);
    assertThat(fieldNames(prod.get("links"))).containsExactly("html", "results");
    assertThat(prod.get("links").get("html").asText())
        .isEqualTo("runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/aws-123456789012.html");
    assertThat(prod.get("warnings").isArray()).isTrue();
    assertThat(prod.get("warnings").get(0).asText()).isEqualTo("570 collection errors");

    JsonNode failed = accounts.get(1);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("exit_code").asInt()).isEqualTo(1);
    assertThat(failed.get("started_at").isNull()).isTrue();
    assertThat(failed.get("duration_seconds").decimalValue()).isEqualByComparingTo("0");
    assertThat(failed.get("name").asText()).isEqualTo("210987654321");
    assertThat(failed.get("links").isObject()).isTrue();
    assertThat(failed.get("links")).isEmpty();
    assertThat(failed.get("warnings")).isEmpty();

    JsonNode skipped = accounts.get(2);
    assertThat(skipped.get("provider").asText()).isEqualTo("kubernetes");
    assertThat(skipped.get("exit_code").isNull()).isTrue();
    assertThat(tree(fullReport()).get("accounts").get(0).get("reason").isTextual()).isTrue();
  }

  @Test
  void write_fullReport_severitiesStatusesAndRulesHoldTheCounts() throws Exception {
    JsonNode root = tree(fullReport());

    assertThat(fieldNames(root.get("severities"))).containsExactly("critical", "high", "medium", "low",
        "informational");
    assertThat(longs(root.get("severities"))).containsExactly(1L, 4L, 6L, 0L, 2L);
    assertThat(fieldNames(root.get("statuses"))).containsExactly("fail", "pass", "muted", "manual");
    assertThat(longs(root.get("statuses"))).containsExactly(15L, 100L, 2L, 3L);
    JsonNode rules = root.get("top_rules");
    assertThat(rules).hasSize(2);
    assertThat(fieldNames(rules.get(0))).containsExactly("tool", "provider", "service", "rule_id", "title",
        "severity", "flagged");
    assertThat(rules.get(0).get("rule_id").asText()).isEqualTo("ec2-open-ssh");
    assertThat(rules.get(0).get("severity").asText()).isEqualTo("high");
    assertThat(rules.get(0).get("flagged").isIntegralNumber()).isTrue();
    assertThat(rules.get(0).get("flagged").asLong()).isEqualTo(6);
    assertThat(rules.get(1).get("rule_id").asText()).isEqualTo("s3_bucket_public");
    assertThat(rules.get(1).get("tool").asText()).isEqualTo("prowler");
  }

  @Test
  void write_fullReport_coverageCountsRowsAndListsMissingPartialAndSkipped() throws Exception {
    JsonNode coverage = tree(fullReport()).get("coverage");

    assertThat(fieldNames(coverage)).containsExactly("accounts", "succeeded", "partial", "failed", "timed_out",
        "skipped", "missing", "partial_accounts", "skipped_accounts");
    assertThat(coverage.get("accounts").asInt()).isEqualTo(3);
    assertThat(coverage.get("succeeded").asInt()).isZero();
    assertThat(coverage.get("partial").asInt()).isEqualTo(1);
    assertThat(coverage.get("failed").asInt()).isEqualTo(1);
    assertThat(coverage.get("timed_out").asInt()).isZero();
    assertThat(coverage.get("skipped").asInt()).isEqualTo(1);
    JsonNode missing = coverage.get("missing");
    assertThat(missing).hasSize(1);
    assertThat(fieldNames(missing.get(0))).containsExactly("provider", "account_id", "name", "scanner", "status",
        "reason");
    assertThat(missing.get(0).get("account_id").asText()).isEqualTo("210987654321");
    assertThat(missing.get(0).get("reason").asText()).isEqualTo("InvalidClientTokenId");
    assertThat(coverage.get("partial_accounts").get(0).get("account_id").asText()).isEqualTo("123456789012");
    assertThat(coverage.get("skipped_accounts").get(0).get("provider").asText()).isEqualTo("kubernetes");
    assertThat(coverage.get("skipped_accounts").get(0).get("reason").asText()).isEqualTo("account disabled");
  }

  @Test
  void write_fullReport_failedInputsAndDiff() throws Exception {
    JsonNode root = tree(fullReport());

    JsonNode failed = root.get("failed_inputs");
    assertThat(failed).hasSize(1);
    assertThat(fieldNames(failed.get(0))).containsExactly("source", "reason");
    assertThat(failed.get(0).get("source").asText()).isEqualTo("inputs/broken.ocsf.json");
    JsonNode diff = root.get("diff");
    assertThat(fieldNames(diff)).containsExactly("previous_run_id", "previous_generated_at", "total", "by_severity",
        "by_provider", "by_account", "new_findings", "not_compared");
    assertThat(diff.get("previous_run_id").asText()).isEqualTo("2026-11-15T0200Z");
    assertThat(diff.get("previous_generated_at").asText()).isEqualTo("2026-11-15T02:00:00Z");
    assertThat(fieldNames(diff.get("total"))).containsExactly("new", "resolved", "reopened", "unchanged", "unknown");
    assertThat(longs(diff.get("total"))).containsExactly(3L, 2L, 1L, 8L, 5L);
    assertThat(fieldNames(diff.get("by_severity"))).containsExactly("critical", "high", "medium", "low",
        "informational");
    assertThat(longs(diff.get("by_severity").get("high"))).containsExactly(3L, 2L, 1L, 8L, 5L);
    assertThat(longs(diff.get("by_severity").get("low"))).containsExactly(0L, 0L, 0L, 0L, 0L);
    assertThat(fieldNames(diff.get("by_provider"))).containsExactly("aws");
    assertThat(fieldNames(diff.get("by_account"))).containsExactly("aws/123456789012/scoutsuite");
    JsonNode added = diff.get("new_findings");
    assertThat(added).hasSize(1);
    assertThat(fieldNames(added.get(0))).containsExactly("provider", "account_id", "scanner", "severity", "service",
        "rule_id", "title", "resource_id", "region", "fingerprint", "reopened");
    assertThat(added.get(0).get("severity").asText()).isEqualTo("high");
    assertThat(added.get(0).get("resource_id").asText()).isEqualTo("sg-0123");
    assertThat(added.get(0).get("region").isNull()).isTrue();
    assertThat(added.get(0).get("reopened").asBoolean()).isTrue();
    assertThat(diff.get("not_compared").get("aws/210987654321/scoutsuite").asText()).startsWith("FAILED");
  }

  @Test
  void write_emptyReport_keepsTheSeedProvidersWithZeroTotalsAndNullDiff() throws Exception {
    JsonNode root = tree(PostureReport.builder("r1", GENERATED).build());

    assertThat(fieldNames(root)).containsExactly("report_date", "aws", "azure", "gcp", "total", "schema_version",
        "generated_at", "run_id", "accounts", "severities", "statuses", "top_rules", "coverage", "failed_inputs",
        "diff", "compliance", "top_findings",
        "suppressions");
    for (String provider : List.of("aws", "azure", "gcp")) {
      assertThat(fieldNames(root.get(provider))).containsExactly("total");
      assertStats(root.get(provider).get("total"), 0, 0, 0);
    }
    assertThat(root.get("accounts").isArray()).isTrue();
    assertThat(root.get("accounts")).isEmpty();
    assertThat(root.get("diff").isNull()).isTrue();
    assertThat(root.get("coverage").get("missing")).isEmpty();
  }

  @Test
  void write_providerSortingBeforeAws_stillWritesTheSeedProvidersFirst() throws Exception {
    PostureReport report = PostureReport.builder("r1", GENERATED)
        .services(Map.of(CloudProvider.of("alibaba"), Map.of("oss", new ServiceStats(1, 0, 1)),
            CloudProvider.AWS, Map.of("s3", new ServiceStats(2, 1, 1))))
        .build();

    assertThat(fieldNames(tree(report))).startsWith("report_date", "aws", "azure", "gcp", "alibaba", "total");
  }

  @Test
  void write_report_isPrettyPrintedUtf8EndingWithALineBreak() {
    String text = new String(ReportJson.toBytes(fullReport()), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(text).startsWith("{\n  \"report_date\": \"11-22-2026\",\n  \"aws\": {\n    \"ec2\": {\n");
    assertThat(text).endsWith("}\n");
    assertThat(text).contains("\"warnings\": []").contains("\"labels\": {}");
  }

  /** A run with a partial AWS scan, a failed one, a skipped Kubernetes one and a diff. */
  static PostureReport fullReport() {
    TreeMap<String, ServiceStats> aws = new TreeMap<>(Map.of("ec2", new ServiceStats(100, 7, 40),
        "s3", new ServiceStats(30, 3, 12), "total-service", new ServiceStats(1, 1, 1)));
    AccountSummary prod = new AccountSummary(CloudProvider.AWS, "123456789012", "prod", "scoutsuite",
        ScanStatus.PARTIAL, 0, Instant.parse("2026-11-22T02:00:05Z"), Duration.ofMillis(12_500),
        "AccessDenied on rds:DescribeDBInstances", new TreeMap<>(Map.of("team", "payments", "stage", "prod")), aws,
        new FindingTally(Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 4L, Severity.MEDIUM, 6L), 13, 90, 2, 3),
        new TreeMap<>(Map.of("html", "runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/aws-123456789012.html",
            "results", "runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/scoutsuite-results/r.js")),
        List.of("570 collection errors"));
    AccountSummary failed = new AccountSummary(CloudProvider.AWS, "210987654321", null, "scoutsuite",
        ScanStatus.FAILED, 1, null, Duration.ZERO, "InvalidClientTokenId", new TreeMap<>(), new TreeMap<>(),
        FindingTally.ZERO, new TreeMap<>(), List.of());
    AccountSummary skipped = new AccountSummary(KUBERNETES, "prod-cluster", "prod-cluster", "prowler",
        ScanStatus.SKIPPED, null, null, Duration.ZERO, "account disabled", new TreeMap<>(), new TreeMap<>(),
        FindingTally.ZERO, new TreeMap<>(), List.of());
    RunDiff.Counts high = new RunDiff.Counts(3, 2, 1, 8, 5);
    RunDiff diff = new RunDiff("2026-11-15T0200Z", Instant.parse("2026-11-15T02:00:00Z"), high,
        Map.of(Severity.HIGH, high), new TreeMap<>(Map.of(CloudProvider.AWS, high)),
        new TreeMap<>(Map.of("aws/123456789012/scoutsuite", high)),
        List.of(new RunDiff.NewFinding(CloudProvider.AWS, "123456789012", "scoutsuite", Severity.HIGH, "ec2",
            "ec2-open-ssh", "SSH open to the world", "sg-0123", null, "0123456789abcdef0123456789abcdef", true)),
        new TreeMap<>(Map.of("aws/210987654321/scoutsuite", "FAILED in this run: the 5 findings it flagged in run"
            + " 2026-11-15T0200Z are unknown, not resolved")));
    return PostureReport.builder("2026-11-22T0200Z", GENERATED)
        .services(Map.of(CloudProvider.AWS, aws, CloudProvider.GCP, Map.of("storage", new ServiceStats(20, 2, 10)),
            KUBERNETES, Map.of("pods", new ServiceStats(8, 4, 8))))
        .accounts(List.of(skipped, failed, prod))
        .findings(new FindingTally(Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 4L, Severity.MEDIUM, 6L,
            Severity.INFORMATIONAL, 2L), 15, 100, 2, 3))
        .rules(List.of(
            new RuleSummary("prowler", CloudProvider.AWS, "s3", "s3_bucket_public", "Public bucket", Severity.HIGH, 4),
            new RuleSummary("scoutsuite", CloudProvider.AWS, "ec2", "ec2-open-ssh", "SSH open to the world",
                Severity.HIGH, 6)))
        .failedInputs(List.of(new InputFailure("inputs/broken.ocsf.json", "truncated at line 3")))
        .diff(diff)
        .build();
  }

  private static JsonNode tree(PostureReport report) throws Exception {
    return JSON.readTree(ReportJson.toBytes(report));
  }

  private static List<String> fieldNames(JsonNode node) {
    assertThat(node.isObject()).as("%s is an object", node).isTrue();
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static List<Long> longs(JsonNode node) {
    List<Long> values = new ArrayList<>();
    node.elements().forEachRemaining(value -> {
      assertThat(value.isIntegralNumber()).as("%s is a whole number", value).isTrue();
      values.add(value.asLong());
    });
    return values;
  }

  private static void assertStats(JsonNode node, long checked, long flagged, long resources) {
    assertThat(fieldNames(node)).containsExactly("checked_items", "flagged_items", "resources_count");
    assertThat(longs(node)).containsExactly(checked, flagged, resources);
  }
}
