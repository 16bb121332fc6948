package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {

  @Property
  void redact_textHoldingASecretAnywhere_secretGoneAndTheRestKept(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 4, max = 40) String secret,
      @ForAll @StringLength(max = 30) String before, @ForAll @StringLength(max = 30) String after) {
    String text = before + secret + after + secret;

    String redacted = Redactor.of(List.of(Secret.of(secret))).redact(text);

    assertThat(redacted).doesNotContain(secret).contains(Secret.MASK);
  }

  @Test
  void redact_secretsContainingEachOther_longestMaskedWhole() {
    Redactor redactor = Redactor.of(List.of(Secret.of("abcd"), Secret.of("xxabcdxx")));

    assertThat(redactor.redact("key=xxabcdxx other=abcd")).isEqualTo("key=**** other=****");
  }

  @Test
  void redact_shortSecretsNullAndNoSecrets_leftAlone() {
    assertThat(Redactor.of(List.of(Secret.of("abc"))).redact("abc abc")).isEqualTo("abc abc");
    assertThat(Redactor.of(List.of(Secret.of("abcd"))).redact((String) null)).isNull();
    assertThat(Redactor.none().redact("anything")).isEqualTo("anything");
    assertThat(Redactor.none().isEmpty()).isTrue();
    assertThat(Redactor.of(List.of(Secret.of("abc"))).isEmpty()).isTrue();
  }

  @Test
  void redact_multiLineSecret_eachLongLineMaskedOnItsOwn() {
    String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nshort\n-----END PRIVATE KEY-----\n";
    Redactor redactor = Redactor.of(List.of(Secret.of(pem)));

    assertThat(redactor.redact("  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).isEqualTo("  ****");
    assertThat(redactor.redact(pem)).isEqualTo("****");
    assertThat(redactor.redact("short")).isEqualTo("short");
  }

  @Test
  void of_credentials_masksEverySecretOfEveryKind() {
    Redactor redactor = Redactor.of(
        new Credentials.AwsKeys(Secret.of("AKIAKEYID1"), Secret.of("secret-access-1"), Secret.of("session-token-1")),
        new Credentials.AwsRole("arn:aws:iam::1:role/r", Secret.of("external-id-1"), null, Duration.ofHours(1)),
        new Credentials.AzureServicePrincipal("tenant", "client", Secret.of("client-secret-1")),
        new Credentials.GcpCredentialsFile(null, Secret.of("{\"private_key\": \"gcp-json-1\"}")),
        new Credentials.Environment(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", Secret.of("env-token-1")), "broker"),
        new Credentials.Custom("github-app", Map.of("app", "1"), Map.of("key", Secret.of("custom-secret-1"))),
        new Credentials.GcpCredentialsFile(Path.of("/etc/sa.json"), null),
        Credentials.ambient());

    String text = "AKIAKEYID1 secret-access-1 session-token-1 external-id-1 client-secret-1"
        + " {\"private_key\": \"gcp-json-1\"} env-token-1 custom-secret-1 /etc/sa.json tenant client";

    assertThat(redactor.redact(text)).isEqualTo("**** **** **** **** **** **** **** **** /etc/sa.json tenant client");
    assertThat(Redactor.secretsOf(Credentials.ambient())).isEmpty();
  }

  @Test
  void and_combinesBothRedactors() {
    Redactor combined = Redactor.of(List.of(Secret.of("first-secret"))).and(Redactor.of(List.of(Secret.of("2nd-secret"))));

    assertThat(combined.redact("first-secret 2nd-secret")).isEqualTo("**** ****");
    assertThat(Redactor.none().and(combined).redact("2nd-secret")).isEqualTo("****");
  }

  @Test
  void redactList_andToString_neverShowSecrets() {
    Redactor redactor = Redactor.of(List.of(Secret.of("hunter22")));

    assertThat(redactor.redact(List.of("a hunter22", "b"))).containsExactly("a ****", "b");
    assertThat(redactor.toString()).isEqualTo("Redactor[1 secrets]").doesNotContain("hunter22");
  }

  @Property
  void cutOutsideSecrets_anyTextAndPreferredCut_neverInsideAnOccurrenceAndNotBelowTheFloor(
      @ForAll @StringLength(min = 4, max = 12) @AlphaChars String secret, @ForAll @StringLength(min = 1, max = 12) String other,
      @ForAll @IntRange(max = 20) int copies, @ForAll @StringLength(max = 8) @AlphaChars String filler,
      @ForAll @IntRange(max = 400) int preferred) {
    Redactor redactor = Redactor.of(List.of(Secret.of(secret), Secret.of(other)));
    String text = (filler + secret + filler + other).repeat(copies) + filler;
    int target = Math.min(preferred, text.length());
    int floor = target / 2;

    int cut = redactor.cutOutsideSecrets(text, target, floor);

    assertThat(cut).isBetween(floor, target);
    if (cut > floor) {
      for (String value : List.of(secret, other)) {
        if (value.length() >= Redactor.MIN_LENGTH) {
          for (int start = Math.max(0, cut - value.length() + 1); start < cut; start++) {
            assertThat(text.startsWith(value, start)).as("%s at %d spans the cut %d", value, start, cut).isFalse();
          }
        }
      }
      // redacting the two pieces apart masks as much as redacting the whole text
      String pieces = redactor.redact(text.substring(0, cut)) + redactor.redact(text.substring(cut));
      assertThat(pieces).doesNotContain(secret);
    }
  }

  @Test
  void cutOutsideSecrets_secretAcrossThePreferredCut_cutBeforeIt() {
    Redactor redactor = Redactor.of(List.of(Secret.of("hunter22")));

    assertThat(redactor.cutOutsideSecrets("xxxxhunter22xx", 8, 2)).isEqualTo(4);
    assertThat(redactor.cutOutsideSecrets("xxxxhunter22xx", 12, 2)).isEqualTo(12);
    assertThat(redactor.longestSecret()).isEqualTo(8);
  }

  @Test
  void of_gcpServiceAccountJson_privateKeyMaskedWholeByLineJoinedAndEscapedAndKeyIdToo() {
    String pem = TestKeys.privateKeyPem();
    String keyId = "7c3f9e2d1b0a4f5e6d7c8b9a0f1e2d3c4b5a6978";
    String json = TestKeys.serviceAccountJson(keyId, pem);
    Redactor redactor = Redactor.of(new Credentials.GcpCredentialsFile(null, Secret.of(json)));
    List<String> lines = TestKeys.bodyLines(pem);

    assertThat(redactor.redact(json)).isEqualTo("****");
    assertThat(redactor.redact("key: " + pem)).doesNotContain(lines.get(3)).startsWith("key: ");
    assertThat(redactor.redact("line " + lines.get(7) + " end")).isEqualTo("line **** end");
    assertThat(redactor.redact(String.join("", lines))).isEqualTo("****");
    assertThat(redactor.redact("'private_key': '" + TestKeys.jsonEscaped(pem) + "'"))
        .isEqualTo("'private_key': '****'");
    assertThat(redactor.redact("private_key_id=" + keyId)).isEqualTo("private_key_id=****");
    for (String line : lines) {
      if (line.length() >= Redactor.MIN_LINE_LENGTH) {
        assertThat(redactor.redact(">" + line + "<")).isEqualTo(">****<");
      }
    }
    assertThat(redactor.redact("as scanner@prod-project.iam.gserviceaccount.com via https://oauth2.googleapis.com/token"))
        .isEqualTo("as scanner@prod-project.iam.gserviceaccount.com via https://oauth2.googleapis.com/token");
  }

  @Test
  void of_gcpCredentialsFilePath_fileReadAndItsKeyMasked(@TempDir Path dir) throws Exception {
    String pem = TestKeys.privateKeyPem();
    Path file = Files.writeString(dir.resolve("sa.json"), TestKeys.serviceAccountJson("0123456789abcdef0123", pem));

    Redactor redactor = Redactor.of(new Credentials.GcpCredentialsFile(file, null));

    assertThat(redactor.redact(TestKeys.bodyLines(pem).get(2))).isEqualTo("****");
    assertThat(redactor.redact("id 0123456789abcdef0123")).isEqualTo("id ****");
    assertThat(redactor.redact(file.toString())).isEqualTo(file.toString());
  }

  @Test
  void of_authorizedUserAndNestedImpersonationSource_clientSecretRefreshTokenAndNestedKeyMasked() {
    String pem = TestKeys.privateKeyPem();
    String source = TestKeys.serviceAccountJson("aaaabbbbccccddddeeeeffff0000111122223333", pem);
    String impersonation = "{\"type\": \"impersonated_service_account\", \"service_account_impersonation_url\":"
        + " \"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/t@p.iam.gserviceaccount.com"
        + ":generateAccessToken\", \"delegates\": [], \"source_credentials\": " + source + "}";
    String user = "{\"type\": \"authorized_user\", \"client_id\": \"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur"
        + ".apps.googleusercontent.com\", \"client_secret\": \"d-FL95Q19q7MQmFpd7hHD0Ty\", \"refresh_token\":"
        + " \"1//0gYbKXk2VvmTCgYIARAAGBASNwF-L9IrOvVdMvS1Xc9kS\"}";

    Redactor redactor = Redactor.of(List.of(Secret.of(impersonation), Secret.of(user)));

    assertThat(redactor.redact(TestKeys.bodyLines(pem).get(5))).isEqualTo("****");
    assertThat(redactor.redact("secret d-FL95Q19q7MQmFpd7hHD0Ty token 1//0gYbKXk2VvmTCgYIARAAGBASNwF-L9IrOvVdMvS1Xc9kS"))
        .isEqualTo("secret **** token ****");
    assertThat(redactor.redact("token 1%2F%2F0gYbKXk2VvmTCgYIARAAGBASNwF-L9IrOvVdMvS1Xc9kS")).isEqualTo("token ****");
    assertThat(redactor.redact("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts"))
        .isEqualTo("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts");
  }

  @Test
  void of_externalAccount_headersMaskedAndUrlsKept() {
    String config = "{\"type\": \"external_account\", \"audience\": \"//iam.googleapis.com/projects/1/locations/"
        + "global/workloadIdentityPools/ci/providers/gh\", \"subject_token_type\": \"urn:ietf:params:oauth:"
        + "token-type:jwt\", \"token_url\": \"https://sts.googleapis.com/v1/token\", \"credential_source\": {"
        + "\"url\": \"https://token.actions.githubusercontent.com\", \"headers\": {\"Authorization\": \"bearer"
        + " eyJhbGciOiJSUzI1NiJ9.runner-request-token\"}, \"format\": {\"type\": \"json\","
        + " \"subject_token_field_name\": \"value\"}}}";

    Redactor redactor = Redactor.of(List.of(Secret.of(config)));

    assertThat(redactor.redact("sent eyJhbGciOiJSUzI1NiJ9.runner-request-token")).isEqualTo("sent ****");
    assertThat(redactor.redact("POST https://sts.googleapis.com/v1/token urn:ietf:params:oauth:token-type:jwt"))
        .isEqualTo("POST https://sts.googleapis.com/v1/token urn:ietf:params:oauth:token-type:jwt");
  }

  @Test
  void of_azureConnectionStringAndSas_accountKeyAndSignatureMaskedRawAndDecoded() {
    String accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    String sasSignature = "q6Zq3a%2Bz1Vb0kTqF%2F7m9Yc4sLpWn8XhR2eJdU5oAiGt%3D";
    String connection = "DefaultEndpointsProtocol=https;AccountName=postureprod;AccountKey=" + accountKey
        + ";EndpointSuffix=core.windows.net";
    String sasConnection = "BlobEndpoint=https://postureprod.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02"
        + "&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&spr=https&sig=" + sasSignature;

    Redactor redactor = Redactor.of(new Credentials.Environment(Map.of("AZURE_STORAGE_CONNECTION_STRING",
        Secret.of(connection), "SAS", Secret.of(sasConnection)), "storage"));

    assertThat(redactor.redact("key " + accountKey)).isEqualTo("key ****");
    assertThat(redactor.redact("{\"key\": \"" + accountKey.replace("/", "\\/") + "\"}")).isEqualTo("{\"key\": \"****\"}");
    assertThat(redactor.redact("GET https://postureprod.blob.core.windows.net/c?sv=2022-11-02&sig=" + sasSignature))
        .isEqualTo("GET https://postureprod.blob.core.windows.net/c?sv=2022-11-02&sig=****");
    assertThat(redactor.redact("sig " + java.net.URLDecoder.decode(sasSignature, java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("sig ****");
    assertThat(redactor.redact("account postureprod at core.windows.net")).isEqualTo("account postureprod at core.windows.net");
  }

  @Test
  void of_awsSecretKeyAndSessionToken_urlEncodedAndSlashEscapedFormsMasked() {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    String token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIA+abc=";
    Redactor redactor = Redactor.of(new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), Secret.of(secret),
        Secret.of(token)));

    assertThat(redactor.redact("X-Amz-Security-Token=" + java.net.URLEncoder.encode(token,
        java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("X-Amz-Security-Token=****");
    assertThat(redactor.redact("{\"SecretAccessKey\":\"" + secret.replace("/", "\\/") + "\"}"))
        .isEqualTo("{\"SecretAccessKey\":\"****\"}");
    assertThat(redactor.redact(secret + " " + token)).isEqualTo("**** ****");
  }

  @Test
  void secretsOf_kubeconfigAndAwsProfileAndFederatedToken_secretsInTheirFilesMasked(@TempDir Path dir)
      throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster: { server: "https://10.0.0.1:6443", certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t }
        users:
        - name: scanner
          user:
            token: kube-bearer-token-0123456789abcdef
            client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==
        """);
    Path credentials = Files.writeString(Files.createDirectories(dir.resolve("home/.aws")).resolve("credentials"), """
        [default]
        aws_access_key_id = AKIADEFAULTDEFAULT00
        aws_secret_access_key = default-secret-that-is-not-this-profile
        [audit]
        aws_access_key_id = AKIAAUDITAUDITAUDIT0
        aws_secret_access_key = audit/secret+Access+Key/0123456789
        """);
    Path token = Files.writeString(dir.resolve("oidc-token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl\n");

    List<Secret> kube = Redactor.secretsOf(new Credentials.Kubeconfig(kubeconfig, "prod"), name -> null, null);
    List<Secret> profile = Redactor.secretsOf(new Credentials.AwsProfile("audit"), name -> null,
        dir.resolve("home").toString());
    List<Secret> federated = Redactor.secretsOf(new Credentials.AzureFederated("tenant", "client", token),
        name -> null, null);

    assertThat(kube).extracting(Secret::reveal).containsExactlyInAnyOrder("kube-bearer-token-0123456789abcdef",
        "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==");
    assertThat(profile).extracting(Secret::reveal).containsExactlyInAnyOrder("AKIAAUDITAUDITAUDIT0",
        "audit/secret+Access+Key/0123456789");
    assertThat(federated).extracting(Secret::reveal)
        .containsExactly("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl");
    assertThat(Redactor.secretsOf(new Credentials.AwsProfile("audit"),
        name -> name.equals("AWS_SHARED_CREDENTIALS_FILE") ? credentials.toString() : null, null))
        .hasSize(2);
    assertThat(Redactor.secretsOf(new Credentials.Kubeconfig(dir.resolve("missing"), null), name -> null, null))
        .isEmpty();
  }
}
