package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProwlerAsffParserTest extends ReportParserContract {
  private final ProwlerAsffParser parser = new ProwlerAsffParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.asff.json", Format.ASFF, CloudProvider.AWS, "123456789012", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "aws.asff.json", Format.ASFF,
        CloudProvider.AWS, "123456789012"));
    samples.addAll(TestFiles.fixturesIfPresent("docs-snippets/v2.12.1_README_json-asff_example.json",
        "docs-snippets/v3.16.17_docs_json-asff.json"));
    return samples;
  }

  private static String asff(String check, String resource, String status, String extra) {
    return "{\"SchemaVersion\": \"2018-10-08\", \"Id\": \"prowler-" + check + "-123-eu-west-1-abc\", "
        + "\"ProductArn\": \"arn:aws:securityhub:eu-west-1::product/prowler/prowler\", \"RecordState\": \"ACTIVE\", "
        + "\"ProductFields\": {\"ProviderName\": \"Prowler\", \"ProviderVersion\": \"5.20.1\"}, "
        + "\"GeneratorId\": \"prowler-" + check + "\", \"AwsAccountId\": \"123456789012\", "
        + "\"CreatedAt\": \"2026-01-05T02:00:00Z\", \"Severity\": {\"Label\": \"MEDIUM\"}, \"Title\": \"T\", "
        + "\"Description\": \"D\", \"Resources\": [{\"Type\": \"AwsS3Bucket\", \"Id\": \"" + resource + "\", "
        + "\"Partition\": \"aws\", \"Region\": \"eu-west-1\"}], \"Compliance\": {\"Status\": \"" + status + "\", "
        + "\"RelatedRequirements\": [\"CIS-3.0 2.1.1 2.1.2\"]}" + extra + "}";
  }

  @Test
  void parse_everyComplianceStatus_mapsToStatusAndMuted() {
    String content = "[" + String.join(",", asff("s3_a", "arn:1", "PASSED", ""), asff("s3_a", "arn:2", "FAILED", ""),
        asff("s3_a", "arn:3", "WARNING", ""), asff("s3_a", "arn:4", "WARNINGED", ""),
        asff("s3_a", "arn:5", "INFOED", ""), asff("s3_a", "arn:6", "NOT_AVAILABLE", "")) + "]";
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "s.asff.json", content)),
        findings::add);

    assertThat(findings).extracting(Finding::status).containsExactly(FindingStatus.PASS, FindingStatus.FAIL,
        FindingStatus.FAIL, FindingStatus.FAIL, FindingStatus.MANUAL, FindingStatus.MANUAL);
    assertThat(findings).extracting(Finding::muted).containsExactly(false, false, true, true, false, false);
    assertThat(report.accounts().get(0).services()).isEqualTo(Map.of("s3", new ServiceStats(4, 1, 4)));
    assertThat(findings.get(0).compliance()).containsExactly(new ComplianceRef("CIS-3.0", "2.1.1"),
        new ComplianceRef("CIS-3.0", "2.1.2"));
  }

  @Test
  void parse_v2LinesWithServiceInTheTitle_takeServiceAndCheckFromIt() {
    String line = asff("check14", "user", "FAILED", "").replace("\"Title\": \"T\"",
        "\"Title\": \"iam.[check14] Ensure access keys are rotated\"");
    Path file = TestFiles.write(contractDirectory, "v2.asff.json", line + "\n" + line.replace("user", "other")
        + "\n");
    List<Finding> findings = new ArrayList<>();

    parser.parse(ReportSource.of(file), findings::add);

    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
    assertThat(findings).hasSize(2).allSatisfy(finding -> {
      assertThat(finding.ruleId()).isEqualTo("check14");
      assertThat(finding.service()).isEqualTo("iam");
      assertThat(finding.title()).isEqualTo("Ensure access keys are rotated");
    });
  }

  @Test
  void parse_archivedFindings_areSkippedWithAWarning() {
    String content = "[" + asff("s3_a", "arn:1", "FAILED", "") + ","
        + asff("s3_a", "arn:2", "FAILED", "").replace("\"ACTIVE\"", "\"ARCHIVED\"") + "]";

    ParsedReport report = parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "a.asff.json", content)),
        finding -> { });

    assertThat(report.findings()).isEqualTo(1);
    assertThat(report.warnings()).singleElement().asString().contains("archived");
  }

  @Test
  void parse_emptyFile_isAnEmptyResultAsProwler2WritesNothing() {
    ParsedReport report = parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "e.asff.json", "")),
        finding -> { });

    assertThat(report.findings()).isZero();
  }

  @Test
  void accepts_asffOfAnotherProduct_isFalse() {
    String other = asff("x", "arn:1", "FAILED", "").replace("product/prowler/prowler", "product/aws/guardduty")
        .replace("prowler-x", "guardduty-x").replace("\"Prowler\"", "\"GuardDuty\"");

    assertThat(parser.accepts(ReportSource.of(TestFiles.write(contractDirectory, "gd.json", "[" + other + "]"))))
        .isFalse();
  }
}
