package io.secposture.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.storage.s3.S3PublisherConfig.ConditionalWrites;
import io.secposture.storage.s3.S3PublisherConfig.Encryption;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3PublisherConfigTest {
  private static S3PublisherConfig config(String destination, Map<String, String> options, Map<String, String> env) {
    return S3PublisherConfig.from(URI.create(destination), Settings.of(options), env);
  }

  @Test
  void from_bareDestination_usesDefaults() {
    S3PublisherConfig config = config("s3://reports", Map.of(), Map.of());

    assertThat(config.bucket()).isEqualTo("reports");
    assertThat(config.prefix()).isEmpty();
    assertThat(config.region()).isNull();
    assertThat(config.endpoint()).isNull();
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.encryption()).isEqualTo(Encryption.NONE);
    assertThat(config.storageClass()).isNull();
    assertThat(config.accessKeyId()).isNull();
    assertThat(config.multipartThreshold()).isEqualTo(16L << 20);
    assertThat(config.partSize()).isEqualTo(8L << 20);
    assertThat(config.maxAttempts()).isEqualTo(6);
    assertThat(config.conditionalWrites()).isEqualTo(ConditionalWrites.AUTO);
    assertThat(config.concurrency()).isEqualTo(16);
    assertThat(config.uri("index.html")).isEqualTo(URI.create("s3://reports/index.html"));
  }

  @Test
  void from_queryAndOptions_queryWinsAndShortNamesWork() {
    S3PublisherConfig config = config("s3://reports/security/posture/?region=eu-west-1&sse=aws:kms"
            + "&kms-key-id=alias/posture&storage-class=standard_ia&part-size=16MiB&multipart-threshold=64MB",
        Map.of("s3.region", "us-east-2", "s3.max-attempts", "3", "publish.concurrency", "32"), Map.of());

    assertThat(config.prefix()).isEqualTo("security/posture");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.encryption()).isEqualTo(Encryption.AWS_KMS);
    assertThat(config.kmsKeyId()).isEqualTo("alias/posture");
    assertThat(config.storageClass()).isEqualTo("STANDARD_IA");
    assertThat(config.partSize()).isEqualTo(16L << 20);
    assertThat(config.multipartThreshold()).isEqualTo(64L << 20);
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.concurrency()).isEqualTo(32);
    assertThat(config.objectKey("index.html")).isEqualTo("security/posture/index.html");
    assertThat(config.siteUri()).isEqualTo(URI.create("s3://reports/security/posture"));
  }

  @Test
  void from_endpoint_defaultsToPathStyleAndUsEast1() {
    S3PublisherConfig config = config("s3://reports/site?endpoint=http://127.0.0.1:9000", Map.of(), Map.of());

    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(config.pathStyle()).isTrue();
    assertThat(config.region()).isEqualTo("us-east-1");
  }

  @Test
  void from_keysFromEnvironment_areSecretsThatNeverPrint() {
    S3PublisherConfig config = config("s3://reports", Map.of(), Map.of(
        "SECPOSTURE_S3_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001",
        "SECPOSTURE_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "SECPOSTURE_S3_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN"));

    assertThat(config.accessKeyId()).isEqualTo(Secret.of("AKIAEXAMPLEKEYID0001"));
    assertThat(config.secretAccessKey().reveal()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertThat(config.toString()).doesNotContain("AKIAEXAMPLEKEYID0001").doesNotContain("wJalrXUtnFEMI")
        .doesNotContain("FwoGZXIvYXdzEXAMPLETOKEN").contains(Secret.MASK);
  }

  @Test
  void from_optionsWinOverEnvironment() {
    S3PublisherConfig config = config("s3://reports",
        Map.of("s3.access-key-id", "from-options", "s3.secret-access-key", "secret-from-options"),
        Map.of("SECPOSTURE_S3_ACCESS_KEY_ID", "from-env", "SECPOSTURE_S3_SECRET_ACCESS_KEY", "secret-from-env"));
    assertThat(config.accessKeyId().reveal()).isEqualTo("from-options");
  }

  @Test
  void from_secretInQuery_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> config("s3://reports/site?secret-access-key=hunter2hunter2&access-key-id=AKIA1",
        Map.of(), Map.of()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.getMessage()).contains("s3.secret-access-key").doesNotContain("hunter2hunter2");
        });
  }

  @Test
  void from_unknownKey_isRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> config("s3://reports?regoin=eu-west-1", Map.of(), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown setting 's3.regoin'").hasMessageContaining("s3.region");
  }

  @Test
  void from_everyMalformedValue_reportedClearly() {
    Map<String, String> bad = Map.of(
        "s3.sse", "rot13",
        "s3.storage-class", "COLD_AS_ICE",
        "s3.part-size", "1MiB",
        "s3.max-attempts", "0",
        "s3.conditional-writes", "sometimes",
        "s3.endpoint", "ftp://nope");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      assertThatThrownBy(() -> config("s3://reports", Map.of(entry.getKey(), entry.getValue()), Map.of()))
          .as(entry.getKey()).isInstanceOf(ConfigurationException.class).hasMessageContaining(entry.getKey())
          .hasMessageContaining(entry.getValue());
    }
  }

  @Test
  void from_inconsistentSettings_areRefused() {
    assertThatThrownBy(() -> config("s3://reports", Map.of("s3.kms-key-id", "alias/x"), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("s3.sse=aws:kms");
    assertThatThrownBy(() -> config("s3://reports", Map.of("s3.access-key-id", "AKIA"), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("both");
    assertThatThrownBy(() -> config("s3://reports", Map.of("s3.part-size", "32MiB", "s3.multipart-threshold", "8MiB"),
        Map.of())).isInstanceOf(ConfigurationException.class).hasMessageContaining("multipart-threshold");
  }

  @Test
  void from_wrongSchemeOrNoBucketOrUnsafePrefix_isRefused() {
    for (String destination : List.of("gs://bucket/site", "s3:///site", "s3://bucket/a/../b", "s3://user@bucket/x")) {
      assertThatThrownBy(() -> config(destination, Map.of(), Map.of())).as(destination)
          .isInstanceOf(ConfigurationException.class);
    }
  }
}
