package io.secposture.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import io.secposture.core.StoredObject;
import io.secposture.storage.s3.internal.S3StoreProvider;
import io.secposture.storage.s3.internal.S3ObjectStore;
import io.secposture.testkit.FaultInjectingProxy;
import io.secposture.testkit.FaultInjectingProxy.Action;
import io.secposture.testkit.SampleSite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** What the S3 publisher does when S3Proxy misbehaves, disappears or refuses: through a fault-injecting proxy. */
class S3FaultTest {
  private static final String S3_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
      + "<Message>%s</Message><RequestId>injected</RequestId></Error>";

  @TempDir
  Path temp;

  private static ArtifactPublisher publisherVia(URI endpoint, Map<String, String> extra) {
    Settings options = S3TestServer.options(endpoint).with(Settings.of(extra));
    return S3ArtifactPublisher.builder().options(options).build();
  }

  private SampleSite site(String runId, int accounts) {
    return SampleSite.scoutSuite(temp.resolve(runId), runId, accounts, 7, Settings.empty());
  }

  private static byte[] read(ArtifactPublisher publisher, URI destination, String key) throws IOException {
    Optional<InputStream> in = publisher.read(destination, key);
    assertThat(in).as(key).isPresent();
    try (InputStream stream = in.get()) {
      return stream.readAllBytes();
    }
  }

  @Test
  void publish_serverAnswers503ThreeTimes_retriesAndSucceeds() throws IOException {
    S3TestServer server = S3TestServer.shared();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      proxy.failNext(3, Action.respond(503, "application/xml", String.format(S3_ERROR, "ServiceUnavailable",
          "Please reduce your request rate.")));
      URI destination = S3TestServer.newSite();
      SampleSite site = site("run-503", 2);
      PublishResult result = publisherVia(proxy.uri(), Map.of()).publish(destination, site.publication());

      assertThat(proxy.requests()).filteredOn(r -> r.action().equals("503")).hasSize(3);
      assertThat(result.objects()).isEqualTo(site.publication().files().size() + 5L);
      ArtifactPublisher direct = publisherVia(server.endpoint(), Map.of());
      for (StagedFile file : site.publication().files()) {
        assertThat(read(direct, destination, file.key())).isEqualTo(Files.readAllBytes(file.file()));
      }
    }
  }

  @Test
  void publish_serverStopsMidway_failsNamingKeyAndLeavesPreviousLatest() throws Exception {
    S3TestServer server = S3TestServer.startNew();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      URI destination = S3TestServer.newSite();
      ArtifactPublisher publisher = publisherVia(proxy.uri(), Map.of("s3.max-attempts", "3"));
      publisher.publish(destination, site("run-before", 1).publication());
      byte[] latest = read(publisher, destination, SiteLayout.LATEST_REPORT);
      byte[] index = read(publisher, destination, SiteLayout.INDEX);
      int before = proxy.requests().size();

      AtomicInteger seen = new AtomicInteger();
      proxy.rule(request -> {
        if (seen.incrementAndGet() == 5) {
          server.stop(); // the server goes away while uploads are in flight
        }
        return Action.forward();
      });
      SampleSite next = site("run-during", 3);
      assertThatThrownBy(() -> publisher.publish(destination, next.publication()))
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.key()).startsWith("runs/run-during/");
            assertThat(e.destination()).isEqualTo(destination);
            assertThat(e.getMessage()).contains(destination.toString()).contains(e.key())
                .contains("were not touched");
          });
      assertThat(proxy.requests().subList(before, proxy.requests().size()))
          .noneMatch(r -> r.method().equals("PUT") && (r.target().contains("report_latest.json")
              || r.target().contains("index.html")));

      server.start(); // same objects, new port
      ArtifactPublisher direct = publisherVia(server.endpoint(), Map.of());
      assertThat(read(direct, destination, SiteLayout.LATEST_REPORT)).isEqualTo(latest);
      assertThat(read(direct, destination, SiteLayout.INDEX)).isEqualTo(index);
    } finally {
      server.close();
    }
  }

  @Test
  void publish_bucketDoesNotExist_failsNamingBucketAndKey() {
    S3TestServer server = S3TestServer.shared();
    URI destination = URI.create("s3://no-such-bucket/site");
    SampleSite site = site("run-nobucket", 1);
    assertThatThrownBy(() -> publisherVia(server.endpoint(), Map.of()).publish(destination, site.publication()))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.key()).startsWith("runs/run-nobucket/");
          assertThat(e.getMessage()).contains("s3://no-such-bucket/site")
              .contains("the bucket 'no-such-bucket' does not exist");
        });
  }

  @Test
  void publish_wrongCredentials_failsWithAHintAndNeverPrintsTheSecret() {
    S3TestServer server = S3TestServer.shared();
    String wrongSecret = "wrong-secret-value-that-must-not-leak";
    Settings options = S3TestServer.options(server.endpoint()).with("s3.secret-access-key", wrongSecret);
    ArtifactPublisher publisher = S3ArtifactPublisher.builder().options(options).build();
    URI destination = S3TestServer.newSite();
    assertThatThrownBy(() -> publisher.publish(destination, site("run-badkey", 1).publication()))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.getMessage()).contains("check the credentials").contains(destination.toString());
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          assertThat(trace.toString()).doesNotContain(wrongSecret);
        });
  }

  @Test
  void publish_storeWithoutConditionalWrites_fallsBackToEmulatedAndKeepsHistory() throws IOException {
    S3TestServer server = S3TestServer.shared();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      proxy.rule(request -> request.method().equals("PUT")
          && (request.headers().containsKey("if-match") || request.headers().containsKey("if-none-match"))
          ? Action.respond(501, "application/xml", String.format(S3_ERROR, "NotImplemented",
              "A header you provided implies functionality that is not implemented"))
          : Action.forward());
      URI destination = S3TestServer.newSite();
      ArtifactPublisher publisher = publisherVia(proxy.uri(), Map.of());
      publisher.publish(destination, site("run-e1", 1).publication());
      Publication second = new Publication(PostureReport.builder("run-e2", Instant.parse("2026-11-29T02:00:00Z"))
          .build(), List.of(), Settings.empty());
      publisher.publish(destination, second);

      assertThat(proxy.requests()).filteredOn(r -> r.action().equals("501")).hasSize(2);
      assertThat(ReportJson.readHistory(new ByteArrayInputStream(read(publisher, destination, SiteLayout.HISTORY)),
          "history")).extracting(row -> row.runId()).containsExactly("run-e1", "run-e2");
    }
  }

  @Test
  void publish_largeFile_goesUpInPartsWithItsContentType() throws Exception {
    S3TestServer server = S3TestServer.shared();
    Path big = temp.resolve("big.js");
    byte[] content = new byte[(12 << 20) + 12345];
    new Random(3).nextBytes(content);
    Files.write(big, content);
    String key = "runs/run-big/aws/111111111111/scoutsuite/scoutsuite-results/scoutsuite_results_big.js";
    Publication publication = new Publication(PostureReport.builder("run-big", Instant.now()).build(),
        List.of(new StagedFile(key, big, "text/javascript; charset=utf-8")), Settings.empty());
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      URI destination = S3TestServer.newSite();
      publisherVia(proxy.uri(), Map.of("s3.multipart-threshold", "5MiB", "s3.part-size", "5MiB"))
          .publish(destination, publication);

      assertThat(proxy.requests()).filteredOn(r -> r.target().contains("partNumber=")).hasSize(3);
      try (S3Client s3 = server.client()) {
        String objectKey = destination.getPath().substring(1) + "/" + key;
        byte[] stored = s3.getObjectAsBytes(g -> g.bucket(S3TestServer.BUCKET).key(objectKey)).asByteArray();
        assertThat(MessageDigest.getInstance("SHA-256").digest(stored))
            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        HeadObjectResponse head = s3.headObject(h -> h.bucket(S3TestServer.BUCKET).key(objectKey));
        assertThat(head.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(head.cacheControl()).isEqualTo(SiteLayout.IMMUTABLE_CACHE);
      }
    }
  }

  @Test
  void publish_partFails_abortsTheMultipartUploadAndNamesTheKey() throws IOException {
    S3TestServer server = S3TestServer.shared();
    Path big = temp.resolve("big.bin");
    Files.write(big, new byte[11 << 20]);
    String key = "runs/run-abort/big.bin";
    Publication publication = new Publication(PostureReport.builder("run-abort", Instant.now()).build(),
        List.of(new StagedFile(key, big, "application/octet-stream")), Settings.empty());
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", server.port())) {
      proxy.rule(request -> request.target().contains("partNumber=2")
          ? Action.respond(400, "application/xml", String.format(S3_ERROR, "InvalidPart", "injected bad part"))
          : Action.forward());
      URI destination = S3TestServer.newSite();
      assertThatThrownBy(() -> publisherVia(proxy.uri(), Map.of("s3.multipart-threshold", "5MiB",
          "s3.part-size", "5MiB")).publish(destination, publication))
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains("injected bad part");
          });
      assertThat(proxy.requests()).anyMatch(r -> r.method().equals("DELETE") && r.target().contains("uploadId="));
    }
  }

  @Test
  void putIfVersion_manyWritersInOneJvm_loseNoUpdate() throws Exception {
    S3TestServer server = S3TestServer.shared();
    URI site = S3TestServer.newSite();
    S3PublisherConfig config = S3PublisherConfig.from(site, server.options(), Map.of());
    int writers = 4;
    int increments = 15;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      futures.add(pool.submit(() -> {
        try (S3ObjectStore store = new S3ObjectStore(S3StoreProvider.build(config), true, config)) {
          ObjectMetadata text = new ObjectMetadata("text/plain", SiteLayout.SHORT_CACHE);
          for (int i = 0; i < increments; i++) {
            while (true) {
              Optional<StoredObject> current = store.get("counter");
              int value = current.map(o -> Integer.parseInt(new String(o.content(), StandardCharsets.UTF_8)))
                  .orElse(0);
              if (store.putIfVersion("counter", Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8), text,
                  current.map(StoredObject::version).orElse(null))) {
                break;
              }
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    try (S3ObjectStore store = new S3ObjectStore(server.client(), true, config)) {
      assertThat(new String(store.get("counter").orElseThrow().content(), StandardCharsets.UTF_8))
          .isEqualTo(Integer.toString(writers * increments));
    }
  }

  @Test
  void publish_serverSideEncryptionAndStorageClass_areRequestedOnEveryObject() throws IOException {
    S3TestServer server = S3TestServer.shared();
    URI destination = S3TestServer.newSite();
    publisherVia(server.endpoint(), Map.of("s3.sse", "AES256", "s3.storage-class", "STANDARD_IA"))
        .publish(destination, site("run-sse", 1).publication());
    try (S3Client s3 = server.client()) {
      HeadObjectResponse head = s3.headObject(h -> h.bucket(S3TestServer.BUCKET)
          .key(destination.getPath().substring(1) + "/" + SiteLayout.LATEST_REPORT));
      assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
    }
  }
}
