package io.secposture.prowler;

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
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches a Prowler process from the job's environment. Surefire gives this JVM the job's own AWS keys, another
 * account's secret ({@code TEAM_A_AWS_SECRET}, as an inventory's {@code { env: ... }} reference leaves it) and
 * {@code AWS_DEFAULT_REGION} (module pom); a stand-in {@code prowler} dumps its whole environment.
 */
class HostileScannerEnvironmentTest {
  private static final String TEAM_A_SECRET = "team-a-secret-from-the-inventory";
  private static final String JOB_SECRET = "job-ambient-secret-access-key";

  @TempDir
  Path work;
  private Path prowler;

  @BeforeEach
  void standIn() throws IOException {
    assumeThat(System.getenv("TEAM_A_AWS_SECRET")).as("surefire sets the job's variables").isEqualTo(TEAM_A_SECRET);
    prowler = work.resolve("prowler");
    Files.writeString(prowler, "#!/bin/sh\nenv > '" + work.resolve("env") + "'\nexit 0\n");
    Files.setPosixFilePermissions(prowler, PosixFilePermissions.fromString("rwx------"));
  }

  private Map<String, String> scanEnvironment(CloudAccount account, Map<String, String> options) throws IOException {
    Path output = Files.createDirectories(work.resolve("out-" + account.id()));
    Map<String, String> all = new HashMap<>(options);
    all.put("prowler.executable", prowler.toString());
    ProwlerScanner.builder().build().scan(new ScanRequest("run-1", account, account.credentials(), output,
        Duration.ofMinutes(1), Settings.of(all)));
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
  void scan_awsKeysOfAccountB_seesItsOwnKeysButNeitherAccountAsSecretNorTheJobsKeys() throws IOException {
    CloudAccount accountB = CloudAccount.builder(CloudProvider.AWS, "222222222222").credentials(
        new Credentials.AwsKeys(Secret.of("AKIABBBBBBBBBBBBBBBB"), Secret.of("team-b-secret-key"), null)).build();

    Map<String, String> env = scanEnvironment(accountB, Map.of());

    assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", "team-b-secret-key")
        .containsEntry("AWS_ACCESS_KEY_ID", "AKIABBBBBBBBBBBBBBBB").containsEntry("AWS_DEFAULT_REGION", "eu-west-3")
        .containsEntry("TZ", "UTC").containsKeys("PATH", "HOME").doesNotContainKey("TEAM_A_AWS_SECRET");
    assertThat(env.values()).doesNotContain(TEAM_A_SECRET, JOB_SECRET);
  }

  @Test
  void scan_gcpProject_seesNoAwsVariableOfTheJob() throws IOException {
    CloudAccount project = CloudAccount.builder(CloudProvider.GCP, "prod-project").credentials(
        new Credentials.GcpCredentialsFile(null, Secret.of("{\"type\": \"service_account\"}"))).build();

    Map<String, String> env = scanEnvironment(project, Map.of());

    // AWS_CA_BUNDLE is a CA bundle every process inherits, not an identity
    assertThat(env.keySet()).noneMatch(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE"));
    assertThat(env.values()).doesNotContain(JOB_SECRET, TEAM_A_SECRET);
  }

  @Test
  void scan_awsAmbientAndAwsRoleProwlerAssumesItself_seeTheJobsOwnKeysButNotAnotherAccountsSecret()
      throws IOException {
    Map<String, String> ambient = scanEnvironment(CloudAccount.builder(CloudProvider.AWS, "333333333333").build(),
        Map.of());
    Map<String, String> role = scanEnvironment(CloudAccount.builder(CloudProvider.AWS, "444444444444")
        .credentials(new Credentials.AwsRole("arn:aws:iam::444444444444:role/Audit", null, null, null)).build(),
        Map.of());

    for (Map<String, String> env : java.util.List.of(ambient, role)) {
      assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", JOB_SECRET)
          .containsEntry("AWS_ACCESS_KEY_ID", "AKIAJOBJOBJOBJOBJOB0").doesNotContainKey("TEAM_A_AWS_SECRET");
    }
  }

  @Test
  void scan_azureServicePrincipal_seesItsSecretAndNoAwsIdentity() throws IOException {
    Map<String, String> env = scanEnvironment(CloudAccount.builder(CloudProvider.AZURE,
        "0b1f6471-1bf0-4dda-aec3-cb9272f09590").credentials(new Credentials.AzureServicePrincipal("tenant-1",
        "client-1", Secret.of("azure-client-secret-1"))).build(), Map.of());

    assertThat(env).containsEntry("AZURE_CLIENT_SECRET", "azure-client-secret-1")
        .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "TEAM_A_AWS_SECRET");
  }

  @Test
  void scan_operatorPassesAVariableThrough_itReachesTheProcess() throws IOException {
    Map<String, String> env = scanEnvironment(CloudAccount.builder(CloudProvider.GCP, "passing-project").build(),
        Map.of("process.pass-environment", "TEAM_A_AWS_SECRET"));

    assertThat(env).containsEntry("TEAM_A_AWS_SECRET", TEAM_A_SECRET).doesNotContainKey("AWS_SECRET_ACCESS_KEY");
  }
}
