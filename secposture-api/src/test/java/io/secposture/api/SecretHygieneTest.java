package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class SecretHygieneTest {

  @Property
  void secret_toString_neverRevealsTheValue(@ForAll @StringLength(min = 1, max = 64) String value) {
    Secret secret = Secret.of(value);
    assertThat(secret.toString()).isEqualTo("****");
    assertThat(secret.reveal()).isEqualTo(value);
  }

  @Property
  void everyCredentialKind_toString_neverContainsItsSecrets(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 12, max = 40) String value) {
    Secret secret = Secret.of("S3cr3t" + value);
    List<Credentials> kinds = List.of(
        new Credentials.AwsKeys(secret, secret, secret),
        new Credentials.AwsRole("arn:aws:iam::123456789012:role/Audit", secret, "s", Duration.ofHours(1)),
        new Credentials.AzureServicePrincipal("tenant", "client", secret),
        new Credentials.GcpCredentialsFile(null, secret),
        new Credentials.Environment(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", secret), "endpoint"),
        new Credentials.Custom("github-app", Map.of("app", "1"), Map.of("key", secret)));
    for (Credentials credentials : kinds) {
      assertThat(credentials.toString()).doesNotContain(secret.reveal());
      CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").credentials(credentials).build();
      assertThat(account.toString()).doesNotContain(secret.reveal());
      ScanRequest request = ScanRequest.of("run-1", account, Path.of("out"), Duration.ofMinutes(5));
      assertThat(request.toString()).doesNotContain(secret.reveal());
      ScanResult result = ScanResult.skipped("x", account, "why");
      assertThat(result.toString()).doesNotContain(secret.reveal());
    }
  }

  @Property
  void settings_toString_printsKeysOnly(@ForAll @AlphaChars @StringLength(min = 8, max = 30) String value) {
    Settings settings = Settings.of(Map.of("s3.secret-key", value + "X"));
    assertThat(settings.toString()).isEqualTo("Settings[s3.secret-key]");
  }

  @Property
  void secret_equality_followsValue(@ForAll @StringLength(min = 1, max = 20) String a,
      @ForAll @StringLength(min = 1, max = 20) String b) {
    assertThat(Secret.of(a).equals(Secret.of(b))).isEqualTo(a.equals(b));
  }
}
