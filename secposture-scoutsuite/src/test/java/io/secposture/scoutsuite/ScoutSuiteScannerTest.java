package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.ProcessRunner;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scanner against a stand-in {@code scout} that behaves like the real CLI: the command line for every provider
 * and credential kind, what reaches the process environment, the private credential files, every exit code, hangs,
 * interrupts, the artifacts and secret hygiene. Surefire gives this JVM the job's own {@code AWS_PROFILE},
 * {@code AWS_SESSION_TOKEN}, {@code GOOGLE_APPLICATION_CREDENTIALS} and a {@code SECPOSTURE_} variable (see the module
 * pom) so that what is removed from a scan's environment is checked for real.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ScoutSuiteScannerTest {
  private static final String AWS_ACCOUNT = "123456789012";
  private static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
  private static final Secret ACCESS_KEY = Secret.of("AKIAIOSFODNN7EXAMPLE");
  private static final Secret SECRET_KEY = Secret.of("wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY");
  private static final Secret SESSION_TOKEN = Secret.of("FwoGZXIvYXdzEXAMPLE-session-token-value");
  private static final Secret CLIENT_SECRET = Secret.of("azure~client~secret~Q8v2Lp9wK4mZ");

  @TempDir
  static Path shared;
  private static Path template;

  @TempDir
  Path work;
  private Path record;
  private Path output;

  @BeforeAll
  static void writeTemplate() {
    template = shared.resolve("template");
    SampleData.scoutSuite(template, CloudProvider.AWS, AWS_ACCOUNT, 5, 0, 0);
  }

  @BeforeEach
  void directories() throws IOException {
    record = Files.createDirectories(work.resolve("record"));
    output = Files.createDirectories(work.resolve("output"));
  }

  private Path scout(StandInScout behaviour) {
    return behaviour.write(work.resolve("bin"), template, record);
  }

  private static ScoutSuiteScanner scanner(Path executable) {
    return ScoutSuiteScanner.builder().executable(executable).gracePeriod(Duration.ofSeconds(2)).build();
  }

  private ScanRequest request(CloudAccount account, Credentials credentials, Settings options) {
    return new ScanRequest("run-1", account, credentials, output, Duration.ofMinutes(1), options);
  }

  private static CloudAccount aws() {
    return CloudAccount.builder(CloudProvider.AWS, AWS_ACCOUNT).build();
  }

  private List<String> argv() throws IOException {
    return Files.readAllLines(record.resolve("argv"));
  }

  private Map<String, String> env() throws IOException {
    Map<String, String> variables = new TreeMap<>();
    for (String line : Files.readAllLines(record.resolve("env"))) {
      int eq = line.indexOf('=');
      variables.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return variables;
  }

  // ---- command lines ---------------------------------------------------------------------------------------------

  static Stream<Arguments> commandLines() {
    return Stream.of(
        Arguments.of("aws", AWS_ACCOUNT, new Credentials.Ambient(), List.of(), List.of()),
        Arguments.of("aws", AWS_ACCOUNT, new Credentials.AwsProfile("audit"), List.of("--profile", "audit"),
            List.of()),
        Arguments.of("aws", AWS_ACCOUNT, new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN), List.of(),
            List.of()),
        Arguments.of("aws", AWS_ACCOUNT, new Credentials.Environment(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", SECRET_KEY), "test"), List.of(), List.of()),
        Arguments.of("azure", SUBSCRIPTION, new Credentials.AzureCli(), List.of("--cli"),
            List.of("--subscriptions", SUBSCRIPTION)),
        Arguments.of("azure", SUBSCRIPTION, new Credentials.Ambient(), List.of("--cli"),
            List.of("--subscriptions", SUBSCRIPTION)),
        Arguments.of("azure", SUBSCRIPTION, new Credentials.AzureManagedIdentity(null), List.of("--msi"),
            List.of("--subscriptions", SUBSCRIPTION)),
        Arguments.of("azure", SUBSCRIPTION, new Credentials.AzureServicePrincipal("tenant-1", "client-1",
            CLIENT_SECRET), List.of("--file-auth", "<private>/azure-service-principal.json"),
            List.of("--subscriptions", SUBSCRIPTION)),
        Arguments.of("gcp", "prod-project", new Credentials.Ambient(), List.of("--user-account"),
            List.of("--project-id", "prod-project")),
        Arguments.of("gcp", "prod-project", new Credentials.GcpCredentialsFile(null,
            Secret.of("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\"}")),
            List.of("--service-account", "<private>/gcp-credentials.json"), List.of("--project-id", "prod-project")),
        Arguments.of("gcp", "prod-project", new Credentials.Environment(Map.of("GOOGLE_APPLICATION_CREDENTIALS",
            Secret.of("/var/run/secrets/adc.json")), "workload identity"), List.of("--user-account"),
            List.of("--project-id", "prod-project")),
        Arguments.of("kubernetes", "prod-cluster", new Credentials.Ambient(), List.of(), List.of()),
        Arguments.of("kubernetes", "prod-cluster", new Credentials.Kubeconfig(null, "prod-ctx"),
            List.of("--context", "prod-ctx"), List.of()));
  }

  @ParameterizedTest(name = "{0} with {2}")
  @MethodSource("commandLines")
  void scan_eachProviderAndCredentialKind_runsTheExpectedCommandLine(String provider, String accountId,
      Credentials credentials, List<String> authentication, List<String> scope) throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    CloudAccount account = CloudAccount.builder(CloudProvider.of(provider), accountId).build();

    ScanResult result = scanner(executable).scan(request(account, credentials, Settings.empty()));

    assertThat(result.status()).as(result.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    String reportName = provider + "-" + accountId;
    List<String> expected = new java.util.ArrayList<>(List.of(provider));
    expected.addAll(authentication);
    expected.addAll(List.of("--no-browser", "--force", "--report-dir", output.toAbsolutePath().normalize().toString(),
        "--report-name", reportName, "--result-format", "json"));
    expected.addAll(scope);
    List<String> argv = argv();
    String privateDir = Files.exists(record.resolve("file-auth.path"))
        ? Path.of(Files.readString(record.resolve("file-auth.path")).strip()).getParent().toString()
        : Files.exists(record.resolve("service-account.path"))
        ? Path.of(Files.readString(record.resolve("service-account.path")).strip()).getParent().toString() : null;
    List<String> normalised = argv.stream().map(arg -> privateDir != null && arg.startsWith(privateDir + "/")
        ? "<private>" + arg.substring(privateDir.length()) : arg).toList();
    assertThat(normalised).containsExactlyElementsOf(expected);
    assertThat(String.join(" ", argv)).doesNotContain(SECRET_KEY.reveal(), ACCESS_KEY.reveal(),
        CLIENT_SECRET.reveal(), "BEGIN PRIVATE KEY");
    assertThat(Files.readString(record.resolve("stdin")).strip()).as("read on stdin returns EOF (1), not a"
        + " timeout (>128)").isEqualTo("1");
    assertThat(env()).doesNotContainKey("SECPOSTURE_TEST_JOB_SECRET").containsEntry("PYTHONUNBUFFERED", "1");
    assertThat(Path.of(Files.readString(record.resolve("cwd")).strip()).toString())
        .doesNotStartWith(output.toRealPath().toString());
  }

  @Test
  void scan_awsKeys_passesKeysThroughTheEnvironmentAndDropsTheJobsProfileAndToken() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(aws(), new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, null), Settings.empty()));

    Map<String, String> env = env();
    assertThat(env).containsEntry("AWS_ACCESS_KEY_ID", ACCESS_KEY.reveal())
        .containsEntry("AWS_SECRET_ACCESS_KEY", SECRET_KEY.reveal())
        .doesNotContainKeys("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE");
    assertThat(argv()).noneMatch(arg -> arg.contains("access-key") || arg.contains(SECRET_KEY.reveal()));
  }

  @Test
  void scan_awsKeysWithSessionToken_passesTheToken() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(aws(), new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN),
        Settings.empty()));

    assertThat(env()).containsEntry("AWS_SESSION_TOKEN", SESSION_TOKEN.reveal());
  }

  @Test
  void scan_awsAmbient_keepsTheJobsOwnEnvironment() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_PROFILE") != null,
        "surefire sets AWS_PROFILE for this test (see the module pom)");
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(env()).containsEntry("AWS_PROFILE", System.getenv("AWS_PROFILE"));
  }

  @Test
  void scan_azureServicePrincipal_writesAPrivateFileAndDeletesIt() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    CloudAccount account = CloudAccount.builder(CloudProvider.AZURE, SUBSCRIPTION).build();

    ScanResult result = scanner(executable).scan(request(account,
        new Credentials.AzureServicePrincipal("tenant-1", "client-1", CLIENT_SECRET), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(Files.readString(record.resolve("file-auth.json")))
        .isEqualTo("{\"tenantId\":\"tenant-1\",\"clientId\":\"client-1\",\"clientSecret\":\""
            + CLIENT_SECRET.reveal() + "\"}");
    assertThat(Files.readString(record.resolve("file-auth.mode")).strip()).isEqualTo("600");
    Path file = Path.of(Files.readString(record.resolve("file-auth.path")).strip());
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
    assertThat(file.toString()).doesNotStartWith(output.toString());
    String stderr = Files.readString(output.resolve("logs/stderr.log"));
    assertThat(stderr).contains("careless debug output: {\"tenantId\":\"tenant-1\",\"clientId\":\"client-1\","
        + "\"clientSecret\":\"****\"}").doesNotContain(CLIENT_SECRET.reveal());
    assertThat(result.toString()).doesNotContain(CLIENT_SECRET.reveal());
  }

  @Test
  void scan_gcpCredentialsJson_writesAPrivateFileAndDeletesIt() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    Secret json = Secret.of("{\"type\": \"service_account\", \"project_id\": \"prod\"}");

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.GCP, "prod").build(),
        new Credentials.GcpCredentialsFile(null, json), Settings.empty()));

    assertThat(Files.readString(record.resolve("service-account.json"))).isEqualTo(json.reveal());
    assertThat(Files.readString(record.resolve("service-account.mode")).strip()).isEqualTo("600");
    assertThat(Path.of(Files.readString(record.resolve("service-account.path")).strip())).doesNotExist();
  }

  @Test
  void scan_gcpCredentialsPath_passesTheFileAsIs() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    Path key = Files.writeString(work.resolve("key.json"), "{\"type\": \"service_account\"}");

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.GCP, "prod").build(),
        new Credentials.GcpCredentialsFile(key, null), Settings.empty()));

    assertThat(argv()).containsSequence("--service-account", key.toAbsolutePath().toString());
    assertThat(key).exists();
  }

  @Test
  void scan_gcpEnvironment_replacesTheJobsApplicationCredentials() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.GCP, "prod").build(),
        new Credentials.Environment(Map.of("EXTRA_VARIABLE", Secret.of("value-1")), "test"), Settings.empty()));

    assertThat(env()).containsEntry("EXTRA_VARIABLE", "value-1").doesNotContainKey("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void scan_azureManagedIdentityWithClientId_setsAzureClientId() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.AZURE, SUBSCRIPTION).build(),
        new Credentials.AzureManagedIdentity("9f1a-client"), Settings.empty()));

    assertThat(env()).containsEntry("AZURE_CLIENT_ID", "9f1a-client");
    assertThat(argv()).contains("--msi");
  }

  @Test
  void scan_kubeconfigFile_passesConfigFileAndContext() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), "apiVersion: v1\n");

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.KUBERNETES, "prod").build(),
        new Credentials.Kubeconfig(kubeconfig, "prod-ctx"),
        Settings.of(Map.of("scoutsuite.cluster-provider", "eks", "scoutsuite.services", "s3"))));

    assertThat(argv()).containsSequence("--config-file", kubeconfig.toAbsolutePath().toString(), "--context",
        "prod-ctx").containsSequence("--cluster-provider", "eks").doesNotContain("--services");
  }

  @Test
  void scan_everyOption_becomesItsLongFlag() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    Path exceptions = Files.writeString(work.resolve("exceptions.js"), "exceptions =\n{}\n");
    Settings options = Settings.of(Map.of(
        "scoutsuite.regions", "eu-west-1, us-east-1",
        "scoutsuite.exclude-regions", "ap-south-1",
        "scoutsuite.services", "s3,iam",
        "scoutsuite.skip", "ec2",
        "scoutsuite.ruleset", "detailed",
        "scoutsuite.exceptions", exceptions.toString(),
        "scoutsuite.max-workers", "4",
        "scoutsuite.max-rate", "20",
        "scoutsuite.report-name", "weekly",
        "scoutsuite.extra-args", "--debug --ip-ranges \"my ranges.json\""));

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), options));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(argv()).containsSequence("--report-name", "weekly")
        .containsSequence("--regions", "eu-west-1", "us-east-1", "--exclude-regions", "ap-south-1", "--services",
            "s3", "iam", "--skip", "ec2", "--ruleset", "detailed", "--exceptions",
            exceptions.toAbsolutePath().toString(), "--max-workers", "4", "--max-rate", "20", "--debug",
            "--ip-ranges", "my ranges.json");
    assertThat(result.artifacts(ArtifactRole.RESULTS)).singleElement()
        .extracting(Artifact::name).isEqualTo("scoutsuite-results/scoutsuite_results_weekly.js");
  }

  @Test
  void scan_gcpScopeOption_replacesTheProjectId() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.GCP, "prod").build(),
        new Credentials.Ambient(), Settings.of(Map.of("scoutsuite.folder-id", "123456789"))));

    assertThat(argv()).containsSequence("--folder-id", "123456789").doesNotContain("--project-id");
  }

  @Test
  void scan_azureAllSubscriptions_replacesTheAccountsSubscription() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    scanner(executable).scan(request(CloudAccount.builder(CloudProvider.AZURE, SUBSCRIPTION).build(),
        new Credentials.AzureCli(), Settings.of(Map.of("scoutsuite.all-subscriptions", "true",
            "scoutsuite.regions", "eu-west-1"))));

    assertThat(argv()).contains("--all-subscriptions").doesNotContain("--subscriptions", "--regions");
  }

  // ---- refused requests ------------------------------------------------------------------------------------------

  @Test
  void scan_awsRole_refusedPointingAtChainingAndProwler() {
    Credentials role = new Credentials.AwsRole("arn:aws:iam::123456789012:role/Audit", null, null, null);

    assertThatThrownBy(() -> scanner(scout(StandInScout.exiting(0))).scan(request(aws(), role, Settings.empty())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("aws/123456789012")
        .hasMessageContaining("cannot assume the role arn:aws:iam::123456789012:role/Audit")
        .hasMessageContaining("credential chaining")
        .hasMessageContaining("prowler");
    assertThat(record.resolve("argv")).doesNotExist();
  }

  @Test
  void scan_credentialsOfAnotherCloud_refusedNamingTheSupportedKinds() {
    assertThatThrownBy(() -> scanner(scout(StandInScout.exiting(0))).scan(request(aws(),
        new Credentials.AzureCli(), Settings.empty())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("account aws/123456789012: ScoutSuite cannot use azure-cli credentials for aws accounts; use"
            + " ambient, aws-profile, aws-keys or environment");
  }

  @Test
  void scan_azureFederatedOrGcpImpersonation_refused() {
    ScoutSuiteScanner scanner = scanner(scout(StandInScout.exiting(0)));
    assertThatThrownBy(() -> scanner.scan(request(CloudAccount.builder(CloudProvider.AZURE, SUBSCRIPTION).build(),
        new Credentials.AzureFederated("t", "c", work.resolve("token")), Settings.empty())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("federated token");
    assertThatThrownBy(() -> scanner.scan(request(CloudAccount.builder(CloudProvider.GCP, "prod").build(),
        new Credentials.GcpImpersonation("audit@prod.iam.gserviceaccount.com"), Settings.empty())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot impersonate");
  }

  @Test
  void scan_secretBearingExtraArgument_refusedWithoutEchoingIt() {
    Settings options = Settings.of(Map.of("scoutsuite.extra-args", "--secret-access-key=" + SECRET_KEY.reveal()));

    assertThatThrownBy(() -> scanner(scout(StandInScout.exiting(0))).scan(request(aws(), new Credentials.Ambient(),
        options)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--secret-access-key")
        .hasMessageNotContaining(SECRET_KEY.reveal());
  }

  @Test
  void scan_outputDirectoryWithAnEarlierReport_refused() throws IOException {
    Files.createDirectories(output.resolve("scoutsuite-results"));
    Files.writeString(output.resolve("scoutsuite-results/scoutsuite_results_aws-123456789012.js"), "stale");

    assertThatThrownBy(() -> scanner(scout(StandInScout.exiting(0))).scan(request(aws(), new Credentials.Ambient(),
        Settings.empty())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already holds a ScoutSuite report")
        .hasMessageContaining("fresh, empty directory");
  }

  @Test
  void scan_missingExecutable_refusedNamingTheSetting() {
    Settings options = Settings.of(Map.of("scoutsuite.executable", work.resolve("nowhere/scout").toString()));

    assertThatThrownBy(() -> new ScoutSuiteScanner().scan(request(aws(), new Credentials.Ambient(), options)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("scoutsuite.executable")
        .hasMessageContaining("does not exist");
  }

  @Test
  void scan_disabledAccount_skipped() {
    CloudAccount disabled = CloudAccount.builder(CloudProvider.AWS, AWS_ACCOUNT).enabled(false).build();

    ScanResult result = new ScoutSuiteScanner().scan(request(disabled, new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.SKIPPED);
    assertThat(result.reason()).contains("disabled");
  }

  // ---- outcomes --------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "exit {0}")
  @CsvSource(delimiter = '|', value = {
      "101 | FAILED | authentication failed: check the credentials of aws/123456789012 (aws-keys)",
      "2   | FAILED | ScoutSuite rejected its command line (exit 2)",
      "102 | FAILED | ScoutSuite failed while initialising the provider",
      "103 | FAILED | ScoutSuite failed while initialising the report (exit 103)",
      "104 | FAILED | ScoutSuite failed while gathering data (exit 104)",
      "105 | FAILED | ScoutSuite failed in the pre-processing engine (exit 105)",
      "106 | FAILED | ScoutSuite failed in the rule engine (exit 106)",
      "107 | FAILED | ScoutSuite failed while applying the display filters (exit 107)",
      "108 | FAILED | ScoutSuite failed in the post-processing engine (exit 108)",
      "109 | FAILED | ScoutSuite failed while saving the results or writing the HTML report (exit 109)",
      "1   | FAILED | ScoutSuite crashed (exit 1",
      "130 | FAILED | ScoutSuite was interrupted (exit 130)",
      "137 | FAILED | ScoutSuite was killed (exit 137, SIGKILL",
      "143 | FAILED | ScoutSuite was terminated (exit 143, SIGTERM)",
      "42  | FAILED | ScoutSuite exited with the unexpected code 42"})
  void scan_failingExitCode_mapsToStatusAndNamesTheStage(int code, ScanStatus status, String reason) {
    Path executable = scout(StandInScout.exiting(code).withoutResults());

    ScanResult result = scanner(executable).scan(request(aws(),
        new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, null), Settings.empty()));

    assertThat(result.status()).isEqualTo(status);
    assertThat(result.exitCode()).isEqualTo(code);
    assertThat(result.reason()).contains(reason).endsWith("main.py L77: stand-in failure with exit " + code);
    assertThat(result.logTail()).isNotEmpty();
    assertThat(result.toString()).doesNotContain(SECRET_KEY.reveal());
  }

  @Test
  void scan_exit0_succeedsWithTheReportAsArtifacts() throws IOException {
    Path executable = scout(StandInScout.exiting(0));

    ScanResult result = scanner(executable).scan(request(aws(),
        new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, null), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.reason()).isNull();
    assertThat(result.warnings()).isEmpty();
    List<Artifact> artifacts = result.artifacts();
    assertThat(artifacts.get(0).role()).isEqualTo(ArtifactRole.RESULTS);
    assertThat(artifacts).extracting(Artifact::name).containsExactly(
        "scoutsuite-results/scoutsuite_results_aws-123456789012.js",
        "aws-123456789012.html",
        "inc-scoutsuite/css/scoutsuite.css",
        "inc-scoutsuite/scoutsuite.js",
        "scoutsuite-results/scoutsuite_exceptions_aws-123456789012.js",
        "logs/stderr.log",
        "logs/stdout.log");
    assertThat(artifacts).extracting(Artifact::role).containsExactly(ArtifactRole.RESULTS, ArtifactRole.HTML,
        ArtifactRole.ASSET, ArtifactRole.ASSET, ArtifactRole.ASSET, ArtifactRole.LOG, ArtifactRole.LOG);
    assertThat(artifacts.get(1).mediaType()).startsWith("text/html");
    for (Artifact artifact : artifacts) {
      assertThat(artifact.file()).isEqualTo(output.toAbsolutePath().resolve(artifact.name()));
    }
    String log = Files.readString(output.resolve("logs/stderr.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("credentials in use: ****").doesNotContain(SECRET_KEY.reveal());
  }

  @Test
  void scan_exit200_isPartialWithTheErrorsSummarised() {
    Path executable = scout(StandInScout.exiting(200));

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.reason()).contains("exited 200").contains("incomplete");
    assertThat(result.warnings()).containsExactly("5 collection errors in scoutsuite_errors_aws-123456789012.json"
        + " (ScoutSuite could not read everything; findings may be incomplete): AccessDenied x4 (rds 3,"
        + " elasticache 1); TypeError x1 (ec2 1)");
    assertThat(result.artifacts()).extracting(Artifact::name)
        .contains("scoutsuite-results/scoutsuite_errors_aws-123456789012.json");
  }

  @Test
  void scan_exit200WithoutErrorsFile_isPartialWithAWarningPointingAtTheLog() {
    Path executable = scout(StandInScout.exiting(200).withoutErrorsFile());

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.warnings()).singleElement().asString().contains("no errors file").contains("stderr.log");
  }

  @Test
  void scan_exit0WithoutResults_fails() {
    Path executable = scout(StandInScout.exiting(0).withoutResults());

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).isEqualTo("ScoutSuite exited 0 but wrote no results file"
        + " scoutsuite-results/scoutsuite_results_aws-123456789012.js");
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isEmpty();
    assertThat(result.artifacts(ArtifactRole.LOG)).hasSize(2);
  }

  @Test
  void scan_exit0WithEmptyResults_fails() {
    Path executable = scout(StandInScout.exiting(0).withEmptyResults());

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).contains("is empty");
  }

  @Test
  void scan_exit200WithoutResults_fails() {
    Path executable = scout(StandInScout.exiting(200).withoutResults().withoutErrorsFile());

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty()));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).startsWith("ScoutSuite exited 200 and wrote no results file");
  }

  @Test
  void scan_badArguments_reasonQuotesArgparse() {
    Path executable = scout(StandInScout.exiting(0));
    Settings options = Settings.of(Map.of("scoutsuite.extra-args", "--no-such-flag"));

    ScanResult result = scanner(executable).scan(request(aws(), new Credentials.Ambient(), options));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.reason()).isEqualTo("ScoutSuite rejected its command line (exit 2); check the scoutsuite.*"
        + " options and scoutsuite.extra-args: unrecognized arguments: --no-such-flag");
  }

  @Test
  void scan_errorLineOnStderr_endsTheReasonAndIsRedacted() {
    Path executable = scout(StandInScout.exiting(101).withoutResults()
        .stderr("authentication_strategy.py L82: Authentication failure: InvalidClientTokenId for key "
            + SECRET_KEY.reveal()));

    ScanResult result = scanner(executable).scan(request(aws(),
        new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, null), Settings.empty()));

    assertThat(result.reason()).isEqualTo("authentication failed: check the credentials of aws/123456789012"
        + " (aws-keys): authentication_strategy.py L82: Authentication failure: InvalidClientTokenId for key ****");
    assertThat(String.join("\n", result.logTail())).doesNotContain(SECRET_KEY.reveal());
  }

  @Test
  void scan_logsItsCommandLineAtInfo_withSecretsMasked() throws IOException {
    Path executable = scout(StandInScout.exiting(0));
    // a secret has no business on the command line; if one gets there anyway, the log masks it
    Settings options = Settings.of(Map.of("scoutsuite.extra-args", "--ip-ranges 'my ranges.json' "
        + SECRET_KEY.reveal(), "scoutsuite.services", "s3,iam"));
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      scanner(executable).scan(request(aws(), new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN),
          options));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("INFO io.secposture.scoutsuite.ScoutSuiteScanner - scanning aws/123456789012 with"
        + " ScoutSuite: " + executable.toAbsolutePath() + " aws --no-browser --force --report-dir "
        + output.toAbsolutePath() + " --report-name aws-123456789012 --result-format json --services s3 iam"
        + " --ip-ranges 'my ranges.json' ****");
    assertThat(log).doesNotContain(SECRET_KEY.reveal()).doesNotContain(SESSION_TOKEN.reveal());
    assertThat(argv()).contains(SECRET_KEY.reveal());
  }

  @Test
  void scan_hanging_isStoppedAtTheTimeoutWithItsChildren() throws Exception {
    Path executable = scout(StandInScout.hanging());
    ScanRequest request = new ScanRequest("run-1", aws(), new Credentials.Ambient(), output, Duration.ofSeconds(2),
        Settings.empty());

    ScanResult result = scanner(executable).scan(request);

    assertThat(result.status()).isEqualTo(ScanStatus.TIMED_OUT);
    assertThat(result.exitCode()).isNull();
    assertThat(result.reason()).startsWith("ScoutSuite did not finish within PT2S and was stopped")
        .endsWith("; the last thing it logged: Gathering data from APIs");
    long child = Long.parseLong(Files.readString(record.resolve("child.pid")).strip());
    assertThat(ProcessHandle.of(child).map(ProcessRunner::isRunning).orElse(false)).as("child process").isFalse();
  }

  @Test
  void scan_interrupted_stopsTheProcessAndKeepsTheInterrupt() throws Exception {
    Path executable = scout(StandInScout.hanging());
    AtomicReference<ScanResult> result = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      result.set(scanner(executable).scan(request(aws(), new Credentials.Ambient(), Settings.empty())));
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    thread.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(record.resolve("child.pid")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(30).toMillis());

    assertThat(result.get().status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.get().reason()).contains("cancelled");
    assertThat(interrupted.get()).isTrue();
  }
}
