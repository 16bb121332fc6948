package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProwlerCsvParserTest extends ReportParserContract {
  private static final String HEADER_V5 = "AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;ACCOUNT_NAME;ACCOUNT_EMAIL;"
      + "ACCOUNT_ORGANIZATION_UID;ACCOUNT_ORGANIZATION_NAME;ACCOUNT_TAGS;FINDING_UID;PROVIDER;CHECK_ID;CHECK_TITLE;"
      + "CHECK_TYPE;STATUS;STATUS_EXTENDED;MUTED;SERVICE_NAME;SUBSERVICE_NAME;SEVERITY;RESOURCE_TYPE;RESOURCE_UID;"
      + "RESOURCE_NAME;RESOURCE_DETAILS;RESOURCE_TAGS;PARTITION;REGION;DESCRIPTION;RISK;RELATED_URL;"
      + "REMEDIATION_RECOMMENDATION_TEXT;REMEDIATION_RECOMMENDATION_URL;REMEDIATION_CODE_NATIVEIAC;"
      + "REMEDIATION_CODE_TERRAFORM;REMEDIATION_CODE_CLI;REMEDIATION_CODE_OTHER;COMPLIANCE;CATEGORIES;DEPENDS_ON;"
      + "RELATED_TO;NOTES;PROWLER_VERSION";
  private static final String HEADER_V3_AWS = "ASSESSMENT_START_TIME;FINDING_UNIQUE_ID;PROVIDER;CHECK_ID;CHECK_TITLE;"
      + "CHECK_TYPE;STATUS;STATUS_EXTENDED;SERVICE_NAME;SUBSERVICE_NAME;SEVERITY;RESOURCE_TYPE;RESOURCE_DETAILS;"
      + "RESOURCE_TAGS;DESCRIPTION;RISK;RELATED_URL;REMEDIATION_RECOMMENDATION_TEXT;REMEDIATION_RECOMMENDATION_URL;"
      + "REMEDIATION_RECOMMENDATION_CODE_NATIVEIAC;REMEDIATION_RECOMMENDATION_CODE_TERRAFORM;"
      + "REMEDIATION_RECOMMENDATION_CODE_CLI;REMEDIATION_RECOMMENDATION_CODE_OTHER;COMPLIANCE;CATEGORIES;DEPENDS_ON;"
      + "RELATED_TO;NOTES;PROFILE;ACCOUNT_ID;ACCOUNT_NAME;ACCOUNT_EMAIL;ACCOUNT_ARN;ACCOUNT_ORG;ACCOUNT_TAGS;REGION;"
      + "RESOURCE_ID;RESOURCE_ARN";

  private final ProwlerCsvParser parser = new ProwlerCsvParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.csv", Format.CSV, CloudProvider.GCP, "data-lake-7", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "gcp.csv", Format.CSV, CloudProvider.GCP,
        "data-lake-7"));
    samples.addAll(TestFiles.fixturesIfPresent("v5-examples/example_output_kubernetes.csv",
        "v5-examples/example_output_aws.csv"));
    return samples;
  }

  /** A v5 row; fields in {@link #HEADER_V5} order. */
  private static String row(String account, String check, String status, String muted, String service,
      String severity, String resource, String region, String statusExtended, String compliance) {
    return String.join(";", "profile: default", "2025-02-14 14:27:03.913874", account, "", "", "", "", "",
        "prowler-aws-" + check + "-" + account + "-" + region + "-x", "aws", check, "Title of " + check, "", status,
        statusExtended, muted, service, "", severity, "AwsS3Bucket", resource, "x", "", "", "aws", region,
        "Description", "Risk", "https://example.org/related", "Fix it.", "https://example.org/fix", "", "", "", "",
        compliance, "", "", "", "", "5.12.2");
  }

  private Path file(String name, String content) {
    return TestFiles.write(contractDirectory, name, content);
  }

  @Test
  void parse_v5Row_mapsEveryFieldOntoTheFinding() {
    Path csv = file("one.csv", HEADER_V5 + "\r\n" + row("111122223333", "s3_bucket_public_access", "FAIL", "False",
        "s3", "critical", "arn:aws:s3:::data", "eu-west-1", "S3 Bucket data is public.",
        "CIS-3.0: 2.1.4, 2.1.5 | PCI-3.2.1: s3") + "\r\n");
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(csv), findings::add);

    assertThat(findings).singleElement().isEqualTo(new Finding("prowler", CloudProvider.AWS, "111122223333",
        "eu-west-1", "s3", "s3_bucket_public_access", "Title of s3_bucket_public_access", Severity.CRITICAL,
        FindingStatus.FAIL, false, "arn:aws:s3:::data", "AwsS3Bucket", "S3 Bucket data is public.",
        "Fix it.\nhttps://example.org/fix", List.of(new ComplianceRef("CIS-3.0", "2.1.4"),
            new ComplianceRef("CIS-3.0", "2.1.5"), new ComplianceRef("PCI-3.2.1", "s3")),
        Finding.fingerprint("prowler", CloudProvider.AWS, "111122223333", "s3_bucket_public_access",
            "arn:aws:s3:::data")));
    assertThat(report.toolVersion()).isEqualTo("5.12.2");
    assertThat(report.scannedAt()).hasToString("2025-02-14T14:27:03.913874Z");
  }

  @Test
  void parse_v3AwsLayout_mapsColumnsByNameAndCountsWarningAsMuted() {
    String v3Row = String.join(";", "2023-04-25T23:49:42.744599", "prowler-aws-acm_x-999-us-east-1-cert", "aws",
        "acm_certificates_expiration_check", "Check ACM expiry", "Data Protection", "WARNING",
        "ACM Certificate expires in 7 days.", "acm", "", "high", "AwsCertificateManagerCertificate", "", "",
        "Desc", "Risk", "", "Renew.", "https://example.org", "", "", "", "", "CIS-1.5: 2.1", "", "", "", "",
        "default", "999999999999", "", "", "", "", "", "us-east-1", "api.example.com",
        "arn:aws:acm:us-east-1:999999999999:certificate/abc");
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(file("v3.csv", HEADER_V3_AWS + "\n" + v3Row + "\n")),
        findings::add);

    assertThat(parser.accepts(ReportSource.of(contractDirectory.resolve("v3.csv")))).isTrue();
    Finding finding = findings.get(0);
    assertThat(finding.accountId()).isEqualTo("999999999999");
    assertThat(finding.resourceId()).isEqualTo("arn:aws:acm:us-east-1:999999999999:certificate/abc");
    assertThat(finding.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(finding.muted()).isTrue();
    assertThat(finding.compliance()).containsExactly(new ComplianceRef("CIS-1.5", "2.1"));
    assertThat(report.accounts().get(0).services()).isEqualTo(Map.of("acm", new ServiceStats(1, 0, 1)));
  }

  @ParameterizedTest(name = "line ends {0}")
  @ValueSource(strings = {"LF", "CRLF", "CRCRLF"})
  void parse_anyLineEnds_readTheSameRowsAndMultiLineValues(String lineEnds) {
    String end = switch (lineEnds) {
      case "LF" -> "\n";
      case "CRLF" -> "\r\n";
      default -> "\r\r\n";
    };
    String text = HEADER_V5 + end
        + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1", "\"first line" + end + "second\"",
            "") + end
        + row("1", "s3_b", "PASS", "True", "s3", "low", "arn:2", "eu-west-1", "ok", "") + end;
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(file("ends-" + lineEnds + ".csv", text)), findings::add);

    assertThat(findings).extracting(Finding::ruleId).containsExactly("s3_a", "s3_b");
    assertThat(findings.get(0).description()).isEqualTo("first line\nsecond");
    assertThat(findings.get(1).muted()).isTrue();
    assertThat(report.accounts().get(0).services()).isEqualTo(Map.of("s3", new ServiceStats(2, 1, 2)));
  }

  @Test
  void parse_quotedDelimitersAndQuotes_areKeptInTheValue() {
    String text = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1",
        "\"a;b \"\"quoted\"\" c\"", "") + "\n";
    List<Finding> findings = new ArrayList<>();

    parser.parse(ReportSource.of(file("quoted.csv", text)), findings::add);

    assertThat(findings.get(0).description()).isEqualTo("a;b \"quoted\" c");
  }

  @Test
  void parse_columnsReorderedWithUnknownOnes_areMappedByName() {
    String text = "STATUS;NEW_COLUMN_FROM_PROWLER_6;CHECK_ID;PROVIDER;ACCOUNT_UID;RESOURCE_UID;SERVICE_NAME;SEVERITY;"
        + "MUTED;AUTH_METHOD\n" + "FAIL;whatever;iam_root_mfa_enabled;aws;123;arn:root;iam;critical;False;x\n";
    Path csv = file("reordered.csv", text);
    List<Finding> findings = new ArrayList<>();

    parser.parse(ReportSource.of(csv), findings::add);

    assertThat(parser.accepts(ReportSource.of(csv))).as("sniffing needs the v3/v4/v5 header start").isFalse();
    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.ruleId()).isEqualTo("iam_root_mfa_enabled");
      assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(finding.resourceId()).isEqualTo("arn:root");
    });
  }

  @Test
  void parse_copyResavedWithCommas_readsTheSame() {
    String semicolons = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1",
        "text", "CIS-3.0: 1.1") + "\n";
    String commas = semicolons.replace(";", ",");
    List<Finding> fromSemicolons = new ArrayList<>();
    List<Finding> fromCommas = new ArrayList<>();

    parser.parse(ReportSource.of(file("semicolons.csv", semicolons)), fromSemicolons::add);
    Path commaFile = file("commas.csv", commas);
    parser.parse(ReportSource.of(commaFile), fromCommas::add);

    assertThat(parser.accepts(ReportSource.of(commaFile))).isTrue();
    assertThat(fromCommas).isEqualTo(fromSemicolons);
  }

  @Test
  void parse_rowsSeparatedByAnotherDelimiterThanTheHeader_failsNamingTheRowAndTheDelimiter() {
    String text = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1", "x", "")
        .replace(';', ',') + "\n";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("mixed.csv", text)), finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.getMessage()).endsWith("at line 2: expected a row of 41 columns like the header; found 1 "
              + "column; it looks separated by ',' while the header uses ';'");
        });
  }

  @Test
  void parse_truncatedLastRow_failsNamingTheRow() {
    String text = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1", "x", "")
        + "\n" + "profile: default;2025-02-14;1;;;";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("cut.csv", text)), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageEndingWith("at line 3: expected a row of 41 columns like the header; found 6 columns; the file "
            + "looks truncated or the row was cut");
  }

  @Test
  void parse_unclosedQuoteAtTheEnd_failsAsTruncated() {
    String text = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1",
        "\"never closed", "");

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("quote.csv", text)), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("quote.csv at line 2")
        .hasMessageContaining("looks truncated");
  }

  @Test
  void parse_extraNonEmptyColumn_failsPointingAtTheUnquotedDelimiter() {
    String text = HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1", "x", "")
        + ";stray\n";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("extra.csv", text)), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("found 42 columns; column 42 holds 'stray', so a value probably holds an unquoted ';'");
  }

  @Test
  void parse_twoRunsAppendedToOneFile_failsAtTheRepeatedHeader() {
    String run = HEADER_V5 + "\r\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1", "x", "")
        + "\r\n";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("appended.csv", run + run)), finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.getMessage()).contains("repeats the header").contains("fresh --output-filename");
        });
  }

  @Test
  void parse_headerWithoutNeededColumns_failsListingThem() {
    String text = "AUTH_METHOD;TIMESTAMP;CHECK_ID;STATUS\nx;y;s3_a;FAIL\n";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("thin.csv", text)), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("thin.csv at line 1: expected a Prowler 3/4/5 CSV")
        .hasMessageContaining("the header lacks PROVIDER, ACCOUNT_UID or ACCOUNT_ID or SUBSCRIPTION or PROJECT_ID; "
            + "it is: AUTH_METHOD;TIMESTAMP;CHECK_ID;STATUS");
  }

  @Test
  void parse_headerOnly_isAnEmptyResult() {
    ParsedReport report = parser.parse(ReportSource.of(file("header.csv", HEADER_V5 + "\r\n")), finding -> { });

    assertThat(report.findings()).isZero();
    assertThat(report.accounts()).isEmpty();
  }

  @Test
  void parse_emptyFile_failsSayingItIsEmpty() {
    assertThatThrownBy(() -> parser.parse(ReportSource.of(file("empty.csv", "")), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("the file is empty");
  }

  @Test
  void parse_latin1Text_failsSayingItIsNotUtf8() throws Exception {
    Path csv = contractDirectory.resolve("latin1.csv");
    Files.write(csv, (HEADER_V5 + "\n" + row("1", "s3_a", "FAIL", "False", "s3", "low", "arn:1", "eu-west-1",
        "caf\u00e9 \u00e0 la cr\u00e8me", "") + "\n").getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> parser.parse(ReportSource.of(csv), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("latin1.csv at line 2")
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void parse_kubernetesRegion_keepsTheNamespaceText() {
    List<Finding> findings = new ArrayList<>();
    String text = HEADER_V5 + "\n" + row("ctx", "apiserver_x", "FAIL", "False", "apiserver", "medium", "uid-1",
        "namespace: kube-system", "x", "").replace(";aws;apiserver_x;", ";kubernetes;apiserver_x;") + "\n";

    parser.parse(ReportSource.of(file("k8s.csv", text)), findings::add);

    assertThat(findings.get(0).provider()).isEqualTo(CloudProvider.KUBERNETES);
    assertThat(findings.get(0).region()).isEqualTo("namespace: kube-system");
  }
}
