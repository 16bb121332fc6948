package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ReportSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Findings show their resource as its ARN or cloud id where the flagged item's resource object carries one, on every
 * real ScoutSuite output in {@code shared/fixtures} (read in place, skipped when missing): the resource object is the
 * item's first components, as many as the rule's display path (or path) has; its {@code arn} wins (an S3 bucket's
 * trailing {@code /*} dropped), else its {@code id} unless that is ScoutSuite's hash or a region; otherwise the item
 * path is kept. Fingerprints stay on the item path, so they are those of earlier versions.
 */
class ScoutSuiteResourceIdsConformanceTest {
  private final ScoutSuiteParser parser = new ScoutSuiteParser();

  static Stream<String> files() {
    return Stream.of("scoutsuite/aws-5.10.2-pretty_scoutsuite_results_new2.js",
        "scoutsuite/gcp-pretty_scoutsuite_results_two_findings.js",
        "scoutsuite/aws-5.14.0-full/scoutsuite-results/scoutsuite_results_aws-default.js",
        "real-runs/scoutsuite-5.14.0/clean-us-east-1-s3-cloudtrail-kms-vpc/scoutsuite_results_aws-123456789012.js",
        "real-runs/scoutsuite-5.14.0/partial-default-all-regions/scoutsuite_results_aws-123456789012.js");
  }

  private static Path fixture(String relative) {
    String shared = System.getProperty("secposture.shared.dir");
    Path file = shared == null ? null : Path.of(shared, "fixtures", relative);
    assumeTrue(file != null && Files.isRegularFile(file), "the real ScoutSuite output " + relative + " is not here ("
        + file + "); it lives in shared/fixtures beside the repository");
    return file;
  }

  @ParameterizedTest
  @MethodSource("files")
  void parse_realOutput_resourceIsTheArnOrCloudIdOfTheItemsResourceElseThePath(String relative) throws IOException {
    Path file = fixture(relative);
    JsonNode root = tree(file);
    List<String> expectedResources = new ArrayList<>();
    List<String> expectedFingerprints = new ArrayList<>();
    CloudProvider provider = CloudProvider.of(root.get("provider_code").asText());
    String account = root.get("account_id").asText();
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        JsonNode finding = rule.getValue();
        String pattern = finding.hasNonNull("display_path") && !finding.get("display_path").asText().isBlank()
            ? finding.get("display_path").asText() : finding.get("path").asText();
        for (JsonNode item : finding.path("items")) {
          expectedResources.add(expected(root.get("services"), item.asText(), pattern));
          expectedFingerprints.add(Finding.fingerprint("scoutsuite", provider, account, rule.getKey(), item.asText()));
        }
      }
    }
    List<Finding> findings = new ArrayList<>();
    parser.parse(ReportSource.of(file), findings::add);

    assertThat(findings).extracting(Finding::resourceId).containsExactlyElementsOf(expectedResources);
    assertThat(findings).extracting(Finding::fingerprint).as("fingerprints stay on the item path")
        .containsExactlyElementsOf(expectedFingerprints);
  }

  @Test
  void parse_realRun_showsArnsOfVolumesBucketsUsersAndKeepsPathsOfSettings() {
    List<Finding> findings = new ArrayList<>();
    parser.parse(ReportSource.of(fixture("real-runs/scoutsuite-5.14.0/partial-default-all-regions/"
        + "scoutsuite_results_aws-123456789012.js")), findings::add);

    assertThat(resourceOf(findings, "ec2-ebs-volume-not-encrypted"))
        .isEqualTo("arn:aws:ec2:us-east-1:123456789012:volume/vol-3c07e729");
    assertThat(resourceOf(findings, "s3-bucket-no-versioning")).isEqualTo("arn:aws:s3:::unencrypted-logs");
    assertThat(resourceOf(findings, "iam-user-without-mfa")).isEqualTo("arn:aws:iam::123456789012:user/alice");
    assertThat(resourceOf(findings, "ec2-security-group-opens-SSH-port-to-all"))
        .isEqualTo("arn:aws:ec2:us-east-1:123456789012:security-group/sg-dfe8c40a08d239431");
    assertThat(resourceOf(findings, "iam-password-policy-minimum-length"))
        .isEqualTo("iam.password_policy.MinimumPasswordLength");
    assertThat(resourceOf(findings, "cloudtrail-not-configured")).startsWith("cloudtrail.regions.");
    assertThat(findings).noneMatch(finding -> finding.resourceId().startsWith("ec2.regions.")
        && finding.ruleId().equals("ec2-ebs-volume-not-encrypted"));
  }

  private static String resourceOf(List<Finding> findings, String rule) {
    return findings.stream().filter(finding -> finding.ruleId().equals(rule)).findFirst().orElseThrow().resourceId();
  }

  /** What the resource should be, computed from the whole tree. */
  private static String expected(JsonNode services, String item, String pattern) {
    String[] patternParts = pattern.split("\\.");
    String[] parts = item.split("\\.");
    if (parts.length < patternParts.length) {
      return item;
    }
    JsonNode node = services;
    for (int i = 0; i < patternParts.length; i++) {
      node = node.isArray() ? node.path(Integer.parseInt(parts[i])) : node.path(parts[i]);
    }
    if (!node.isObject()) {
      return item;
    }
    String arn = node.path("arn").isTextual() ? node.get("arn").asText() : null;
    if (arn != null && !arn.isBlank()) {
      return arn.startsWith("arn:aws:s3:::") && arn.endsWith("/*") ? arn.substring(0, arn.length() - 2) : arn;
    }
    String id = node.path("id").isTextual() ? node.get("id").asText() : null;
    boolean region = patternParts.length >= 2 && patternParts[patternParts.length - 2].equals("regions");
    if (id != null && !id.isBlank() && !region && !id.startsWith("scoutid-") && !id.matches("[0-9a-f]{40}")) {
      return id;
    }
    return item;
  }

  private static JsonNode tree(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int start = text.indexOf('{');
    return ResultsDocuments.JSON.readTree(text.substring(start));
  }
}
