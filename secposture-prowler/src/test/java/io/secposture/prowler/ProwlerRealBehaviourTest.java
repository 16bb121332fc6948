package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountStats;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.prowler.StandInProwler.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: what real Prowler 5.7.5 (and 4.0/4.1) did in the recorded runs ({@code shared/fixtures/README.md},
 * "real-runs"), replayed by the stand-in (same messages, exit codes and files), gives the right status and reason:
 * an empty scan, the Shodan notice, collection errors, html refused by 4.0/4.1, a bad key, an unreachable endpoint;
 * plus the version asked once per executable and the command line logged at INFO with its secrets masked.
 */
class ProwlerRealBehaviourTest {
  private static final String RUN = "2026-12-06T0330Z";
  private static final String BASE = "prowler-output-123456789012-" + RUN;
  private static final String SHODAN = "Prowler notice: No Shodan API Key -- Please input a Shodan API Key with "
      + "-N/--shodan or in config.yaml";

  @TempDir
  static Path templates;

  @TempDir
  Path work;

  private final ProwlerScanner scanner = ProwlerScanner.builder().gracePeriod(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void writeTemplates() {
    StandInProwler.writeTemplates(templates);
  }

  private StandInProwler standIn(Mode mode, String version) {
    try {
      return StandInProwler.create(Files.createTempDirectory(work, "stand-in-"), templates, mode, version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ScanResult scan(StandInProwler prowler, Map<String, String> options) throws IOException {
    return scan(prowler, aws(), options);
  }

  private ScanResult scan(StandInProwler prowler, CloudAccount account, Map<String, String> options)
      throws IOException {
    return scanner.scan(request(prowler, account, options));
  }

  private ScanRequest request(StandInProwler prowler, CloudAccount account, Map<String, String> options)
      throws IOException {
    Map<String, String> all = new HashMap<>(options);
    all.put("prowler.executable", prowler.executable().toString());
    Path output = Files.createDirectories(Files.createTempDirectory(work, "out-"));
    return new ScanRequest(RUN, account, account.credentials(), output, Duration.ofMinutes(1), Settings.of(all));
  }

  private static CloudAccount aws() {
    return CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
  }

  @Test
  void scan_prowler575WithNothingToReport_succeedsAndTheAccountCountsAsScannedWithNothingFlagged() throws Exception {
    ScanResult result = scan(standIn(Mode.NO_FINDINGS, "5.7.5"), Map.of("prowler.checks",
        "awslambda_function_url_public"));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.reason()).isNull();
    assertThat(result.warnings()).isEmpty();
    Artifact results = result.artifacts(ArtifactRole.RESULTS).get(0);
    assertThat(results.name()).isEqualTo(BASE + ".ocsf.json");
    assertThat(Files.readString(results.file())).isEqualTo("[]\n");
    ReportSource source = ReportSource.of(results.file(), result.account());
    ParsedReport parsed = Plugins.discover().parserFor(source).orElseThrow().parse(source, finding -> { });
    assertThat(parsed.findings()).isZero();
    assertThat(parsed.accounts()).singleElement().satisfies(account -> {
      assertThat(account.accountId()).isEqualTo("123456789012");
      assertThat(account.services()).isEmpty();
    });
    assertThat(parsed.accounts()).extracting(AccountStats::provider).containsExactly(CloudProvider.AWS);
  }

  @Test
  void pipeline_prowler575WithNothingToReport_reportsTheAccountScannedWithNothingFlagged() throws Exception {
    StandInProwler prowler = standIn(Mode.NO_FINDINGS, "5.7.5");
    Pipeline pipeline = Pipeline.builder(Plugins.discover()).defaultScanners(List.of("prowler"))
        .workDirectory(Files.createDirectories(work.resolve("pipeline")))
        .scannerOptions(Settings.of(Map.of("prowler.executable", prowler.executable().toString()))).build();

    RunOutcome outcome = pipeline.run("run-empty", List.of(aws()));

    assertThat(outcome.scans()).singleElement().satisfies(scan -> {
      assertThat(scan.status()).as("reason: %s", scan.reason()).isEqualTo(ScanStatus.SUCCEEDED);
      assertThat(scan.warnings()).isEmpty();
    });
    assertThat(outcome.report().accounts()).singleElement().satisfies(account -> {
      assertThat(account.accountId()).isEqualTo("123456789012");
      assertThat(account.status()).isEqualTo(ScanStatus.SUCCEEDED);
      assertThat(account.services()).isEmpty();
      assertThat(account.findings().flagged() + account.findings().passed() + account.findings().failed()).isZero();
    });
    assertThat(outcome.failedInputs()).isEmpty();
  }

  @Test
  void pipeline_prowlerRunWithComplianceCsvs_countsTheOcsfFileOnceAndTakesTitlesAndManualRequirementsFromTheCsv()
      throws Exception {
    StandInProwler prowler = standIn(Mode.FAILED_CHECKS, "5.7.5");
    Pipeline pipeline = Pipeline.builder(Plugins.discover()).defaultScanners(List.of("prowler"))
        .workDirectory(Files.createDirectories(work.resolve("pipeline-compliance")))
        .scannerOptions(Settings.of(Map.of("prowler.executable", prowler.executable().toString()))).build();

    RunOutcome outcome = pipeline.run("run-compliance", List.of(aws()));

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).as("reason: %s", scan.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    Path ocsf = scan.artifacts().get(0).file();
    io.secposture.api.Aggregation alone = Plugins.discover().aggregator("default")
        .start(new io.secposture.api.RunInfo("alone", java.time.Instant.EPOCH));
    alone.add(new ProwlerOcsfParser().parse(ReportSource.of(ocsf, aws()), alone));
    io.secposture.api.PostureReport expected = alone.finish();
    assertThat(outcome.report().findings()).isEqualTo(expected.findings());
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.source().contains("/compliance/"))
        .singleElement().satisfies(input -> assertThat(input.skipped()).contains("same run as"));
    io.secposture.api.FrameworkCompliance cis = outcome.report().compliance().stream()
        .filter(framework -> framework.framework().equals("CIS-3.0")).findFirst().orElseThrow();
    io.secposture.api.FrameworkCompliance cisAlone = expected.compliance().stream()
        .filter(framework -> framework.framework().equals("CIS-3.0")).findFirst().orElseThrow();
    assertThat(cis.failed()).isEqualTo(cisAlone.failed());
    assertThat(cis.passed()).isEqualTo(cisAlone.passed());
    assertThat(cis.manual()).isEqualTo(cisAlone.manual() + 1);
    assertThat(cis.requirements()).filteredOn(requirement -> requirement.id().equals("0.0")).singleElement()
        .satisfies(manual -> {
          assertThat(manual.title()).isEqualTo("Review the benchmark's manual requirements");
          assertThat(manual.status("123456789012")).isEqualTo(io.secposture.api.FindingStatus.MANUAL);
        });
    assertThat(cis.requirements()).filteredOn(requirement -> !requirement.id().equals("0.0"))
        .isNotEmpty().allSatisfy(requirement -> assertThat(requirement.title()).isNotBlank());
  }

  @Test
  void scan_noFindingsLineNamingAnotherAccount_warnsThatTheCredentialsBelongElsewhere() throws Exception {
    CloudAccount other = CloudAccount.builder(CloudProvider.AWS, "210987654321").build();

    ScanResult result = scan(standIn(Mode.NO_FINDINGS, "5.7.5"), other, Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.warnings()).containsExactly("Prowler scanned account 123456789012, not the configured account "
        + "210987654321; the credentials belong to another account");
  }

  @Test
  void scan_shodanNoticeOfEveryEc2Scan_succeedsWithTheNoticeAsAWarning() throws Exception {
    ScanResult result = scan(standIn(Mode.SHODAN_NOTICE, "5.7.5"), Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.reason()).isNull();
    assertThat(result.warnings()).containsExactly(SHODAN);
  }

  @Test
  void scan_collectionErrors_isPartialWithTheErrorsByKindServiceAndRegion() throws Exception {
    ScanResult result = scan(standIn(Mode.COLLECTION_ERRORS, "5.7.5"), Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.artifacts(ArtifactRole.RESULTS)).extracting(Artifact::name)
        .allMatch(name -> name.endsWith(".ocsf.json") || name.startsWith("compliance/"))
        .first().matches(name -> name.endsWith(".ocsf.json"));
    assertThat(result.reason()).isEqualTo("collection errors: ResponseParserError x3 (ec2 2, s3 1; us-east-1 3), "
        + "AttributeError x1 (awslambda 1; us-east-1 1); some checks did not run or saw partial data; first: "
        + "us-east-1 -- ResponseParserError[594]: Unable to parse response (not well-formed (invalid token): line 1, "
        + "column 0), invalid XML received. Further retries may succeed: (see prowler.stderr.log)");
    assertThat(result.warnings()).containsExactly(SHODAN, result.reason());
  }

  @Test
  void scan_prowler41WithTheDefaultFormats_leavesHtmlOutAndSucceeds() throws Exception {
    StandInProwler prowler = standIn(Mode.FAILED_CHECKS, "4.1.0");

    ScanResult result = scan(prowler, Map.of());

    assertThat(result.status()).as("reason: %s", result.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(prowler.arguments()).containsSequence("--output-formats", "json-ocsf", "csv", "--no-banner");
    assertThat(result.artifacts(ArtifactRole.HTML)).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void scan_prowler40WithHtmlAskedFor_leavesItOutAndSaysWhichSettingToChange() throws Exception {
    StandInProwler prowler = standIn(Mode.FAILED_CHECKS, "4.0.2");

    ScanResult result = scan(prowler, Map.of("prowler.output-formats", "json-ocsf,html,csv"));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(prowler.arguments()).containsSequence("--output-formats", "json-ocsf", "csv", "--no-banner");
    assertThat(result.warnings()).containsExactly("Prowler 4.0.2 does not write html (html came back in Prowler "
        + "4.2.0), so secposture did not ask for it; set prowler.output-formats=json-ocsf,csv to say so, or upgrade "
        + "Prowler");
  }

  @Test
  void scan_prowler41BehindAWrapperThatHidesItsVersion_failsNamingTheSettingThatProducedHtml() throws Exception {
    StandInProwler prowler = standIn(Mode.FAILED_CHECKS, "wrapper:4.1.0");

    ScanResult result = scan(prowler, Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.reason()).isEqualTo("Prowler refused its arguments (exit 2): argument --output-formats/"
        + "--output-modes/-M: invalid choice: 'html' (choose from 'csv', 'json-asff', 'json-ocsf'); 'html' comes "
        + "from the secposture setting prowler.output-formats (its default, json-ocsf,csv,html); the installed Prowler "
        + "does not write it (it accepts csv, json-asff, json-ocsf): set prowler.output-formats=json-ocsf,csv");
  }

  @Test
  void scan_wrongAccessKey_failsAsACredentialsProblem() throws Exception {
    ScanResult result = scan(standIn(Mode.BAD_KEY, "5.7.5"), Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.reason()).isEqualTo("Prowler failed (exit 1): AWSAccessKeyIDInvalidError[1013]: AWS Access Key "
        + "ID or Session Token is invalid; check the account's credentials and access (see prowler.stderr.log)");
  }

  @Test
  void scan_unreachableEndpoint_failsAsANetworkProblemNotCredentials() throws Exception {
    ScanResult result = scan(standIn(Mode.UNREACHABLE, "5.7.5"), Map.of());

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.reason()).isEqualTo("Prowler could not reach the cloud API from this machine (exit 1): "
        + "EndpointConnectionError[163]: Could not connect to the endpoint URL: \"https://sts.us-east-1.amazonaws"
        + ".com/\"; this is a network problem, not the credentials: check that this machine reaches the provider's "
        + "API: the network, DNS and the proxy (HTTPS_PROXY, NO_PROXY), and any custom endpoint (AWS_ENDPOINT_URL) "
        + "(see prowler.stderr.log)");
  }

  @Test
  void scan_prowler3_isRefusedBeforeItRunsWithWhatToDo() throws Exception {
    StandInProwler prowler = standIn(Mode.SUCCESS, "3.16.17");

    assertThatThrownBy(() -> scan(prowler, Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("prowler.executable " + prowler.executable() + " is Prowler 3.16.17; secposture runs Prowler 4.0 "
            + "or later (the command line changed in 4.0): upgrade it (pip install -U prowler) or point "
            + "prowler.executable at a newer one");
    assertThat(prowler.arguments()).as("no scan ran").isEmpty();
  }

  @Test
  void scan_manyConcurrentScans_askTheExecutableItsVersionOnce() throws Exception {
    StandInProwler prowler = standIn(Mode.SUCCESS, "5.7.5");
    List<ScanRequest> requests = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      requests.add(request(prowler, CloudAccount.builder(CloudProvider.AWS, "12345678901" + i).build(), Map.of()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ScanResult>> results = new ArrayList<>();
      for (ScanRequest request : requests) {
        results.add(pool.submit(() -> scanner.scan(request)));
      }
      for (Future<ScanResult> result : results) {
        assertThat(result.get().status()).isEqualTo(ScanStatus.SUCCEEDED);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(prowler.lines("version-calls.txt")).hasSize(1);
  }

  @Test
  void scan_logsProwlersCommandLineAtInfoWithTheExternalIdAndKeysMasked() throws Exception {
    Secret externalId = Secret.of("confused-deputy-guard-4711");
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsRole("arn:aws:iam::123456789012:role/SecpostureAudit", externalId, null,
            null)).build();
    StandInProwler prowler = standIn(Mode.SUCCESS, "5.7.5");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String log;
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(tee);
      scan(prowler, account, Map.of("prowler.severity", "critical,high"));
    } finally {
      System.setErr(original);
      log = captured.toString(StandardCharsets.UTF_8);
    }

    String line = log.lines().filter(text -> text.contains("running Prowler")).findFirst().orElseThrow();
    assertThat(line).contains("INFO io.secposture.prowler.ProwlerScanner - running Prowler 5.7.5 for "
        + "aws/123456789012 (run " + RUN + ", credentials aws-role): " + prowler.executable() + " aws --role "
        + "arn:aws:iam::123456789012:role/SecpostureAudit --external-id **** --output-directory ")
        .contains(" --output-formats json-ocsf csv html --no-banner --log-level ERROR --severity critical high "
            + "(environment: PYTHONUNBUFFERED=1 TZ=UTC)");
    assertThat(log).doesNotContain(externalId.reveal());
  }

  @Test
  void scan_awsKeys_areNamedButNeverPrintedInTheCommandLog() throws Exception {
    Secret secretKey = Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secretKey, null)).build();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(tee);
      scan(standIn(Mode.SUCCESS, "5.7.5"), account, Map.of());
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("secrets in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; removed AWS_DEFAULT_PROFILE, "
        + "AWS_PROFILE, AWS_SESSION_TOKEN)").doesNotContain(secretKey.reveal()).doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }
}
