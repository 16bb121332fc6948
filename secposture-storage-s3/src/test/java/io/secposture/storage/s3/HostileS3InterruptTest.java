package io.secposture.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.storage.s3.internal.S3StoreProvider;
import io.secposture.storage.s3.internal.S3ObjectStore;
import io.secposture.testkit.FaultInjectingProxy;
import io.secposture.testkit.FaultInjectingProxy.Action;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A publish interrupted in the middle of a multipart upload aborts it (S3 keeps and bills the parts of an upload
 * until it is completed or aborted), and the next publish aborts the uploads a killed publish left.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileS3InterruptTest {
  @TempDir
  Path temp;

  private static List<MultipartUpload> incompleteUploads(S3TestServer server, URI site) {
    try (S3Client s3 = server.client()) {
      return s3.listMultipartUploads(list -> list.bucket(S3TestServer.BUCKET)
          .prefix(site.getPath().substring(1) + "/")).uploads();
    }
  }

  @Test
  void publish_interruptedDuringAPart_abortsTheMultipartUploadAndFailsNamingTheKey() throws Exception {
    S3TestServer server = S3TestServer.shared();
    Path big = temp.resolve("big.bin");
    Files.write(big, new byte[11 << 20]);
    String key = "runs/run-interrupted/big.bin";
    Publication publication = new Publication(PostureReport.builder("run-interrupted", Instant.now()).build(),
        List.of(new StagedFile(key, big, "application/octet-stream")), Settings.empty());
    URI destination = S3TestServer.newSite();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      CountDownLatch secondPart = new CountDownLatch(1);
      proxy.rule(request -> {
        if (request.target().contains("partNumber=2")) {
          secondPart.countDown();
          return Action.delayThenForward(Duration.ofSeconds(2));
        }
        return Action.forward();
      });
      ArtifactPublisher publisher = S3ArtifactPublisher.builder().options(S3TestServer.options(proxy.uri())
          .with(Settings.of(Map.of("s3.multipart-threshold", "5MiB", "s3.part-size", "5MiB")))).build();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread publishing = new Thread(() -> {
        try {
          publisher.publish(destination, publication);
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "publishing");
      publishing.start();

      assertThat(secondPart.await(60, TimeUnit.SECONDS)).as("the second part was sent").isTrue();
      publishing.interrupt();
      publishing.join(60_000);

      assertThat(publishing.isAlive()).isFalse();
      assertThat(failure.get()).isInstanceOfSatisfying(PublishException.class,
          e -> assertThat(e.key()).isEqualTo(key));
      assertThat(proxy.requests()).anyMatch(r -> r.method().equals("DELETE") && r.target().contains("uploadId="));
    }
    assertThat(incompleteUploads(server, destination)).isEmpty();
  }

  @Test
  void removeAbandonedUploads_abortsOldIncompleteUploadsOfTheSitesOwnKeysOnly() throws Exception {
    S3TestServer server = S3TestServer.shared();
    URI site = S3TestServer.newSite();
    URI otherSite = S3TestServer.newSite();
    String sitePrefix = site.getPath().substring(1);
    String otherKey = otherSite.getPath().substring(1) + "/runs/r/big.bin";
    String notOurs = sitePrefix + "/backups/db.dump";
    try (S3Client s3 = server.client()) {
      s3.createMultipartUpload(create -> create.bucket(S3TestServer.BUCKET).key(sitePrefix + "/runs/r/big.bin"));
      s3.createMultipartUpload(create -> create.bucket(S3TestServer.BUCKET).key(otherKey));
      s3.createMultipartUpload(create -> create.bucket(S3TestServer.BUCKET).key(notOurs));
    }
    S3PublisherConfig config = S3PublisherConfig.from(site, server.options(), Map.of());

    try (S3ObjectStore store = new S3ObjectStore(S3StoreProvider.build(config), true, config)) {
      assertThat(store.removeAbandonedUploads(Duration.ofHours(1))).as("a recent upload may still be running")
          .isEmpty();
      Thread.sleep(1_100); // S3 reports start times in whole seconds
      assertThat(store.removeAbandonedUploads(Duration.ofSeconds(1))).singleElement().asString()
          .startsWith(sitePrefix + "/runs/r/big.bin (multipart upload started ");
    }

    assertThat(incompleteUploads(server, site)).extracting(MultipartUpload::key)
        .as("another tool's upload under the site's prefix").containsExactly(notOurs);
    assertThat(incompleteUploads(server, otherSite)).extracting(MultipartUpload::key).containsExactly(otherKey);
  }
}
