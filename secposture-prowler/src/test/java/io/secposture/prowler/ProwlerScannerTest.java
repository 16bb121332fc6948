package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.prowler.StandInProwler.Mode;
import io.secposture.testkit.ScannerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProwlerScannerTest extends ScannerContract {
  private static final String RUN = "2026-11-22T0200Z";
  private static final Secret SECRET_KEY = Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

  @TempDir
  static Path templates;

  @TempDir
  Path work;

  private final ProwlerScanner scanner = ProwlerScanner.builder().gracePeriod(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void writeTemplates() {
    StandInProwler.writeTemplates(templates);
  }

  @Override
  protected Scanner scanner() {
    return scanner;
  }

  @Override
  protected ScanRequest succeedingRequest(Path outputDirectory, Secret secret) {
    StandInProwler prowler = standIn(Mode.LEAKY);
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secret, null)).build();
    return request(account, outputDirectory, prowler, Map.of());
  }

  @Override
  protected ScanRequest hangingRequest(Path outputDirectory, Duration timeout) {
    StandInProwler prowler = standIn(Mode.HANG);
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
    return new ScanRequest(RUN, account, account.credentials(), outputDirectory, timeout,
        Settings.of(Map.of("prowler.executable", prowler.executable().toString())));
  }

  private StandInProwler standIn(Mode mode) {
    try {
      return StandInProwler.create(Files.createTempDirectory(work, "stand-in-"), templates, mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ScanRequest request(CloudAccount account, Path output, StandInProwler prowler, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.put("prowler.executable", prowler.executable().toString());
    return new ScanRequest(RUN, account, account.credentials(), output, Duration.ofMinutes(1), Settings.of(all));
  }

  private Path output(String name) throws IOException {
    return Files.createDirectories(work.resolve("out-" + name));
  }

  private static CloudAccount aws() {
    return CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
  }

  @Test
  void scan_failingChecksFound_succeedsWithTheOcsfFileFirstThenComplianceCsvsHtmlAssetsAndLogs() throws Exception {
    StandInProwler prowler = standIn(Mode.FAILED_CHECKS);
    Path output = output("exit3");

    ScanResult result = scanner.scan(request(aws(), output, prowler, Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.reason()).isNull();
    String base = "prowler-output-123456789012-" + RUN;
    assertThat(result.artifacts()).extracting(Artifact::name, Artifact::role).containsExactly(
        tuple(base + ".ocsf.json", ArtifactRole.RESULTS),
        tuple("compliance/" + base + "_cis_3.0_aws.csv", ArtifactRole.RESULTS),
        tuple(base + ".html", ArtifactRole.HTML),
        tuple(base + ".csv", ArtifactRole.ASSET),
        tuple("prowler.stderr.log", ArtifactRole.LOG),
        tuple("prowler.stdout.log", ArtifactRole.LOG));
    assertThat(result.artifacts().get(0).mediaType()).isEqualTo("application/json");
    assertThat(result.artifacts().get(2).mediaType()).isEqualTo("text/html; charset=utf-8");
    ParsedReport parsed = new ProwlerOcsfParser().parse(ReportSource.of(result.artifacts().get(0).file(),
        result.account()), finding -> { });
    assertThat(parsed.findings()).isPositive();
    assertThat(prowler.arguments()).containsSequence("--output-directory", output.toAbsolutePath().toString(),
        "--output-filename", base, "--output-formats", "json-ocsf", "csv", "html", "--no-banner", "--log-level",
        "ERROR");
    assertThat(prowler.environment()).contains("TZ=UTC");
  }

  @Test
  void scan_noFailingChecks_succeeds() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("exit0"), standIn(Mode.SUCCESS), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void scan_errorsInProwlersLog_isPartialWithTheErrorsCountedByKind() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("errors"), standIn(Mode.ERRORS_LOGGED), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.artifacts(ArtifactRole.RESULTS)).first().extracting(Artifact::name).asString()
        .endsWith(".ocsf.json");
    assertThat(result.reason()).isEqualTo("collection errors: AccessDenied x2 (ec2 2; eu-west-1 1, us-east-1 1), "
        + "KeyError x1 (s3 1); some checks did not run or saw partial data; first: eu-west-1 -- ClientError[120]: An "
        + "error occurred (AccessDenied) when calling the DescribeInstances operation: User is not authorized (see "
        + "prowler.stderr.log)");
    assertThat(result.warnings()).containsExactly(result.reason());
  }

  @Test
  void scan_errorsInLogWithPartialOnErrorsOff_succeedsAndKeepsTheWarning() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("errors-ok"), standIn(Mode.ERRORS_LOGGED),
        Map.of("prowler.partial-on-errors", "false")));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.warnings()).singleElement().asString().startsWith("collection errors: AccessDenied x2");
  }

  @Test
  void scan_fatalCredentialsError_failsWithProwlersCriticalLine() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("exit1"), standIn(Mode.CRITICAL), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.reason()).isEqualTo("Prowler failed (exit 1): AWSAssumeRoleError[1052]: An error occurred "
        + "(AccessDenied) when calling the AssumeRole operation: not authorized; check the account's credentials "
        + "and access (see prowler.stderr.log)");
    assertThat(result.artifacts(ArtifactRole.LOG)).hasSize(2);
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isEmpty();
  }

  @Test
  void scan_argumentsProwlerRefuses_failsWithArgparsesComplaint() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("exit2"), standIn(Mode.SUCCESS),
        Map.of("prowler.extra-args", "--no-such-flag")));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.reason()).isEqualTo("Prowler refused its arguments (exit 2): unrecognized arguments: "
        + "--no-such-flag; '--no-such-flag' comes from the secposture setting prowler.extra-args; Prowler 5.7.5 does "
        + "not accept it: remove it from prowler.extra-args or check it against 'prowler <provider> --help'");
  }

  @Test
  void scan_exit0WithoutAFileOrProwlersNoFindingsLine_failsSayingWhatToCheck() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("nofile0"), standIn(Mode.NO_OUTPUT_EXIT_0), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isEmpty();
    assertThat(result.reason()).isEqualTo("Prowler exited 0 but wrote no JSON-OCSF file prowler-output-123456789012-"
        + RUN + ".ocsf.json and did not say it had nothing to report ('There are no findings in ...' on its standard "
        + "output, which Prowler 4.3 and later print instead of writing empty files); check that the output "
        + "directory is writable and that prowler.extra-args holds no --only-logs, which hides that line (see "
        + "prowler.stdout.log and prowler.stderr.log)");
  }

  @Test
  void scan_failingChecksButNoFile_fails() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("nofile3"), standIn(Mode.NO_OUTPUT_EXIT_3), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).startsWith("Prowler reported failing checks (exit 3) but wrote no JSON-OCSF file "
        + "prowler-output-123456789012-" + RUN + ".ocsf.json");
  }

  @Test
  void scan_emptyResultFile_fails() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("empty"), standIn(Mode.EMPTY_OCSF), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).contains("left an empty JSON-OCSF file");
  }

  @Test
  void scan_killedProcess_failsSayingItWasKilled() throws Exception {
    ScanResult result = scanner.scan(request(aws(), output("killed"), standIn(Mode.KILLED), Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(137);
    assertThat(result.reason()).startsWith("Prowler was killed (exit 137, SIGKILL");
  }

  @Test
  void scan_hanging_isStoppedWithTheTimeoutInTheReason() throws Exception {
    CloudAccount account = aws();
    StandInProwler prowler = standIn(Mode.HANG);
    ScanRequest request = new ScanRequest(RUN, account, account.credentials(), output("hang"),
        Duration.ofSeconds(1), Settings.of(Map.of("prowler.executable", prowler.executable().toString())));

    ScanResult result = scanner.scan(request);

    assertThat(result.status()).isEqualTo(ScanStatus.TIMED_OUT);
    assertThat(result.exitCode()).isNull();
    assertThat(result.reason()).startsWith("Prowler did not finish within PT1S and was stopped");
  }

  @Test
  void scan_callingThreadInterrupted_stopsProwlerReportsFailedAndKeepsTheFlag() throws Exception {
    CloudAccount account = aws();
    StandInProwler prowler = standIn(Mode.HANG);
    ScanRequest request = new ScanRequest(RUN, account, account.credentials(), output("interrupt"),
        Duration.ofMinutes(10), Settings.of(Map.of("prowler.executable", prowler.executable().toString())));
    java.util.concurrent.atomic.AtomicReference<ScanResult> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
    Thread thread = new Thread(() -> {
      outcome.set(scanner.scan(request));
      flagKept.set(Thread.currentThread().isInterrupted());
    });

    thread.start();
    thread.join(1_000);
    thread.interrupt();
    thread.join(30_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(flagKept).isTrue();
    assertThat(outcome.get().status()).isEqualTo(ScanStatus.FAILED);
    assertThat(outcome.get().reason()).isEqualTo("the scan was cancelled before Prowler finished");
  }

  @Test
  void scan_outputDirectoryWithAnEarlierRun_usesAFreshNameAndReturnsOnlyThisRunsFiles() throws Exception {
    Path output = output("reused");
    String base = "prowler-output-123456789012-" + RUN;
    Files.writeString(output.resolve(base + ".ocsf.json"), "[]");
    Files.writeString(output.resolve("notes.txt"), "someone else's file");

    ScanResult result = scanner.scan(request(aws(), output, standIn(Mode.FAILED_CHECKS), Map.of()));

    assertThat(result.artifacts(ArtifactRole.RESULTS)).extracting(Artifact::name)
        .containsExactly(base + "-2.ocsf.json", "compliance/" + base + "-2_cis_3.0_aws.csv");
    assertThat(result.artifacts()).extracting(Artifact::name).doesNotContain(base + ".ocsf.json", "notes.txt");
    assertThat(Files.readString(output.resolve(base + ".ocsf.json"))).isEqualTo("[]");
  }

  @Test
  void scan_roleWithExternalId_passesItToProwlerButMasksItInEveryLog() throws Exception {
    Secret externalId = Secret.of("confused-deputy-guard-4711");
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsRole("arn:aws:iam::123456789012:role/SecpostureAudit", externalId,
            "weekly-audit", Duration.ofHours(2))).build();
    StandInProwler prowler = standIn(Mode.LEAKY);
    Path output = output("role");

    ScanResult result = scanner.scan(request(account, output, prowler, Map.of()));

    assertThat(prowler.arguments()).containsSequence("aws", "--role", "arn:aws:iam::123456789012:role/SecpostureAudit",
        "--external-id", externalId.reveal(), "--session-duration", "7200", "--role-session-name", "weekly-audit");
    String logs = Files.readString(output.resolve("prowler.stdout.log")) + Files.readString(
        output.resolve("prowler.stderr.log"));
    assertThat(logs).contains("--external-id ****").doesNotContain(externalId.reveal());
    assertThat(String.join("\n", result.logTail())).contains("****").doesNotContain(externalId.reveal());
    assertThat(result.toString()).doesNotContain(externalId.reveal());
  }

  @Test
  void scan_gcpCredentialsJson_handsProwlerAnOwnerOnlyFileDeletedAfterTheScan() throws Exception {
    String json = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----x\"}";
    CloudAccount account = CloudAccount.builder(CloudProvider.GCP, "shop-prod-0042")
        .credentials(new Credentials.GcpCredentialsFile(null, Secret.of(json))).build();
    StandInProwler prowler = standIn(Mode.SUCCESS);
    Path output = output("gcp");

    ScanResult result = scanner.scan(request(account, output, prowler, Map.of()));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    Path credentials = Path.of(prowler.lines("credentials-path.txt").get(0));
    assertThat(prowler.lines("credentials-mode.txt")).containsExactly("600");
    assertThat(prowler.lines("credentials-content.txt")).containsExactly(json);
    assertThat(credentials).doesNotExist();
    assertThat(credentials.getParent()).doesNotExist();
    assertThat(credentials.startsWith(output)).as("never in the published output directory").isFalse();
    assertThat(prowler.arguments()).containsSequence("gcp", "--credentials-file", credentials.toString())
        .containsSequence("--project-ids", "shop-prod-0042");
  }

  @Test
  void scan_awsKeys_reachProwlerThroughItsEnvironmentOnly() throws Exception {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), SECRET_KEY,
            Secret.of("session-token-value"))).build();
    StandInProwler prowler = standIn(Mode.SUCCESS);

    scanner.scan(request(account, output("keys"), prowler, Map.of()));

    assertThat(prowler.environment()).contains("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY=" + SECRET_KEY.reveal(), "AWS_SESSION_TOKEN=session-token-value");
    assertThat(String.join(" ", prowler.arguments())).doesNotContain(SECRET_KEY.reveal())
        .doesNotContain("AKIAIOSFODNN7EXAMPLE").doesNotContain("session-token-value");
  }

  @Test
  void scan_azureServicePrincipal_signsInFromTheEnvironmentForTheAccountsSubscription() throws Exception {
    CloudAccount account = CloudAccount.builder(CloudProvider.AZURE, "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b")
        .credentials(new Credentials.AzureServicePrincipal("tenant-1", "client-1", SECRET_KEY)).build();
    StandInProwler prowler = standIn(Mode.SUCCESS);

    ScanResult result = scanner.scan(request(account, output("azure"), prowler, Map.of("prowler.asff", "true")));

    assertThat(prowler.arguments()).containsSequence("azure", "--sp-env-auth", "--subscription-ids",
        "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b").doesNotContain("json-asff");
    assertThat(prowler.environment()).contains("AZURE_CLIENT_ID=client-1", "AZURE_TENANT_ID=tenant-1",
        "AZURE_CLIENT_SECRET=" + SECRET_KEY.reveal());
    assertThat(result.warnings()).contains("json-asff is written for AWS accounts only; not requested for "
        + "azure/9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b");
  }

  @Test
  void scan_optionsAndFilters_reachProwlerAsLongFlags() throws Exception {
    Path mutelist = Files.writeString(work.resolve("mutelist.yaml"), "Mutelist: {}\n");
    StandInProwler prowler = standIn(Mode.SUCCESS);
    Map<String, String> options = Map.of("prowler.compliance", "cis_3.0_aws", "prowler.severity", "critical,high",
        "prowler.excluded-checks", "s3_bucket_versioning_enabled", "prowler.status", "fail",
        "prowler.regions", "eu-west-1,us-east-1", "prowler.mutelist-file", mutelist.toString(),
        "prowler.asff", "true", "prowler.scan-unused-services", "true", "prowler.log-level", "warning");

    ScanResult result = scanner.scan(request(aws(), output("options"), prowler, options));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(prowler.arguments()).containsSequence("--output-formats", "json-ocsf", "csv", "html", "json-asff")
        .containsSequence("--log-level", "WARNING").containsSequence("--compliance", "cis_3.0_aws")
        .containsSequence("--severity", "critical", "high")
        .containsSequence("--excluded-checks", "s3_bucket_versioning_enabled").containsSequence("--status", "FAIL")
        .containsSequence("--region", "eu-west-1", "us-east-1").contains("--scan-unused-services")
        .containsSequence("--mutelist-file", mutelist.toString());
    assertThat(result.artifacts()).extracting(Artifact::name)
        .contains("prowler-output-123456789012-" + RUN + ".asff.json");
  }

  @Test
  void scan_invalidOptions_throwsListingEveryProblem() throws Exception {
    Path output = output("invalid");
    StandInProwler prowler = standIn(Mode.SUCCESS);

    assertThatThrownBy(() -> scanner.scan(request(aws(), output, prowler, Map.of("prowler.severity", "urgent",
        "prowler.servcies", "s3", "prowler.extra-args", "--shodan,KEY"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3));
    assertThat(prowler.arguments()).as("Prowler never ran").isEmpty();
  }

  @Test
  void scan_credentialsForAnotherCloud_throwsNamingTheKindsThatWork() throws Exception {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.GcpImpersonation("audit@proj.iam.gserviceaccount.com")).build();

    assertThatThrownBy(() -> scanner.scan(request(account, output("wrong"), standIn(Mode.SUCCESS), Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Prowler cannot use credentials of kind 'gcp-impersonation' for aws/123456789012; for aws "
            + "accounts use ambient, aws-profile, aws-keys, aws-role or environment");
  }

  @Test
  void scan_missingExecutable_throwsNamingTheSetting() throws Exception {
    CloudAccount account = aws();
    ScanRequest request = new ScanRequest(RUN, account, account.credentials(), output("missing"),
        Duration.ofMinutes(1), Settings.of(Map.of("prowler.executable", work.resolve("nowhere/prowler").toString())));

    assertThatThrownBy(() -> scanner.scan(request)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("prowler.executable").hasMessageContaining("does not exist");
  }

  @Test
  void scan_builderDefaults_areOverriddenByTheRequestsOptions() throws Exception {
    StandInProwler prowler = standIn(Mode.SUCCESS);
    ProwlerScanner configured = ProwlerScanner.builder().executable(prowler.executable())
        .defaults(Settings.of(Map.of("prowler.severity", "critical", "prowler.services", "s3"))).build();
    CloudAccount account = aws();

    configured.scan(new ScanRequest(RUN, account, account.credentials(), output("defaults"), Duration.ofMinutes(1),
        Settings.of(Map.of("prowler.severity", "high"))));

    assertThat(prowler.arguments()).containsSequence("--severity", "high").containsSequence("--services", "s3")
        .doesNotContain("critical");
  }

  @Test
  void builder_invalidDefaults_areRefusedWhenSet() {
    assertThatThrownBy(() -> ProwlerScanner.builder().defaults(Settings.of(Map.of("prowler.status", "MAYBE"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("prowler.status holds 'MAYBE'");
  }

  @Test
  void providers_areTheFourProwlerScans() {
    assertThat(scanner.providers()).containsExactlyInAnyOrder(CloudProvider.AWS, CloudProvider.AZURE,
        CloudProvider.GCP, CloudProvider.KUBERNETES);
    assertThat(scanner.name()).isEqualTo("prowler");
    assertThat(List.copyOf(scanner.providers())).hasSize(4);
  }
}
