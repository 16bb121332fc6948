package io.secposture.cloud.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure broker and discovery against local Entra ID and Resource Manager endpoints over HTTPS, through
 * azure-identity (client secret and client assertion flows) and Resource Manager's REST API.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AzureCloudTest {
  private static final String TENANT = "11111111-2222-3333-4444-555555555555";
  private static final String CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  private static final String SECRET = "client~secret~value~0123456789";
  private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
  private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";
  private static final String SUB_C = "00000000-0000-0000-0000-00000000000c";
  private static final String SUB_D = "00000000-0000-0000-0000-00000000000d";

  @TempDir
  Path dir;

  private FakeAzure azure;

  @BeforeEach
  void start() throws Exception {
    azure = new FakeAzure(dir, TENANT);
    azure.application(CLIENT, SECRET);
    azure.subscription(SUB_C, "payments-prod", "Enabled", Map.of("env", "prod"));
    azure.subscription(SUB_A, "data-prod", "Enabled", Map.of("env", "prod", "team", "data"));
    azure.subscription(SUB_D, "old", "Disabled", Map.of());
    azure.subscription(SUB_B, "alice-sandbox", "Enabled", Map.of("env", "sandbox"));
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  private CredentialBroker broker(Duration refresh) {
    AzureChainingConfig config = new AzureChainingConfig(azure.root(), azure.root(), refresh);
    return AzureCredentialBrokerProvider.create(config, azure.clientContext());
  }

  private static String jwt(String subject, Instant expiry) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + encoder.encodeToString(("{\"iss\":\"https://token.actions.githubusercontent.com\",\"sub\":\"" + subject
            + "\",\"aud\":\"api://AzureADTokenExchange\",\"exp\":" + expiry.getEpochSecond() + "}")
            .getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  private static CloudAccount subscription(String id, Credentials credentials) {
    return CloudAccount.builder(CloudProvider.AZURE, id).credentials(credentials).build();
  }

  @Test
  void lease_servicePrincipal_provenOnceWithEntraThenHandedOverUnchanged() {
    Credentials.AzureServicePrincipal principal = new Credentials.AzureServicePrincipal(TENANT, CLIENT,
        Secret.of(SECRET));

    try (CredentialBroker broker = broker(Duration.ofSeconds(30))) {
      CredentialLease first = broker.lease(subscription(SUB_A, principal), principal);
      CredentialLease second = broker.lease(subscription(SUB_B, principal), principal);

      assertThat(first.credentials()).isEqualTo(principal);
      assertThat(second.credentials()).isEqualTo(principal);
    }
    assertThat(azure.tokenRequests()).hasSize(1);
    assertThat(azure.tokenRequests().get(0)).containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", CLIENT);
    assertThat(azure.tokenRequests().get(0).get("scope").split(" ")).contains(azure.root() + "/.default");
  }

  @Test
  void lease_wrongSecret_failsWithEntrasReasonAndNeverTheSecret() {
    Credentials.AzureServicePrincipal wrong = new Credentials.AzureServicePrincipal(TENANT, CLIENT,
        Secret.of("not-the-secret-value-123"));

    try (CredentialBroker broker = broker(Duration.ofSeconds(30))) {
      assertThatThrownBy(() -> broker.lease(subscription(SUB_A, wrong), wrong))
          .isInstanceOf(SecpostureException.class)
          .hasMessageStartingWith("Entra ID refused application " + CLIENT + " of tenant " + TENANT + " (account"
              + " azure/" + SUB_A + "): AADSTS7000215: Invalid client secret provided.")
          .hasMessageEndingWith("; check the tenant and application ids, the secret or the federated credential"
              + " (issuer, subject, audience api://AzureADTokenExchange) and that the token file is current")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret-value-123"));
    }
  }

  @Test
  void lease_federatedToken_scannerReadsAPrivateCopyKeptCurrentAndDeletedAtTheEnd() throws Exception {
    Path source = dir.resolve("ci-oidc-token");
    String first = jwt("repo:org/secposture:ref:refs/heads/main", Instant.now().plusSeconds(3));
    Files.writeString(source, first + "\n");
    azure.acceptAssertion(first, Instant.now().plusSeconds(3));
    Credentials.AzureFederated federated = new Credentials.AzureFederated(TENANT, CLIENT, source);

    Path copy;
    try (CredentialBroker broker = broker(Duration.ofMillis(200));
        CredentialLease lease = broker.lease(subscription(SUB_A, federated), federated)) {
      Credentials.AzureFederated handed = (Credentials.AzureFederated) lease.credentials();
      copy = handed.tokenFile();

      assertThat(handed.tenantId()).isEqualTo(TENANT);
      assertThat(handed.clientId()).isEqualTo(CLIENT);
      assertThat(copy).isNotEqualTo(source);
      assertThat(Files.readString(copy)).isEqualTo(first);
      assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(copy.getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      assertThat(azure.tokenRequests()).singleElement().satisfies(request -> assertThat(request)
          .containsEntry("client_assertion", first)
          .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));

      // the CI platform renews its token; an expiry later the scanner's copy holds the new one, which Entra takes
      String second = jwt("repo:org/secposture:ref:refs/heads/main", Instant.now().plusSeconds(600));
      azure.acceptAssertion(second, Instant.now().plusSeconds(600));
      Files.writeString(source, second);
      Thread.sleep(3_500);

      assertThat(Files.readString(copy)).isEqualTo(second);
      AzureSubscriptionsConfig asScanner = new AzureSubscriptionsConfig(TENANT, CLIENT, null, copy, azure.root(),
          azure.root(), List.of());
      assertThat(AzureSubscriptionsDiscovery.discover(asScanner, AccountFilter.ALL, azure.clientContext()))
          .as("the renewed copy signs in after the first token expired").hasSize(3);
      assertThat(lease.secrets()).extracting(Secret::reveal).contains(first, second);
    }
    assertThat(copy).doesNotExist();
    assertThat(copy.getParent()).doesNotExist();
  }

  @Test
  void lease_federatedTokenUnknownToEntra_failsNamingTheFederatedCredentialToCheck() throws Exception {
    Path source = dir.resolve("ci-oidc-token");
    Files.writeString(source, jwt("repo:someone/else", Instant.now().plusSeconds(600)));
    Credentials.AzureFederated federated = new Credentials.AzureFederated(TENANT, CLIENT, source);

    try (CredentialBroker broker = broker(Duration.ofSeconds(30))) {
      assertThatThrownBy(() -> broker.lease(subscription(SUB_A, federated), federated))
          .isInstanceOf(SecpostureException.class)
          .hasMessageContaining("AADSTS700211: No matching federated identity record found for presented assertion"
              + " issuer.");
    }
    try (var leftovers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(leftovers.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith("secposture-azure-") && Files.exists(Path.of(
              System.getProperty("java.io.tmpdir"), name, "federated-token")));
    }
  }

  @Test
  void discover_servicePrincipal_enabledSubscriptionsSortedAcrossPagesWithTheApplicationsCredentials() {
    AzureSubscriptionsConfig config = AzureSubscriptionsConfig.from(Settings.of(Map.of(
        "azure-subscriptions.tenant-id", TENANT, "azure-subscriptions.client-id", CLIENT,
        "azure-subscriptions.client-secret-variable", "SCAN_APP_SECRET", "azure-subscriptions.authority-host",
        azure.root().toString(), "azure-subscriptions.resource-manager", azure.root().toString())),
        Map.of("SCAN_APP_SECRET", SECRET));

    List<CloudAccount> accounts = AzureSubscriptionsDiscovery.discover(config, AccountFilter.ALL,
        azure.clientContext());

    assertThat(accounts).extracting(CloudAccount::id).containsExactly(SUB_A, SUB_B, SUB_C);
    assertThat(accounts.get(2).name()).isEqualTo("payments-prod");
    assertThat(accounts).allSatisfy(account -> assertThat(account.credentials())
        .isEqualTo(new Credentials.AzureServicePrincipal(TENANT, CLIENT, Secret.of(SECRET))));
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void discover_filters_namesAndTags() {
    AzureSubscriptionsConfig config = new AzureSubscriptionsConfig(TENANT, CLIENT, Secret.of(SECRET), null,
        azure.root(), azure.root(), List.of("prowler"));

    List<CloudAccount> accounts = AzureSubscriptionsDiscovery.discover(config,
        AccountFilter.parse(List.of("tag:env=prod", "name:alice-*"), List.of("tag:team=data")),
        azure.clientContext());

    assertThat(accounts).extracting(CloudAccount::id).containsExactly(SUB_B, SUB_C);
    assertThat(accounts).allSatisfy(account -> assertThat(account.scanners()).containsExactly("prowler"));
  }

  @Test
  void discover_nextLinkToAnotherHost_refusedWithoutSendingTheToken() {
    azure.foreignNextLink("https://attacker.example/subscriptions?api-version=2022-12-01");
    AzureSubscriptionsConfig config = new AzureSubscriptionsConfig(TENANT, CLIENT, Secret.of(SECRET), null,
        azure.root(), azure.root(), List.of());

    assertThatThrownBy(() -> AzureSubscriptionsDiscovery.discover(config, AccountFilter.ALL, azure.clientContext()))
        .isInstanceOf(SecpostureException.class)
        .hasMessage("Resource Manager sent a next link to attacker.example, not 127.0.0.1; refusing to send the token"
            + " there");
  }

  @Test
  void settings_wrong_everyProblemAtOnceAndExtensionsFoundByName() {
    assertThatThrownBy(() -> new AzureSubscriptionsDiscovery().discover(Settings.of(Map.of(
        "azure-subscriptions.tenant-id", "contoso", "azure-subscriptions.client-secret", "inline",
        "azure-subscriptions.authority-host", "http://login.example")), AccountFilter.parse(List.of("ou:x"),
        List.of())))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "azure-subscriptions: the rule 'ou:x' does not apply here; this discovery understands [id, label, name,"
                + " tag]",
            "azure-subscriptions: unknown Azure subscription discovery setting 'azure-subscriptions.client-secret';"
                + " known: [azure-subscriptions.authority-host, azure-subscriptions.client-id,"
                + " azure-subscriptions.client-secret-variable, azure-subscriptions.federated-token-file,"
                + " azure-subscriptions.resource-manager, azure-subscriptions.scanners, azure-subscriptions.tenant-id]",
            "azure-subscriptions: setting 'azure-subscriptions.tenant-id' has value 'contoso'; expected a GUID such as"
                + " 00000000-0000-0000-0000-000000000000",
            "azure-subscriptions: set azure-subscriptions.client-id (a GUID)",
            "azure-subscriptions: set azure-subscriptions.federated-token-file (the CI platform's OIDC token file) or"
                + " azure-subscriptions.client-secret-variable (the variable holding a client secret)",
            "azure-subscriptions: setting 'azure-subscriptions.authority-host' has value 'http://login.example';"
                + " expected an https URL such as https://login.microsoftonline.com"));
    assertThat(AccountDiscovery.named("azure-subscriptions")).isInstanceOf(AzureSubscriptionsDiscovery.class);
    assertThat(CredentialBrokerProvider.named("azure")).isInstanceOf(AzureCredentialBrokerProvider.class);
  }

  @Test
  void logs_neverHoldTheSecretOrTheTokens() throws Exception {
    Path source = dir.resolve("ci-oidc-token");
    String token = jwt("repo:org/secposture", Instant.now().plusSeconds(600));
    Files.writeString(source, token);
    azure.acceptAssertion(token, Instant.now().plusSeconds(600));
    Credentials.AzureFederated federated = new Credentials.AzureFederated(TENANT, CLIENT, source);
    Credentials.AzureServicePrincipal principal = new Credentials.AzureServicePrincipal(TENANT, CLIENT,
        Secret.of(SECRET));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String text;
    try (CredentialBroker broker = broker(Duration.ofMillis(100));
        CredentialLease lease = broker.lease(subscription(SUB_A, federated), federated);
        CredentialLease other = broker.lease(subscription(SUB_B, principal), principal)) {
      Thread.sleep(300);
      text = lease + " " + lease.credentials() + " " + other.credentials() + " " + broker;
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("Entra ID accepted the federated token of application " + CLIENT);
    assertThat(logs + text).doesNotContain(SECRET).doesNotContain(token);
    for (String accessToken : azure.accessTokens()) {
      assertThat(logs + text).doesNotContain(accessToken);
    }
  }
}
