package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Prowler compliance CSV adds beside its run's main output: the framework key the other formats write
 * ({@code <Framework>-<Version>}), and one requirement result per account, requirement and status with its title.
 */
class ComplianceCsvRequirementsTest {
  private static final String HEADER = "PROVIDER;DESCRIPTION;ACCOUNTID;REGION;ASSESSMENTDATE;REQUIREMENTS_ID;"
      + "REQUIREMENTS_DESCRIPTION;STATUS;STATUSEXTENDED;RESOURCEID;RESOURCENAME;CHECKID;MUTED;FRAMEWORK;NAME\r\n";

  @TempDir
  Path temp;

  @Test
  void requirements_rows_giveOneResultPerAccountRequirementAndStatusWithoutMutedFailuresAndWithBoundedTitles()
      throws IOException {
    String huge = "T".repeat(5000);
    String rows = HEADER
        + "aws;CIS;111;us-east-1;2026-01-01;1.1;Avoid root;FAIL;x;r1;r1;iam_root;False;CIS;CIS v2\r\n"
        + "aws;CIS;111;eu-west-1;2026-01-01;1.1;Avoid root;FAIL;x;r2;r2;iam_root;False;CIS;CIS v2\r\n"
        + "aws;CIS;111;us-east-1;2026-01-01;1.1;Avoid root;PASS;x;r3;r3;iam_root;False;CIS;CIS v2\r\n"
        + "aws;CIS;111;us-east-1;2026-01-01;2.1;Encrypt;FAIL;x;r4;r4;s3_enc;True;CIS;CIS v2\r\n"
        + "aws;CIS;;;2026-01-01;3.1;" + huge + ";MANUAL;Manual check;manual_check;Manual check;manual;False;CIS;"
        + "CIS v2\r\n";
    Path file = Files.writeString(temp.resolve("scan_cis_2.0_aws.csv"), rows);

    List<RequirementResult> results = ComplianceCsvReader.requirements(ReportSource.of(file));

    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isEqualTo(new RequirementResult(CloudProvider.AWS, "111",
        new ComplianceRef("CIS-2.0", "1.1"), FindingStatus.FAIL, "Avoid root"));
    assertThat(results.get(1)).isEqualTo(new RequirementResult(CloudProvider.AWS, "111",
        new ComplianceRef("CIS-2.0", "1.1"), FindingStatus.PASS, "Avoid root"));
    assertThat(results.get(2).requirement()).isEqualTo(new ComplianceRef("CIS-2.0", "3.1"));
    assertThat(results.get(2).status()).isEqualTo(FindingStatus.MANUAL);
    assertThat(results.get(2).accountId()).as("a row without account takes the rows' before it").isEqualTo("111");
    assertThat(results.get(2).title()).hasSizeLessThanOrEqualTo(512).startsWith("TTTT");
  }

  @Test
  void frameworkKey_prowlerComplianceFileNames_giveTheKeysOfTheOtherFormats() {
    assertThat(ComplianceCsvReader.frameworkKey("CIS", "CIS Amazon Web Services Foundations Benchmark v6.0.0",
        "cis_6.0_aws")).isEqualTo("CIS-6.0");
    assertThat(ComplianceCsvReader.frameworkKey("AWS-Foundational-Security-Best-Practices",
        "AWS Foundational Security Best Practices", "aws_foundational_security_best_practices_aws"))
        .isEqualTo("AWS-Foundational-Security-Best-Practices");
    assertThat(ComplianceCsvReader.frameworkKey("ENS", "ENS RD 311/2022", "ens_rd2022_gcp")).isEqualTo("ENS-RD2022");
    assertThat(ComplianceCsvReader.frameworkKey("PCI", "PCI DSS", "pci_3.2.1_aws")).isEqualTo("PCI-3.2.1");
    assertThat(ComplianceCsvReader.frameworkKey("CIS", "CIS", "cis_1.10_kubernetes")).isEqualTo("CIS-1.10");
    assertThat(ComplianceCsvReader.frameworkKey("CIS", "CIS", "my-scan_cis_2.0_aws")).isEqualTo("CIS-2.0");
    assertThat(ComplianceCsvReader.frameworkKey("SOC2", "SOC2", "prowler-aws-1_soc2_aws")).isEqualTo("SOC2");
  }

  @Test
  void requirements_frameworkWhoseKeyCannotBeTold_addsNothing() throws IOException {
    Path file = Files.writeString(temp.resolve("scan_prowler_threatscore_aws.csv"), HEADER
        + "aws;TS;111;us-east-1;2026-01-01;1.1;Score;FAIL;x;r1;r1;iam_root;False;ProwlerThreatScore;Prowler TS\r\n");

    assertThat(ComplianceCsvReader.requirements(ReportSource.of(file))).isEmpty();
  }

  @Test
  void frameworkKey_nameThatDoesNotMatchTheFileOrNoFrameworkColumn_fallsBackToNameThenFileSuffix() {
    assertThat(ComplianceCsvReader.frameworkKey("ProwlerThreatScore", "Prowler ThreatScore",
        "prowler_threatscore_aws")).isEqualTo("Prowler ThreatScore");
    assertThat(ComplianceCsvReader.frameworkKey(null, null, "cis_2.0_azure")).isEqualTo("cis_2.0_azure");
  }
}
