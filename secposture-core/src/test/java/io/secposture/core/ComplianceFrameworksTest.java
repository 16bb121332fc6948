package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.ConfigurationException;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code report.compliance.frameworks} filter. */
class ComplianceFrameworksTest {
  private static FrameworkCompliance framework(String key) {
    return new FrameworkCompliance(key, CloudProvider.AWS,
        List.of(new ComplianceRequirement("1.1", null, List.of("a"), List.of(), List.of(), 1)));
  }

  @Test
  void parse_globs_matchFrameworkKeysIgnoringCaseAndNothingElse() {
    ComplianceFrameworks filter = ComplianceFrameworks.parse(" CIS-* , pci-3.?.1,SOC2");

    assertThat(filter.keeps("CIS-2.0")).isTrue();
    assertThat(filter.keeps("cis-1.2")).isTrue();
    assertThat(filter.keeps("PCI-3.2.1")).isTrue();
    assertThat(filter.keeps("PCI-4.0")).isFalse();
    assertThat(filter.keeps("SOC2")).isTrue();
    assertThat(filter.keeps("SOC2-Type2")).isFalse();
    assertThat(filter.keeps("AWS-Foundational-Security-Best-Practices")).isFalse();
    assertThat(filter.keeps("XCIS-2.0")).isFalse();
    assertThat(filter.globs()).containsExactly("CIS-*", "pci-3.?.1", "SOC2");
  }

  @Test
  void parse_regexCharactersInAGlob_areLiteral() {
    ComplianceFrameworks filter = ComplianceFrameworks.parse("ISO27001-2013(a)+");

    assertThat(filter.keeps("ISO27001-2013(a)+")).isTrue();
    assertThat(filter.keeps("ISO27001-2013a")).isFalse();
  }

  @Test
  void parse_absentBlankOrStar_keepsEveryFramework() {
    assertThat(ComplianceFrameworks.parse(null).keepsAll()).isTrue();
    assertThat(ComplianceFrameworks.parse("  ").keepsAll()).isTrue();
    assertThat(ComplianceFrameworks.parse("CIS-*,*").keepsAll()).isTrue();
    assertThat(ComplianceFrameworks.from(Settings.empty())).isEqualTo(ComplianceFrameworks.all());
  }

  @Test
  void parse_emptyEntry_failsNamingTheSettingAndAnExample() {
    assertThatThrownBy(() -> ComplianceFrameworks.parse("CIS-*,,PCI-*"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(ComplianceFrameworks.SETTING).hasMessageContaining("CIS-*,,PCI-*")
        .hasMessageContaining("CIS-*,PCI-*");
  }

  @Test
  void from_settings_readsTheSetting() {
    ComplianceFrameworks filter = ComplianceFrameworks.from(Settings.of(Map.of(ComplianceFrameworks.SETTING,
        "HIPAA"), "test"));

    assertThat(filter.keeps("HIPAA")).isTrue();
    assertThat(filter.keeps("GDPR")).isFalse();
  }

  @Test
  void apply_report_keepsOnlyMatchingFrameworksAndLeavesTheRest() {
    PostureReport report = PostureReport.builder("run-1", Instant.parse("2026-11-01T02:00:00Z"))
        .compliance(List.of(framework("CIS-2.0"), framework("GDPR"), framework("PCI-3.2.1"))).build();

    PostureReport filtered = ComplianceFrameworks.parse("CIS-*,PCI-*").apply(report);

    assertThat(filtered.compliance()).extracting(FrameworkCompliance::framework)
        .containsExactly("CIS-2.0", "PCI-3.2.1");
    assertThat(filtered.toBuilder().compliance(report.compliance()).build()).isEqualTo(report);
    assertThat(ComplianceFrameworks.all().apply(report)).isSameAs(report);
  }
}
