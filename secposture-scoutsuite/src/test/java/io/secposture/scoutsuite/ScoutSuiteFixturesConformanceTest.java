package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser on every real ScoutSuite output in {@code shared/fixtures/scoutsuite}, read in place (the folder beside
 * the repository, passed by surefire as {@code secposture.shared.dir}); skipped, saying why, when it is missing.
 * Expected totals are those of {@code shared/fixtures/README.md} (and DefectDojo's own tests of the same files).
 */
class ScoutSuiteFixturesConformanceTest {
  /** Findings per results file, from the fixtures README. */
  private static final Map<String, Long> EXPECTED_FINDINGS = Map.of(
      "aws-5.10.2-pretty_scoutsuite_results_new2.js", 356L,
      "gcp-pretty_scoutsuite_results_no_vuln.js", 0L,
      "gcp-pretty_scoutsuite_results_two_findings.js", 4L,
      "aws-5.14.0-full/scoutsuite-results/scoutsuite_results_aws-default.js", 306L,
      "aws-5.14.0-s3-only/scoutsuite-results/scoutsuite_results_aws-default.js", 0L);

  private final ScoutSuiteParser parser = new ScoutSuiteParser();

  private static Path fixtures() {
    String shared = System.getProperty("secposture.shared.dir");
    Path folder = shared == null ? null : Path.of(shared, "fixtures", "scoutsuite");
    assumeTrue(folder != null && Files.isDirectory(folder),
        "the real ScoutSuite outputs are not here (" + folder + "); they live in shared/fixtures beside the repository");
    return folder;
  }

  private static Path fixture(String relative) {
    Path file = fixtures().resolve(relative);
    assumeTrue(Files.isRegularFile(file), "fixture " + relative + " is missing");
    return file;
  }

  private record Parsed(ParsedReport report, List<Finding> findings) {
  }

  private Parsed parse(Path file) {
    List<Finding> findings = new ArrayList<>();
    ParsedReport report = parser.parse(ReportSource.of(file), findings::add);
    return new Parsed(report, findings);
  }

  /** The document as a tree, for reference values (fixtures are at most a few MB). */
  private static JsonNode tree(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return ResultsDocuments.JSON.readTree(text.substring(text.indexOf('\n') + 1));
  }

  @TestFactory
  Stream<DynamicTest> everyFixture_resultsMatchTheirSummaryAndItems_siblingsAreNotResults() throws IOException {
    Path folder = fixtures();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(file -> {
      String name = folder.relativize(file).toString().replace('\\', '/');
      String fileName = file.getFileName().toString();
      if (fileName.startsWith("scoutsuite_errors_") || fileName.startsWith("scoutsuite_exceptions_")) {
        return DynamicTest.dynamicTest(name + " is not a results file", () -> {
          assertThat(parser.accepts(ReportSource.of(file))).isFalse();
          assertThatThrownBy(() -> parse(file)).isInstanceOf(ReportParseException.class)
              .hasMessageContaining(fileName);
        });
      }
      return DynamicTest.dynamicTest(name + " matches its last_run.summary and items", () -> checkResults(name,
          file));
    });
  }

  private void checkResults(String name, Path file) throws IOException {
    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
    JsonNode root = tree(file);
    Parsed parsed = parse(file);

    TreeMap<String, ServiceStats> summary = new TreeMap<>();
    root.get("last_run").get("summary").properties().forEach(entry -> summary.put(entry.getKey(), new ServiceStats(
        entry.getValue().get("checked_items").asLong(), entry.getValue().get("flagged_items").asLong(),
        entry.getValue().get("resources_count").asLong())));
    long flaggedInFindings = 0;
    long items = 0;
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        flaggedInFindings += rule.getValue().get("flagged_items").asLong();
        items += rule.getValue().path("items").size();
      }
    }
    long summaryFlagged = summary.values().stream().mapToLong(ServiceStats::flaggedItems).sum();

    assertThat(parsed.report().accounts()).singleElement().satisfies(account -> {
      assertThat(account.services()).containsExactlyEntriesOf(summary);
      assertThat(account.provider().id()).isEqualTo(root.get("provider_code").asText());
      assertThat(account.accountId()).isEqualTo(root.get("account_id").asText());
    });
    assertThat(parsed.report().findings()).isEqualTo(parsed.findings().size()).isEqualTo(items)
        .isEqualTo(flaggedInFindings).isEqualTo(summaryFlagged);
    if (EXPECTED_FINDINGS.containsKey(name)) {
      assertThat(parsed.report().findings()).isEqualTo(EXPECTED_FINDINGS.get(name));
    }
    assertThat(parsed.report().toolVersion()).isEqualTo(root.get("last_run").get("version").asText());
    assertThat(parsed.report().scannedAt()).isNotNull();
    Set<String> fingerprints = new HashSet<>();
    for (Finding finding : parsed.findings()) {
      assertThat(fingerprints.add(finding.fingerprint())).as("unique fingerprint of %s", finding.resourceId())
          .isTrue();
      assertThat(finding.severity()).isIn(Severity.HIGH, Severity.MEDIUM);
    }
    assertThat(parsed.report().warnings()).noneMatch(warning -> warning.contains("counts"));
  }

  @Test
  void awsNew2_findingsInFileOrderAsDefectDojoReadsThem() {
    Parsed parsed = parse(fixture("aws-5.10.2-pretty_scoutsuite_results_new2.js"));

    assertThat(parsed.findings()).hasSize(356);
    Finding first = parsed.findings().get(0);
    assertThat(first.ruleId()).isEqualTo("cloudtrail-not-configured");
    assertThat(first.title()).isEqualTo("CloudTrail Service Not Configured");
    assertThat(first.severity()).isEqualTo(Severity.HIGH);
    assertThat(first.accountId()).isEqualTo("430150006394");
    assertThat(first.region()).isEqualTo(first.resourceId().split("\\.")[2]);
    assertThat(parsed.findings().get(15).ruleId()).isEqualTo("cloudtrail-not-configured");
    Finding config = parsed.findings().get(29);
    assertThat(config.ruleId()).isEqualTo("config-recorder-not-configured");
    assertThat(config.title()).isEqualTo("AWS Config Not Enabled");
    assertThat(config.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse("2021-10-01T18:47:09Z"));
  }

  @Test
  void gcpTwoFindings_bucketFindingsWithTheirResources() {
    Parsed parsed = parse(fixture("gcp-pretty_scoutsuite_results_two_findings.js"));

    assertThat(parsed.findings()).extracting(Finding::ruleId).containsExactly("cloudstorage-bucket-no-logging",
        "cloudstorage-bucket-no-logging", "cloudstorage-bucket-no-versioning", "cloudstorage-bucket-no-versioning");
    Finding first = parsed.findings().get(0);
    assertThat(first.provider()).isEqualTo(CloudProvider.GCP);
    assertThat(first.accountId()).isEqualTo("gcp-project-id");
    assertThat(first.title()).isEqualTo("Bucket with Logging Disabled");
    assertThat(first.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(first.resourceId()).isEqualTo(
        "cloudstorage.projects.gcp-project-id.buckets.52fc025e81845686d3c9fe5a5dc4f5e7ae740064.logging_enabled");
    assertThat(first.resourceType()).isEqualTo("cloudstorage.buckets");
    assertThat(first.region()).isNull();
    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse("2021-01-08T16:28:00Z"));
  }

  @Test
  void aws514Full_errorsFileSummarisedAndDisplayPathsGiveTheResourceType() {
    Parsed parsed = parse(fixture("aws-5.14.0-full/scoutsuite-results/scoutsuite_results_aws-default.js"));

    assertThat(parsed.report().warnings()).singleElement().asString()
        .startsWith("570 collection errors in scoutsuite_errors_aws-default.json (ScoutSuite could not read"
            + " everything; findings may be incomplete): AccessDenied x280 (rds 102, elasticache 68, redshift 51,")
        .contains("AccessDeniedException x239 (config 51,")
        .contains("TypeError x17 (ec2 17)")
        .contains("AccessDenied x280 (rds 102, elasticache 68, redshift 51, cloudformation 17, ses 17, +4 more) in 17"
            + " regions; ")
        .doesNotContain("error x");
    Finding rules = parsed.findings().stream()
        .filter(f -> f.ruleId().equals("ec2-default-security-group-with-rules")).findFirst().orElseThrow();
    assertThat(rules.resourceType()).isEqualTo("ec2.security_groups");
    assertThat(rules.resourceId()).isEqualTo("arn:aws:ec2:ap-northeast-1:203918861990:security-group/sg-088b0ca50d70472b5");
    assertThat(rules.compliance()).contains(new io.secposture.api.ComplianceRef(
        "CIS-1.2", "4.3"));
    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse("2024-09-28T17:13:10Z"));
  }

  @Test
  void aws514S3Only_outOfScopeServicesReportZeros() throws IOException {
    Path file = fixture("aws-5.14.0-s3-only/scoutsuite-results/scoutsuite_results_aws-default.js");
    Parsed parsed = parse(file);
    JsonNode root = tree(file);

    Map<String, ServiceStats> services = parsed.report().accounts().get(0).services();
    assertThat(services).hasSize(27);
    assertThat(root.get("service_list")).hasSize(1);
    String scanned = root.get("service_list").get(0).asText();
    assertThat(scanned).isEqualTo("s3");
    services.forEach((service, stats) -> {
      if (!service.equals(scanned)) {
        assertThat(stats).as(service).isEqualTo(ServiceStats.ZERO);
      }
    });
    assertThat(parsed.findings()).isEmpty();
    assertThat(parsed.report().warnings()).isEmpty();
  }
}
