package io.secposture.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcsPublisherConfigTest {
  private static GcsPublisherConfig config(String destination, Map<String, String> options, Map<String, String> env) {
    return GcsPublisherConfig.from(URI.create(destination), Settings.of(options), env);
  }

  @Test
  void from_bareDestination_usesDefaults() {
    GcsPublisherConfig config = config("gs://posture_reports", Map.of(), Map.of());

    assertThat(config.bucket()).isEqualTo("posture_reports");
    assertThat(config.prefix()).isEmpty();
    assertThat(config.project()).isNull();
    assertThat(config.endpoint()).isNull();
    assertThat(config.credentialsFile()).isNull();
    assertThat(config.accessToken()).isNull();
    assertThat(config.anonymous()).isFalse();
    assertThat(config.resumableThreshold()).isEqualTo(8L << 20);
    assertThat(config.chunkSize()).isEqualTo(16 << 20);
    assertThat(config.maxAttempts()).isEqualTo(6);
    assertThat(config.uri("index.html")).isEqualTo(URI.create("gs://posture_reports/index.html"));
  }

  @Test
  void from_queryAndOptions_queryWins() {
    GcsPublisherConfig config = config("gs://reports/security/site/?project=sec-prod&chunk-size=8MiB"
        + "&credentials-file=/etc/secposture/gcp.json", Map.of("gcs.project", "other", "gcs.max-attempts", "4"),
        Map.of());

    assertThat(config.prefix()).isEqualTo("security/site");
    assertThat(config.project()).isEqualTo("sec-prod");
    assertThat(config.chunkSize()).isEqualTo(8 << 20);
    assertThat(config.credentialsFile()).isEqualTo(Path.of("/etc/secposture/gcp.json"));
    assertThat(config.maxAttempts()).isEqualTo(4);
    assertThat(config.objectName("index.html")).isEqualTo("security/site/index.html");
  }

  @Test
  void from_tokenFromEnvironment_neverPrints() {
    GcsPublisherConfig config = config("gs://reports", Map.of(), Map.of("GOOGLE_OAUTH_ACCESS_TOKEN",
        "ya29.a0AfH6SMexampletoken"));
    assertThat(config.accessToken().reveal()).isEqualTo("ya29.a0AfH6SMexampletoken");
    assertThat(config.toString()).doesNotContain("ya29.a0AfH6SMexampletoken");
  }

  @Test
  void from_tokenInQuery_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> config("gs://reports?access-token=ya29.secret-in-url", Map.of(), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("gcs.access-token")
        .hasMessageNotContaining("ya29.secret-in-url");
  }

  @Test
  void from_malformedOrConflictingSettings_areRefused() {
    List<Map<String, String>> bad = List.of(Map.of("gcs.chunk-size", "1000"), Map.of("gcs.max-attempts", "0"),
        Map.of("gcs.endpoint", "storage.googleapis.com"), Map.of("gcs.anonymous", "perhaps"),
        Map.of("gcs.anonymous", "true", "gcs.credentials-file", "/k.json"), Map.of("gcs.bucket", "x"));
    for (Map<String, String> options : bad) {
      assertThatThrownBy(() -> config("gs://reports", options, Map.of())).as(options.toString())
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void from_wrongSchemeOrInvalidBucket_isRefused() {
    for (String destination : List.of("s3://reports/site", "gs:///site", "gs://Upper_Case/site",
        "gs://reports/a/../b")) {
      assertThatThrownBy(() -> config(destination, Map.of(), Map.of())).as(destination)
          .isInstanceOf(ConfigurationException.class);
    }
  }
}
