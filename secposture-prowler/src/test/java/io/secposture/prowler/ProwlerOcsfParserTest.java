package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProwlerOcsfParserTest extends ReportParserContract {
  private final ProwlerOcsfParser parser = new ProwlerOcsfParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.ocsf.json", Format.OCSF, CloudProvider.AWS, "123456789012", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "aws.ocsf.json", Format.OCSF,
        CloudProvider.AWS, "123456789012"));
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "k8s.ocsf.json", Format.OCSF,
        CloudProvider.KUBERNETES, "prod-eks"));
    samples.addAll(TestFiles.fixturesIfPresent("v5-examples/example_output_gcp.ocsf.json",
        "v3-v4/many_vuln.ocsf.json"));
    return samples;
  }

  /** A Prowler 5 finding with the given status code, status and extra top-level fields. */
  static String finding(String check, String account, String resource, String statusCode, String status,
      String extra) {
    return """
        {
            "message": "Result of %1$s on %3$s",
            "metadata": {"event_code": "%1$s", "product": {"name": "Prowler", "uid": "prowler",
                "vendor_name": "Prowler", "version": "5.20.1"}, "profiles": ["cloud", "datetime"], "version": "1.5.0"},
            "severity_id": 4,
            "severity": "High",
            "status": "%5$s",
            "status_code": "%4$s",
            "status_detail": "Detail of %1$s on %3$s",
            "status_id": 1,
            "unmapped": {"categories": [], "compliance": {"CIS-3.0": ["2.1.1", "2.1.2"], "ISO27001-2013": ["A.10.1"]},
                "scan_id": "0198d1b2-0000-7000-8000-000000000000", "provider_uid": "%2$s", "provider": "aws"},
            "finding_info": {"created_time": 1739539623, "desc": "Description", "title": "Title of %1$s",
                "types": [], "uid": "prowler-aws-%1$s-%2$s-eu-west-1-res"},
            "resources": [{"cloud_partition": "aws", "region": "eu-west-1",
                "data": {"details": "", "metadata": {"huge": [1, 2, {"nested": ["a", "b"]}], "name": "x"}},
                "group": {"name": "s3"}, "labels": [], "name": "res", "type": "AwsS3Bucket", "uid": "%3$s"},
                {"uid": "ignored-second-resource"}],
            "class_name": "Detection Finding",
            "class_uid": 2004,
            "cloud": {"account": {"name": "", "type": "AWS Account", "type_id": 10, "uid": "%2$s", "labels": []},
                "org": {"name": "", "uid": ""}, "provider": "aws", "region": "eu-west-1"},
            "remediation": {"desc": "Block public access.", "references": ["https://example.org/fix"]},
            "time": 1739539623,
            "time_dt": "2025-02-14T14:27:03.913874"%6$s
        }""".formatted(check, account, resource, statusCode, status, extra);
  }

  private ParsedReport parse(String name, String content, List<Finding> into) {
    return parser.parse(ReportSource.of(file(name, content)), into::add);
  }

  private Path file(String name, String content) {
    return TestFiles.write(contractDirectory, name, content);
  }

  @Test
  void parse_prowler5Finding_mapsEveryFieldOntoTheFinding() {
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parse("one.ocsf.json", "[" + finding("s3_bucket_public_access", "111122223333",
        "arn:aws:s3:::data", "FAIL", "New", "") + "]", findings);

    assertThat(findings).singleElement().isEqualTo(new Finding("prowler", CloudProvider.AWS, "111122223333",
        "eu-west-1", "s3", "s3_bucket_public_access", "Title of s3_bucket_public_access", Severity.HIGH,
        FindingStatus.FAIL, false, "arn:aws:s3:::data", "AwsS3Bucket", "Detail of s3_bucket_public_access on "
        + "arn:aws:s3:::data", "Block public access.\nhttps://example.org/fix", List.of(
            new ComplianceRef("CIS-3.0", "2.1.1"), new ComplianceRef("CIS-3.0", "2.1.2"),
            new ComplianceRef("ISO27001-2013", "A.10.1")),
        Finding.fingerprint("prowler", CloudProvider.AWS, "111122223333", "s3_bucket_public_access",
            "arn:aws:s3:::data")));
    assertThat(report.toolVersion()).isEqualTo("5.20.1");
    assertThat(report.scannedAt()).hasToString("2025-02-14T14:27:03.913874Z");
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void parse_statusesAndMutes_countCheckedFlaggedAndResourcesByTheDesignRules() {
    String content = "[" + String.join(",",
        finding("s3_a", "1", "arn:b1", "FAIL", "New", ""),
        finding("s3_a", "1", "arn:b2", "FAIL", "Suppressed", ""),
        finding("s3_b", "1", "arn:b1", "PASS", "New", ""),
        finding("s3_b", "1", "arn:b3", "PASS", "Suppressed", ""),
        finding("s3_c", "1", "arn:b4", "MANUAL", "New", "")) + "]";
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parse("mixed.ocsf.json", content, findings);

    assertThat(report.accounts()).singleElement().extracting(account -> account.services())
        .isEqualTo(Map.of("s3", new ServiceStats(4, 1, 3)));
    assertThat(findings).extracting(Finding::flagged).containsExactly(true, false, false, false, false);
    assertThat(findings).extracting(Finding::muted).containsExactly(false, true, false, true, false);
    assertThat(findings.get(4).status()).isEqualTo(FindingStatus.MANUAL);
  }

  @Test
  void parse_statusIdOnly_mutesOnSuppressedIdButTrustsTheStatusNameWhenPresent() {
    String withoutStatus = finding("s3_a", "1", "arn:x", "FAIL", "New", "").replace("\"status\": \"New\",", "")
        .replace("\"status_id\": 1", "\"status_id\": 3");
    String newWithId3 = finding("s3_a", "1", "arn:y", "FAIL", "New", "").replace("\"status_id\": 1",
        "\"status_id\": 3");
    List<Finding> findings = new ArrayList<>();

    parse("ids.ocsf.json", "[" + withoutStatus + "," + newWithId3 + "]", findings);

    assertThat(findings).extracting(Finding::muted).containsExactly(true, false);
  }

  @Test
  void parse_prowler40WithoutEventCode_takesTheCheckFromTheFindingUid() {
    String old = finding("iam_root_mfa_enabled", "123", "arn:root", "FAIL", "New", "")
        .replace("\"event_code\": \"iam_root_mfa_enabled\", ", "");
    List<Finding> findings = new ArrayList<>();

    parse("v40.ocsf.json", "[" + old + "]", findings);

    assertThat(findings).singleElement().extracting(Finding::ruleId).isEqualTo("iam_root_mfa_enabled");
  }

  @Test
  void parse_severityIdWithoutLabel_mapsTheOcsfId() {
    String onlyId = finding("s3_a", "1", "arn:x", "FAIL", "New", "").replace("\"severity\": \"High\",", "")
        .replace("\"severity_id\": 4", "\"severity_id\": 5");
    List<Finding> findings = new ArrayList<>();

    parse("sev.ocsf.json", "[" + onlyId + "]", findings);

    assertThat(findings.get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void parse_azureRunOverTwoSubscriptions_givesAccountStatsPerSubscription() {
    String first = finding("storage_a", "sub-1", "/subscriptions/sub-1/x", "FAIL", "New", "");
    String second = finding("storage_a", "sub-2", "/subscriptions/sub-2/x", "PASS", "New", "");
    String third = finding("keyvault_b", "sub-1", "/subscriptions/sub-1/v", "FAIL", "New", "");
    String content = ("[" + first + "," + second + "," + third + "]").replace("\"provider\": \"aws\"",
        "\"provider\": \"azure\"").replace("\"name\": \"s3\"", "\"name\": \"storage\"");

    ParsedReport report = parse("azure.ocsf.json", content, new ArrayList<>());

    assertThat(report.accounts()).hasSize(2);
    assertThat(report.accounts().get(0).provider()).isEqualTo(CloudProvider.AZURE);
    assertThat(report.accounts().get(0).accountId()).isEqualTo("sub-1");
    assertThat(report.accounts().get(0).services()).isEqualTo(Map.of("storage", new ServiceStats(2, 2, 2)));
    assertThat(report.accounts().get(1).accountId()).isEqualTo("sub-2");
    assertThat(report.accounts().get(1).services()).isEqualTo(Map.of("storage", new ServiceStats(1, 0, 1)));
  }

  @Test
  void parse_findingWithoutServiceGroup_takesTheCheckPrefix() {
    String noGroup = finding("cloudtrail_multi_region_enabled", "1", "arn:t", "FAIL", "New", "")
        .replace("\"group\": {\"name\": \"s3\"}, ", "");

    ParsedReport report = parse("nogroup.ocsf.json", "[" + noGroup + "]", new ArrayList<>());

    assertThat(report.accounts().get(0).services()).containsOnlyKeys("cloudtrail");
  }

  @Test
  void parse_unknownStatusAndOtherClasses_areSkippedWithAWarningAndTheRestCounted() {
    String content = "[" + String.join(",",
        finding("s3_a", "1", "arn:1", "FAIL", "New", ""),
        finding("s3_a", "1", "arn:2", "BROKEN", "New", ""),
        finding("s3_a", "1", "arn:3", "FAIL", "New", "").replace("\"class_uid\": 2004", "\"class_uid\": 2003"),
        finding("s3_a", "1", "arn:4", "PASS", "New", "")) + "]";
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parse("skips.ocsf.json", content, findings);

    assertThat(findings).extracting(Finding::resourceId).containsExactly("arn:1", "arn:4");
    assertThat(report.findings()).isEqualTo(2);
    assertThat(report.warnings()).containsExactly(
        "1 time, first at line 26: skipped results with a status Prowler does not write ('BROKEN'; expected PASS, "
            + "FAIL, MANUAL or a legacy equivalent)",
        "1 time, first at line 51: skipped objects that are not OCSF Detection Findings (class_uid 2003)");
  }

  @Test
  void parse_emptyArray_isAnEmptyResultListingTheScannedAccount() {
    Path file = file("empty.ocsf.json", "[\n  \n]");
    CloudAccount account = CloudAccount.builder(CloudProvider.GCP, "shop-prod").build();

    ParsedReport withoutAccount = parser.parse(ReportSource.of(file), finding -> { });
    ParsedReport withAccount = parser.parse(ReportSource.of(file, account), finding -> { });

    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
    assertThat(withoutAccount.findings()).isZero();
    assertThat(withoutAccount.accounts()).isEmpty();
    assertThat(withAccount.accounts()).singleElement().satisfies(stats -> {
      assertThat(stats.accountId()).isEqualTo("shop-prod");
      assertThat(stats.services()).isEmpty();
    });
  }

  @Test
  void parse_emptyFile_failsSayingPartialWritesAreNotResults() {
    Path file = file("zero.ocsf.json", "");

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessage("cannot parse " + file + ": expected a JSON array of Prowler OCSF Detection Findings; the file "
            + "is empty (Prowler writes [] or no file at all when there are no findings, so an empty file means "
            + "the scan stopped before writing)");
  }

  @Test
  void parse_twoArraysFromAnAppendedOutputFile_failsTellingToUseAFreshOutputFilename() {
    String one = "[" + finding("s3_a", "1", "arn:1", "FAIL", "New", "") + "]";
    Path file = file("appended.ocsf.json", one + one);

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.line()).as("the second array starts where the first ends").isEqualTo(26);
          assertThat(e.expected()).isEqualTo("the end of the file after the JSON array");
          assertThat(e.getMessage()).contains("fresh --output-filename");
        });
  }

  @Test
  void parse_findingsAppendedAfterTheClosingBracket_failsTellingToUseAFreshOutputFilename() {
    String first = "[" + finding("s3_a", "1", "arn:1", "FAIL", "New", "") + "]";
    String appended = finding("s3_a", "1", "arn:2", "FAIL", "New", "") + "]";
    Path file = file("appended-objects.ocsf.json", first + appended);

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("found an object after it; the file holds more than one JSON document")
        .hasMessageContaining("fresh --output-filename");
  }

  @Test
  void parse_truncatedArray_failsNamingTheLineAndTruncation() {
    String full = "[" + finding("s3_a", "1", "arn:1", "FAIL", "New", "") + ","
        + finding("s3_a", "1", "arn:2", "FAIL", "New", "") + "]";
    Path file = file("cut.ocsf.json", full.substring(0, full.length() - 300));

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.line()).isGreaterThan(28);
          assertThat(e.getMessage()).contains("cut.ocsf.json").contains("looks truncated");
        });
  }

  @Test
  void parse_objectInsteadOfArray_failsSayingWhatWasExpected() {
    Path file = file("object.ocsf.json", finding("s3_a", "1", "arn:1", "FAIL", "New", ""));

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("at line 1, column 1: expected a JSON array of Prowler OCSF Detection Findings; "
            + "found an object");
  }

  @Test
  void parse_arrayOfNonObjects_failsAtTheOffendingElement() {
    Path file = file("numbers.ocsf.json", "[" + finding("s3_a", "1", "arn:1", "FAIL", "New", "") + ",\n42]");

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("at line 27, column 1: expected a finding object or the end of the array; found a "
            + "number");
  }

  @Test
  void accepts_firstFindingLargerThanTheHead_stillRecognisesProwlerOcsf() {
    String bulky = finding("s3_a", "1", "arn:1", "FAIL", "New", "").replace("\"name\": \"x\"",
        "\"name\": \"" + "x".repeat(200_000) + "\"");
    Path file = file("bulky.ocsf.json", "[" + bulky + "]");

    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
    assertThat(parser.parse(ReportSource.of(file), finding -> { }).findings()).isEqualTo(1);
  }

  @Test
  void accepts_otherToolsOcsfAndProwlerComplianceFindings_isFalse() {
    String otherTool = finding("s3_a", "1", "arn:1", "FAIL", "New", "").replace("\"name\": \"Prowler\"",
        "\"name\": \"OtherScanner\"").replace("prowler-aws-", "other-aws-");
    String compliance = finding("s3_a", "1", "arn:1", "FAIL", "New", "").replace("\"class_uid\": 2004",
        "\"class_uid\": 2003").replace("\"metadata\": {\"event_code\": \"s3_a\", ", "\"metadata\": {");

    assertThat(parser.accepts(ReportSource.of(file("other.ocsf.json", "[" + otherTool + "]")))).isFalse();
    assertThat(parser.accepts(ReportSource.of(file("compliance.ocsf.json", "[" + compliance + "]")))).isFalse();
  }

  @Test
  void parse_sinkFailure_propagatesUnchanged() {
    Path file = file("sink.ocsf.json", "[" + finding("s3_a", "1", "arn:1", "FAIL", "New", "") + "]");
    IllegalStateException failure = new IllegalStateException("sink is full");

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file), finding -> {
      throw failure;
    })).isSameAs(failure);
  }
}
