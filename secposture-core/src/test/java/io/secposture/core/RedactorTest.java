package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
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
}
