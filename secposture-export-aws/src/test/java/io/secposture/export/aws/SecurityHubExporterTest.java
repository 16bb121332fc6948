package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Credentials;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedFinding.Change;
import io.secposture.core.FindingExporter;
import io.secposture.core.ScanScope;
import io.secposture.core.Shard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SecurityHubExporterTest {
  static final Instant NOW = Instant.parse("2026-12-06T04:05:06.789Z");
  static final String PROD = "111122223333";
  static final String DATA = "444455556666";

  FakeSecurityHub hub;
  FakeTicker ticker;
  SecurityHubExporter exporter;

  @BeforeEach
  void start() throws IOException {
    hub = new FakeSecurityHub();
    ticker = new FakeTicker();
    exporter = new SecurityHubExporter(ticker, Clock.fixed(NOW, ZoneOffset.UTC),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDAMBIENT", "ambient-secret")),
        () -> "eu-central-1");
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  Settings options(String... pairs) {
    Map<String, String> map = new HashMap<>();
    map.put("securityhub.endpoint", hub.endpoint().toString());
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Settings.of(map);
  }

  static Finding.Builder finding(String account, String region, String service, String rule, String resource) {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account).region(region)
        .service(service).ruleId(rule).title("Title of " + rule).severity(Severity.HIGH).status(FindingStatus.FAIL)
        .resourceId(resource).resourceType("AwsS3Bucket").description("What " + rule + " found on " + resource);
  }

  static Finding flagged(String account, String region, String service, String rule, String resource) {
    return finding(account, region, service, rule, resource).build();
  }

  static ScanScope scope(String account, String scanner, ScanStatus status) {
    return new ScanScope(CloudProvider.AWS, account, scanner, status, List.of(), List.of(), List.of(), true,
        Shard.whole());
  }

  static CloudAccount keys(String account, String accessKey) {
    return CloudAccount.builder(CloudProvider.AWS, account)
        .credentials(new Credentials.AwsKeys(Secret.of(accessKey), Secret.of("secret-of-" + accessKey), null)).build();
  }

  List<JsonNode> sent() {
    List<JsonNode> all = new ArrayList<>();
    hub.accepted().forEach(request -> all.addAll(request.findings()));
    return all;
  }

  @Test
  void is_found_by_name_through_the_exporter_registry() {
    assertThat(FindingExporter.named("securityhub")).isInstanceOf(SecurityHubExporter.class);
  }

  @Test
  void a_flagged_finding_becomes_asff_with_every_required_field() {
    Finding finding = finding(PROD, "eu-west-1", "s3", "s3_bucket_public_access", "arn:aws:s3:::payments-logs")
        .severity(Severity.CRITICAL).remediation("Block public access. https://docs.aws.amazon.com/s3/block")
        .compliance(new ComplianceRef("CIS-2.0", "2.1.5")).compliance(new ComplianceRef("CIS-2.0", "2.1.1"))
        .compliance(new ComplianceRef("PCI-3.2.1", "1.2.1")).build();
    Instant firstSeen = Instant.parse("2026-11-01T02:00:00Z");
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(new ExportedFinding(finding, Change.UNCHANGED, firstSeen, null, "payments", null));

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(1);
    assertThat(result.warnings()).isEmpty();
    assertThat(hub.imports()).hasSize(1);
    JsonNode asff = hub.imports().get(0).findings().get(0);
    assertThat(asff.path("SchemaVersion").asText()).isEqualTo("2018-10-08");
    assertThat(asff.path("Id").asText()).isEqualTo("secposture/prowler/" + finding.fingerprint());
    assertThat(asff.path("ProductArn").asText())
        .isEqualTo("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default");
    assertThat(asff.path("GeneratorId").asText()).isEqualTo("secposture/prowler/s3_bucket_public_access");
    assertThat(asff.path("AwsAccountId").asText()).isEqualTo(PROD);
    assertThat(FakeSecurityHub.texts(asff.path("Types"))).containsExactly(
        "Software and Configuration Checks/AWS Security Best Practices",
        "Software and Configuration Checks/Industry and Regulatory Standards");
    assertThat(asff.path("CreatedAt").asText()).isEqualTo("2026-11-01T02:00:00Z");
    assertThat(asff.path("FirstObservedAt").asText()).isEqualTo("2026-11-01T02:00:00Z");
    assertThat(asff.path("UpdatedAt").asText()).isEqualTo("2026-12-06T04:05:06.789Z");
    assertThat(asff.path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
    assertThat(asff.path("FindingProviderFields").path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
    assertThat(asff.path("Title").asText()).isEqualTo("Title of s3_bucket_public_access");
    assertThat(asff.path("Description").asText())
        .isEqualTo("What s3_bucket_public_access found on arn:aws:s3:::payments-logs");
    JsonNode resource = asff.path("Resources").get(0);
    assertThat(resource.path("Type").asText()).isEqualTo("AwsS3Bucket");
    assertThat(resource.path("Id").asText()).isEqualTo("arn:aws:s3:::payments-logs");
    assertThat(resource.path("Partition").asText()).isEqualTo("aws");
    assertThat(resource.path("Region").asText()).isEqualTo("eu-west-1");
    assertThat(asff.path("Compliance").path("Status").asText()).isEqualTo("FAILED");
    assertThat(FakeSecurityHub.texts(asff.path("Compliance").path("RelatedRequirements")))
        .containsExactly("CIS-2.0 2.1.1 2.1.5", "PCI-3.2.1 1.2.1");
    assertThat(asff.path("Remediation").path("Recommendation").path("Text").asText())
        .isEqualTo("Block public access. https://docs.aws.amazon.com/s3/block");
    assertThat(asff.path("Remediation").path("Recommendation").path("Url").asText())
        .isEqualTo("https://docs.aws.amazon.com/s3/block");
    assertThat(asff.path("SourceUrl").asText()).isEqualTo("https://security.example.com/posture/index.html");
    assertThat(asff.path("RecordState").asText()).isEqualTo("ACTIVE");
    assertThat(asff.path("ProductFields").path("secposture/Owner").asText()).isEqualTo("payments");
    assertThat(asff.path("ProductFields").path("secposture/Change").asText()).isEqualTo("UNCHANGED");
    assertThat(asff.path("ProductFields").path("ProviderName").asText()).isEqualTo("secposture");
    assertThat(run.leasesOpened.get()).isEqualTo(1);
    assertThat(run.leasesClosed.get()).isEqualTo(1);
  }

  @Test
  void each_account_imports_with_its_own_credentials_into_the_findings_region() throws IOException {
    String chained = "777788889999";
    String unknown = "123412341234";
    try (CredentialsEndpoint endpoint = new CredentialsEndpoint("AKIDCHAINED", "chained-token")) {
      CloudAccount chainedAccount = CloudAccount.builder(CloudProvider.AWS, chained)
          .credentials(new Credentials.Environment(Map.of(
              "AWS_CONTAINER_CREDENTIALS_FULL_URI", Secret.of(endpoint.uri()),
              "AWS_CONTAINER_AUTHORIZATION_TOKEN", Secret.of("chained-token")), "role assumed by the test")).build();
      TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).account(keys(DATA, "AKIDDATA"))
          .account(chainedAccount)
          .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW)
          .finding(flagged(DATA, "us-east-1", "s3", "r1", "b"), Change.NEW)
          .finding(flagged(PROD, "us-east-1", "s3", "r1", "c"), Change.NEW)
          .finding(flagged(chained, "eu-west-1", "iam", "r2", "d"), Change.NEW)
          .finding(flagged(unknown, null, "iam", "r3", "e"), Change.NEW)
          .finding(flagged(PROD, "global", "iam", "r4", "f"), Change.NEW);

      ExportResult result = exporter.export(run, options());

      assertThat(result.exported()).isEqualTo(6);
      Set<String> seen = new TreeSet<>();
      for (FakeSecurityHub.Import request : hub.imports()) {
        for (JsonNode asff : request.findings()) {
          String account = asff.path("AwsAccountId").asText();
          seen.add(request.accessKeyId() + " " + request.region() + " " + account);
          assertThat(asff.path("ProductArn").asText()).startsWith("arn:aws:securityhub:" + request.region() + ":"
              + account + ":product/" + account + "/default");
        }
      }
      assertThat(seen).containsExactlyInAnyOrder(
          "AKIDPROD eu-west-1 111122223333",
          "AKIDPROD us-east-1 111122223333",
          "AKIDPROD eu-central-1 111122223333",
          "AKIDDATA us-east-1 444455556666",
          "AKIDCHAINED eu-west-1 777788889999",
          "AKIDAMBIENT eu-central-1 123412341234");
      assertThat(endpoint.authorizations()).isNotEmpty().allMatch("chained-token"::equals);
      assertThat(run.leasesOpened.get()).isEqualTo(3);
      assertThat(run.leasesClosed.get()).isEqualTo(3);
    }
  }

  @Test
  void a_home_region_takes_every_finding() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW)
        .finding(flagged(PROD, "us-east-1", "s3", "r1", "b"), Change.NEW)
        .finding(flagged(PROD, null, "iam", "r1", "c"), Change.NEW);

    exporter.export(run, options("securityhub.region", "eu-north-1"));

    assertThat(hub.imports()).singleElement().satisfies(request -> {
      assertThat(request.region()).isEqualTo("eu-north-1");
      assertThat(request.findings()).hasSize(3).allSatisfy(asff -> assertThat(asff.path("ProductArn").asText())
          .isEqualTo("arn:aws:securityhub:eu-north-1:111122223333:product/111122223333/default"));
      assertThat(request.findings()).extracting(asff -> asff.path("Resources").get(0).path("Region").asText(null))
          .containsExactly("eu-west-1", "us-east-1", null);
    });
  }

  @Test
  void batches_hold_at_most_100_findings() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"));
    for (int i = 0; i < 250; i++) {
      run.finding(flagged(PROD, "eu-west-1", "s3", "r" + i, "bucket-" + i), Change.NEW);
    }

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(250);
    assertThat(hub.imports()).extracting(request -> request.findings().size()).containsExactly(100, 100, 50);
    assertThat(hub.stored()).hasSize(250);
  }

  @Test
  void long_texts_are_trimmed_to_asff_limits_and_no_finding_comes_near_240_kb() {
    Finding.Builder huge = finding(PROD, "eu-west-1", "s3", "r1", "arn:aws:s3:::" + "b".repeat(3000))
        .title("T".repeat(1000) + "\n second line").description("d".repeat(1_000_000))
        .remediation("r".repeat(10_000)).resourceType("a type with spaces");
    for (int framework = 0; framework < 40; framework++) {
      for (int requirement = 0; requirement < 30; requirement++) {
        huge.compliance(new ComplianceRef("FRAMEWORK-" + framework, "requirement-" + requirement));
      }
    }
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).finding(huge.build(), Change.NEW);

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(1);
    FakeSecurityHub.Import request = hub.imports().get(0);
    assertThat(request.bodyBytes()).isLessThan(240 * 1024);
    JsonNode asff = request.findings().get(0);
    assertThat(asff.path("Title").asText()).hasSize(256).endsWith("...");
    assertThat(asff.path("Description").asText()).hasSize(1024).endsWith("...");
    assertThat(asff.path("Remediation").path("Recommendation").path("Text").asText()).hasSize(512);
    assertThat(asff.path("Resources").get(0).path("Id").asText()).hasSize(512);
    assertThat(asff.path("Resources").get(0).path("Type").asText()).isEqualTo("Other");
    List<String> requirements = FakeSecurityHub.texts(asff.path("Compliance").path("RelatedRequirements"));
    assertThat(requirements).hasSize(32).allSatisfy(entry -> assertThat(entry.length()).isLessThanOrEqualTo(64));
    assertThat(requirements.get(0)).startsWith("FRAMEWORK-0 requirement-0 requirement-1");
  }

  @Test
  void refused_findings_are_sent_again_with_backoff_and_invalid_ones_are_reported() {
    Finding flaky = flagged(PROD, "eu-west-1", "s3", "r1", "flaky");
    Finding invalid = flagged(PROD, "eu-west-1", "s3", "r2", "invalid");
    Finding fine = flagged(PROD, "eu-west-1", "s3", "r3", "fine");
    hub.refuse("secposture/prowler/" + flaky.fingerprint(), "InternalException", 2)
        .refuse("secposture/prowler/" + invalid.fingerprint(), "InvalidInput", 99);
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(flaky, Change.NEW).finding(invalid, Change.NEW).finding(fine, Change.NEW);

    ExportResult result = exporter.export(run, options());

    assertThat(hub.imports()).extracting(request -> request.findings().size()).containsExactly(3, 1, 1);
    assertThat(hub.stored()).containsOnlyKeys("secposture/prowler/" + flaky.fingerprint(),
        "secposture/prowler/" + fine.fingerprint());
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(result.exported()).isEqualTo(2);
    assertThat(result.warnings()).containsExactly(
        "2 finding(s) refused by account 111122223333 in eu-west-1 (InternalException) and sent again",
        "1 finding(s) not imported into account 111122223333 in eu-west-1: InvalidInput: refused by the test");
  }

  @Test
  void throttled_requests_are_retried_with_growing_backoff() {
    hub.throttle(3);
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW);

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(1);
    assertThat(hub.imports()).hasSize(4);
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(result.warnings()).containsExactly("3 request(s) to account 111122223333 in eu-west-1 throttled"
        + " (TooManyRequestsException, HTTP 429) and retried with backoff");
  }

  @Test
  void throttling_that_does_not_end_gives_up_after_six_attempts_and_fails_the_export() {
    hub.throttle(100);
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW);

    assertThatThrownBy(() -> exporter.export(run, options()))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("Security Hub took none of the 1 finding(s)")
        .hasMessageContaining("TooManyRequestsException (HTTP 429)")
        .hasMessageContaining("after 6 attempts");
    assertThat(hub.imports()).hasSize(6);
    assertThat(run.leasesClosed.get()).isEqualTo(run.leasesOpened.get());
  }

  @Test
  void an_account_without_security_hub_is_reported_and_the_others_still_imported() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).account(keys(DATA, "AKIDDATA"))
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW)
        .finding(flagged(DATA, "eu-west-1", "s3", "r1", "b"), Change.NEW);
    hub.failAll(401, "InvalidAccessException");

    assertThatThrownBy(() -> exporter.export(run, options()))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("is Security Hub enabled in this account and region?");
    assertThat(hub.imports()).hasSize(2);
  }

  @Test
  void requests_are_paced_to_ten_a_second_after_a_burst_of_thirty_per_account_and_region() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).account(keys(DATA, "AKIDDATA"));
    for (int i = 0; i < 40 * 100; i++) {
      run.finding(flagged(PROD, "eu-west-1", "s3", "r" + i, "a"), Change.NEW);
    }
    for (int i = 0; i < 30 * 100; i++) {
      run.finding(flagged(DATA, "eu-west-1", "s3", "r" + i, "a"), Change.NEW);
    }

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(7000);
    assertThat(hub.imports()).hasSize(70);
    // PROD: 30 at once, then 10 more at 100 ms each; DATA has its own bucket and never waits
    assertThat(ticker.sleeps()).hasSize(10).allMatch(Duration.ofMillis(100)::equals);
    assertThat(ticker.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void other_clouds_and_non_aws_account_ids_are_skipped_and_counted() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW)
        .finding(Finding.builder().tool("scoutsuite").provider(CloudProvider.AZURE).accountId("sub-1").service("vm")
            .ruleId("r").build(), Change.NEW)
        .finding(Finding.builder().tool("scoutsuite").provider(CloudProvider.GCP).accountId("proj").service("iam")
            .ruleId("r").build(), Change.NEW)
        .finding(Finding.builder().tool("scoutsuite").provider(CloudProvider.GCP).accountId("proj").service("iam")
            .ruleId("r2").build(), Change.NEW)
        .finding(flagged("not-an-account", "eu-west-1", "s3", "r1", "a"), Change.NEW);

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(1);
    assertThat(result.warnings()).containsExactly(
        "1 finding(s) skipped: account 'not-an-account' is not a 12-digit AWS account id",
        "3 finding(s) of other clouds skipped: Security Hub takes AWS accounts' findings only ({azure=1, gcp=2})");
  }

  @Test
  void lifecycle_new_unchanged_and_reopened_are_active_and_muted_or_passed_results_are_not_sent() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).scope(scope(PROD, "prowler", ScanStatus.SUCCEEDED))
        .finding(flagged(PROD, "eu-west-1", "s3", "new", "a"), Change.NEW)
        .finding(flagged(PROD, "eu-west-1", "s3", "unchanged", "a"), Change.UNCHANGED)
        .finding(flagged(PROD, "eu-west-1", "s3", "reopened", "a"), Change.REOPENED)
        .finding(finding(PROD, "eu-west-1", "s3", "muted", "a").muted(true).build(), Change.NOT_FLAGGED)
        .finding(finding(PROD, "eu-west-1", "s3", "passed", "a").status(FindingStatus.PASS).build(),
            Change.NOT_FLAGGED)
        .finding(finding(PROD, "eu-west-1", "s3", "manual", "a").status(FindingStatus.MANUAL).build(),
            Change.NOT_FLAGGED)
        .resolved(flagged(PROD, "eu-west-1", "s3", "fixed", "a"));

    ExportResult result = exporter.export(run, options());

    Map<String, String> states = new HashMap<>();
    sent().forEach(asff -> states.put(asff.path("ProductFields").path("secposture/RuleId").asText(),
        asff.path("RecordState").asText() + " " + asff.path("Compliance").path("Status").asText()));
    assertThat(states).containsOnly(Map.entry("new", "ACTIVE FAILED"), Map.entry("unchanged", "ACTIVE FAILED"),
        Map.entry("reopened", "ACTIVE FAILED"), Map.entry("fixed", "ARCHIVED FAILED"));
    assertThat(sent()).allSatisfy(asff -> assertThat(asff.path("UpdatedAt").asText())
        .isEqualTo("2026-12-06T04:05:06.789Z"));
    assertThat(result.exported()).isEqualTo(4);
  }

  @Test
  void with_include_passed_passed_results_are_sent_and_one_that_resolves_a_finding_is_archived_once() {
    Finding nowPassing = finding(PROD, "eu-west-1", "s3", "fixed", "a").status(FindingStatus.PASS).build();
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD")).scope(scope(PROD, "prowler", ScanStatus.SUCCEEDED))
        .finding(flagged(PROD, "eu-west-1", "s3", "new", "a"), Change.NEW)
        .finding(finding(PROD, "eu-west-1", "s3", "passed", "a").status(FindingStatus.PASS).build(),
            Change.NOT_FLAGGED)
        .finding(finding(PROD, "eu-west-1", "s3", "manual", "a").status(FindingStatus.MANUAL).build(),
            Change.NOT_FLAGGED)
        .finding(nowPassing, Change.NOT_FLAGGED)
        .finding(finding(PROD, "eu-west-1", "s3", "muted", "a").muted(true).build(), Change.NOT_FLAGGED)
        .resolved(flagged(PROD, "eu-west-1", "s3", "fixed", "a"))
        .resolved(flagged(PROD, "eu-west-1", "s3", "gone", "a"));

    ExportResult result = exporter.export(run, options("securityhub.include-passed", "true"));

    List<String> states = new ArrayList<>();
    sent().forEach(asff -> states.add(asff.path("ProductFields").path("secposture/RuleId").asText() + " "
        + asff.path("RecordState").asText() + " " + asff.path("Compliance").path("Status").asText()));
    assertThat(states).containsExactlyInAnyOrder("new ACTIVE FAILED", "passed ACTIVE PASSED",
        "manual ACTIVE WARNING", "fixed ARCHIVED PASSED", "gone ARCHIVED FAILED");
    assertThat(result.exported()).isEqualTo(5);
  }

  @Test
  void resolved_findings_are_archived_only_inside_what_the_run_looked_at() {
    String partial = "222222222222";
    String limitedServices = "333333333333";
    String limitedRegions = "444444444444";
    String otherShard = "555555555555";
    String merged = "666666666666";
    String limitedChecks = "777777777777";
    TestRun run = new TestRun()
        .scope(scope(PROD, "prowler", ScanStatus.SUCCEEDED))
        .scope(scope(PROD, "scoutsuite", ScanStatus.FAILED))
        .scope(scope(partial, "prowler", ScanStatus.PARTIAL))
        .scope(new ScanScope(CloudProvider.AWS, limitedServices, "prowler", ScanStatus.SUCCEEDED, List.of(),
            List.of("s3"), List.of(), true, Shard.whole()))
        .scope(new ScanScope(CloudProvider.AWS, limitedRegions, "prowler", ScanStatus.SUCCEEDED,
            List.of("eu-west-1"), List.of(), List.of(), true, Shard.whole()))
        .scope(new ScanScope(CloudProvider.AWS, merged, "prowler", ScanStatus.SUCCEEDED, List.of(), List.of(),
            List.of(), false, Shard.whole()))
        .scope(new ScanScope(CloudProvider.AWS, limitedChecks, "prowler", ScanStatus.SUCCEEDED, List.of(), List.of(),
            List.of("iam_root_mfa"), true, Shard.whole()))
        .resolved(flagged(PROD, "eu-west-1", "s3", "archived-1", "a"))
        .resolved(flagged(PROD, "us-east-1", "iam", "archived-2", "a"))
        .resolved(flagged(PROD, null, "iam", "archived-global", "a"))
        .resolved(Finding.builder().tool("scoutsuite").provider(CloudProvider.AWS).accountId(PROD).region("eu-west-1")
            .service("s3").ruleId("kept-failed-scan").build())
        .resolved(flagged(partial, "eu-west-1", "s3", "kept-partial", "a"))
        .resolved(flagged(limitedServices, "eu-west-1", "s3", "archived-s3", "a"))
        .resolved(flagged(limitedServices, "eu-west-1", "iam", "kept-other-service", "a"))
        .resolved(flagged(limitedRegions, "eu-west-1", "s3", "archived-eu", "a"))
        .resolved(flagged(limitedRegions, "us-east-1", "s3", "kept-other-region", "a"))
        .resolved(flagged(otherShard, "eu-west-1", "s3", "kept-other-shard", "a"))
        .resolved(flagged(merged, "eu-west-1", "s3", "kept-merged", "a"))
        .resolved(flagged(limitedChecks, "eu-west-1", "iam", "iam_root_mfa", "a"))
        .resolved(flagged(limitedChecks, "eu-west-1", "iam", "kept-other-check", "a"));
    for (String account : List.of(PROD, partial, limitedServices, limitedRegions, otherShard, merged, limitedChecks)) {
      run.account(keys(account, "AKID" + account));
    }

    ExportResult result = exporter.export(run, options());

    Set<String> archived = new TreeSet<>();
    for (FakeSecurityHub.Import request : hub.imports()) {
      for (JsonNode asff : request.findings()) {
        assertThat(asff.path("RecordState").asText()).isEqualTo("ARCHIVED");
        assertThat(request.accessKeyId()).isEqualTo("AKID" + asff.path("AwsAccountId").asText());
        archived.add(asff.path("ProductFields").path("secposture/RuleId").asText());
      }
    }
    assertThat(archived).containsExactlyInAnyOrder("archived-1", "archived-2", "archived-global", "archived-s3",
        "archived-eu", "iam_root_mfa");
    assertThat(result.exported()).isEqualTo(6);
    assertThat(result.warnings()).containsExactly(
        "7 resolved finding(s) were not archived because this run did not look at them (see below); a run that"
            + " covers them will",
        "1 resolved finding(s) left ACTIVE in Security Hub: the scoutsuite scan of its account ended FAILED",
        "1 resolved finding(s) left ACTIVE in Security Hub: the prowler scan of its account ended PARTIAL",
        "1 resolved finding(s) left ACTIVE in Security Hub: outside the services the prowler scan was limited to",
        "1 resolved finding(s) left ACTIVE in Security Hub: outside the regions the prowler scan was limited to",
        "1 resolved finding(s) left ACTIVE in Security Hub: its account was not scanned by prowler in this run"
            + " (another shard, or not configured)",
        "1 resolved finding(s) left ACTIVE in Security Hub: what the prowler scan of its account looked at is unknown"
            + " (aggregated or merged run)",
        "1 resolved finding(s) left ACTIVE in Security Hub: its check was not among the checks the prowler scan ran");
  }

  @Test
  void an_accounts_own_options_that_narrow_its_scan_keep_resolved_findings_outside_them_active() {
    String severityLimited = "222222222222";
    String singularService = "333333333333";
    String regionLimited = "444444444444";
    TestRun run = new TestRun()
        .account(CloudAccount.builder(CloudProvider.AWS, severityLimited).options(Settings.of(Map.of(
            "prowler.severity", "critical"))).build())
        .account(CloudAccount.builder(CloudProvider.AWS, singularService).options(Settings.of(Map.of(
            "prowler.service", "s3", "scoutsuite.skip", "iam"))).build())
        .account(CloudAccount.builder(CloudProvider.AWS, regionLimited).options(Settings.of(Map.of(
            "prowler.regions", "eu-west-1"))).build())
        .scope(scope(severityLimited, "prowler", ScanStatus.SUCCEEDED))
        .scope(scope(singularService, "prowler", ScanStatus.SUCCEEDED))
        .scope(scope(regionLimited, "prowler", ScanStatus.SUCCEEDED))
        .resolved(flagged(severityLimited, "eu-west-1", "s3", "kept-severity", "a"))
        .resolved(flagged(singularService, "eu-west-1", "s3", "archived-s3", "a"))
        .resolved(flagged(singularService, "eu-west-1", "iam", "kept-iam", "a"))
        .resolved(flagged(regionLimited, "eu-west-1", "iam", "archived-eu", "a"))
        .resolved(flagged(regionLimited, "us-east-1", "iam", "kept-us", "a"));

    ExportResult result = exporter.export(run, options());

    assertThat(sent()).extracting(asff -> asff.path("ProductFields").path("secposture/RuleId").asText())
        .containsExactlyInAnyOrder("archived-s3", "archived-eu");
    assertThat(result.warnings()).contains(
        "1 resolved finding(s) left ACTIVE in Security Hub: the prowler scan of its account was limited by"
            + " prowler.severity",
        "1 resolved finding(s) left ACTIVE in Security Hub: outside the services the prowler scan was limited to",
        "1 resolved finding(s) left ACTIVE in Security Hub: outside the regions the prowler scan was limited to");
  }

  @Test
  void an_account_whose_credentials_cannot_sign_aws_requests_is_reported_and_the_others_are_imported() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .account(CloudAccount.builder(CloudProvider.AWS, DATA).credentials(new Credentials.AwsRole(
            "arn:aws:iam::444455556666:role/Audit", null, null, null)).build())
        .finding(flagged(PROD, "eu-west-1", "s3", "r1", "a"), Change.NEW)
        .finding(flagged(DATA, "eu-west-1", "s3", "r1", "b"), Change.NEW)
        .finding(flagged(DATA, "eu-west-1", "s3", "r2", "c"), Change.NEW);

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isEqualTo(1);
    assertThat(hub.imports()).singleElement().satisfies(request ->
        assertThat(request.accessKeyId()).isEqualTo("AKIDPROD"));
    assertThat(result.warnings()).containsExactly("2 finding(s) not imported into account 444455556666: no"
        + " credentials: account aws/444455556666 has aws-role credentials, but no credential broker chained them"
        + " for the securityhub exporter; turn AWS credential chaining on (the aws broker of secposture-cloud-aws)");
    assertThat(run.leasesClosed.get()).isEqualTo(run.leasesOpened.get());
  }

  @Test
  void settings_are_checked_with_every_problem_named() {
    assertThat(exporter.validate(Settings.of(Map.of("securityhub.regoin", "eu-west-1",
        "securityhub.endpoint", "not a url", "securityhub.include-passed", "maybe", "webhook.url", "x")))
        .problems()).containsExactly(
            "unknown setting 'securityhub.regoin'; did you mean 'securityhub.region'?",
            "setting 'securityhub.endpoint' has value 'not a url'; expected an endpoint URL such as"
                + " https://securityhub.eu-west-1.amazonaws.com",
            "setting 'securityhub.include-passed' has value 'maybe'; expected true or false");
    assertThat(exporter.validate(Settings.of(Map.of("securityhub.region", "Ireland"))).problems())
        .containsExactly("setting 'securityhub.region' has value 'Ireland'; expected an AWS region such as"
            + " eu-west-1");
    assertThat(exporter.validate(options("securityhub.region", "eu-west-1")).ok()).isTrue();
    assertThatThrownBy(() -> exporter.export(new TestRun(), Settings.of(Map.of("securityhub.regoin", "x"))))
        .isInstanceOf(ExportException.class).hasMessageContaining("did you mean 'securityhub.region'?");
  }

  @Test
  void a_run_with_nothing_to_send_sends_nothing_and_leases_nothing() {
    TestRun run = new TestRun().account(keys(PROD, "AKIDPROD"))
        .finding(finding(PROD, "eu-west-1", "s3", "passed", "a").status(FindingStatus.PASS).build(),
            Change.NOT_FLAGGED);

    ExportResult result = exporter.export(run, options());

    assertThat(result.exported()).isZero();
    assertThat(hub.imports()).isEmpty();
    assertThat(run.leasesOpened.get()).isZero();
  }

  /** A container-credentials endpoint like the AWS credential broker's loopback one: keys for the right token. */
  static final class CredentialsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    CredentialsEndpoint(String accessKey, String token) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/creds/", exchange -> {
        try (exchange) {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(String.valueOf(authorization));
          byte[] body = ("{\"AccessKeyId\":\"" + accessKey + "\",\"SecretAccessKey\":\"s3cr3t\",\"Token\":\"session\","
              + "\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}").getBytes(StandardCharsets.UTF_8);
          int status = token.equals(authorization) ? 200 : 403;
          exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
          if (status == 200) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        }
      });
      server.start();
    }

    String uri() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/creds/lease-1";
    }

    List<String> authorizations() {
      return List.copyOf(authorizations);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
