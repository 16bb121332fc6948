package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.prowler.ProwlerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact command line, environment and secret files for each provider and credential kind. */
class ProwlerCommandTest {
  private static final Path PROWLER = Path.of("/opt/prowler/bin/prowler");
  private static final Secret SECRET = Secret.of("s3cr3t-value-Zq8v");

  @TempDir
  Path output;

  private ProwlerCommand command(CloudProvider provider, String id, Credentials credentials, String... options) {
    java.util.Map<String, String> settings = new java.util.HashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      settings.put(options[i], options[i + 1]);
    }
    CloudAccount account = CloudAccount.builder(provider, id).credentials(credentials).build();
    return ProwlerCommand.build(PROWLER, account, credentials, ProwlerOptions.from(Settings.of(settings)), output,
        "prowler-output-x-run");
  }

  private List<String> tail() {
    return List.of("--output-directory", output.toString(), "--output-filename", "prowler-output-x-run",
        "--output-formats", "json-ocsf", "csv", "html", "--no-banner", "--log-level", "ERROR");
  }

  private List<String> expected(String provider, List<String> auth, List<String> scope) {
    List<String> arguments = new ArrayList<>(List.of(PROWLER.toString(), provider));
    arguments.addAll(auth);
    arguments.addAll(scope);
    arguments.addAll(tail());
    return arguments;
  }

  @Test
  void aws_ambient_usesTheDefaultChainWithNoFlagAndTouchesNoVariable() {
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", new Credentials.Ambient())) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of(), List.of()));
      assertThat(command.environment()).isEqualTo(Map.of("TZ", "UTC", "PYTHONUNBUFFERED", "1"));
      assertThat(command.secretEnvironment()).isEmpty();
      assertThat(command.removedVariables()).isEmpty();
    }
  }

  @Test
  void aws_profile_passesProfileAndDropsInheritedKeys() {
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", new Credentials.AwsProfile("audit"))) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of("--profile", "audit"), List.of()));
      assertThat(command.removedVariables()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN");
    }
  }

  @Test
  void aws_keys_goToTheEnvironmentOnlyAndAnInheritedProfileIsRemoved() {
    Credentials keys = new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), SECRET, null);
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", keys)) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of(), List.of()));
      assertThat(command.secretEnvironment()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
      assertThat(command.secretEnvironment().get("AWS_SECRET_ACCESS_KEY").reveal()).isEqualTo(SECRET.reveal());
      assertThat(command.removedVariables()).containsExactly("AWS_SESSION_TOKEN", "AWS_PROFILE",
          "AWS_DEFAULT_PROFILE");
      assertThat(String.join(" ", command.arguments())).doesNotContain(SECRET.reveal());
    }
  }

  @Test
  void aws_role_passesRoleDurationNameAndTheExternalIdMarkedForRedaction() {
    Credentials role = new Credentials.AwsRole("arn:aws:iam::123456789012:role/Audit", SECRET, "secposture-weekly",
        Duration.ofMinutes(30));
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", role)) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of("--role",
          "arn:aws:iam::123456789012:role/Audit", "--external-id", SECRET.reveal(), "--session-duration", "1800",
          "--role-session-name", "secposture-weekly"), List.of()));
      assertThat(command.redacted()).containsExactly(SECRET);
      assertThat(command.toString()).doesNotContain(SECRET.reveal()).contains("--external-id, ****");
      assertThat(command.warnings()).isEmpty();
    }
  }

  @Test
  void aws_roleWithoutOptionalParts_passesOnlyTheRoleAndWarnsWhenItIsInAnotherAccount() {
    Credentials role = new Credentials.AwsRole("arn:aws:iam::999999999999:role/Audit", null, null, null);
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", role)) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of("--role",
          "arn:aws:iam::999999999999:role/Audit"), List.of()));
      assertThat(command.redacted()).isEmpty();
      assertThat(command.warnings()).containsExactly("the role arn:aws:iam::999999999999:role/Audit is in account "
          + "999999999999, not in the scanned account 123456789012; Prowler reports what that role sees");
    }
  }

  @Test
  void aws_environment_passesTheVariablesAsSecrets() {
    Credentials environment = new Credentials.Environment(Map.of("AWS_ACCESS_KEY_ID", Secret.of("AKIAEXAMPLE12345"),
        "AWS_SECRET_ACCESS_KEY", SECRET), "chained role");
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", environment, "prowler.regions",
        "eu-west-1", "prowler.scan-unused-services", "true")) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of(), List.of("--region", "eu-west-1",
          "--scan-unused-services")));
      assertThat(command.secretEnvironment()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
      assertThat(command.removedVariables()).containsExactly("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
          "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    }
  }

  @Test
  void aws_chainedCredentialsEndpoint_jobsOwnIdentityVariablesRemovedSoTheEndpointWins() {
    Credentials environment = new Credentials.Environment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
        Secret.of("http://127.0.0.1:40000/0123456789abcdef"), "AWS_CONTAINER_AUTHORIZATION_TOKEN", SECRET),
        "assumed role");
    try (ProwlerCommand command = command(CloudProvider.AWS, "123456789012", environment,
        "prowler.aws-retries-max-attempts", "10", "prowler.gcp-retries-max-attempts", "7")) {
      assertThat(command.arguments()).isEqualTo(expected("aws", List.of(), List.of("--aws-retries-max-attempts",
          "10")));
      assertThat(command.secretEnvironment()).containsOnlyKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN");
      assertThat(command.removedVariables()).contains("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
          .doesNotContain("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
  }

  @Test
  void gcp_retries_passedAsTheGcpFlagOnly() {
    try (ProwlerCommand command = command(CloudProvider.GCP, "prod-project", new Credentials.Ambient(),
        "prowler.gcp-retries-max-attempts", "7", "prowler.aws-retries-max-attempts", "10")) {
      assertThat(command.arguments()).isEqualTo(expected("gcp", List.of(), List.of("--project-ids", "prod-project",
          "--gcp-retries-max-attempts", "7")));
    }
    assertThatThrownBy(() -> ProwlerOptions.from(Settings.of(Map.of("prowler.aws-retries-max-attempts", "many"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("prowler.aws-retries-max-attempts is 'many'; use a number of attempts from 1 to 100");
  }

  @Test
  void azure_cliAndAmbient_useTheCliLoginForTheAccountsSubscription() {
    for (Credentials credentials : List.of(new Credentials.AzureCli(), new Credentials.Ambient())) {
      try (ProwlerCommand command = command(CloudProvider.AZURE, "sub-1", credentials)) {
        assertThat(command.arguments()).isEqualTo(expected("azure", List.of("--az-cli-auth"),
            List.of("--subscription-ids", "sub-1")));
      }
    }
  }

  @Test
  void azure_servicePrincipal_signsInFromTheEnvironmentWithTheSecretOnlyThere() {
    Credentials principal = new Credentials.AzureServicePrincipal("tenant-1", "client-1", SECRET);
    try (ProwlerCommand command = command(CloudProvider.AZURE, "sub-1", principal, "prowler.subscription-ids",
        "sub-1,sub-2")) {
      assertThat(command.arguments()).isEqualTo(expected("azure", List.of("--sp-env-auth"),
          List.of("--subscription-ids", "sub-1", "sub-2")));
      assertThat(command.environment()).containsEntry("AZURE_CLIENT_ID", "client-1")
          .containsEntry("AZURE_TENANT_ID", "tenant-1");
      assertThat(command.secretEnvironment()).containsOnlyKeys("AZURE_CLIENT_SECRET");
    }
  }

  @Test
  void azure_managedIdentity_selectsAUserAssignedIdentityByClientId() {
    try (ProwlerCommand user = command(CloudProvider.AZURE, "sub-1", new Credentials.AzureManagedIdentity("mi-1"),
        "prowler.all-subscriptions", "true");
        ProwlerCommand system = command(CloudProvider.AZURE, "sub-1", new Credentials.AzureManagedIdentity(null))) {
      assertThat(user.arguments()).isEqualTo(expected("azure", List.of("--managed-identity-auth"), List.of()));
      assertThat(user.environment()).containsEntry("AZURE_CLIENT_ID", "mi-1");
      assertThat(system.removedVariables()).containsExactly("AZURE_CLIENT_ID");
    }
  }

  @Test
  void azure_environment_choosesServicePrincipalOnlyWithAllThreeVariables() {
    Credentials full = new Credentials.Environment(Map.of("AZURE_CLIENT_ID", Secret.of("client"),
        "AZURE_TENANT_ID", Secret.of("tenant"), "AZURE_CLIENT_SECRET", SECRET), "sp");
    Credentials partial = new Credentials.Environment(Map.of("AZURE_CONFIG_DIR", Secret.of("/tmp/az")), "cli");
    try (ProwlerCommand sp = command(CloudProvider.AZURE, "sub-1", full);
        ProwlerCommand cli = command(CloudProvider.AZURE, "sub-1", partial)) {
      assertThat(sp.arguments()).contains("--sp-env-auth").doesNotContain("--az-cli-auth");
      assertThat(cli.arguments()).contains("--az-cli-auth").doesNotContain("--sp-env-auth");
    }
  }

  @Test
  void azure_federatedToken_isRefusedWithTheKindsThatWork() {
    Credentials federated = new Credentials.AzureFederated("tenant", "client", Path.of("/var/run/token"));

    assertThatThrownBy(() -> command(CloudProvider.AZURE, "sub-1", federated))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Prowler cannot sign in to Azure with a federated token")
        .hasMessageContaining("azure-service-principal, azure-managed-identity or azure-cli");
  }

  @Test
  void gcp_credentialsFilePath_isPassedAsIsAndTheProjectIsTheAccount() throws Exception {
    Path file = Files.writeString(output.resolve("sa.json"), "{}");
    try (ProwlerCommand command = command(CloudProvider.GCP, "shop-prod", new Credentials.GcpCredentialsFile(file,
        null))) {
      assertThat(command.arguments()).isEqualTo(expected("gcp", List.of("--credentials-file", file.toString()),
          List.of("--project-ids", "shop-prod")));
    }
  }

  @Test
  void gcp_credentialsJson_goesToAnOwnerOnlyFileThatCloseDeletes() throws Exception {
    ProwlerCommand command = command(CloudProvider.GCP, "shop-prod", new Credentials.GcpCredentialsFile(null,
        Secret.of("{\"type\": \"service_account\"}")));
    Path file = Path.of(command.arguments().get(command.arguments().indexOf("--credentials-file") + 1));

    assertThat(Files.readString(file)).isEqualTo("{\"type\": \"service_account\"}");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(file.startsWith(output)).isFalse();
    command.close();
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void gcp_impersonationAndOrganization_scanTheOrganizationAsTheServiceAccount() {
    try (ProwlerCommand command = command(CloudProvider.GCP, "shop-prod",
        new Credentials.GcpImpersonation("audit@sec.iam.gserviceaccount.com"), "prowler.organization-id",
        "123456")) {
      assertThat(command.arguments()).isEqualTo(expected("gcp", List.of("--impersonate-service-account",
          "audit@sec.iam.gserviceaccount.com"), List.of("--organization-id", "123456")));
    }
  }

  @Test
  void gcp_missingCredentialsFile_isRefusedNamingIt() {
    Path missing = output.resolve("absent.json");

    assertThatThrownBy(() -> command(CloudProvider.GCP, "p", new Credentials.GcpCredentialsFile(missing, null)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void kubernetes_kubeconfigAndContext_areFlagsAndNamespacesNarrowTheScan() {
    Credentials kubeconfig = new Credentials.Kubeconfig(Path.of("/etc/kube/prod.yaml"), "prod-admin");
    try (ProwlerCommand command = command(CloudProvider.KUBERNETES, "prod", kubeconfig, "prowler.namespaces",
        "payments,web")) {
      assertThat(command.arguments()).isEqualTo(expected("kubernetes", List.of("--kubeconfig-file",
          "/etc/kube/prod.yaml", "--context", "prod-admin"), List.of("--namespace", "payments", "web")));
    }
  }

  @Test
  void kubernetes_ambient_usesTheCurrentContext() {
    try (ProwlerCommand command = command(CloudProvider.KUBERNETES, "prod", new Credentials.Ambient())) {
      assertThat(command.arguments()).isEqualTo(expected("kubernetes", List.of(), List.of()));
    }
  }

  @Test
  void regionsForAnotherCloud_areIgnoredWithAWarning() {
    try (ProwlerCommand command = command(CloudProvider.GCP, "p", new Credentials.Ambient(), "prowler.regions",
        "eu-west-1")) {
      assertThat(command.arguments()).doesNotContain("--region", "eu-west-1");
      assertThat(command.warnings()).containsExactly("prowler.regions applies to AWS accounts only; ignored for "
          + "gcp/p");
    }
  }

  @Test
  void customCredentials_areRefused() {
    Credentials custom = new Credentials.Custom("github-app", Map.of(), Map.of());

    assertThatThrownBy(() -> command(CloudProvider.KUBERNETES, "prod", custom))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Prowler cannot use credentials of kind 'github-app' for kubernetes/prod; for kubernetes accounts "
            + "use ambient, kubeconfig or environment");
  }

  @Test
  void missingMutelist_isRefusedButRemoteOnesPass() {
    assertThatThrownBy(() -> command(CloudProvider.AWS, "1", new Credentials.Ambient(), "prowler.mutelist-file",
        output.resolve("none.yaml").toString())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not a readable file");
    try (ProwlerCommand command = command(CloudProvider.AWS, "1", new Credentials.Ambient(),
        "prowler.mutelist-file", "s3://bucket/mutelist.yaml")) {
      assertThat(command.arguments()).containsSequence("--mutelist-file", "s3://bucket/mutelist.yaml");
    }
  }
}
