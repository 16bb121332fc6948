package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueRecordsTest {

  @Test
  void cloudProvider_of_normalisesCaseAndRejectsReservedAndInvalid() {
    assertThat(CloudProvider.of(" AWS ")).isEqualTo(CloudProvider.AWS);
    assertThat(CloudProvider.of("oci").id()).isEqualTo("oci");
    assertThatThrownBy(() -> CloudProvider.of("total")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> CloudProvider.of("my cloud")).hasMessageContaining("not valid");
    assertThatThrownBy(() -> CloudProvider.of("1aws")).hasMessageContaining("starting with a letter");
  }

  @Test
  void cloudAccount_controlCharactersInId_areRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> CloudAccount.builder(CloudProvider.AWS, "12\n34").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'12?34'");
  }

  @Test
  void cloudAccount_defaults_areAmbientEnabledAndNamedById() {
    CloudAccount account = CloudAccount.builder(CloudProvider.GCP, "my-project").build();
    assertThat(account.name()).isEqualTo("my-project");
    assertThat(account.credentials()).isInstanceOf(Credentials.Ambient.class);
    assertThat(account.enabled()).isTrue();
    assertThat(account.key()).isEqualTo("gcp/my-project");
    assertThat(account.toBuilder().build()).isEqualTo(account);
  }

  @Test
  void scanResult_withoutReason_isRefusedUnlessSucceeded() {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "1").build();
    assertThat(ScanResult.builder("s", account, ScanStatus.SUCCEEDED).build().reason()).isNull();
    assertThatThrownBy(() -> ScanResult.builder("s", account, ScanStatus.FAILED).build())
        .hasMessageContaining("FAILED scan result needs a reason");
  }

  @Test
  void scanRequest_runId_mustBeSafeForKeys() {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "1").build();
    assertThatThrownBy(() -> ScanRequest.of("../x", account, Path.of("o"), Duration.ofMinutes(1)))
        .hasMessageContaining("run id '../x' is not valid");
    assertThatThrownBy(() -> ScanRequest.of("r", account, Path.of("o"), Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void awsRole_validatesArnAndDuration() {
    assertThatThrownBy(() -> new Credentials.AwsRole("role/Audit", null, null, null)).hasMessageContaining("not an ARN");
    assertThatThrownBy(() -> new Credentials.AwsRole("arn:aws:iam::1:role/A", null, null, Duration.ofHours(13)))
        .hasMessageContaining("outside 15 minutes to 12 hours");
  }

  @Test
  void gcpCredentialsFile_needsExactlyOneSource() {
    assertThatThrownBy(() -> new Credentials.GcpCredentialsFile(null, null)).hasMessageContaining("either");
    assertThatThrownBy(() -> new Credentials.GcpCredentialsFile(Path.of("k.json"), Secret.of("{}")))
        .hasMessageContaining("not both");
  }

  @Test
  void finding_fingerprint_dependsOnIdentityNotOnStatus() {
    Finding.Builder builder = Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("1")
        .service("s3").ruleId("s3_bucket_public").resourceId("arn:aws:s3:::b");
    Finding failing = builder.status(FindingStatus.FAIL).build();
    Finding passing = builder.status(FindingStatus.PASS).build();
    assertThat(failing.fingerprint()).isEqualTo(passing.fingerprint()).matches("[0-9a-f]{32}");
    assertThat(builder.resourceId("arn:aws:s3:::c").build().fingerprint()).isNotEqualTo(failing.fingerprint());
    assertThat(failing.fingerprint())
        .isEqualTo(Finding.fingerprint("prowler", CloudProvider.AWS, "1", "s3_bucket_public", "arn:aws:s3:::b"));
  }

  @Test
  void finding_fingerprintSeparatesFields_soConcatenationsDoNotCollide() {
    assertThat(Finding.fingerprint("a", CloudProvider.AWS, "1", "bc", null))
        .isNotEqualTo(Finding.fingerprint("a", CloudProvider.AWS, "1b", "c", null));
  }

  @Test
  void finding_flagged_isNonMutedFailureOnly() {
    Finding.Builder builder = Finding.builder().tool("t").provider(CloudProvider.AWS).accountId("1").service("s")
        .ruleId("r");
    assertThat(builder.status(FindingStatus.FAIL).muted(false).build().flagged()).isTrue();
    assertThat(builder.status(FindingStatus.FAIL).muted(true).build().flagged()).isFalse();
    assertThat(builder.status(FindingStatus.MANUAL).muted(false).build().flagged()).isFalse();
  }

  @Test
  void severity_parse_acceptsScannerSpellings() {
    assertThat(Severity.parse("High")).isEqualTo(Severity.HIGH);
    assertThat(Severity.parse(" CRITICAL ")).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.parse("info")).isEqualTo(Severity.INFORMATIONAL);
    assertThat(Severity.parse("danger")).isNull();
    assertThat(Severity.parse(null)).isNull();
  }

  @Test
  void postureReport_sameContentInAnyOrder_isEqual() {
    Instant now = Instant.parse("2026-11-22T02:00:00Z");
    AccountSummary a = row("aws", "1");
    AccountSummary b = row("gcp", "p");
    RuleSummary r1 = new RuleSummary("t", CloudProvider.AWS, "s3", "r1", "R1", Severity.HIGH, 5);
    RuleSummary r2 = new RuleSummary("t", CloudProvider.AWS, "s3", "r2", "R2", Severity.LOW, 9);
    PostureReport one = PostureReport.builder("run-1", now).accounts(List.of(a, b)).rules(List.of(r1, r2)).build();
    PostureReport two = PostureReport.builder("run-1", now).accounts(List.of(b, a)).rules(List.of(r2, r1)).build();
    assertThat(one).isEqualTo(two);
    assertThat(one.rules()).extracting(RuleSummary::ruleId).containsExactly("r2", "r1");
    assertThat(one.reportDate()).isEqualTo("11-22-2026");
  }

  @Test
  void postureReport_totals_sumProvidersAndServices() {
    PostureReport report = PostureReport.builder("run-1", Instant.EPOCH)
        .services(Map.of(CloudProvider.AWS, Map.of("ec2", new ServiceStats(10, 2, 5), "s3", new ServiceStats(4, 1, 2)),
            CloudProvider.GCP, Map.of("iam", new ServiceStats(1, 1, 1))))
        .build();
    assertThat(report.total(CloudProvider.AWS)).isEqualTo(new ServiceStats(14, 3, 7));
    assertThat(report.total(CloudProvider.AZURE)).isEqualTo(ServiceStats.ZERO);
    assertThat(report.total()).isEqualTo(new ServiceStats(15, 4, 8));
  }

  @Test
  void reportParseException_message_namesSourcePositionAndExpectation() {
    ReportParseException e = new ReportParseException("out/results.js", 3, 17, "a JSON object", "found ']'", null);
    assertThat(e).hasMessage("cannot parse out/results.js at line 3, column 17: expected a JSON object; found ']'");
    assertThat(new ReportParseException("empty.json", "a Prowler OCSF array", null))
        .hasMessage("cannot parse empty.json: expected a Prowler OCSF array");
  }

  @Test
  void configurationException_listsEveryProblem() {
    ConfigurationException e = new ConfigurationException(List.of("A is missing", "B is malformed"));
    assertThat(e.problems()).containsExactly("A is missing", "B is malformed");
    assertThat(e.getMessage()).startsWith("2 configuration problems:").contains("  - A is missing")
        .contains("  - B is malformed");
    assertThatThrownBy(() -> new ConfigurationException(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runDiff_combine_sumsShardsAgainstTheSamePreviousRun() {
    RunDiff.Counts c = new RunDiff.Counts(1, 2, 3, 4);
    RunDiff a = new RunDiff("prev", Instant.EPOCH, c, Map.of(Severity.HIGH, c), new java.util.TreeMap<>(Map.of(CloudProvider.AWS, c)),
        new java.util.TreeMap<>(Map.of("aws/1", c)));
    RunDiff b = new RunDiff("prev", Instant.EPOCH, c, Map.of(), new java.util.TreeMap<>(), new java.util.TreeMap<>(Map.of("aws/2", c)));
    RunDiff both = RunDiff.combine(java.util.Arrays.asList(a, null, b));
    assertThat(both.total()).isEqualTo(new RunDiff.Counts(2, 4, 6, 8));
    assertThat(both.bySeverity().get(Severity.HIGH)).isEqualTo(c);
    assertThat(both.bySeverity().get(Severity.LOW)).isEqualTo(RunDiff.Counts.ZERO);
    assertThat(both.byAccount()).containsOnlyKeys("aws/1", "aws/2");
    assertThat(RunDiff.combine(List.of())).isNull();
  }

  private static AccountSummary row(String provider, String id) {
    return new AccountSummary(CloudProvider.of(provider), id, null, "scanner", ScanStatus.SUCCEEDED, 0, null,
        Duration.ZERO, null, new java.util.TreeMap<>(), new java.util.TreeMap<>(), FindingTally.ZERO,
        new java.util.TreeMap<>(), List.of());
  }
}
