package io.secposture.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.SiteLayout;
import io.secposture.core.StoredObject;
import io.secposture.storage.gcs.internal.GcsStoreProvider;
import io.secposture.storage.gcs.internal.GcsObjectStore;
import io.secposture.testkit.FaultInjectingProxy;
import io.secposture.testkit.FaultInjectingProxy.Action;
import io.secposture.testkit.SampleSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the GCS publisher does when the emulator misbehaves, disappears or refuses: through a fault-injecting proxy. */
@ExtendWith(GcsEmulatorExtension.class)
class GcsFaultTest {
  private static final String GCS_503 = "{\"error\":{\"code\":503,\"message\":\"Backend Error\",\"errors\":"
      + "[{\"domain\":\"global\",\"reason\":\"backendError\",\"message\":\"Backend Error\"}]}}";

  @TempDir
  Path temp;

  private SampleSite site(String runId, int accounts) {
    return SampleSite.scoutSuite(temp.resolve(runId), runId, accounts, 5, Settings.empty());
  }

  private static ArtifactPublisher publisher(Settings options) {
    return GcsArtifactPublisher.builder().options(options).build();
  }

  private static byte[] read(ArtifactPublisher publisher, URI destination, String key) throws IOException {
    Optional<InputStream> in = publisher.read(destination, key);
    assertThat(in).as(key).isPresent();
    try (InputStream stream = in.get()) {
      return stream.readAllBytes();
    }
  }

  @Test
  void publish_serverAnswers503ThreeTimes_retriesAndSucceeds(GcsEmulator emulator) throws IOException {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", emulator.port())) {
      proxy.failNext(3, Action.respond(503, "application/json", GCS_503));
      URI destination = GcsEmulator.newSite();
      SampleSite site = site("run-503", 2);
      publisher(emulator.options(proxy.uri())).publish(destination, site.publication());

      assertThat(proxy.requests()).filteredOn(r -> r.action().equals("503")).hasSize(3);
      ArtifactPublisher direct = publisher(emulator.options());
      for (StagedFile file : site.publication().files()) {
        assertThat(read(direct, destination, file.key())).isEqualTo(Files.readAllBytes(file.file()));
      }
      assertThat(direct.read(destination, SiteLayout.LATEST_REPORT)).isPresent();
    }
  }

  @Test
  void publish_serverStopsMidway_failsNamingKeyAndNeverTouchesLatestOrIndex() throws IOException {
    GcsEmulator own = GcsEmulator.start(null);
    try (own; FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", own.port())) {
      URI destination = GcsEmulator.newSite();
      ArtifactPublisher publisher = publisher(own.options(proxy.uri()).with("gcs.max-attempts", "3"));
      publisher.publish(destination, site("run-before", 1).publication());
      int before = proxy.requests().size();

      AtomicInteger seen = new AtomicInteger();
      proxy.rule(request -> {
        if (seen.incrementAndGet() == 5) {
          own.close(); // the emulator process is killed while uploads are in flight
        }
        return Action.forward();
      });
      assertThatThrownBy(() -> publisher.publish(destination, site("run-during", 3).publication()))
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.key()).startsWith("runs/run-during/");
            assertThat(e.getMessage()).contains(destination.toString()).contains(e.key()).contains("were not touched");
          });
      // the emulator keeps object metadata in memory, so what it stored cannot be read after it is gone; what the
      // publisher sent can: nothing went to the latest report or the front page
      assertThat(proxy.requests().subList(before, proxy.requests().size()))
          .noneMatch(r -> r.target().contains("report_latest.json") || r.target().contains("index.html"));
    }
  }

  @Test
  void publish_bucketDoesNotExist_failsNamingBucketAndKey(GcsEmulator emulator) {
    URI destination = URI.create("gs://no-such-bucket/site");
    assertThatThrownBy(() -> publisher(emulator.options()).publish(destination, site("run-nobucket", 1)
        .publication()))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.key()).startsWith("runs/run-nobucket/");
          assertThat(e.getMessage()).contains("gs://no-such-bucket/site")
              .contains("the bucket 'no-such-bucket' does not exist");
        });
  }

  @Test
  void publish_wrongToken_failsWithAHintAndNeverPrintsTheToken() {
    try (GcsEmulator guarded = GcsEmulator.start("the-right-token-0123456789")) {
      String wrongToken = "ya29.wrong-token-that-must-not-leak";
      Settings options = guarded.options().with("gcs.access-token", wrongToken);
      URI destination = GcsEmulator.newSite();
      assertThatThrownBy(() -> publisher(options).publish(destination, site("run-badtoken", 1).publication()))
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.getMessage()).contains(destination.toString()).contains("check the credentials");
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(wrongToken);
          });
      // the right token works
      publisher(guarded.options()).publish(destination, site("run-goodtoken", 1).publication());
    }
  }

  @Test
  void putIfVersion_staleGenerationOrExistingObject_isRefused(GcsEmulator emulator) throws IOException {
    GcsPublisherConfig config = GcsPublisherConfig.from(GcsEmulator.newSite(), emulator.options(), Map.of());
    try (GcsObjectStore store = new GcsObjectStore(GcsStoreProvider.build(config), true, config)) {
      ObjectMetadata json = ObjectMetadata.forKey(SiteLayout.HISTORY);
      assertThat(store.putIfVersion(SiteLayout.HISTORY, bytes("[1]"), json, null)).isTrue();
      StoredObject first = store.get(SiteLayout.HISTORY).orElseThrow();
      assertThat(store.putIfVersion(SiteLayout.HISTORY, bytes("[2]"), json, null)).isFalse();
      assertThat(store.putIfVersion(SiteLayout.HISTORY, bytes("[1,2]"), json, first.version())).isTrue();
      assertThat(store.putIfVersion(SiteLayout.HISTORY, bytes("[9]"), json, first.version())).isFalse();
      StoredObject last = store.get(SiteLayout.HISTORY).orElseThrow();
      assertThat(new String(last.content(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
      assertThat(Long.parseLong(last.version())).isGreaterThan(Long.parseLong(first.version()));
    }
  }

  @Test
  void publish_largeFile_goesUpInAResumableUpload(GcsEmulator emulator) throws IOException {
    Path big = temp.resolve("big.js");
    byte[] content = new byte[(9 << 20) + 777];
    new Random(5).nextBytes(content);
    Files.write(big, content);
    String key = "runs/run-big/gcp/p-1/scoutsuite/scoutsuite-results/scoutsuite_results_big.js";
    Publication publication = new Publication(PostureReport.builder("run-big", Instant.now()).build(),
        List.of(new StagedFile(key, big, "text/javascript; charset=utf-8")), Settings.empty());
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", emulator.port())) {
      URI destination = GcsEmulator.newSite();
      publisher(emulator.options(proxy.uri()).with("gcs.resumable-threshold", "4MiB").with("gcs.chunk-size", "2MiB"))
          .publish(destination, publication);

      assertThat(proxy.requests()).filteredOn(r -> r.method().equals("POST")
          && r.target().contains("uploadType=resumable")).hasSize(1);
      assertThat(proxy.requests()).filteredOn(r -> r.method().equals("PUT") && r.target().contains("upload_id="))
          .isNotEmpty();
      Storage storage = emulator.client();
      try {
        BlobId id = BlobId.of(GcsEmulator.BUCKET, destination.getPath().substring(1) + "/" + key);
        assertThat(storage.readAllBytes(id)).isEqualTo(content);
        Blob blob = storage.get(id);
        assertThat(blob.getContentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(blob.getCacheControl()).isEqualTo(SiteLayout.IMMUTABLE_CACHE);
      } finally {
        GcsEmulator.close(storage);
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
