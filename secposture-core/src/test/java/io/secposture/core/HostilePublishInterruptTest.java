package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.core.internal.publish.LocalObjectStore;
import io.secposture.core.publishtest.PublishOneFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publish to a folder stopped in the middle of a large file (thread interrupt, SIGTERM, SIGKILL) leaves no
 * temporary file behind for long: the upload deletes it, a shutdown hook deletes it, or the next publish sweeps it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePublishInterruptTest {
  private static final long BIG = 1L << 30;

  @TempDir
  Path temp;

  /** A 1 GiB file that takes no disk: a copy of it takes long enough to be stopped in the middle. */
  private Path sparse() throws IOException {
    Path file = temp.resolve("big.bin");
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.setLength(BIG);
    }
    return file;
  }

  private static List<Path> temporaries(Path site) throws IOException {
    if (!Files.exists(site)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(site)) {
      return files.filter(file -> LocalObjectStore.TEMPORARY_NAME.matcher(file.getFileName().toString()).matches())
          .toList();
    }
  }

  /** Waits until a temporary file of at least 8 MiB is there: the copy is under way, far from its end. */
  private static Path awaitCopyUnderWay(Path site) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (Path temporary : temporaries(site)) {
        try {
          if (Files.size(temporary) >= 8L << 20) {
            return temporary;
          }
        } catch (IOException gone) {
          // renamed or deleted meanwhile
        }
      }
      Thread.sleep(1);
    }
    throw new AssertionError("no temporary file under " + site + " grew to 8 MiB within a minute");
  }

  @Test
  void put_interruptedMidFile_stopsPromptlyDeletesItsTemporaryFileAndLeavesTheTargetAlone() throws Exception {
    Path source = sparse();
    Path site = temp.resolve("site");
    LocalObjectStore store = new LocalObjectStore(site);
    store.put("runs/run-1/big.bin", "old".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new ObjectMetadata("application/octet-stream", SiteLayout.SHORT_CACHE));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread upload = new Thread(() -> {
      try {
        store.put("runs/run-1/big.bin", source, new ObjectMetadata("application/octet-stream",
            SiteLayout.IMMUTABLE_CACHE));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "upload");
    upload.start();

    Path temporary = awaitCopyUnderWay(site);
    long interrupted = System.nanoTime();
    upload.interrupt();
    upload.join(30_000);

    assertThat(upload.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(5));
    assertThat(failure.get()).as("the interrupted copy fails instead of copying to the end")
        .isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
    assertThat(temporary).doesNotExist();
    assertThat(temporaries(site)).isEmpty();
    assertThat(site.resolve("runs/run-1/big.bin")).hasContent("old");
  }

  @Test
  void publish_interruptedMidFile_failsNamingTheKeyAndLeavesNoTemporaryFile() throws Exception {
    Path source = sparse();
    Path site = temp.resolve("site");
    Publication publication = new Publication(PostureReport.builder("run-1", Instant.now()).build(),
        List.of(new StagedFile("runs/run-1/big.bin", source, "application/octet-stream")), Settings.empty());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread publisher = new Thread(() -> {
      try {
        new LocalArtifactPublisher().publish(site.toUri(), publication);
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "publisher");
    publisher.start();

    awaitCopyUnderWay(site);
    publisher.interrupt();
    publisher.join(60_000);

    assertThat(publisher.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOfSatisfying(PublishException.class,
        e -> assertThat(e.key()).isEqualTo("runs/run-1/big.bin"));
    assertThat(temporaries(site)).isEmpty();
    assertThat(site.resolve("runs/run-1/big.bin")).doesNotExist();
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  @Test
  void publish_jvmStoppedWithSigtermMidFile_leavesNoTemporaryFile() throws Exception {
    Path source = sparse();
    Path site = temp.resolve("site");
    Process child = publishInAnotherJvm(site, source);
    try {
      awaitCopyUnderWay(site);
      child.destroy(); // SIGTERM
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(temporaries(site)).isEmpty();
    assertThat(site.resolve("runs/run-1/big.bin")).doesNotExist();
  }

  @Test
  void publish_afterAJvmKilledMidFile_sweepsItsStaleTemporaryFileAndKeepsEverythingElse() throws Exception {
    Path source = sparse();
    Path site = temp.resolve("site");
    Process child = publishInAnotherJvm(site, source);
    Path abandoned;
    try {
      abandoned = awaitCopyUnderWay(site);
      child.destroyForcibly(); // SIGKILL: nothing in the JVM can clean up
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(abandoned).exists();
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    // what the sweep must not touch: another publisher's upload in progress, files secposture did not name
    Path inProgress = Files.writeString(site.resolve("runs/run-1/.other.bin.3fa2b9c1d0e4f567.tmp"), "partial");
    Path notOurs = Files.writeString(site.resolve("runs/run-1/notes.tmp"), "user file");
    Path notHex = Files.writeString(site.resolve("runs/run-1/.notes.draft.tmp"), "user file");
    for (Path old : List.of(notOurs, notHex)) {
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    Path small = Files.writeString(temp.resolve("small.html"), "<html></html>");

    new LocalArtifactPublisher().publish(site.toUri(), new Publication(PostureReport.builder("run-2",
        Instant.now()).build(), List.of(new StagedFile("runs/run-2/report.html", small, "text/html")),
        Settings.empty()));

    assertThat(abandoned).doesNotExist();
    assertThat(inProgress).exists();
    assertThat(notOurs).exists();
    assertThat(notHex).exists();
    assertThat(site.resolve("runs/run-2/report.html")).exists();
  }

  @Test
  void publish_completed_leavesNoTemporaryFileAndNoUploadJournal() throws Exception {
    Path site = temp.resolve("site");
    Path small = Files.writeString(temp.resolve("small.html"), "<html></html>");

    new LocalArtifactPublisher().publish(site.toUri(), new Publication(PostureReport.builder("run-1",
        Instant.now()).build(), List.of(new StagedFile("runs/run-1/report.html", small, "text/html")),
        Settings.empty()));

    assertThat(temporaries(site)).isEmpty();
    try (Stream<Path> journals = Files.list(site.resolve(LocalObjectStore.JOURNAL_DIRECTORY))) {
      assertThat(journals).isEmpty();
    }
  }

  @Test
  void removeAbandonedUploads_searchesOnlyTheDirectoriesOfJournalsNoLiveStoreHolds() throws Exception {
    Path site = temp.resolve("site");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
    Path journals = Files.createDirectories(site.resolve(LocalObjectStore.JOURNAL_DIRECTORY));
    Files.writeString(journals.resolve("4242-abc.dirs"), "runs/r1/aws\n.\n");
    Path listed = Files.createDirectories(site.resolve("runs/r1/aws")).resolve(".f.json.1a2b.tmp");
    Path inRoot = site.resolve(".index.html.3c4d.tmp");
    Path unlisted = Files.createDirectories(site.resolve("runs/r2")).resolve(".g.json.5e6f.tmp");
    for (Path file : List.of(listed, inRoot, unlisted)) {
      Files.writeString(file, "partial");
      Files.setLastModifiedTime(file, old);
    }

    List<String> removed = new LocalObjectStore(site).removeAbandonedUploads(Duration.ofHours(1));

    assertThat(removed).hasSize(2).anySatisfy(line -> assertThat(line).startsWith("runs/r1/aws/.f.json.1a2b.tmp ("))
        .anySatisfy(line -> assertThat(line).startsWith(".index.html.3c4d.tmp ("));
    assertThat(listed).doesNotExist();
    assertThat(inRoot).doesNotExist();
    assertThat(unlisted).as("not in any journal: not searched").exists();
    assertThat(journals.resolve("4242-abc.dirs")).as("the abandoned journal, now clean").doesNotExist();
  }

  @Test
  void removeAbandonedUploads_publishRunningInAnotherJvm_leavesItsDirectoriesAloneUntilItDies() throws Exception {
    Path source = sparse();
    Path site = temp.resolve("site");
    Process child = publishInAnotherJvm(site, source);
    Path stale = site.resolve("runs/run-1/.other.json.7a8b.tmp");
    try {
      awaitCopyUnderWay(site);
      Files.writeString(stale, "partial");
      Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(1))));

      assertThat(new LocalObjectStore(site).removeAbandonedUploads(Duration.ofHours(1))).isEmpty();
      assertThat(stale).as("in a directory a live publisher's locked journal names").exists();

      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(new LocalObjectStore(site).removeAbandonedUploads(Duration.ofMinutes(5))).singleElement().asString()
        .startsWith("runs/run-1/.other.json.7a8b.tmp (");
    assertThat(stale).doesNotExist();
  }

  @Test
  void removeAbandonedUploads_siteWithoutJournals_searchesItWholeAndFollowsNoLink() throws Exception {
    Path site = Files.createDirectories(temp.resolve("site/reports"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path victim = Files.writeString(outside.resolve(".secret.json.0123abcd.tmp"), "not the site's");
    Files.setLastModifiedTime(victim, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Files.createSymbolicLink(site.resolve("linked"), outside);
    Path stale = Files.writeString(site.resolve(".report_latest.json.9f8e7d6c5b4a3210.tmp"), "x".repeat(2048));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    List<String> removed = new LocalObjectStore(temp.resolve("site")).removeAbandonedUploads(Duration.ofHours(1));

    assertThat(removed).singleElement().asString().startsWith("reports/.report_latest.json.9f8e7d6c5b4a3210.tmp (")
        .contains("2.0 KiB");
    assertThat(stale).doesNotExist();
    assertThat(victim).exists();
    assertThat(new LocalObjectStore(temp.resolve("nowhere")).removeAbandonedUploads(Duration.ZERO)).isEmpty();
  }

  private Process publishInAnotherJvm(Path site, Path source) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        PublishOneFile.class.getName(), site.toString(), source.toString())
        .redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile()).start();
  }
}
