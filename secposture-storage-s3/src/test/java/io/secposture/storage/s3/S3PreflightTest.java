package io.secposture.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 publisher's checks before a run, against S3Proxy: settings without I/O, then a probe object. */
class S3PreflightTest {

  @Test
  void validate_everyTypoAtOnce_withoutContactingTheStore() {
    URI destination = URI.create("s3://reports-bucket/posture?regin=eu-west-1");

    assertThatThrownBy(() -> S3ArtifactPublisher.builder().build().validate(destination,
        Settings.of(Map.of("s3.storage-clas", "STANDARD_IA", "history.retention", "0"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .anySatisfy(problem -> assertThat(problem).contains("unknown setting 's3.regin'"))
            .anySatisfy(problem -> assertThat(problem).contains("unknown setting 's3.storage-clas'")));
    assertThatThrownBy(() -> S3ArtifactPublisher.builder().build().validate(URI.create("s3://reports-bucket/site"),
        Settings.of(Map.of("history.retention", "0", "publish.concurrency", "0"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void preflight_writableBucket_probeWrittenReadBackAndDeleted() {
    S3TestServer server = S3TestServer.shared();
    URI destination = S3TestServer.newSite();

    Preflight result = S3ArtifactPublisher.builder().options(server.options()).build().preflight(destination,
        Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.details()).singleElement().asString()
        .isEqualTo("wrote, read back and deleted a probe object under " + destination);
    try (S3Client s3 = server.client()) {
      assertThat(s3.listObjectsV2(list -> list.bucket(S3TestServer.BUCKET).prefix(destination.getPath().substring(1)))
          .contents()).as("nothing left under the prefix").isEmpty();
    }
  }

  @Test
  void preflight_wrongSecretOrMissingBucket_aProblemNamingTheDestination_andNoSecret() {
    S3TestServer server = S3TestServer.shared();
    Settings wrongSecret = server.options().with(Settings.of(Map.of("s3.secret-access-key", "wrong-secret-000000")));

    Preflight denied = S3ArtifactPublisher.builder().build().preflight(S3TestServer.newSite(), wrongSecret);
    Preflight noBucket = S3ArtifactPublisher.builder().options(server.options()).build()
        .preflight(URI.create("s3://no-such-bucket-4711/site"), Settings.empty());

    assertThat(denied.problems()).singleElement().asString().startsWith("cannot write to s3://"
        + S3TestServer.BUCKET + "/sites/").contains(".secposture-check-").doesNotContain("wrong-secret-000000");
    assertThat(noBucket.problems()).singleElement().asString().startsWith("cannot write to s3://no-such-bucket-4711/site");
  }
}
