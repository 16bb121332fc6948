package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProwlerComplianceCsvParserTest extends ReportParserContract {
  private static final String NAME = "prowler-output-123456789012-20260105020000_cis_3.0_aws.csv";
  private final ProwlerComplianceCsvParser parser = new ProwlerComplianceCsvParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, NAME, Format.COMPLIANCE_CSV, CloudProvider.AWS, "123456789012", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(
        TestFiles.sample(contractDirectory.resolve("samples"), NAME, Format.COMPLIANCE_CSV, CloudProvider.AWS,
            "123456789012"),
        TestFiles.sample(contractDirectory.resolve("samples"), "prowler-output-ctx-20260105020000_cis_1.10_kubernetes.csv",
            Format.COMPLIANCE_CSV, CloudProvider.KUBERNETES, "prod-eks"));
  }

  @Test
  void parse_rows_streamFindingsWithTheirRequirementButNoServiceCounts() {
    Path file = validSamples().get(0);
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(file), findings::add);

    assertThat(report.accounts()).singleElement().satisfies(account -> {
      assertThat(account.accountId()).isEqualTo("123456789012");
      assertThat(account.services()).as("compliance rows repeat the main results: no service counts").isEmpty();
    });
    assertThat(findings).isNotEmpty().allSatisfy(finding -> assertThat(finding.compliance()).singleElement()
        .extracting(ComplianceRef::framework).isEqualTo("CIS-3.0"));
    assertThat(findings).extracting(Finding::status).contains(FindingStatus.PASS, FindingStatus.FAIL);
  }

  @Test
  void parse_rows_carryTheFingerprintsOfTheMainResults() {
    Path compliance = validSamples().get(0);
    Path ocsf = TestFiles.sample(contractDirectory.resolve("samples"), "aws.ocsf.json", Format.OCSF, CloudProvider.AWS,
        "123456789012");
    List<Finding> rows = new ArrayList<>();
    List<Finding> main = new ArrayList<>();

    parser.parse(ReportSource.of(compliance), rows::add);
    new ProwlerOcsfParser().parse(ReportSource.of(ocsf), main::add);

    Set<String> mainPrints = main.stream().map(Finding::fingerprint).collect(Collectors.toSet());
    List<Finding> checkRows = rows.stream().filter(row -> !row.ruleId().equals("manual")).toList();
    assertThat(checkRows).isNotEmpty().allMatch(row -> mainPrints.contains(row.fingerprint()));
  }

  @Test
  void parse_manualRequirementRow_isAttributedToTheFilesAccountAndNamedByItsRequirement() {
    List<Finding> findings = new ArrayList<>();

    parser.parse(ReportSource.of(validSamples().get(0)), findings::add);

    Finding manual = findings.get(findings.size() - 1);
    assertThat(manual.ruleId()).isEqualTo("manual");
    assertThat(manual.status()).isEqualTo(FindingStatus.MANUAL);
    assertThat(manual.accountId()).isEqualTo("123456789012");
    assertThat(manual.resourceId()).isNull();
    assertThat(manual.title()).isEqualTo("Review the benchmark's manual requirements");
    assertThat(manual.fingerprint()).isEqualTo(Finding.fingerprint("prowler", CloudProvider.AWS, "123456789012",
        "manual", "CIS-3.0|0.0"));
  }

  @Test
  void parse_fileWithoutFrameworkColumns_namesTheFrameworkFromTheFileName() {
    String text = "PROVIDER;DESCRIPTION;SUBSCRIPTIONID;LOCATION;ASSESSMENTDATE;REQUIREMENTS_ID;REQUIREMENTS_DESCRIPTION;"
        + "STATUS;STATUSEXTENDED;RESOURCEID;CHECKID\r\r\n"
        + "azure;CIS;sub-1;westeurope;2024-01-01 00:00:00;3.1;Secure transfer;FAIL;x;/subscriptions/sub-1/st;"
        + "storage_secure_transfer_required_is_enabled\r\r\n";
    Path file = TestFiles.write(contractDirectory, "prowler-output-contoso-20240101000000_cis_2.0_azure.csv", text);
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(file), findings::add);

    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.compliance()).containsExactly(new ComplianceRef("cis_2.0_azure", "3.1"));
      assertThat(finding.provider()).isEqualTo(CloudProvider.AZURE);
      assertThat(finding.service()).isEqualTo("storage");
    });
    assertThat(report.accounts()).extracting(AccountStats::accountId).containsExactly("sub-1");
  }
}
