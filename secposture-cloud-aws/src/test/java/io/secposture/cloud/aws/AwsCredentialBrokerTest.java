package io.secposture.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import io.secposture.core.CredentialLease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS broker against a local STS speaking the Query protocol, through the real SDK path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwsCredentialBrokerTest {
  private static final String ACCOUNT = "123456789012";
  private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/SecpostureAudit";
  private static final String JOB_KEY = "AKIAJOBIDENTITY00001";
  private static final String JOB_SECRET = "job-secret-key-never-leaves-the-jvm";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private FakeSts sts;
  private CredentialBroker broker;

  @BeforeEach
  void start() throws IOException {
    sts = new FakeSts();
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
    sts.close();
  }

  private CredentialBroker broker(Duration refreshBefore) {
    AwsChainingConfig config = new AwsChainingConfig("eu-west-1", sts.endpoint(), null, "secposture-test",
        Duration.ofMinutes(15), refreshBefore);
    broker = AwsCredentialBrokerProvider.create(config,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(JOB_KEY, JOB_SECRET)));
    return broker;
  }

  private static CloudAccount account(String roleArn, String externalId) {
    return CloudAccount.builder(CloudProvider.AWS, ACCOUNT).name("prod").credentials(new Credentials.AwsRole(roleArn,
        externalId == null ? null : Secret.of(externalId), null, null)).build();
  }

  private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Secret> variables(CredentialLease lease) {
    return ((Credentials.Environment) lease.credentials()).variables();
  }

  @Test
  void lease_rolePatternTrustsTheJob_scannerEnvironmentPointsAtALoopbackEndpointServingTheSession() throws Exception {
    sts.trust(ROLE, "ext-1234-abcd");

    try (CredentialLease lease = broker(Duration.ofMinutes(5)).lease(
        account("arn:aws:iam::{account}:role/SecpostureAudit", "ext-1234-abcd"),
        new Credentials.AwsRole("arn:aws:iam::{account}:role/SecpostureAudit", Secret.of("ext-1234-abcd"), null,
            Duration.ofMinutes(30)))) {
      Map<String, Secret> variables = variables(lease);
      URI endpoint = URI.create(variables.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").reveal());
      String token = variables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").reveal();
      HttpResponse<String> response = get(endpoint, token);
      JsonNode body = JSON.readTree(response.body());

      assertThat(endpoint.getScheme()).isEqualTo("http");
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      assertThat(endpoint.getPath()).matches("/[0-9a-f]{32}");
      assertThat(token).hasSizeGreaterThanOrEqualTo(40);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
      FakeSts.Issued issued = sts.issued().get(body.get("AccessKeyId").asText());
      assertThat(issued).isNotNull();
      assertThat(body.get("SecretAccessKey").asText()).isEqualTo(issued.secretAccessKey());
      assertThat(body.get("Token").asText()).isEqualTo(issued.sessionToken());
      assertThat(Instant.parse(body.get("Expiration").asText())).isEqualTo(issued.expiration());
      assertThat(body.get("AccountId").asText()).isEqualTo(ACCOUNT);
      FakeSts.AssumeRoleCall call = sts.assumeRoleCalls().get(0);
      assertThat(call.signedBy()).isEqualTo(JOB_KEY);
      assertThat(call.form()).containsEntry("Action", "AssumeRole").containsEntry("RoleArn", ROLE)
          .containsEntry("ExternalId", "ext-1234-abcd").containsEntry("RoleSessionName", "secposture-test")
          .containsEntry("DurationSeconds", "1800");
      assertThat(variables).containsKeys("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE");
      Path config = Path.of(variables.get("AWS_CONFIG_FILE").reveal());
      assertThat(Files.readString(config)).isEqualTo("[default]\nregion = eu-west-1\n");
      assertThat(Path.of(variables.get("AWS_SHARED_CREDENTIALS_FILE").reveal())).doesNotExist();
      assertThat(lease.secrets()).extracting(Secret::reveal).contains(token, issued.secretAccessKey(),
          issued.sessionToken(), issued.accessKeyId());
    }
  }

  @Test
  void endpoint_withoutTheExactToken_401Or403_otherPathsAndMethodsRefused_revokedWhenTheLeaseEnds()
      throws Exception {
    sts.trust(ROLE, null);
    CredentialLease lease = broker(Duration.ofMinutes(5)).lease(account(ROLE, null), account(ROLE, null).credentials());
    URI endpoint = URI.create(variables(lease).get("AWS_CONTAINER_CREDENTIALS_FULL_URI").reveal());
    String token = variables(lease).get("AWS_CONTAINER_AUTHORIZATION_TOKEN").reveal();
    Path config = Path.of(variables(lease).get("AWS_CONFIG_FILE").reveal());

    assertThat(get(endpoint, null).statusCode()).isEqualTo(401);
    assertThat(get(endpoint, token + "x").statusCode()).isEqualTo(403);
    assertThat(get(endpoint, token.substring(1)).statusCode()).isEqualTo(403);
    assertThat(get(endpoint.resolve("/" + "0".repeat(32)), token).statusCode()).isEqualTo(404);
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(endpoint).header("Authorization", token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get(endpoint, null).body()).doesNotContain("ASIA");
    assertThat(get(endpoint, token).statusCode()).isEqualTo(200);

    lease.close();

    assertThat(get(endpoint, token).statusCode()).isEqualTo(404);
    assertThat(config).doesNotExist();
    lease.close();
  }

  @Test
  void lease_roleDoesNotTrustTheJob_failureNamesTheRoleAndWhatToCheckWithoutTheExternalId() {
    sts.trust("arn:aws:iam::" + ACCOUNT + ":role/Other", null);

    assertThatThrownBy(() -> broker(Duration.ofMinutes(5)).lease(account(ROLE, "ext-secret-99"),
        account(ROLE, "ext-secret-99").credentials()))
        .isInstanceOf(SecpostureException.class)
        .hasMessage("cannot assume " + ROLE + " for account aws/" + ACCOUNT + ": AccessDenied: User:"
            + " arn:aws:sts::999999999999:assumed-role/hub/ci is not authorized to perform: sts:AssumeRole on"
            + " resource: " + ROLE + "; check that the role exists in the account, that its trust policy allows the"
            + " job's identity with this external id and that the job may call sts:AssumeRole on it")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ext-secret-99"));
  }

  @Test
  void lease_jobHasNoIdentity_failureSaysToCheckTheJobsOwnIdentity() {
    AwsChainingConfig config = new AwsChainingConfig("eu-west-1", sts.endpoint(), null, "secposture-test",
        Duration.ofMinutes(15), Duration.ofMinutes(5));
    broker = AwsCredentialBrokerProvider.create(config, () -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials from any of"
          + " the providers in the chain");
    });

    assertThatThrownBy(() -> broker.lease(account(ROLE, null), account(ROLE, null).credentials()))
        .isInstanceOf(SecpostureException.class)
        .hasMessage("cannot assume " + ROLE + " for account aws/" + ACCOUNT + ": SdkClientException: Unable to load"
            + " credentials from any of the providers in the chain; check the job's own AWS identity (web identity /"
            + " OIDC variables, a profile, an instance or task role) and its network access to STS");
    assertThat(sts.assumeRoleCalls()).isEmpty();
  }

  @Test
  void lease_patternGivesNoRoleArn_configurationProblemNamingTheValue() {
    assertThatThrownBy(() -> broker(Duration.ofMinutes(5)).lease(account("arn:aws:iam::{account}:user/x", null),
        new Credentials.AwsRole("arn:aws:iam::{account}:user/x", null, null, null)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("account aws/" + ACCOUNT + ": 'arn:aws:iam::" + ACCOUNT + ":user/x' is not an IAM role ARN"
            + " (arn:aws:iam::<12-digit account>:role/<name>); fix the role ARN or its pattern");
  }

  @Test
  void scan_longerThanTheSession_standInReadingTwiceAnExpiryApartGetsDifferentValidCredentials() throws Exception {
    sts.trust(ROLE, null);
    sts.sessionLifetime(Duration.ofSeconds(2));
    Path script = dir.resolve("standin-scanner.sh");
    Files.writeString(script, "#!/usr/bin/env bash\n"
        + "# reads its credentials the way an AWS SDK does, twice, the session's lifetime apart\n"
        + "set -euo pipefail\n"
        + "read_credentials() {\n"
        + "  date -u +%s > \"$1.at\"\n"
        + "  curl -sS -f -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\""
        + " \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" > \"$1.json\"\n"
        + "}\n"
        + "read_credentials \"$OUT/first\"\n"
        + "sleep 4\n"
        + "read_credentials \"$OUT/second\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    try (CredentialLease lease = broker(Duration.ofSeconds(1)).lease(account(ROLE, null),
        account(ROLE, null).credentials())) {
      ProcessBuilder process = new ProcessBuilder(script.toString()).redirectErrorStream(true);
      variables(lease).forEach((name, value) -> process.environment().put(name, value.reveal()));
      process.environment().put("OUT", dir.toString());
      Process started = process.start();
      String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(started.waitFor()).as(output).isZero();
    }

    JsonNode first = JSON.readTree(dir.resolve("first.json").toFile());
    JsonNode second = JSON.readTree(dir.resolve("second.json").toFile());
    long firstAt = Long.parseLong(Files.readString(dir.resolve("first.at")).trim());
    long secondAt = Long.parseLong(Files.readString(dir.resolve("second.at")).trim());
    assertThat(second.get("AccessKeyId").asText()).isNotEqualTo(first.get("AccessKeyId").asText());
    assertThat(Instant.parse(first.get("Expiration").asText()).getEpochSecond()).isGreaterThan(firstAt);
    assertThat(Instant.parse(second.get("Expiration").asText()).getEpochSecond()).isGreaterThan(secondAt);
    assertThat(Instant.parse(first.get("Expiration").asText()).getEpochSecond()).isLessThanOrEqualTo(secondAt);
    for (JsonNode read : List.of(first, second)) {
      FakeSts.Issued issued = sts.issued().get(read.get("AccessKeyId").asText());
      assertThat(issued).as("issued by STS").isNotNull();
      assertThat(read.get("SecretAccessKey").asText()).isEqualTo(issued.secretAccessKey());
    }
  }

  @Test
  void boto3_containerProvider_signsWithTheServedSessionAndKeepsWorkingPastItsExpiry() throws Exception {
    assumeTrue(python("import boto3"), "python3 with boto3 is not installed; the curl stand-in covers the format");
    sts.trust(ROLE, null);
    sts.sessionLifetime(Duration.ofSeconds(2));
    Path script = dir.resolve("boto3_standin.py");
    Files.writeString(script, String.join("\n",
        "import os, sys, time, boto3",
        "client = boto3.session.Session(region_name='eu-west-1').client('sts', endpoint_url=os.environ['FAKE_STS'])",
        "first = client.get_caller_identity()['Arn']",
        "time.sleep(4)",
        "second = client.get_caller_identity()['Arn']",
        "print(first)",
        "print(second)", ""));

    try (CredentialLease lease = broker(Duration.ofSeconds(1)).lease(account(ROLE, null),
        account(ROLE, null).credentials())) {
      ProcessBuilder process = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true);
      process.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
      variables(lease).forEach((name, value) -> process.environment().put(name, value.reveal()));
      process.environment().put("FAKE_STS", sts.endpoint().toString());
      Process started = process.start();
      String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(started.waitFor()).as(output).isZero();
      assertThat(output.lines().toList()).containsExactly(
          "arn:aws:sts::" + ACCOUNT + ":assumed-role/SecpostureAudit/secposture-test",
          "arn:aws:sts::" + ACCOUNT + ":assumed-role/SecpostureAudit/secposture-test");
    }
    assertThat(sts.callerIdentityKeys()).hasSize(2).doesNotHaveDuplicates();
  }

  private static boolean python(String statement) {
    try {
      Process process = new ProcessBuilder("python3", "-c", statement).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void leaseAndLogs_neverPrintTheTokenTheKeysOrTheJobsSecret() throws Exception {
    sts.trust(ROLE, "ext-id-777");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String text;
    try (CredentialLease lease = broker(Duration.ofMinutes(5)).lease(account(ROLE, "ext-id-777"),
        account(ROLE, "ext-id-777").credentials())) {
      get(URI.create(variables(lease).get("AWS_CONTAINER_CREDENTIALS_FULL_URI").reveal()),
          variables(lease).get("AWS_CONTAINER_AUTHORIZATION_TOKEN").reveal());
      text = lease + " " + lease.credentials() + " " + broker;
      for (Secret secret : lease.secrets()) {
        assertThat(text).doesNotContain(secret.reveal());
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("assumed " + ROLE + " for aws/" + ACCOUNT);
    for (String secret : sts.secretsIssued()) {
      assertThat(logs).doesNotContain(secret);
      assertThat(text).doesNotContain(secret);
    }
    assertThat(logs + text).doesNotContain(JOB_SECRET).doesNotContain("ext-id-777");
  }

  @Test
  void provider_discoveredByName_readsItsSettingsNamespace() {
    assertThat(CredentialBrokerProvider.named("aws")).isInstanceOf(AwsCredentialBrokerProvider.class);
    AwsChainingConfig config = AwsChainingConfig.from(Settings.of(Map.of("aws.region", "eu-central-1",
        "aws.session-duration", "45m", "aws.refresh-before", "10m", "gcp.region", "ignored")));

    assertThat(config.region()).isEqualTo("eu-central-1");
    assertThat(config.sessionDuration()).isEqualTo(Duration.ofMinutes(45));
    assertThat(config.refreshBefore(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(450));
    assertThat(config.refreshBefore(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void config_unknownAndMalformedSettings_everyProblemAtOnce() {
    assertThatThrownBy(() -> AwsChainingConfig.from(Settings.of(Map.of("aws.regoin", "eu-west-1",
        "aws.session-duration", "13h", "aws.sts-endpoint", "not a url", "aws.session-name", "a b"))))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
            "unknown AWS chaining setting 'aws.regoin'; known: [aws.profile, aws.refresh-before, aws.region,"
                + " aws.session-duration, aws.session-name, aws.sts-endpoint]",
            "setting 'aws.sts-endpoint' has value 'not a url'; expected a URL (Illegal character in path)",
            "setting 'aws.session-name' has value 'a b'; expected 2 to 64 letters, digits or +=,.@_-",
            "setting 'aws.session-duration' has value 'PT13H'; STS sessions last 15 minutes to 12 hours (a role"
                + " assumed by chaining at most 1 hour)"));
  }
}
