package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scanner process inherits from the job: an allow-list, the account's own credentials, and the job's cloud
 * identity only for ambient or chained kinds. The job's environment here holds what a real one does: inventory
 * secrets of several accounts ({@code { env: VAR }}), its own AWS keys and Google credentials, proxies and CA bundles.
 */
class HostileScannerEnvironmentTest {
  private static final Map<String, String> JOB = Map.ofEntries(
      Map.entry("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
      Map.entry("HOME", "/home/ci"), Map.entry("LANG", "C.UTF-8"), Map.entry("LC_ALL", "C.UTF-8"),
      Map.entry("TZ", "Europe/Paris"), Map.entry("TMPDIR", "/tmp"),
      Map.entry("HTTPS_PROXY", "http://proxy:3128"), Map.entry("no_proxy", "169.254.169.254"),
      Map.entry("REQUESTS_CA_BUNDLE", "/etc/ssl/corp.pem"), Map.entry("SSL_CERT_FILE", "/etc/ssl/corp.pem"),
      Map.entry("PYTHONPATH", "/opt/tools"),
      Map.entry("TEAM_A_AWS_SECRET", "team-a-secret-from-the-inventory"),
      Map.entry("TEAM_B_AWS_SECRET", "team-b-secret-from-the-inventory"),
      Map.entry("AWS_ACCESS_KEY_ID", "AKIAJOBJOBJOBJOBJOB0"), Map.entry("AWS_SECRET_ACCESS_KEY", "job-aws-secret"),
      Map.entry("AWS_DEFAULT_REGION", "eu-west-3"), Map.entry("AWS_ENDPOINT_URL_STS", "https://sts.eu-west-3.amazonaws.com"),
      Map.entry("AWS_CONFIG_FILE", "/home/ci/.aws/config"),
      Map.entry("GOOGLE_APPLICATION_CREDENTIALS", "/home/ci/adc.json"), Map.entry("CLOUDSDK_CONFIG", "/home/ci/gcloud"),
      Map.entry("AZURE_CLIENT_SECRET", "job-azure-secret"), Map.entry("ARM_CLIENT_SECRET", "job-arm-secret"),
      Map.entry("KUBECONFIG", "/home/ci/kube"), Map.entry("GITHUB_TOKEN", "ghs_job_token"),
      Map.entry("SECPOSTURE_ACCOUNTS", "a,b"));

  @TempDir
  Path dir;
  private Path dump;

  @BeforeEach
  void standIn() throws IOException {
    assumeThat(Files.isExecutable(Path.of("/bin/sh"))).isTrue();
    dump = dir.resolve("env.sh");
    Files.writeString(dump, "#!/bin/sh\nenv\n");
    Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwx------"));
  }

  /** Runs the stand-in as a scanner would for an account, and returns the environment it saw. */
  private Map<String, String> seen(CloudProvider provider, Credentials credentials, Map<String, Secret> own)
      throws IOException {
    ProcessSpec spec = ProcessSpec.builder(List.of(dump.toString())).workingDirectory(dir)
        .logs(dir.resolve("stdout.log"), dir.resolve("stderr.log")).timeout(Duration.ofSeconds(30))
        .credentials(provider, credentials).secretEnvironment(own).build();
    new ProcessRunner(JOB).run(spec);
    Map<String, String> variables = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("stdout.log"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        variables.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    variables.remove(ProcessRunner.TREE_VARIABLE);
    variables.remove("PWD");
    variables.remove("SHLVL");
    variables.remove("_");
    return variables;
  }

  @Test
  void accountB_getsTheBaseAndItsOwnKeysOnly_neverAccountAsSecretNorTheJobsIdentity() throws IOException {
    Credentials keys = new Credentials.AwsKeys(Secret.of("AKIABBBBBBBBBBBBBBBB"), Secret.of("team-b-key"), null);

    Map<String, String> env = seen(CloudProvider.AWS, keys, Map.of("AWS_ACCESS_KEY_ID",
        Secret.of("AKIABBBBBBBBBBBBBBBB"), "AWS_SECRET_ACCESS_KEY", Secret.of("team-b-key")));

    assertThat(env).containsOnlyKeys("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "HTTPS_PROXY", "no_proxy",
        "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_STS", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY");
    assertThat(env).as("its own key, masked in the log").containsEntry("AWS_SECRET_ACCESS_KEY", "****");
    assertThat(env.values()).doesNotContain("team-a-secret-from-the-inventory", "team-b-secret-from-the-inventory",
        "job-aws-secret");
  }

  @Test
  void gcpScan_seesNoAwsOrAzureVariableOfTheJob() throws IOException {
    Map<String, String> env = seen(CloudProvider.GCP, new Credentials.GcpCredentialsFile(null,
        Secret.of("{\"type\": \"service_account\"}")), Map.of());

    assertThat(env.keySet()).noneMatch(name -> name.startsWith("AWS_") || name.startsWith("AZURE_")
        || name.startsWith("ARM_") || name.startsWith("GOOGLE_") || name.startsWith("TEAM_"));
  }

  @Test
  void ambientAndChainedKinds_getTheirCloudsIdentityOnly() throws IOException {
    Map<String, String> awsAmbient = seen(CloudProvider.AWS, Credentials.ambient(), Map.of());
    Map<String, String> awsRole = seen(CloudProvider.AWS, new Credentials.AwsRole(
        "arn:aws:iam::111111111111:role/Audit", null, null, null), Map.of());
    Map<String, String> gcpAmbient = seen(CloudProvider.GCP, Credentials.ambient(), Map.of());
    Map<String, String> impersonation = seen(CloudProvider.GCP, new Credentials.GcpImpersonation(
        "audit@p.iam.gserviceaccount.com"), Map.of());
    Map<String, String> azureCli = seen(CloudProvider.AZURE, new Credentials.AzureCli(), Map.of());
    Map<String, String> profile = seen(CloudProvider.AWS, new Credentials.AwsProfile("audit"), Map.of());

    for (Map<String, String> env : List.of(awsAmbient, awsRole)) {
      assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", "job-aws-secret")
          .doesNotContainKeys("GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CLIENT_SECRET", "TEAM_A_AWS_SECRET");
    }
    for (Map<String, String> env : List.of(gcpAmbient, impersonation)) {
      assertThat(env).containsKeys("GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG")
          .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "AZURE_CLIENT_SECRET");
    }
    assertThat(azureCli).containsKeys("AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET")
        .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS");
    assertThat(profile).containsEntry("AWS_CONFIG_FILE", "/home/ci/.aws/config")
        .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID");
  }

  @Test
  void kubernetesWithAKubeconfig_getsTheCloudIdentitiesItsExecPluginsUse() throws IOException {
    Map<String, String> env = seen(CloudProvider.KUBERNETES, new Credentials.Kubeconfig(null, "prod"), Map.of());

    assertThat(env).containsKeys("KUBECONFIG", "AWS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS")
        .doesNotContainKeys("TEAM_A_AWS_SECRET", "GITHUB_TOKEN", "SECPOSTURE_ACCOUNTS");
  }

  @Test
  void inheritEverythingOnPurpose_stillNoSecpostureVariable() throws IOException {
    Map<String, String> job = new HashMap<>(JOB);
    ProcessSpec spec = ProcessSpec.builder(List.of(dump.toString())).workingDirectory(dir)
        .logs(dir.resolve("stdout.log"), dir.resolve("stderr.log")).inherit(List.of("*")).build();

    new ProcessRunner(job).run(spec);

    assertThat(Files.readAllLines(dir.resolve("stdout.log"))).contains("GITHUB_TOKEN=ghs_job_token")
        .noneMatch(line -> line.startsWith("SECPOSTURE_"));
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("x")).inherit(List.of("A*B")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A*B' is not a variable name");
  }
}
