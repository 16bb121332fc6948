package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ScanRequest;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches a ScoutSuite process from the job's environment. Surefire gives this JVM another account's secret
 * ({@code TEAM_A_AWS_SECRET}, as an inventory's {@code { env: ... }} reference leaves it), the job's own AWS identity
 * ({@code AWS_PROFILE}, {@code AWS_SESSION_TOKEN}), its Google credentials and {@code AWS_DEFAULT_REGION} (module pom);
 * a stand-in {@code scout} dumps its whole environment.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HostileScannerEnvironmentTest {
  private static final String TEAM_A_SECRET = "team-a-secret-from-the-inventory";
  private static final String JOB_SESSION_TOKEN = "job-session-token";

  @TempDir
  Path work;
  private Path scout;

  @BeforeEach
  void standIn() throws IOException {
    assumeThat(System.getenv("TEAM_A_AWS_SECRET")).as("surefire sets the job's variables").isEqualTo(TEAM_A_SECRET);
    scout = Files.createDirectories(work.resolve("bin")).resolve("scout");
    Files.writeString(scout, "#!/bin/sh\nenv > '" + work.resolve("env") + "'\nexit 0\n");
    Files.setPosixFilePermissions(scout, PosixFilePermissions.fromString("rwx------"));
  }

  private Map<String, String> scanEnvironment(CloudAccount account, Settings options) throws IOException {
    Path output = Files.createDirectories(work.resolve("out-" + account.id()));
    ScoutSuiteScanner.builder().executable(scout).build().scan(new ScanRequest("run-1", account,
        account.credentials(), output, Duration.ofMinutes(1), options));
    Map<String, String> variables = new TreeMap<>();
    for (String line : Files.readAllLines(work.resolve("env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        variables.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return variables;
  }

  @Test
  void scan_awsKeysOfAccountB_seesItsOwnKeysButNeitherAccountAsSecretNorTheJobsIdentity() throws IOException {
    CloudAccount accountB = CloudAccount.builder(CloudProvider.AWS, "222222222222").credentials(
        new Credentials.AwsKeys(Secret.of("AKIABBBBBBBBBBBBBBBB"), Secret.of("team-b-secret-key"), null)).build();

    Map<String, String> env = scanEnvironment(accountB, Settings.empty());

    assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", "team-b-secret-key")
        .containsEntry("AWS_DEFAULT_REGION", "eu-west-3").containsKeys("PATH", "HOME")
        .doesNotContainKeys("TEAM_A_AWS_SECRET", "AWS_PROFILE", "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS");
    assertThat(env.values()).doesNotContain(TEAM_A_SECRET, JOB_SESSION_TOKEN);
  }

  @Test
  void scan_gcpProject_seesNoAwsVariableOfTheJob() throws IOException {
    CloudAccount project = CloudAccount.builder(CloudProvider.GCP, "prod-project").credentials(
        new Credentials.GcpCredentialsFile(null, Secret.of("{\"type\": \"service_account\"}"))).build();

    Map<String, String> env = scanEnvironment(project, Settings.empty());

    // AWS_CA_BUNDLE is a CA bundle every process inherits, not an identity
    assertThat(env.keySet()).noneMatch(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE"));
    assertThat(env).doesNotContainKeys("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_REGION");
    assertThat(env).doesNotContainKeys("TEAM_A_AWS_SECRET", "GOOGLE_APPLICATION_CREDENTIALS").containsKey("PATH");
  }

  @Test
  void scan_awsAmbient_seesTheJobsOwnAwsIdentityButNotAnotherAccountsSecret() throws IOException {
    Map<String, String> env = scanEnvironment(CloudAccount.builder(CloudProvider.AWS, "333333333333").build(),
        Settings.empty());

    assertThat(env).containsEntry("AWS_SESSION_TOKEN", JOB_SESSION_TOKEN).containsEntry("AWS_PROFILE", "job-profile")
        .doesNotContainKeys("TEAM_A_AWS_SECRET", "GOOGLE_APPLICATION_CREDENTIALS", "SECPOSTURE_TEST_JOB_SECRET");
  }

  @Test
  void scan_gcpAmbient_seesTheJobsGoogleCredentialsButNoAwsIdentity() throws IOException {
    Map<String, String> env = scanEnvironment(CloudAccount.builder(CloudProvider.GCP, "adc-project").build(),
        Settings.empty());

    assertThat(env).containsKey("GOOGLE_APPLICATION_CREDENTIALS").doesNotContainKeys("AWS_SESSION_TOKEN",
        "AWS_PROFILE", "TEAM_A_AWS_SECRET");
  }

  @Test
  void scan_operatorPassesAVariableThrough_itReachesTheProcessButSecpostureVariablesNever() throws IOException {
    Map<String, String> env = scanEnvironment(CloudAccount.builder(CloudProvider.AZURE,
        "0b1f6471-1bf0-4dda-aec3-cb9272f09590").credentials(new Credentials.AzureCli()).build(),
        Settings.of(Map.of("process.pass-environment", "TEAM_A_AWS_SECRET,SECPOSTURE_*")));

    assertThat(env).containsEntry("TEAM_A_AWS_SECRET", TEAM_A_SECRET).doesNotContainKey("SECPOSTURE_TEST_JOB_SECRET");
  }
}
