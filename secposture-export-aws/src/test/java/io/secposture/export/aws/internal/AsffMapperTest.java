package io.secposture.export.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.core.ExportedFinding;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AsffMapperTest {
  private final AsffMapper mapper = new AsffMapper("run-1", "1.0", URI.create("s3://bucket/site/index.html"));

  private static Finding.Builder finding() {
    return Finding.builder().tool("scoutsuite").provider(CloudProvider.AWS).accountId("111122223333")
        .region("cn-north-1").service("iam").ruleId("iam-root-account-with-active-keys").title("Root has keys")
        .status(FindingStatus.FAIL);
  }

  @Test
  void the_id_is_stable_across_runs_and_depends_only_on_scanner_and_fingerprint() {
    Finding first = finding().description("first run").build();
    Finding second = finding().description("second run, other text").region("eu-west-1").build();
    assertThat(AsffMapper.id(first)).isEqualTo(AsffMapper.id(second))
        .isEqualTo("secposture/scoutsuite/" + first.fingerprint());
  }

  @Test
  void china_and_govcloud_regions_use_their_partition_and_a_resource_less_finding_names_the_account() {
    AsffFinding asff = mapper.map(new ExportedFinding(finding().build(), ExportedFinding.Change.NEW, null, null,
        null, null), "cn-north-1", false, Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(asff.productArn()).isEqualTo("arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default");
    assertThat(asff.resourceId()).isEqualTo("AWS::::Account:111122223333");
    assertThat(asff.partition()).isEqualTo("aws-cn");
    assertThat(asff.firstObservedAt()).isNull();
    assertThat(asff.createdAt()).isEqualTo("2026-12-06T00:00:00Z");
    assertThat(asff.sourceUrl()).as("only http(s) sites are links").isNull();
    assertThat(asff.types()).containsExactly("Software and Configuration Checks/AWS Security Best Practices");
    assertThat(AsffMapper.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
  }

  @Test
  void a_remediation_that_is_only_a_link_becomes_the_url_without_text() {
    AsffFinding asff = mapper.map(new ExportedFinding(finding().remediation(" https://example.com/fix ").build(),
        ExportedFinding.Change.NEW, null, null, null, null), "eu-west-1", false, Instant.EPOCH);
    assertThat(asff.remediationUrl()).isEqualTo("https://example.com/fix");
    assertThat(asff.remediationText()).isNull();
  }

  @Test
  void the_link_taken_from_a_remediation_leaves_out_the_sentences_full_stop() {
    AsffFinding asff = mapper.map(new ExportedFinding(finding().remediation("Rotate the keys, see"
        + " https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html.").build(), ExportedFinding.Change.NEW,
        null, null, null, null), "eu-west-1", false, Instant.EPOCH);
    assertThat(asff.remediationUrl()).isEqualTo("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html");
    assertThat(asff.remediationText()).startsWith("Rotate the keys");
  }

  @Test
  void requirements_are_grouped_per_framework_in_entries_of_at_most_64_characters() {
    List<String> entries = AsffMapper.relatedRequirements(List.of(
        new ComplianceRef("NIST-800-53-Revision-5", "au_9_3"), new ComplianceRef("NIST-800-53-Revision-5", "cm_6_a"),
        new ComplianceRef("NIST-800-53-Revision-5", "cm_9_b"), new ComplianceRef("NIST-800-53-Revision-5", "cp_9_d"),
        new ComplianceRef("NIST-800-53-Revision-5", "sc_8_3"), new ComplianceRef("NIST-800-53-Revision-5", "sc_28_1"),
        new ComplianceRef("CIS-2.0", "2.1.1")));
    assertThat(entries).containsExactly("CIS-2.0 2.1.1",
        "NIST-800-53-Revision-5 au_9_3 cm_6_a cm_9_b cp_9_d sc_28_1",
        "NIST-800-53-Revision-5 sc_8_3");
  }

  @Property(tries = 300)
  void trimming_keeps_within_the_limit_and_never_splits_a_surrogate_pair(
      @ForAll @StringLength(max = 600) String text) {
    String trimmed = AsffMapper.trim(text, 256);
    assertThat(trimmed.length()).isLessThanOrEqualTo(256);
    if (text.length() <= 256) {
      assertThat(trimmed).isEqualTo(text);
    } else {
      assertThat(trimmed).endsWith("...");
      String kept = trimmed.substring(0, trimmed.length() - 3);
      assertThat(text).startsWith(kept);
      assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isTrue();
    }
  }
}
