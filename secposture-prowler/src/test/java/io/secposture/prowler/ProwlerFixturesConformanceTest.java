package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Prowler output in {@code shared/fixtures/prowler}, read in place, through content sniffing and the
 * parsers, with the counts the fixtures README and {@code reference/prowler.md} section 4 give (results and FAIL per
 * file, accounts, muted handling). Skipped, saying why, when the shared folder is missing.
 */
class ProwlerFixturesConformanceTest {
  private static final Plugins PLUGINS = Plugins.discover();

  /**
   * One fixture's expectations.
   *
   * @param file path below fixtures/prowler
   * @param parser the parser that must claim it
   * @param results findings streamed (Prowler results)
   * @param failed results with status FAIL, muted included
   * @param checked PASS + FAIL summed over services
   * @param flagged non-muted FAIL summed over services
   * @param accounts distinct accounts in the file
   * @param manual MANUAL/INFO results
   */
  record Expected(String file, String parser, long results, long failed, long checked, long flagged, int accounts,
      long manual) {
  }

  static Stream<Expected> parsableFixtures() {
    return Stream.of(
        new Expected("asff/prowler-output.asff.json", "prowler-asff", 731, 286, 727, 286, 1, 4),
        new Expected("docs-snippets/v2.12.1_README_json-asff_example.json", "prowler-asff", 1, 1, 1, 1, 1, 0),
        new Expected("docs-snippets/v2.12.1_README_json_example.json", "prowler-v2-json", 1, 1, 1, 1, 1, 0),
        new Expected("docs-snippets/v3.16.17_docs_json-asff.json", "prowler-asff", 2, 0, 2, 0, 1, 0),
        new Expected("docs-snippets/v3.16.17_docs_json-ocsf_rc3.json", "prowler-ocsf-v3", 2, 0, 2, 0, 1, 0),
        new Expected("docs-snippets/v3.16.17_docs_json.json", "prowler-json-v3", 2, 0, 2, 0, 1, 0),
        new Expected("docs-snippets/v4.2.4_docs_json-asff.json", "prowler-asff", 1, 0, 1, 0, 1, 0),
        new Expected("v2/issue4450.csv", "prowler-v2-csv", 4, 3, 4, 3, 1, 0),
        new Expected("v2/many_vuln.csv", "prowler-v2-csv", 4, 4, 4, 4, 1, 0),
        new Expected("v2/many_vuln.json", "prowler-v2-json", 6, 4, 5, 4, 1, 1),
        new Expected("v2/many_vuln2.csv", "prowler-v2-csv", 214, 42, 126, 42, 1, 88),
        new Expected("v2/many_vuln_plus_one.json", "prowler-v2-json", 7, 5, 6, 5, 2, 1),
        new Expected("v2/no_vuln.csv", "prowler-v2-csv", 0, 0, 0, 0, 0, 0),
        new Expected("v2/one_vuln.csv", "prowler-v2-csv", 1, 1, 1, 1, 1, 0),
        new Expected("v2/one_vuln.json", "prowler-v2-json", 1, 1, 1, 1, 1, 0),
        new Expected("v3-v4/many_vuln.json", "prowler-json-v3", 3, 3, 3, 3, 1, 0),
        new Expected("v3-v4/many_vuln.ocsf.json", "prowler-ocsf", 3, 3, 3, 2, 1, 0),
        new Expected("v3-v4/many_vuln_after_4_5_0.ocsf.json", "prowler-ocsf", 3, 3, 3, 2, 1, 0),
        new Expected("v3-v4/no_vuln.json", "prowler-json-v3", 0, 0, 0, 0, 0, 0),
        new Expected("v3-v4/no_vuln.ocsf.json", "prowler-ocsf", 0, 0, 0, 0, 0, 0),
        new Expected("v3-v4/one_vuln.json", "prowler-json-v3", 1, 1, 1, 1, 1, 0),
        new Expected("v3-v4/one_vuln.ocsf.json", "prowler-ocsf", 1, 1, 1, 1, 1, 0),
        new Expected("v3-v4/one_vuln_after_4_5_0.ocsf.json", "prowler-ocsf", 1, 1, 1, 1, 1, 0),
        new Expected("v5-examples/example_output_aws.csv", "prowler-csv", 4, 2, 2, 2, 1, 2),
        new Expected("v5-examples/example_output_aws.ocsf.json", "prowler-ocsf", 5, 2, 2, 2, 1, 3),
        new Expected("v5-examples/example_output_azure.csv", "prowler-csv", 4, 1, 4, 1, 1, 0),
        new Expected("v5-examples/example_output_azure.ocsf.json", "prowler-ocsf", 5, 5, 5, 5, 1, 0),
        new Expected("v5-examples/example_output_gcp.csv", "prowler-csv", 4, 1, 4, 1, 1, 0),
        new Expected("v5-examples/example_output_gcp.ocsf.json", "prowler-ocsf", 5, 2, 5, 2, 1, 0),
        new Expected("v5-examples/example_output_kubernetes.csv", "prowler-csv", 4, 3, 4, 3, 1, 0),
        new Expected("v5-examples/example_output_kubernetes.ocsf.json", "prowler-ocsf", 6, 5, 6, 5, 1, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsableFixtures")
  void parse_realOutput_givesTheDocumentedCounts(Expected expected) {
    Path file = TestFiles.fixtures().resolve(expected.file());
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = PLUGINS.parser(expected.parser()).parse(ReportSource.of(file), findings::add);

    assertThat(report.findings()).isEqualTo(expected.results()).isEqualTo(findings.size());
    assertThat(findings).filteredOn(f -> f.status() == FindingStatus.FAIL).hasSize((int) expected.failed());
    assertThat(findings).filteredOn(f -> f.status() == FindingStatus.MANUAL).hasSize((int) expected.manual());
    assertThat(findings).filteredOn(Finding::flagged).hasSize((int) expected.flagged());
    ServiceStats total = report.accounts().stream().map(AccountStats::total)
        .reduce(ServiceStats.ZERO, ServiceStats::plus);
    assertThat(total.checkedItems()).isEqualTo(expected.checked());
    assertThat(total.flaggedItems()).isEqualTo(expected.flagged());
    assertThat(report.accounts()).hasSize(expected.accounts());
    assertThat(report.tool()).isEqualTo("prowler");
    assertThat(report.parser()).isEqualTo(expected.parser());
    assertThat(findings).allSatisfy(finding -> {
      assertThat(finding.tool()).isEqualTo("prowler");
      assertThat(finding.fingerprint()).matches("[0-9a-f]{32}");
    });
    assertThat(findings.stream().map(f -> f.provider().id() + "/" + f.accountId()).collect(Collectors.toSet()))
        .hasSize(expected.accounts());
  }

  @Test
  void sniffing_wholeFolder_givesEachFileToExactlyItsParserAndOnlyTheInvalidSnippetFails() throws IOException {
    Path folder = TestFiles.fixtures();
    Map<String, String> expectedParser = new TreeMap<>();
    parsableFixtures().forEach(expected -> expectedParser.put(expected.file(), expected.parser()));
    expectedParser.put("docs-snippets/v4.2.4_docs_json-ocsf.json", "prowler-ocsf");
    List<String> failed = new ArrayList<>();
    List<String> unclaimed = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(32);

    for (Path file : files) {
      String relative = folder.relativize(file).toString().replace('\\', '/');
      ReportSource source = ReportSource.of(file);
      List<String> claiming = PLUGINS.parsers().values().stream().filter(parser -> parser.accepts(source))
          .map(ReportParser::name).toList();
      if (claiming.isEmpty()) {
        unclaimed.add(relative);
        continue;
      }
      assertThat(claiming).as("parsers claiming %s", relative).containsExactly(expectedParser.get(relative));
      try {
        PLUGINS.parserFor(source).orElseThrow().parse(source, finding -> { });
      } catch (ReportParseException e) {
        assertThat(e.getMessage()).contains(file.getFileName().toString());
        failed.add(relative);
      }
    }

    assertThat(failed).containsExactly("docs-snippets/v4.2.4_docs_json-ocsf.json");
    assertThat(unclaimed).as("only the 0-byte v2 JSON (no content to recognise) is claimed by no parser")
        .containsExactly("v2/no_vuln.json");
  }

  @Test
  void parse_invalidDocsSnippet_failsWithTheFileLineColumnAndWhatWasExpected() {
    Path file = TestFiles.fixtures().resolve("docs-snippets/v4.2.4_docs_json-ocsf.json");

    assertThatThrownBy(() -> new ProwlerOcsfParser().parse(ReportSource.of(file), finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.source()).endsWith("v4.2.4_docs_json-ocsf.json");
          assertThat(e.line()).isEqualTo(40);
          assertThat(e.column()).isEqualTo(9);
          assertThat(e.expected()).isEqualTo("a well-formed finding object");
          assertThat(e.getMessage()).contains("v4.2.4_docs_json-ocsf.json at line 40, column 9")
              .contains("was expecting double-quote to start field name");
        });
  }

  @Test
  void parse_emptyV2Json_isAnEmptyResult() {
    Path file = TestFiles.fixtures().resolve("v2/no_vuln.json");

    ParsedReport report = new ProwlerV2JsonParser().parse(ReportSource.of(file), finding -> { });

    assertThat(report.findings()).isZero();
    assertThat(report.accounts()).isEmpty();
  }

  @Test
  void parse_ocsfWithSuppressedStatus_countsItCheckedButNotFlagged() {
    Path file = TestFiles.fixtures().resolve("v3-v4/many_vuln.ocsf.json");
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = new ProwlerOcsfParser().parse(ReportSource.of(file), findings::add);

    assertThat(findings).extracting(Finding::muted).containsExactly(false, false, true);
    assertThat(findings.get(2).resourceId()).isEqualTo("arn:aws:iam::123456789012:role/CrossAccountResourceAccessRole");
    assertThat(report.accounts()).singleElement().satisfies(account -> {
      assertThat(account.provider()).isEqualTo(CloudProvider.AWS);
      assertThat(account.accountId()).isEqualTo("123456789012");
      assertThat(account.services()).containsExactly(Map.entry("iam", new ServiceStats(3, 2, 3)));
    });
    assertThat(report.toolVersion()).isEqualTo("4.2.1");
    assertThat(report.scannedAt()).hasToString("2024-06-03T14:15:19.382075Z");
  }

  @Test
  void parse_ocsfBeforeAndAfter450_givesTheSameFindings() {
    Path folder = TestFiles.fixtures();
    List<Finding> before = new ArrayList<>();
    List<Finding> after = new ArrayList<>();

    new ProwlerOcsfParser().parse(ReportSource.of(folder.resolve("v3-v4/many_vuln.ocsf.json")), before::add);
    new ProwlerOcsfParser().parse(ReportSource.of(folder.resolve("v3-v4/many_vuln_after_4_5_0.ocsf.json")),
        after::add);

    assertThat(after).isEqualTo(before);
  }

  @Test
  void parse_ocsf421Finding_mapsEveryField() {
    Path file = TestFiles.fixtures().resolve("v3-v4/one_vuln.ocsf.json");
    List<Finding> findings = new ArrayList<>();

    new ProwlerOcsfParser().parse(ReportSource.of(file), findings::add);

    Finding finding = findings.get(0);
    assertThat(finding.provider()).isEqualTo(CloudProvider.AWS);
    assertThat(finding.accountId()).isEqualTo("123456789012");
    assertThat(finding.region()).isEqualTo("us-east-1");
    assertThat(finding.service()).isEqualTo("iam");
    assertThat(finding.ruleId()).isEqualTo("iam_role_administratoraccess_policy_permissive_trust_relationship");
    assertThat(finding.title()).isEqualTo(
        "Ensure IAM Roles with attached AdministratorAccess policy have a well defined trust relationship");
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(finding.muted()).isFalse();
    assertThat(finding.resourceId()).isEqualTo("arn:aws:iam::123456789012:role/myAdministratorExecutionRole");
    assertThat(finding.resourceType()).isEqualTo("AwsIamRole");
    assertThat(finding.description()).startsWith("IAM Role myAdministratorExecutionRole has AdministratorAccess");
    assertThat(finding.remediation()).startsWith("Apply the principle of least privilege.")
        .endsWith("\nhttps://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege");
    assertThat(finding.compliance()).isEmpty();
    assertThat(finding.fingerprint()).isEqualTo(Finding.fingerprint("prowler", CloudProvider.AWS, "123456789012",
        "iam_role_administratoraccess_policy_permissive_trust_relationship",
        "arn:aws:iam::123456789012:role/myAdministratorExecutionRole"));
  }

  @Test
  void parse_v5OcsfAndCsvOfTheSameCheckAndResource_giveTheSameFingerprint() {
    Path folder = TestFiles.fixtures().resolve("v5-examples");
    List<Finding> ocsf = new ArrayList<>();
    List<Finding> csv = new ArrayList<>();

    new ProwlerOcsfParser().parse(ReportSource.of(folder.resolve("example_output_aws.ocsf.json")), ocsf::add);
    new ProwlerCsvParser().parse(ReportSource.of(folder.resolve("example_output_aws.csv")), csv::add);

    // the example files are anonymised independently; only accessanalyzer_enabled names the same placeholders
    assertThat(csv.get(0).ruleId()).isEqualTo(ocsf.get(0).ruleId()).isEqualTo("accessanalyzer_enabled");
    assertThat(csv.get(0).resourceId()).isEqualTo(ocsf.get(0).resourceId()).isEqualTo("<resource_uid>");
    assertThat(csv.get(0).fingerprint()).isEqualTo(ocsf.get(0).fingerprint());
    assertThat(csv.get(1).fingerprint()).as("another resource uid, another fingerprint")
        .isNotEqualTo(ocsf.get(1).fingerprint());
    assertThat(csv.get(0).compliance()).contains(new ComplianceRef("CIS-1.4", "1.20"),
        new ComplianceRef("KISA-ISMS-P-2023", "2.8.2"));
    assertThat(ocsf.get(0).compliance()).containsExactlyElementsOf(csv.get(0).compliance());
  }

  @Test
  void parse_kubernetesOcsfWithoutCloud_takesTheProviderFromItsProfileAndTheClusterFromTheScannedAccount() {
    Path file = TestFiles.fixtures().resolve("v5-examples/example_output_kubernetes.ocsf.json");
    io.secposture.api.CloudAccount cluster = io.secposture.api.CloudAccount
        .builder(CloudProvider.KUBERNETES, "prod-eks").build();

    ParsedReport report = new ProwlerOcsfParser().parse(ReportSource.of(file, cluster), finding -> {
      assertThat(finding.provider()).isEqualTo(CloudProvider.KUBERNETES);
      assertThat(finding.accountId()).isEqualTo("prod-eks");
      assertThat(finding.region()).isEqualTo("namespace: <namespace>");
    });

    assertThat(report.accounts()).extracting(AccountStats::accountId).containsExactly("prod-eks");
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void parse_v2JsonWithTwoAccounts_givesOneAccountStatsEach() {
    Path file = TestFiles.fixtures().resolve("v2/many_vuln_plus_one.json");

    ParsedReport report = new ProwlerV2JsonParser().parse(ReportSource.of(file), finding -> { });

    assertThat(report.accounts()).extracting(AccountStats::accountId).containsExactly("012345678912",
        "012345673312");
    assertThat(report.accounts().get(1).services()).containsExactly(Map.entry("iam", new ServiceStats(1, 1, 1)));
  }

  @Test
  void parse_asffOfProwler330_mapsInfoedToManualAndKeepsRequirements() {
    Path file = TestFiles.fixtures().resolve("asff/prowler-output.asff.json");
    List<Finding> findings = new ArrayList<>();

    new ProwlerAsffParser().parse(ReportSource.of(file), findings::add);

    Finding first = findings.get(0);
    assertThat(first.ruleId()).isEqualTo("accessanalyzer_enabled");
    assertThat(first.service()).isEqualTo("accessanalyzer");
    assertThat(first.severity()).isEqualTo(Severity.LOW);
    assertThat(first.region()).isEqualTo("ap-northeast-1");
    assertThat(first.compliance()).containsExactly(new ComplianceRef("CIS-1.5", "1.20"),
        new ComplianceRef("CIS-1.4", "1.20"));
    assertThat(findings).filteredOn(f -> f.status() == FindingStatus.MANUAL)
        .extracting(Finding::ruleId).containsOnly("account_maintain_current_contact_details",
            "account_security_contact_information_is_registered",
            "account_security_questions_are_registered_in_the_aws_account", "trustedadvisor_errors_and_warnings");
  }

  @Test
  void parse_v3OcsfRc3_parsesItsPythonListRequirements() {
    Path file = TestFiles.fixtures().resolve("docs-snippets/v3.16.17_docs_json-ocsf_rc3.json");
    List<Finding> findings = new ArrayList<>();

    new ProwlerOcsfV3Parser().parse(ReportSource.of(file), findings::add);

    assertThat(findings.get(0).ruleId()).isEqualTo("acm_certificates_expiration_check");
    assertThat(findings.get(0).status()).isEqualTo(FindingStatus.PASS);
    assertThat(findings.get(0).compliance()).contains(new ComplianceRef("HIPAA", "164_308_a_4_ii_a"),
        new ComplianceRef("HIPAA", "164_312_e_1"), new ComplianceRef("CISA", "your-data-2"));
  }

  @Test
  void parse_v2Csv_takesTheCheckFromTheTitleAndFingerprintsByMessage() {
    Path file = TestFiles.fixtures().resolve("v2/issue4450.csv");
    List<Finding> findings = new ArrayList<>();

    new ProwlerV2CsvParser().parse(ReportSource.of(file), findings::add);

    assertThat(findings).extracting(Finding::ruleId).containsExactly("check11", "check12", "check12", "check12");
    assertThat(findings.get(1).title())
        .isEqualTo("Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password (Scored)");
    assertThat(findings).extracting(Finding::fingerprint).doesNotHaveDuplicates();
    assertThat(findings.get(0).compliance()).isEmpty();
    assertThat(findings.get(1).compliance()).containsExactly(new ComplianceRef("ENS", "op.acc.5.aws.iam.1"));
  }
}
