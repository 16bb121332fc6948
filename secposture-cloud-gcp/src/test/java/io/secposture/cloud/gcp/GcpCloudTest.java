package io.secposture.cloud.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import io.secposture.core.CredentialLease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google broker and discovery against local OAuth, IAM Credentials and Resource Manager endpoints, through
 * google-auth-library and the Resource Manager client: the job's identity is a real service-account key whose
 * JWT-bearer grant the fake verifies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GcpCloudTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "ci@ci-project.iam.gserviceaccount.com";
  private static final String AUDIT = "secposture@payments-prod.iam.gserviceaccount.com";

  @TempDir
  Path dir;

  private FakeGoogle google;
  private Path jobKey;

  @BeforeEach
  void start() throws Exception {
    google = new FakeGoogle().project("organizations/100", "payments-prod", "Payments prod", "ACTIVE",
        Map.of("env", "prod")).project("organizations/100", "old-project", "Old", "DELETE_REQUESTED", Map.of())
        .project("organizations/100", "web-prod", "Web prod", "ACTIVE", Map.of("env", "prod"))
        .folder("organizations/100", "200", "prod", "ACTIVE")
        .project("folders/200", "data-prod", "Data prod", "ACTIVE", Map.of("env", "prod", "team", "data"))
        .folder("folders/200", "300", "ml", "ACTIVE")
        .project("folders/300", "ml-prod", "ML prod", "ACTIVE", Map.of())
        .folder("organizations/100", "400", "retired", "DELETE_REQUESTED")
        .project("folders/400", "hidden", "Hidden", "ACTIVE", Map.of())
        .folder("organizations/100", "500", "sandbox", "ACTIVE")
        .project("folders/500", "alice-sandbox", "Alice", "ACTIVE", Map.of("env", "sandbox"));
    jobKey = dir.resolve("job-key.json");
    Files.writeString(jobKey, google.serviceAccountKey(JOB));
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private CredentialBroker broker(Map<String, String> environment) {
    GcpChainingConfig config = GcpChainingConfig.from(Settings.of(Map.of("gcp.iam-endpoint",
        google.root().toString(), "gcp.token-lifetime", "30m")));
    return GcpCredentialBrokerProvider.create(config, environment);
  }

  private static CloudAccount project(String id, String serviceAccount) {
    return CloudAccount.builder(CloudProvider.GCP, id)
        .credentials(new Credentials.GcpImpersonation(serviceAccount)).build();
  }

  @Test
  void lease_jobMayImpersonate_scannerGetsAPrivateImpersonationFileSourcedFromTheJobsCredentials()
      throws Exception {
    google.allowImpersonation(AUDIT);
    CloudAccount account = project("payments-prod", "secposture@{project}.iam.gserviceaccount.com");
    Path file;
    Path directory;
    try (CredentialBroker broker = broker(Map.of("GOOGLE_APPLICATION_CREDENTIALS", jobKey.toString()));
        CredentialLease lease = broker.lease(account, account.credentials())) {
      Credentials.GcpCredentialsFile credentials = (Credentials.GcpCredentialsFile) lease.credentials();
      file = credentials.file();
      directory = file.getParent();
      JsonNode adc = JSON.readTree(file.toFile());

      assertThat(credentials.json()).isNull();
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
      assertThat(adc.get("type").asText()).isEqualTo("impersonated_service_account");
      assertThat(adc.get("service_account_impersonation_url").asText()).isEqualTo(google.root()
          + "/v1/projects/-/serviceAccounts/" + AUDIT + ":generateAccessToken");
      assertThat(adc.get("source_credentials")).isEqualTo(JSON.readTree(jobKey.toFile()));
      assertThat(google.impersonations()).hasSize(1);
      FakeGoogle.Impersonation call = google.impersonations().get(0);
      assertThat(call.serviceAccount()).isEqualTo(AUDIT);
      assertThat(call.bearer()).startsWith("ya29.source-");
      assertThat(call.body().get("scope").get(0).asText()).isEqualTo(GcpChainingConfig.CLOUD_PLATFORM);
      assertThat(lease.secrets()).extracting(Secret::reveal).contains(Files.readString(file));
    }
    assertThat(file).doesNotExist();
    assertThat(directory).doesNotExist();
  }

  @Test
  void lease_serviceAccountCannotBeImpersonated_failureSaysWhichRoleToGrantWithoutTheKey() {
    CloudAccount account = project("payments-prod", AUDIT);

    try (CredentialBroker broker = broker(Map.of("GOOGLE_APPLICATION_CREDENTIALS", jobKey.toString()))) {
      assertThatThrownBy(() -> broker.lease(account, account.credentials()))
          .isInstanceOf(SecpostureException.class)
          .hasMessage("cannot impersonate " + AUDIT + " for account gcp/payments-prod: Error requesting access"
              + " token (HTTP 403 Forbidden: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it"
              + " may not exist).); grant the job's identity roles/iam.serviceAccountTokenCreator on the service"
              + " account and check that it exists")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PRIVATE KEY"));
    }
  }

  @Test
  void lease_jobHasNoCredentialsFile_configurationProblemSayingWhatToProvide() {
    CloudAccount account = project("payments-prod", AUDIT);

    try (CredentialBroker broker = broker(Map.of("HOME", dir.resolve("empty-home").toString()))) {
      assertThatThrownBy(() -> broker.lease(account, account.credentials()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("the job has no Google credentials file to impersonate service accounts from: set"
              + " gcp.source-credentials or GOOGLE_APPLICATION_CREDENTIALS");
    }
  }

  @Test
  void leaseAndLogs_neverPrintTheKeyOrTheTokens() throws Exception {
    google.allowImpersonation(AUDIT);
    CloudAccount account = project("payments-prod", AUDIT);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String text;
    try (CredentialBroker broker = broker(Map.of("GOOGLE_APPLICATION_CREDENTIALS", jobKey.toString()));
        CredentialLease lease = broker.lease(account, account.credentials())) {
      text = lease + " " + lease.credentials() + " " + broker;
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("gcp/payments-prod impersonates " + AUDIT);
    assertThat(logs + text).doesNotContain("PRIVATE KEY").doesNotContain("ya29.");
  }

  @Test
  void discover_organization_activeProjectsAtAnyDepthSortedWithImpersonationCredentials() {
    GcpOrganizationConfig config = GcpOrganizationConfig.from(Settings.of(Map.of("gcp-org.organization", "100",
        "gcp-org.service-account", "secposture@{project}.iam.gserviceaccount.com", "gcp-org.endpoint",
        google.root().toString(), "gcp-org.source-credentials", jobKey.toString())));

    List<CloudAccount> accounts = GcpResourceManagerDiscovery.discover(config, AccountFilter.ALL, Map.of());

    assertThat(accounts).extracting(CloudAccount::id).containsExactly("alice-sandbox", "data-prod", "ml-prod",
        "payments-prod", "web-prod");
    assertThat(accounts.get(3).name()).isEqualTo("Payments prod");
    assertThat(accounts.get(3).credentials()).isEqualTo(new Credentials.GcpImpersonation(AUDIT));
    assertThat(google.listCalls()).contains("projects organizations/100", "folders folders/200",
        "projects folders/300").doesNotContain("projects folders/400");
  }

  @Test
  void discover_folderIncludedLabelExcluded_nestedFoldersCount() {
    GcpOrganizationConfig config = GcpOrganizationConfig.from(Settings.of(Map.of("gcp-org.organization",
        "organizations/100", "gcp-org.endpoint", google.root().toString(), "gcp-org.scanners", "prowler")));

    List<CloudAccount> accounts = GcpResourceManagerDiscovery.discover(config,
        AccountFilter.parse(List.of("folder:200", "name:Web*"), List.of("label:team=data")),
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", jobKey.toString()));

    assertThat(accounts).extracting(CloudAccount::id).containsExactly("ml-prod", "web-prod");
    assertThat(accounts).allSatisfy(account -> {
      assertThat(account.credentials()).isEqualTo(Credentials.ambient());
      assertThat(account.scanners()).containsExactly("prowler");
    });
  }

  @Test
  void discover_folderAsTheParent_projectsBelowItOnly() {
    GcpOrganizationConfig config = GcpOrganizationConfig.from(Settings.of(Map.of("gcp-org.folder", "200",
        "gcp-org.endpoint", google.root().toString(), "gcp-org.source-credentials", jobKey.toString())));

    assertThat(GcpResourceManagerDiscovery.discover(config, AccountFilter.parse(List.of("folder:300"), List.of()),
        Map.of())).extracting(CloudAccount::id).containsExactly("ml-prod");
  }

  @Test
  void discover_permissionDenied_failureNamesTheCallAndTheRoleNeeded() {
    GcpOrganizationConfig config = GcpOrganizationConfig.from(Settings.of(Map.of("gcp-org.organization", "999",
        "gcp-org.endpoint", google.root().toString(), "gcp-org.source-credentials", jobKey.toString())));

    assertThatThrownBy(() -> GcpResourceManagerDiscovery.discover(config, AccountFilter.ALL, Map.of()))
        .isInstanceOf(SecpostureException.class)
        .hasMessage("Resource Manager projects.list (parent organizations/999) at " + google.root() + " failed: HTTP"
            + " 403: The caller does not have permission; the job's identity needs resourcemanager.projects.list and"
            + " resourcemanager.folders.list on organizations/999 (e.g. roles/browser)");
  }

  @Test
  void settings_wrong_everyProblemAtOnceAndDiscoveriesFoundByName() {
    assertThatThrownBy(() -> new GcpResourceManagerDiscovery().discover(Settings.of(Map.of("gcp-org.organisation",
        "1", "gcp-org.folder", "prod", "gcp-org.service-account", "audit")), AccountFilter.parse(List.of("ou:x"),
        List.of())))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "gcp-org: the rule 'ou:x' does not apply here; this discovery understands [folder, id, label, name, tag]",
            "gcp-org: unknown GCP Resource Manager setting 'gcp-org.organisation'; known: [gcp-org.endpoint,"
                + " gcp-org.folder, gcp-org.organization, gcp-org.scanners, gcp-org.service-account,"
                + " gcp-org.source-credentials]",
            "gcp-org: setting 'gcp-org.folder' holds 'prod'; expected a numeric id such as 123456789012",
            "gcp-org: setting 'gcp-org.service-account' has value 'audit'; expected a service-account email, e.g."
                + " secposture@{project}.iam.gserviceaccount.com"));
    assertThatThrownBy(() -> GcpChainingConfig.from(Settings.of(Map.of("gcp.token-lifetime", "13h",
        "gcp.iam-endpoint", "iam"))))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "setting 'gcp.iam-endpoint' has value 'iam'; expected an absolute URL such as"
                + " https://iamcredentials.googleapis.com",
            "setting 'gcp.token-lifetime' has value 'PT13H'; expected 10 minutes to 12 hours"));
    assertThat(AccountDiscovery.named("gcp-org")).isInstanceOf(GcpResourceManagerDiscovery.class);
    assertThat(CredentialBrokerProvider.named("gcp")).isInstanceOf(GcpCredentialBrokerProvider.class);
    assertThat(GcpChainingConfig.defaults().tokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(URI.create(GcpChainingConfig.defaults().impersonationUrl("a@b.iam.gserviceaccount.com")).getHost())
        .isEqualTo("iamcredentials.googleapis.com");
  }
}
