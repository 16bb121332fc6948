package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.core.internal.publish.LocalObjectStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPublisherTest {
  private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

  @TempDir
  Path temp;

  private Publication publication(String runId) throws IOException {
    Path file = Files.writeString(temp.resolve(runId + ".html"), "<html>" + runId + "</html>");
    return new Publication(PostureReport.builder(runId, T0).build(),
        List.of(new StagedFile("runs/" + runId + "/report.html", file, "text/html; charset=utf-8")), Settings.empty());
  }

  @Test
  void discovery_fileSchemeAndPlainPaths_findTheLocalPublisher() {
    Plugins plugins = Plugins.discover();
    assertThat(plugins.publisherFor(URI.create("file:///srv/site"))).isInstanceOf(LocalArtifactPublisher.class);
    assertThat(plugins.publisherFor(URI.create("relative/site"))).isInstanceOf(LocalArtifactPublisher.class);
  }

  @Test
  void publish_fileUri_writesIntoTheDirectory() throws IOException {
    Path site = temp.resolve("with space/site");
    PublishResult result = new LocalArtifactPublisher().publish(site.toUri(), publication("run-1"));

    assertThat(site.resolve("runs/run-1/report.html")).hasContent("<html>run-1</html>");
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).exists();
    assertThat(Path.of(result.index())).isEqualTo(site.resolve(SiteLayout.INDEX));
  }

  @Test
  void root_plainRelativePath_resolvesAgainstWorkingDirectory() {
    assertThat(LocalArtifactPublisher.root(URI.create("out/site")))
        .isEqualTo(Path.of("out/site").toAbsolutePath().normalize());
    assertThat(LocalArtifactPublisher.root(URI.create("file:///srv/site?history.retention=3")))
        .isEqualTo(Path.of("/srv/site"));
  }

  @Test
  void root_foreignOrMalformedDestination_throwsConfigurationException() {
    for (String destination : List.of("file://fileserver/share/site", "s3://bucket/site", "file:relative/site")) {
      assertThatThrownBy(() -> LocalArtifactPublisher.root(URI.create(destination))).as(destination)
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void publish_unknownFileSetting_isRefused() throws IOException {
    Path site = temp.resolve("site");
    assertThatThrownBy(() -> new LocalArtifactPublisher().publish(URI.create(site.toUri() + "?compress=true"),
        publication("run-1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("file.compress");
    assertThat(site).doesNotExist();
  }

  @Test
  void publish_queryOptions_apply() throws IOException {
    Path site = temp.resolve("site");
    ArtifactPublisher publisher = new LocalArtifactPublisher();
    URI destination = URI.create(site.toUri() + "?history.retention=1");
    publisher.publish(destination, publication("run-1"));
    Publication second = new Publication(PostureReport.builder("run-2", T0.plusSeconds(60)).build(), List.of(),
        Settings.empty());
    PublishResult result = publisher.publish(destination, second);

    assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning).contains("run-1"));
    assertThat(ReportJson.readHistory(Files.newInputStream(site.resolve(SiteLayout.HISTORY)), "h"))
        .extracting(HistoryRow::runId).containsExactly("run-2");
  }

  @Test
  void read_unsafeKey_throwsPublishExceptionWithoutControlCharacters() {
    assertThatThrownBy(() -> new LocalArtifactPublisher().read(temp.toUri(), "../../etc/\u0007passwd"))
        .isInstanceOfSatisfying(PublishException.class,
            e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}").contains("etc/?passwd"));
  }

  @Test
  void put_replacesAtomically_readersNeverSeeAPartialFile() throws Exception {
    LocalObjectStore store = new LocalObjectStore(temp.resolve("site"));
    byte[] a = new byte[2 << 20];
    Arrays.fill(a, (byte) 'a');
    byte[] b = new byte[1 << 20];
    Arrays.fill(b, (byte) 'b');
    store.put(SiteLayout.LATEST_REPORT, a, ObjectMetadata.forKey(SiteLayout.LATEST_REPORT));
    Path latest = store.resolve(SiteLayout.LATEST_REPORT);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger torn = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (writing.get()) {
        try {
          byte[] seen = Files.readAllBytes(latest);
          reads.incrementAndGet();
          if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
            torn.incrementAndGet();
          }
        } catch (IOException e) {
          torn.incrementAndGet();
        }
      }
    });
    reader.start();
    for (int i = 0; i < 60; i++) {
      store.put(SiteLayout.LATEST_REPORT, i % 2 == 0 ? b : a, ObjectMetadata.forKey(SiteLayout.LATEST_REPORT));
    }
    writing.set(false);
    reader.join();

    assertThat(reads.get()).isPositive();
    assertThat(torn.get()).isZero();
    try (Stream<Path> files = Files.list(latest.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report_latest.json");
    }
  }

  @Test
  void put_missingSourceFile_leavesNoTemporaryFileBehind() throws IOException {
    LocalObjectStore store = new LocalObjectStore(temp.resolve("site"));
    assertThatThrownBy(() -> store.put("runs/r/a.html", temp.resolve("missing.html"),
        ObjectMetadata.forKey("runs/r/a.html"))).isInstanceOf(IOException.class);
    try (Stream<Path> files = Files.walk(temp.resolve("site"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void put_targetIsADirectory_failsAndKeepsTheDirectory() throws IOException {
    LocalObjectStore store = new LocalObjectStore(temp.resolve("site"));
    Files.createDirectories(store.resolve("runs/r/a.html/inside"));
    assertThatThrownBy(() -> store.put("runs/r/a.html", "x".getBytes(StandardCharsets.UTF_8),
        ObjectMetadata.forKey("runs/r/a.html"))).isInstanceOf(IOException.class);
    assertThat(store.resolve("runs/r/a.html/inside")).isDirectory();
  }

  @Test
  void put_writtenFilesGetTheDirectoryDefaultPermissions_soAWebServerCanServeThem() throws IOException {
    Path site = temp.resolve("site");
    LocalObjectStore store = new LocalObjectStore(site);
    store.put(SiteLayout.INDEX, "<html></html>".getBytes(StandardCharsets.UTF_8), ObjectMetadata.forKey("index.html"));
    Path control = Files.createFile(site.resolve("control"));
    if (Files.getFileStore(site).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(site.resolve(SiteLayout.INDEX))))
          .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));
    }
  }

  @Test
  void getAndPutIfVersion_versionIsTheContentHash_andAStaleVersionIsRefused() throws IOException {
    LocalObjectStore store = new LocalObjectStore(temp.resolve("site"));
    ObjectMetadata json = ObjectMetadata.forKey(SiteLayout.HISTORY);
    assertThat(store.get(SiteLayout.HISTORY)).isEmpty();
    assertThat(store.putIfVersion(SiteLayout.HISTORY, "[1]".getBytes(StandardCharsets.UTF_8), json, null)).isTrue();
    assertThat(store.putIfVersion(SiteLayout.HISTORY, "[2]".getBytes(StandardCharsets.UTF_8), json, null)).isFalse();
    String version = store.get(SiteLayout.HISTORY).orElseThrow().version();
    assertThat(version).matches("[0-9a-f]{64}");
    assertThat(store.putIfVersion(SiteLayout.HISTORY, "[1,2]".getBytes(StandardCharsets.UTF_8), json, version))
        .isTrue();
    assertThat(store.putIfVersion(SiteLayout.HISTORY, "[9]".getBytes(StandardCharsets.UTF_8), json, version)).isFalse();
    assertThat(new String(store.get(SiteLayout.HISTORY).orElseThrow().content(), StandardCharsets.UTF_8))
        .isEqualTo("[1,2]");
    assertThat(store.open("runs/none.json")).isEqualTo(Optional.empty());
  }

  @Test
  void putIfVersion_twoProcessesIncrementingOneCounter_loseNoIncrement() throws Exception {
    Path site = temp.resolve("site");
    int perProcess = 40;
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CounterWorker.class.getName(), site.toString(),
        Integer.toString(perProcess)));
    Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
    CounterWorker.increment(site, perProcess);
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(other.exitValue()).as(output).isZero();

    LocalObjectStore store = new LocalObjectStore(site);
    assertThat(new String(store.get("counter.txt").orElseThrow().content(), StandardCharsets.UTF_8))
        .isEqualTo(Integer.toString(2 * perProcess));
  }

  /** Increments a counter object with compare-and-swap; run in a second JVM by the test above. */
  public static final class CounterWorker {
    private CounterWorker() {
    }

    public static void main(String[] args) throws IOException {
      increment(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    static void increment(Path site, int times) throws IOException {
      LocalObjectStore store = new LocalObjectStore(site);
      ObjectMetadata text = new ObjectMetadata("text/plain", SiteLayout.IMMUTABLE_CACHE);
      for (int i = 0; i < times; i++) {
        while (true) {
          Optional<StoredObject> current = store.get("counter.txt");
          int value = current.map(o -> Integer.parseInt(new String(o.content(), StandardCharsets.UTF_8))).orElse(0);
          if (store.putIfVersion("counter.txt", Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8), text,
              current.map(StoredObject::version).orElse(null))) {
            break;
          }
        }
      }
    }
  }

  @Test
  void publish_mapOptionsAndQuery_bothReachSitePublisher() throws IOException {
    Path site = temp.resolve("site");
    Publication publication = publication("run-1");
    PublishResult result = new LocalArtifactPublisher().publish(site.toUri(), new Publication(publication.report(),
        publication.files(), Settings.of(Map.of(SitePublisher.PUBLIC_URL, "https://posture.example.com/"))));
    assertThat(result.index()).isEqualTo(URI.create("https://posture.example.com/index.html"));
  }
}
