package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The framework key of a Prowler compliance CSV: the {@code <Framework>-<Version>} the other formats write. */
class ComplianceCsvFrameworkKeyTest {
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
  void frameworkKey_nameThatDoesNotMatchTheFileOrNoFrameworkColumn_fallsBackToNameThenFileSuffix() {
    assertThat(ComplianceCsvReader.frameworkKey("ProwlerThreatScore", "Prowler ThreatScore",
        "prowler_threatscore_aws")).isEqualTo("Prowler ThreatScore");
    assertThat(ComplianceCsvReader.frameworkKey(null, null, "cis_2.0_azure")).isEqualTo("cis_2.0_azure");
  }
}
