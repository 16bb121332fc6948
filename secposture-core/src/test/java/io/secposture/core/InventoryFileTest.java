package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML/JSON inventory file format of {@link Inventory}. */
class InventoryFileTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Map<String, String> ENV = Map.of("PROD_AWS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
      "PROD_AWS_SECRET", SECRET);

  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private List<String> problems(Path file) {
    try {
      Inventory.fromFile(file, ENV);
    } catch (ConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigurationException");
  }

  private static final String YAML = String.join("\n",
      "defaults: { scanners: [scoutsuite], options: { scoutsuite.max-workers: \"4\", scoutsuite.regions: all },",
      "            labels: { owner: secops } }",
      "accounts:",
      "  - name: prod",
      "    display_name: Production",
      "    provider: aws",
      "    id: \"123456789012\"",
      "    credentials: { kind: aws-keys, access_key_id: { env: PROD_AWS_KEY_ID }, secret_access_key: { env: PROD_AWS_SECRET } }",
      "    labels: { team: payments }",
      "    scanners: [scoutsuite, prowler]",
      "    enabled: true",
      "    options: { scoutsuite.regions: [eu-west-1, eu-central-1] }",
      "  - name: data",
      "    provider: gcp",
      "    id: data-platform-4711",
      "    credentials:",
      "      kind: gcp-credentials-file",
      "      json: { file: secrets/gcp.json }",
      "    enabled: false",
      "  - provider: azure",
      "    id: 0a1b2c3d-0000-4000-8000-123456789abc",
      "    credentials: azure-cli",
      "  - name: role",
      "    provider: aws",
      "    id: '210987654321'",
      "    credentials:",
      "      kind: aws-role",
      "      role_arn: arn:aws:iam::210987654321:role/SecpostureAudit",
      "      external_id: { env: PROD_AWS_SECRET }",
      "      session_duration: 2h",
      "");

  @Test
  void fromFile_yamlWithReferencesAndDefaults_everySettingRead() throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/gcp.json"), "{\"type\": \"service_account\"}\n");
    Path file = file("accounts.yaml", YAML);

    Inventory inventory = Inventory.fromFile(file, ENV);

    assertThat(inventory.source()).isEqualTo(file.toString());
    List<CloudAccount> accounts = inventory.accounts();
    assertThat(accounts).extracting(CloudAccount::key).containsExactly("aws/123456789012", "gcp/data-platform-4711",
        "azure/0a1b2c3d-0000-4000-8000-123456789abc", "aws/210987654321");
    CloudAccount prod = accounts.get(0);
    assertThat(prod.name()).isEqualTo("Production");
    assertThat(prod.credentials()).isEqualTo(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"),
        Secret.of(SECRET), null));
    assertThat(prod.scanners()).containsExactly("scoutsuite", "prowler");
    assertThat(prod.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "secops", "team", "payments"));
    assertThat(prod.options().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("scoutsuite.max-workers", "4",
        "scoutsuite.regions", "eu-west-1,eu-central-1"));
    CloudAccount data = accounts.get(1);
    assertThat(data.name()).isEqualTo("data");
    assertThat(data.enabled()).isFalse();
    assertThat(data.scanners()).containsExactly("scoutsuite");
    assertThat(data.options().getString("scoutsuite.regions")).isEqualTo("all");
    assertThat(data.credentials()).isEqualTo(new Credentials.GcpCredentialsFile(null,
        Secret.of("{\"type\": \"service_account\"}")));
    assertThat(accounts.get(2).credentials()).isEqualTo(new Credentials.AzureCli());
    assertThat(accounts.get(2).name()).isEqualTo("0a1b2c3d-0000-4000-8000-123456789abc");
    assertThat(accounts.get(3).credentials()).isEqualTo(new Credentials.AwsRole(
        "arn:aws:iam::210987654321:role/SecpostureAudit", Secret.of(SECRET), null, Duration.ofHours(2)));
    assertThat(inventory.toString()).doesNotContain(SECRET);
    assertThat(accounts.toString()).doesNotContain(SECRET).doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void fromFile_jsonEquivalent_sameAccounts() throws IOException {
    Path file = file("accounts.json", """
        {
          "defaults": {"scanners": ["scoutsuite"], "labels": {"owner": "secops"}},
          "accounts": [
            {"name": "prod", "display_name": "Production", "provider": "aws", "id": 123456789012,
             "credentials": {"kind": "aws-keys", "access_key_id": {"env": "PROD_AWS_KEY_ID"},
                             "secret_access_key": {"env": "PROD_AWS_SECRET"}},
             "labels": {"team": "payments"}, "scanners": "scoutsuite,prowler", "enabled": "yes"}
          ]
        }
        """);

    CloudAccount prod = Inventory.fromFile(file, ENV).accounts().get(0);

    assertThat(prod.key()).isEqualTo("aws/123456789012");
    assertThat(prod.name()).isEqualTo("Production");
    assertThat(prod.scanners()).containsExactly("scoutsuite", "prowler");
    assertThat(prod.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "secops", "team", "payments"));
    assertThat(prod.credentials()).isEqualTo(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"),
        Secret.of(SECRET), null));
  }

  @Test
  void fromFile_noKnownExtension_formatSniffedFromContent() throws IOException {
    Path json = file("accounts.conf", "{\"accounts\": [{\"provider\": \"kubernetes\", \"id\": \"prod\"}]}");
    Path yaml = file("accounts.txt", "accounts:\n  - provider: kubernetes\n    id: prod\n");

    assertThat(Inventory.fromFile(json, ENV).accounts()).extracting(CloudAccount::key)
        .containsExactly("kubernetes/prod");
    assertThat(Inventory.fromFile(yaml, ENV).accounts()).extracting(CloudAccount::key)
        .containsExactly("kubernetes/prod");
  }

  @Test
  void fromFile_unquotedAwsIdWithLeadingZero_keptAsWritten() throws IOException {
    Path file = file("accounts.yaml", "accounts:\n  - provider: aws\n    id: 012345678901\n");

    assertThat(Inventory.fromFile(file, ENV).accounts().get(0).id()).isEqualTo("012345678901");
  }

  @Test
  void fromFile_manyMistakes_everyProblemReportedAtOnceWithItsLine() throws IOException {
    Path file = file("accounts.yaml", String.join("\n",
        "defaults:",                                                   // 1
        "  scanner: [prowler]",                                        // 2
        "accounts:",                                                   // 3
        "  - name: prod",                                              // 4
        "    provider: aws",                                           // 5
        "    id: \"12345\"",                                           // 6
        "    credentials:",                                            // 7
        "      kind: aws-keys",                                        // 8
        "      access_key_id: AKIAIOSFODNN7EXAMPLE",                   // 9
        "      secret_access_key: { env: NOT_SET }",                   // 10
        "      region: eu-west-1",                                     // 11
        "    enabled: maybe",                                          // 12
        "    sanners: [prowler]",                                      // 13
        "  - name: gcp",                                               // 14
        "    provider: gcp",                                           // 15
        "    credentials: { kind: gcp-impersonaton }",                 // 16
        "    labels: [a, b]",                                          // 17
        "    options: { regions: eu-west-1 }",                         // 18
        "  - name: gcp",                                               // 19
        "    provider: aws",                                           // 20
        "    id: \"111111111111\"",                                    // 21
        "  - name: k1",                                                // 22
        "    provider: kubernetes",                                    // 23
        "    id: cluster",                                             // 24
        "    credentials: { kind: kubeconfig, file: { file: missing/kubeconfig } }", // 25
        "  - name: k2",                                                // 26
        "    provider: kubernetes",                                    // 27
        "    id: cluster",                                             // 28
        "    id: again",                                               // 29
        ""));

    List<String> problems = problems(file);

    String f = file.toString();
    assertThat(problems).containsExactly(
        f + " line 29: the key 'id' appears twice in the same mapping; keep one",
        f + " line 2: unknown key 'scanner' in 'defaults'; did you mean 'scanners'? known keys: labels, options,"
            + " scanners",
        f + " line 13: unknown key 'sanners' in account prod; did you mean 'scanners'? known keys: credentials,"
            + " display_name, enabled, id, labels, name, options, provider, scanners",
        f + " line 6: id of account prod is '12345': an AWS account id is 12 digits, e.g. 123456789012 (quote it in"
            + " YAML to keep leading zeros)",
        f + " line 9: account prod credentials.access_key_id is written inline; put secrets in environment variables"
            + " or files, not in the inventory: write { env: VARIABLE } or { file: /path/to/file }",
        f + " line 10: account prod credentials.secret_access_key reads the environment variable NOT_SET, which is"
            + " not set",
        f + " line 11: credentials kind aws-keys of account prod has no setting 'region'; its settings are"
            + " access_key_id, secret_access_key, session_token",
        f + " line 12: enabled of account prod must be true or false",
        f + " line 14: account gcp has no id; add id: the account id (AWS account number, subscription id, project"
            + " id or cluster context)",
        f + " line 16: credentials kind of account gcp is 'gcp-impersonaton', which is not a credentials kind; did"
            + " you mean gcp-impersonation? use one of [ambient, aws-profile, aws-keys, aws-role, azure-cli,"
            + " azure-managed-identity, azure-service-principal, azure-federated, gcp-credentials-file,"
            + " gcp-impersonation, kubeconfig]",
        f + " line 17: account gcp labels must be a mapping such as { team: payments }",
        f + " line 18: account gcp options has the option key 'regions'; option keys are lower-case and start with"
            + " the scanner's name, e.g. scoutsuite.regions",
        f + " line 19: the account name 'gcp' is already used at line 14; names must be unique",
        f + " line 25: account k1 credentials.file reads the file " + dir.resolve("missing/kubeconfig")
            + ", which does not exist or is not a regular file");
  }

  @Test
  void fromFile_inlineSecretProblem_neverQuotesTheValue() throws IOException {
    Path file = file("accounts.yaml", "accounts:\n  - provider: azure\n    id: 0a1b2c3d-0000-4000-8000-123456789abc\n"
        + "    credentials:\n      kind: azure-service-principal\n      tenant_id: t\n      client_id: c\n"
        + "      client_secret: " + SECRET + "\n");

    List<String> problems = problems(file);

    assertThat(problems).singleElement().asString().contains("line 8").contains("credentials.client_secret is written"
        + " inline").doesNotContain(SECRET);
  }

  @Test
  void fromFile_yamlSyntaxErrorNearASecret_lineGivenAndNoSnippetQuoted() throws IOException {
    Path file = file("accounts.yaml", "accounts:\n  - provider: aws\n    id: \"123456789012\"\n"
        + "    credentials: { kind: aws-keys, access_key_id: " + SECRET + "\n    broken: [\n");

    List<String> problems = problems(file);

    assertThat(problems).singleElement().asString().startsWith(file + " line ").contains("not valid YAML")
        .doesNotContain(SECRET);
  }

  @Test
  void fromFile_tabIndentation_problemOnTheLineOfTheTab() throws IOException {
    Path file = file("tabs.yaml", "accounts:\n  - provider: aws\n\tid: x\n");

    assertThat(problems(file)).containsExactly(file + " line 3: not valid YAML: while scanning for the next token;"
        + " found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void fromFile_jsonSyntaxErrorOnAnUnquotedSecret_tokenNotQuoted() throws IOException {
    Path file = file("accounts.json", "{\"accounts\": [{\"provider\": \"aws\", \"id\": \"123456789012\",\n"
        + " \"credentials\": {\"kind\": \"aws-keys\", \"access_key_id\": AKIAIOSFODNN7EXAMPLE}}]}");

    List<String> problems = problems(file);

    assertThat(problems).singleElement().asString().startsWith(file + " line 2: not valid JSON: ")
        .doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void fromFile_secretFromAFile_relativeToTheInventoryAndTrimmed() throws IOException {
    Files.writeString(dir.resolve("client-secret"), "  the-client-secret-value \n");
    Path file = file("accounts.yaml", "accounts:\n  - provider: azure\n    id: 0a1b2c3d-0000-4000-8000-123456789abc\n"
        + "    credentials:\n      kind: azure-service-principal\n      tenant_id: { env: PROD_AWS_KEY_ID }\n"
        + "      client_id: c\n      client_secret: { file: client-secret }\n");

    Credentials credentials = Inventory.fromFile(file, ENV).accounts().get(0).credentials();

    assertThat(credentials).isEqualTo(new Credentials.AzureServicePrincipal("AKIAIOSFODNN7EXAMPLE", "c",
        Secret.of("the-client-secret-value")));
  }

  @Test
  void fromFile_wrongShapes_clearProblems() throws IOException {
    assertThat(problems(file("list.yaml", "- provider: aws\n"))).containsExactly(dir.resolve("list.yaml")
        + " line 1: the file holds a list; it must be a mapping with an 'accounts' list (and optional 'defaults')");
    assertThat(problems(file("none.yaml", "defaults: {}\n"))).containsExactly(dir.resolve("none.yaml")
        + " line 1: there is no 'accounts' list; add one with an entry per account");
    assertThat(problems(file("empty-list.yaml", "accounts: []\n"))).containsExactly(dir.resolve("empty-list.yaml")
        + " line 1: 'accounts' is empty; add an entry per account to scan");
    assertThat(problems(file("empty.yaml", "\n  \n"))).containsExactly(dir.resolve("empty.yaml")
        + " is empty; it needs an 'accounts:' list");
    assertThat(problems(file("version.yaml", "version: 2\naccounts:\n  - {provider: kubernetes, id: x}\n")))
        .containsExactly(dir.resolve("version.yaml") + " line 1: version must be 1, the only inventory format this"
            + " library reads");
    assertThat(problems(dir.resolve("missing.yaml"))).containsExactly("inventory file " + dir.resolve("missing.yaml")
        + " does not exist; check the path");
  }

  @Test
  void fromFile_duplicateAccounts_problemNamesBothLines() throws IOException {
    Path file = file("accounts.yaml", "accounts:\n  - name: a\n    provider: aws\n    id: \"123456789012\"\n"
        + "  - name: b\n    provider: aws\n    id: \"123456789012\"\n");

    assertThat(problems(file)).containsExactly("accounts a, b are all aws/123456789012 (" + file + " line 4, " + file
        + " line 7); configure each account once");
  }
}
