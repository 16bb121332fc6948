package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.publish.LocalObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitePublisherTest {
  private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
  private static final URI SITE = URI.create("file:///srv/site");

  @TempDir
  Path temp;

  private Path root() {
    return temp.resolve("site");
  }

  private ScriptedStore store() {
    return new ScriptedStore(new LocalObjectStore(root()));
  }

  private List<StagedFile> stage(String runId, int count) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("staged-" + runId));
    List<StagedFile> files = new ArrayList<>();
    String prefix = SiteLayout.scanPrefix(runId, CloudProvider.AWS, "111111111111", "scoutsuite");
    for (int i = 0; i < count; i++) {
      Path file = Files.writeString(dir.resolve("f" + i), "file " + i + " of " + runId + "\n".repeat(i));
      files.add(new StagedFile(prefix + "file-" + i + ".html", file, MediaTypes.forName("x.html")));
    }
    return files;
  }

  private static Publication publication(String runId, Instant at, List<StagedFile> files, Settings options) {
    return new Publication(PostureReport.builder(runId, at).build(), files, options);
  }

  @Test
  void publish_order_runFilesThenDatedThenHistoryThenIndexThenLatestLast() throws IOException {
    ScriptedStore store = store();
    List<StagedFile> files = stage("run-1", 5);
    SitePublisher.publish(SITE, store, publication("run-1", T0, files, Settings.empty()));

    List<String> writes = store.operations().stream().filter(op -> op.startsWith("put")).toList();
    assertThat(writes).hasSize(10);
    assertThat(writes.subList(0, 5)).allMatch(op -> op.startsWith("put:runs/run-1/"));
    assertThat(writes.subList(5, 10)).containsExactly(
        "putBytes:reports/report_2026-11-22_run-1.json",
        "putIfVersion:" + SiteLayout.HISTORY,
        "putBytes:" + SiteLayout.FINDINGS_PAGE,
        "putBytes:" + SiteLayout.INDEX,
        "putBytes:" + SiteLayout.LATEST_REPORT);
  }

  @Test
  void publish_concurrencyOption_boundsUploadsInFlight() throws IOException {
    ScriptedStore store = store();
    CountDownLatch secondStarted = new CountDownLatch(2);
    store.beforeUpload(key -> {
      secondStarted.countDown();
      try {
        secondStarted.await(5, TimeUnit.SECONDS); // the first two uploads wait for each other: proof of parallelism
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    SitePublisher.publish(SITE, store, publication("run-1", T0, stage("run-1", 40),
        Settings.of(Map.of(SitePublisher.CONCURRENCY, "3"))));

    assertThat(store.maxInFlight()).isBetween(2, 3);
    assertThat(store.operations()).filteredOn(op -> op.startsWith("put:")).hasSize(40);
  }

  @Test
  void publish_uploadFails_stopsTheRestAndNamesDestinationAndKey() throws IOException {
    ScriptedStore store = store();
    List<StagedFile> files = stage("run-1", 30);
    String failingKey = files.get(0).key(); // the smallest file: uploaded last with one thread
    store.failWrites(failingKey::equals);

    assertThatThrownBy(() -> SitePublisher.publish(SITE, store, publication("run-1", T0, files,
        Settings.of(Map.of(SitePublisher.CONCURRENCY, "1")))))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.key()).isEqualTo(failingKey);
          assertThat(e.destination()).isEqualTo(SITE);
          assertThat(e.getMessage()).contains(SITE.toString()).contains(failingKey).contains("injected failure")
              .contains("index.html and reports/report_latest.json were not touched");
        });
    assertThat(store.operations()).noneMatch(op -> op.contains("reports/") || op.contains(SiteLayout.INDEX));
  }

  @Test
  void publish_firstFailureStopsNewUploads() throws IOException {
    ScriptedStore store = store();
    List<StagedFile> files = stage("run-1", 30);
    String failingKey = files.get(29).key(); // the largest: uploaded first
    store.failWrites(failingKey::equals);

    assertThatThrownBy(() -> SitePublisher.publish(SITE, store, publication("run-1", T0, files,
        Settings.of(Map.of(SitePublisher.CONCURRENCY, "1")))))
        .isInstanceOf(PublishException.class);
    assertThat(store.operations()).filteredOn(op -> op.startsWith("put:")).containsExactly("put:" + failingKey);
  }

  @Test
  void publish_indexWriteFails_latestUntouched() throws IOException {
    ScriptedStore store = store();
    SitePublisher.publish(SITE, store, publication("run-1", T0, stage("run-1", 2), Settings.empty()));
    byte[] latest = Files.readAllBytes(root().resolve(SiteLayout.LATEST_REPORT));

    store.failWrites(SiteLayout.INDEX::equals);
    assertThatThrownBy(() -> SitePublisher.publish(SITE, store, publication("run-2", T0.plusSeconds(3600),
        stage("run-2", 2), Settings.empty())))
        .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.key()).isEqualTo(SiteLayout.INDEX));
    assertThat(Files.readAllBytes(root().resolve(SiteLayout.LATEST_REPORT))).isEqualTo(latest);
  }

  @Test
  void publish_stagedKeyReservedOrDuplicate_refusedBeforeWriting() throws IOException {
    ScriptedStore store = store();
    Path file = Files.writeString(temp.resolve("x.html"), "x");
    for (List<StagedFile> files : List.of(
        List.of(new StagedFile(SiteLayout.INDEX, file, "text/html")),
        List.of(new StagedFile(SiteLayout.LATEST_REPORT, file, "application/json")),
        List.of(new StagedFile("runs/r/a.html", file, "text/html"), new StagedFile("runs/r/a.html", file, "text/html")),
        List.of(new StagedFile("runs/r/\u001b[2J.html", file, "text/html")))) {
      assertThatThrownBy(() -> SitePublisher.publish(SITE, store, publication("run-1", T0, files, Settings.empty())))
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.key()).doesNotContainPattern("\\p{Cntrl}");
            assertThat(e.getMessage()).contains("Nothing was written").doesNotContainPattern("\\p{Cntrl}");
          });
    }
    assertThat(store.operations()).isEmpty();
  }

  @Test
  void publish_historyChangedMeanwhile_retriesAndKeepsBothRows() throws IOException {
    ScriptedStore store = store();
    SitePublisher.publish(SITE, store, publication("run-1", T0, stage("run-1", 1), Settings.empty()));
    store.conflicts(3);
    PublishResult result = SitePublisher.publish(SITE, store, publication("run-2", T0.plusSeconds(60),
        stage("run-2", 1), Settings.empty()));

    assertThat(store.operations()).filteredOn(op -> op.equals("putIfVersion:" + SiteLayout.HISTORY)).hasSize(5);
    List<HistoryRow> rows = ReportJson.readHistory(Files.newInputStream(root().resolve(SiteLayout.HISTORY)), "h");
    assertThat(rows).extracting(HistoryRow::runId).containsExactly("run-1", "run-2");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void publish_unreadableHistory_isSavedAsideAndANewOneStarted() throws IOException {
    Files.createDirectories(root().resolve("reports"));
    Files.writeString(root().resolve(SiteLayout.HISTORY), "{ this is not the history format");
    PublishResult result = SitePublisher.publish(SITE, store(), publication("run-1", T0, stage("run-1", 1),
        Settings.empty()));

    assertThat(result.warnings()).singleElement().asString().contains("could not be read").contains("saved as");
    try (var files = Files.list(root().resolve("reports"))) {
      Path backup = files.filter(p -> p.getFileName().toString().startsWith("history.unreadable-")).findFirst()
          .orElseThrow();
      assertThat(Files.readString(backup)).isEqualTo("{ this is not the history format");
    }
    List<HistoryRow> rows = ReportJson.readHistory(Files.newInputStream(root().resolve(SiteLayout.HISTORY)), "h");
    assertThat(rows).extracting(HistoryRow::runId).containsExactly("run-1");
  }

  @Test
  void publish_result_countsObjectsAndBytes_andUsesPublicUrlForIndex() throws IOException {
    List<StagedFile> files = stage("run-1", 3);
    long staged = 0;
    for (StagedFile file : files) {
      staged += Files.size(file.file());
    }
    PublishResult result = SitePublisher.publish(SITE, store(), publication("run-1", T0, files,
        Settings.of(Map.of(SitePublisher.PUBLIC_URL, "https://security.example.com/posture"))));

    assertThat(result.objects()).isEqualTo(8);
    long written = staged + Files.size(root().resolve(SiteLayout.INDEX))
        + Files.size(root().resolve(SiteLayout.FINDINGS_PAGE))
        + Files.size(root().resolve(SiteLayout.HISTORY)) + 2 * Files.size(root().resolve(SiteLayout.LATEST_REPORT));
    assertThat(result.bytes()).isEqualTo(written);
    assertThat(result.index()).isEqualTo(URI.create("https://security.example.com/posture/index.html"));
    assertThat(result.destination()).isEqualTo(SITE);
  }

  @Test
  void publish_destinationWithCredentials_neverPrintsThem() throws IOException {
    URI secretive = URI.create("file://user:hunter22@localhost/srv/site?sig=s3cr3t-token#frag");
    ScriptedStore store = store().failWrites(key -> key.startsWith("runs/"));
    assertThatThrownBy(() -> SitePublisher.publish(secretive, store, publication("run-1", T0, stage("run-1", 1),
        Settings.empty())))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.getMessage()).doesNotContain("hunter22").doesNotContain("s3cr3t-token");
          assertThat(e.destination().toString()).isEqualTo("file://localhost/srv/site");
        });
  }

  @Test
  void publish_malformedOptions_throwConfigurationException() throws IOException {
    List<StagedFile> files = stage("run-1", 1);
    for (Map<String, String> bad : List.of(Map.of(SitePublisher.CONCURRENCY, "0"),
        Map.of(SitePublisher.CONCURRENCY, "many"), Map.of(SitePublisher.RETENTION, "0"),
        Map.of(SitePublisher.PUBLIC_URL, "not a url"))) {
      assertThatThrownBy(() -> SitePublisher.publish(SITE, store(), publication("run-1", T0, files,
          Settings.of(bad)))).as(bad.toString()).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(bad.keySet().iterator().next());
    }
    assertThat(root()).doesNotExist();
  }

  @Test
  void publish_interrupted_stopsBeforeLatest() throws Exception {
    ScriptedStore store = store();
    CountDownLatch uploading = new CountDownLatch(1);
    store.beforeUpload(key -> {
      uploading.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<StagedFile> files = stage("run-1", 4);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    Future<?> publishing = caller.submit(() -> {
      try {
        SitePublisher.publish(SITE, store, publication("run-1", T0, files, Settings.empty()));
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    assertThat(uploading.await(10, TimeUnit.SECONDS)).isTrue();
    caller.shutdownNow();
    publishing.get(20, TimeUnit.SECONDS);

    assertThat(thrown.get()).isInstanceOf(PublishException.class).hasMessageContaining("interrupted");
    assertThat(root().resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  @Test
  void optionsFor_queryOverridesOptionsAndShortNamesJoinTheNamespace() {
    Settings options = SitePublisher.optionsFor(
        URI.create("s3://bucket/site?region=eu-west-1&history.retention=5&path-style&storage-class=STANDARD%5FIA"),
        Settings.of(Map.of("s3.region", "us-east-1", "publish.concurrency", "8")), "s3");

    assertThat(options.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("s3.region", "eu-west-1",
        "history.retention", "5", "s3.path-style", "true", "s3.storage-class", "STANDARD_IA",
        "publish.concurrency", "8"));
  }

  @Test
  void optionsFor_repeatedParameter_isRefused() {
    assertThatThrownBy(() -> SitePublisher.optionsFor(URI.create("s3://b/p?region=a&region=b"), Settings.empty(), "s3"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'region' twice");
  }

  @Test
  void publish_latestIsTheRunReport() throws IOException {
    PostureReport report = PostureReport.builder("run-9", T0).build();
    SitePublisher.publish(SITE, store(), new Publication(report, stage("run-9", 1), Settings.empty()));

    byte[] latest = Files.readAllBytes(root().resolve(SiteLayout.LATEST_REPORT));
    assertThat(ReportJson.read(new ByteArrayInputStream(latest), "latest")).isEqualTo(report);
    assertThat(new String(Files.readAllBytes(root().resolve(SiteLayout.INDEX)), StandardCharsets.UTF_8))
        .contains("run-9");
  }
}
