package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment-variable convention of {@link Inventory}. */
class InventoryTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static List<String> problems(Map<String, String> env) {
    try {
      Inventory.fromEnvironment(env);
    } catch (ConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigurationException");
  }

  @Test
  void fromEnvironment_fullConvention_everySettingRead() {
    Inventory inventory = Inventory.fromEnvironment(env(
        "SECPOSTURE_ACCOUNTS", " prod, data-gcp ,shared-azure,k8s",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_PROD_DISPLAY_NAME", "Production",
        "SECPOSTURE_ACCOUNT_PROD_CREDENTIALS", "aws-keys",
        "SECPOSTURE_ACCOUNT_PROD_AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY", SECRET,
        "SECPOSTURE_ACCOUNT_PROD_SCANNERS", "scoutsuite, Prowler",
        "SECPOSTURE_ACCOUNT_PROD_LABELS", "team=payments, stage=prod",
        "SECPOSTURE_ACCOUNT_PROD_OPTIONS", "scoutsuite.regions=eu-west-1,eu-central-1;prowler.severity=critical,high;",
        "SECPOSTURE_ACCOUNT_DATA_GCP_PROVIDER", "GCP",
        "SECPOSTURE_ACCOUNT_DATA_GCP_ID", "data-platform-4711",
        "SECPOSTURE_ACCOUNT_DATA_GCP_CREDENTIALS", "gcp-impersonation",
        "SECPOSTURE_ACCOUNT_DATA_GCP_GCP_IMPERSONATE_SERVICE_ACCOUNT", "audit@security.iam.gserviceaccount.com",
        "SECPOSTURE_ACCOUNT_DATA_GCP_ENABLED", "no",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_PROVIDER", "azure",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_ID", "0a1b2c3d-0000-4000-8000-123456789abc",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_CREDENTIALS", "azure-federated",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_AZURE_TENANT_ID", "tenant-1",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_AZURE_CLIENT_ID", "client-1",
        "SECPOSTURE_ACCOUNT_SHARED_AZURE_AZURE_FEDERATED_TOKEN_FILE", "/var/run/ci/token",
        "SECPOSTURE_ACCOUNT_K8S_PROVIDER", "kubernetes",
        "SECPOSTURE_ACCOUNT_K8S_ID", "prod-cluster",
        "SECPOSTURE_ACCOUNT_K8S_CREDENTIALS", "kubeconfig",
        "SECPOSTURE_ACCOUNT_K8S_KUBE_CONTEXT", "prod",
        "UNRELATED", "ignored"));

    assertThat(inventory.accounts()).extracting(CloudAccount::key).containsExactly("aws/123456789012",
        "gcp/data-platform-4711", "azure/0a1b2c3d-0000-4000-8000-123456789abc", "kubernetes/prod-cluster");
    CloudAccount prod = inventory.accounts().get(0);
    assertThat(prod.name()).isEqualTo("Production");
    assertThat(prod.credentials()).isEqualTo(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"),
        Secret.of(SECRET), null));
    assertThat(prod.scanners()).containsExactly("scoutsuite", "prowler");
    assertThat(prod.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "payments", "stage", "prod"));
    assertThat(prod.options().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "scoutsuite.regions", "eu-west-1,eu-central-1", "prowler.severity", "critical,high"));
    assertThat(prod.options().getList("scoutsuite.regions")).containsExactly("eu-west-1", "eu-central-1");
    assertThat(prod.enabled()).isTrue();
    CloudAccount gcp = inventory.accounts().get(1);
    assertThat(gcp.name()).isEqualTo("data-gcp");
    assertThat(gcp.enabled()).isFalse();
    assertThat(gcp.credentials()).isEqualTo(new Credentials.GcpImpersonation("audit@security.iam.gserviceaccount.com"));
    assertThat(inventory.accounts().get(2).credentials()).isEqualTo(new Credentials.AzureFederated("tenant-1",
        "client-1", Path.of("/var/run/ci/token")));
    assertThat(inventory.accounts().get(3).credentials()).isEqualTo(new Credentials.Kubeconfig(null, "prod"));
    assertThat(inventory.enabledAccounts()).hasSize(3);
    assertThat(inventory.source()).isEqualTo("environment (SECPOSTURE_ACCOUNTS)");
  }

  @Test
  void fromEnvironment_minimalAccount_defaultsToAmbientEnabledDefaultScanners() {
    CloudAccount account = Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "012345678901")).accounts().get(0);

    assertThat(account.credentials()).isEqualTo(Credentials.ambient());
    assertThat(account.enabled()).isTrue();
    assertThat(account.scanners()).isEmpty();
    assertThat(account.labels()).isEmpty();
    assertThat(account.options().asMap()).isEmpty();
    assertThat(account.name()).isEqualTo("prod");
    assertThat(account.id()).isEqualTo("012345678901");
  }

  @Test
  void fromEnvironment_everyCredentialKind_mapsToItsRecord() {
    Map<String, Credentials> expected = new HashMap<>();
    Map<String, String> env = env("SECPOSTURE_ACCOUNTS", "a,b,c,d,e,f,g,h,i,j,k");
    add(env, expected, "A", "aws-profile", Map.of("AWS_PROFILE", "audit"), new Credentials.AwsProfile("audit"));
    add(env, expected, "B", "aws-keys", Map.of("AWS_ACCESS_KEY_ID", "AKIA1234", "AWS_SECRET_ACCESS_KEY", SECRET,
        "AWS_SESSION_TOKEN", "token-value"), new Credentials.AwsKeys(Secret.of("AKIA1234"), Secret.of(SECRET),
        Secret.of("token-value")));
    add(env, expected, "C", "aws-role", Map.of("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Audit",
        "AWS_EXTERNAL_ID", "ext-1234", "AWS_SESSION_NAME", "secposture", "AWS_SESSION_DURATION", "45m"),
        new Credentials.AwsRole("arn:aws:iam::123456789012:role/Audit", Secret.of("ext-1234"), "secposture",
            Duration.ofMinutes(45)));
    add(env, expected, "D", "azure-cli", Map.of(), new Credentials.AzureCli());
    add(env, expected, "E", "azure-managed-identity", Map.of("AZURE_CLIENT_ID", "uami"),
        new Credentials.AzureManagedIdentity("uami"));
    add(env, expected, "F", "azure-service-principal", Map.of("AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c",
        "AZURE_CLIENT_SECRET", "client-secret-value"), new Credentials.AzureServicePrincipal("t", "c",
        Secret.of("client-secret-value")));
    add(env, expected, "G", "azure-federated", Map.of("AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c",
        "AZURE_FEDERATED_TOKEN_FILE", "/tmp/token"), new Credentials.AzureFederated("t", "c", Path.of("/tmp/token")));
    add(env, expected, "H", "gcp-credentials-file", Map.of("GCP_CREDENTIALS_FILE", "/etc/sa.json"),
        new Credentials.GcpCredentialsFile(Path.of("/etc/sa.json"), null));
    add(env, expected, "I", "gcp-credentials-file", Map.of("GCP_CREDENTIALS_JSON", "{\"type\":\"service_account\"}"),
        new Credentials.GcpCredentialsFile(null, Secret.of("{\"type\":\"service_account\"}")));
    add(env, expected, "J", "gcp-impersonation", Map.of("GCP_IMPERSONATE_SERVICE_ACCOUNT", "sa@p.iam.gserviceaccount.com"),
        new Credentials.GcpImpersonation("sa@p.iam.gserviceaccount.com"));
    add(env, expected, "K", "KUBECONFIG", Map.of("KUBECONFIG", "/home/ci/.kube/config", "KUBE_CONTEXT", "prod"),
        new Credentials.Kubeconfig(Path.of("/home/ci/.kube/config"), "prod"));

    List<CloudAccount> accounts = Inventory.fromEnvironment(env).accounts();

    assertThat(accounts).hasSize(11);
    for (CloudAccount account : accounts) {
      assertThat(account.credentials()).as(account.name()).isEqualTo(expected.get(account.name().toUpperCase()));
    }
  }

  private static void add(Map<String, String> env, Map<String, Credentials> expected, String name, String kind,
      Map<String, String> settings, Credentials credentials) {
    String prefix = "SECPOSTURE_ACCOUNT_" + name + "_";
    env.put(prefix + "PROVIDER", "kubernetes");
    env.put(prefix + "ID", "cluster-" + name.toLowerCase());
    env.put(prefix + "CREDENTIALS", kind);
    settings.forEach((key, value) -> env.put(prefix + key, value));
    expected.put(name, credentials);
  }

  @Test
  void fromEnvironment_accountsListMissing_oneProblemSayingWhatToSet() {
    assertThat(problems(env("PATH", "/bin"))).containsExactly("SECPOSTURE_ACCOUNTS is not set; list the accounts to"
        + " scan, e.g. SECPOSTURE_ACCOUNTS=prod,staging, and give each one SECPOSTURE_ACCOUNT_<NAME>_PROVIDER and"
        + " SECPOSTURE_ACCOUNT_<NAME>_ID");
    assertThat(Inventory.isConfigured(env("SECPOSTURE_ACCOUNTS", " "))).isFalse();
    assertThat(Inventory.isConfigured(env("SECPOSTURE_ACCOUNTS", "prod"))).isTrue();
  }

  @Test
  void fromEnvironment_manyMistakes_everyProblemReportedAtOnceNamingItsVariable() {
    List<String> problems = problems(env(
        "SECPOSTURE_ACCOUNTS", "prod,staging,dup,dup-2,bad.name,prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_PROD_ID", "12345",
        "SECPOSTURE_ACCOUNT_PROD_CREDENTIALS", "aws-key",
        "SECPOSTURE_ACCOUNT_PROD_ENABLED", "maybe",
        "SECPOSTURE_ACCOUNT_PROD_LABELS", "team=payments,oops,team=web",
        "SECPOSTURE_ACCOUNT_PROD_OPTIONS", "regions=eu-west-1;scoutsuite.max-workers",
        "SECPOSTURE_ACCOUNT_PROD_SCANNERS", "scoutsuite,Prow ler",
        "SECPOSTURE_ACCOUNT_STAGING_CREDENTIALS", "aws-keys",
        "SECPOSTURE_ACCOUNT_STAGING_AWS_ACCESS_KEY_ID", "AKIA1234",
        "SECPOSTURE_ACCOUNT_STAGING_REGION", "eu-west-1",
        "SECPOSTURE_ACCOUNT_DUP_PROVIDER", "gcp",
        "SECPOSTURE_ACCOUNT_DUP_ID", "payments-prod-1",
        "SECPOSTURE_ACCOUNT_DUP_2_PROVIDER", "gcp",
        "SECPOSTURE_ACCOUNT_DUP_2_ID", "payments-prod-1",
        "SECPOSTURE_ACCOUNT_FOO_ID", "1",
        "SECPOSTURE_ACCOUNT_FOO_AWS_SECRET_ACCESS_KEY", SECRET));

    assertThat(problems).containsExactly(
        "SECPOSTURE_ACCOUNTS lists 'bad.name', which is not a valid account name; use 1-64 letters, digits, '-' and '_'",
        "SECPOSTURE_ACCOUNTS lists 'prod' twice",
        "SECPOSTURE_ACCOUNT_FOO_AWS_SECRET_ACCESS_KEY is set but FOO is not in SECPOSTURE_ACCOUNTS (prod, staging,"
            + " dup, dup-2); add FOO to SECPOSTURE_ACCOUNTS or remove the variable",
        "SECPOSTURE_ACCOUNT_FOO_ID is set but FOO is not in SECPOSTURE_ACCOUNTS (prod, staging, dup, dup-2); add FOO"
            + " to SECPOSTURE_ACCOUNTS or remove the variable",
        "SECPOSTURE_ACCOUNT_STAGING_REGION is not a setting secposture knows; the settings are PROVIDER, ID,"
            + " DISPLAY_NAME, CREDENTIALS, SCANNERS, ENABLED, LABELS, OPTIONS, AWS_PROFILE, AWS_ACCESS_KEY_ID,"
            + " AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ROLE_ARN, AWS_EXTERNAL_ID, AWS_SESSION_NAME,"
            + " AWS_SESSION_DURATION, AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET, AZURE_FEDERATED_TOKEN_FILE,"
            + " GCP_CREDENTIALS_FILE, GCP_CREDENTIALS_JSON, GCP_IMPERSONATE_SERVICE_ACCOUNT, KUBECONFIG, KUBE_CONTEXT",
        "SECPOSTURE_ACCOUNT_PROD_ID is '12345': an AWS account id is 12 digits, e.g. 123456789012 (quote it in YAML"
            + " to keep leading zeros)",
        "SECPOSTURE_ACCOUNT_PROD_CREDENTIALS is 'aws-key', which is not a credentials kind; did you mean aws-keys? use"
            + " one of [ambient, aws-profile, aws-keys, aws-role, azure-cli, azure-managed-identity,"
            + " azure-service-principal, azure-federated, gcp-credentials-file, gcp-impersonation, kubeconfig]",
        "SECPOSTURE_ACCOUNT_PROD_SCANNERS names the scanner 'prow ler'; scanner names are lower-case letters, digits"
            + " and '-', e.g. scoutsuite or prowler",
        "SECPOSTURE_ACCOUNT_PROD_ENABLED is 'maybe'; expected true or false",
        "SECPOSTURE_ACCOUNT_PROD_LABELS entry 2 has no '='; write labels as key=value,key2=value2",
        "SECPOSTURE_ACCOUNT_PROD_LABELS entry 3 repeats the label 'team'",
        "SECPOSTURE_ACCOUNT_PROD_OPTIONS entry 1 has the option key 'regions'; option keys are lower-case and start"
            + " with the scanner's name, e.g. scoutsuite.regions",
        "SECPOSTURE_ACCOUNT_PROD_OPTIONS entry 2 has no '='; write options as scanner.key=value;scanner.key2=v1,v2",
        "SECPOSTURE_ACCOUNT_STAGING_PROVIDER is not set; set it to the cloud of account staging: aws, azure, gcp or"
            + " kubernetes",
        "SECPOSTURE_ACCOUNT_STAGING_ID is not set; set it to the id of account staging (AWS account number, Azure"
            + " subscription id, GCP project id or Kubernetes context)",
        "SECPOSTURE_ACCOUNT_STAGING_AWS_SECRET_ACCESS_KEY is not set; credentials kind aws-keys needs it",
        "accounts dup, dup-2 are all gcp/payments-prod-1 (SECPOSTURE_ACCOUNT_DUP_ID, SECPOSTURE_ACCOUNT_DUP_2_ID);"
            + " configure each account once");
  }

  @Test
  void fromEnvironment_credentialVariableOfAnotherKind_problemSaysWhichKindReadsIt() {
    List<String> problems = problems(env("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY", SECRET,
        "SECPOSTURE_ACCOUNT_PROD_AZURE_CLIENT_ID", "c"));

    assertThat(problems).containsExactly(
        "SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY is set but the credentials kind is ambient (the default;"
            + " SECPOSTURE_ACCOUNT_PROD_CREDENTIALS is not set); set SECPOSTURE_ACCOUNT_PROD_CREDENTIALS to aws-keys,"
            + " or remove the variable",
        "SECPOSTURE_ACCOUNT_PROD_AZURE_CLIENT_ID is set but the credentials kind is ambient (the default;"
            + " SECPOSTURE_ACCOUNT_PROD_CREDENTIALS is not set); set SECPOSTURE_ACCOUNT_PROD_CREDENTIALS to"
            + " azure-federated or azure-managed-identity or azure-service-principal, or remove the variable");
  }

  @Test
  void fromEnvironment_invalidValuesForTheRecords_problemsNameTheVariable() {
    List<String> problems = problems(env("SECPOSTURE_ACCOUNTS", "role,gcp,az,sub",
        "SECPOSTURE_ACCOUNT_ROLE_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_ROLE_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_ROLE_CREDENTIALS", "aws-role",
        "SECPOSTURE_ACCOUNT_ROLE_AWS_ROLE_ARN", "Audit",
        "SECPOSTURE_ACCOUNT_ROLE_AWS_SESSION_DURATION", "forever",
        "SECPOSTURE_ACCOUNT_GCP_PROVIDER", "gcp", "SECPOSTURE_ACCOUNT_GCP_ID", "Not_A_Project",
        "SECPOSTURE_ACCOUNT_GCP_CREDENTIALS", "gcp-credentials-file",
        "SECPOSTURE_ACCOUNT_AZ_PROVIDER", "azure", "SECPOSTURE_ACCOUNT_AZ_ID", "subscription-1",
        "SECPOSTURE_ACCOUNT_SUB_PROVIDER", "Not A Cloud!", "SECPOSTURE_ACCOUNT_SUB_ID", "x"));

    assertThat(problems).containsExactly(
        "SECPOSTURE_ACCOUNT_ROLE_AWS_SESSION_DURATION is 'forever'; expected a duration such as 1h, 45m or PT45M",
        "SECPOSTURE_ACCOUNT_ROLE_CREDENTIALS=aws-role: roleArn 'Audit' is not an ARN (arn:aws:iam::<account>:role/<name>)",
        "SECPOSTURE_ACCOUNT_GCP_ID is 'Not_A_Project': a GCP project id is 6-30 lower-case letters, digits or '-',"
            + " starting with a letter and not ending with '-', e.g. payments-prod-1234",
        "SECPOSTURE_ACCOUNT_GCP_CREDENTIALS=gcp-credentials-file: credentials kind gcp-credentials-file needs exactly"
            + " one of SECPOSTURE_ACCOUNT_GCP_GCP_CREDENTIALS_FILE (a path) and"
            + " SECPOSTURE_ACCOUNT_GCP_GCP_CREDENTIALS_JSON (the file's content)",
        "SECPOSTURE_ACCOUNT_AZ_ID is 'subscription-1': an Azure subscription id is a GUID, e.g."
            + " 00000000-0000-0000-0000-000000000000",
        "SECPOSTURE_ACCOUNT_SUB_PROVIDER is 'Not A Cloud!': provider id 'not a cloud!' is not valid: use 1-40"
            + " lower-case letters, digits or '-', starting with a letter (e.g. aws)");
  }

  @Test
  void fromEnvironment_roleArnNotAnArn_problemNamesTheKindSetting() {
    List<String> problems = problems(env("SECPOSTURE_ACCOUNTS", "role",
        "SECPOSTURE_ACCOUNT_ROLE_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_ROLE_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_ROLE_CREDENTIALS", "aws-role", "SECPOSTURE_ACCOUNT_ROLE_AWS_ROLE_ARN", "Audit"));

    assertThat(problems).containsExactly("SECPOSTURE_ACCOUNT_ROLE_CREDENTIALS=aws-role: roleArn 'Audit' is not an ARN"
        + " (arn:aws:iam::<account>:role/<name>)");
  }

  @Test
  void fromEnvironment_namesThatShareVariables_problemAskingToRenameOne() {
    assertThat(problems(env("SECPOSTURE_ACCOUNTS", "prod-eu,PROD_EU"))).first().isEqualTo("SECPOSTURE_ACCOUNTS lists"
        + " 'prod-eu' and 'PROD_EU', which share the variables SECPOSTURE_ACCOUNT_PROD_EU_*; rename one");
  }

  @Test
  void fromEnvironment_accountNamePrefixOfAnother_variablesGoToTheRightAccount() {
    List<CloudAccount> accounts = Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", "prod,prod-eu",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "111111111111",
        "SECPOSTURE_ACCOUNT_PROD_EU_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_EU_ID", "222222222222",
        "SECPOSTURE_ACCOUNT_PROD_EU_ENABLED", "false")).accounts();

    assertThat(accounts).extracting(CloudAccount::id).containsExactly("111111111111", "222222222222");
    assertThat(accounts).extracting(CloudAccount::enabled).containsExactly(true, false);
  }

  @Test
  void fromEnvironment_typoInASettingName_didYouMean() {
    List<String> problems = problems(env("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_PROD_SCANERS", "prowler"));

    assertThat(problems).singleElement().asString().startsWith("SECPOSTURE_ACCOUNT_PROD_SCANERS is not a setting"
        + " secposture knows; did you mean SECPOSTURE_ACCOUNT_PROD_SCANNERS? ");
  }

  @Test
  void fromEnvironment_secretValues_neverInProblemsToStringOrAccounts() {
    String other = "another-Secret-Value-9876";
    ConfigurationException error = null;
    try {
      Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", "prod,bad",
          "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
          "SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY", SECRET,
          "SECPOSTURE_ACCOUNT_BAD_PROVIDER", "azure", "SECPOSTURE_ACCOUNT_BAD_ID", "not-a-guid",
          "SECPOSTURE_ACCOUNT_BAD_CREDENTIALS", "azure-service-principal",
          "SECPOSTURE_ACCOUNT_BAD_AZURE_CLIENT_SECRET", other,
          "SECPOSTURE_ACCOUNT_GHOST_AWS_SECRET_ACCESS_KEY", SECRET));
    } catch (ConfigurationException e) {
      error = e;
    }
    assertThat(error).isNotNull();
    assertThat(error.getMessage()).doesNotContain(SECRET).doesNotContain(other);

    Inventory inventory = Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "azure", "SECPOSTURE_ACCOUNT_PROD_ID",
        "0a1b2c3d-0000-4000-8000-123456789abc", "SECPOSTURE_ACCOUNT_PROD_CREDENTIALS", "azure-service-principal",
        "SECPOSTURE_ACCOUNT_PROD_AZURE_TENANT_ID", "t", "SECPOSTURE_ACCOUNT_PROD_AZURE_CLIENT_ID", "c",
        "SECPOSTURE_ACCOUNT_PROD_AZURE_CLIENT_SECRET", other));
    assertThat(inventory.toString()).doesNotContain(other);
    assertThat(inventory.accounts().toString()).doesNotContain(other).contains("****");
    assertThat(((Credentials.AzureServicePrincipal) inventory.accounts().get(0).credentials()).clientSecret().reveal())
        .isEqualTo(other);
  }

  @Test
  void fromEnvironment_blankValues_countAsUnset() {
    CloudAccount account = Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
        "SECPOSTURE_ACCOUNT_PROD_LABELS", "  ", "SECPOSTURE_ACCOUNT_PROD_AWS_ACCESS_KEY_ID", "")).accounts().get(0);

    assertThat(account.labels()).isEmpty();
    assertThat(account.credentials()).isEqualTo(Credentials.ambient());
  }

  @Test
  void of_accountsInCode_keptWithSource() {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").enabled(false).build();

    Inventory inventory = Inventory.of(List.of(account), "organisation discovery");

    assertThat(inventory.accounts()).containsExactly(account);
    assertThat(inventory.enabledAccounts()).isEmpty();
    assertThat(inventory).hasToString("Inventory[organisation discovery: 1 accounts (1 disabled) [aws/123456789012]]");
  }

  @Test
  void fromEnvironment_problemsNeverThrowOtherExceptions() {
    assertThatThrownBy(() -> Inventory.fromEnvironment(env("SECPOSTURE_ACCOUNTS", ",,,")))
        .isInstanceOf(ConfigurationException.class).hasMessage("SECPOSTURE_ACCOUNTS is empty; list the accounts to"
            + " scan, e.g. SECPOSTURE_ACCOUNTS=prod,staging");
  }
}
