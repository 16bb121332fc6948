package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.ScriptScanner;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.core.internal.publish.LocalObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stand-in scanners that leave symbolic links in their output (issue 12, item 1): whatever a scanner plugin returns
 * as artifacts, the target of a link is never read, parsed or published, and a warning names every link.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileScannerSymlinkTest {
  private static final String SECRET = "SECRET-CONTENT-of-a-file-outside-the-scan-4f9c1e";
  private static final RunPublisher PUBLISHER = new RunPublisher(Plugins.of(List.of(new LocalArtifactPublisher())));

  @TempDir
  Path temp;

  private Path secrets;
  private Path work;

  @BeforeEach
  void secretsOutsideTheScan() throws IOException {
    secrets = Files.createDirectories(temp.resolve("host-secrets"));
    Files.writeString(secrets.resolve("passwd"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
    Files.writeString(secrets.resolve("shadow"), "root:" + SECRET + ":19000:0:99999:7:::\n");
    // a results file outside the scan, so a followed link would also change the counts
    LinesParser.write(secrets.resolve("other.lines"), "aws", "000000000001",
        List.of("stolen-" + SECRET + ",critical,FAIL,elsewhere-1", "stolen,critical,FAIL,elsewhere-2"));
    work = Files.createDirectories(temp.resolve("work"));
  }

  /** A scanner that writes a real results file and logs, then the links a hostile scanner leaves. */
  private ScriptScanner hostile() {
    return new ScriptScanner("hostile", temp.resolve("bin"), String.join("\n",
        "printf 'LINES v1 provider=aws account=%s tool=test\\nrule-a,high,FAIL,bucket-a\\nrule-b,low,PASS,bucket-b\\n'"
            + " \"$ACCOUNT\" > \"$OUT/results.lines\"",
        "mkdir -p \"$OUT/inc-scoutsuite\" \"$OUT/compliance\" \"$OUT/logs\" \"$OUT/sub\"",
        "echo 'body{}' > \"$OUT/inc-scoutsuite/style.css\"",
        "ln -s '" + secrets.resolve("passwd") + "' \"$OUT/inc-scoutsuite/scoutsuite.js\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$OUT/compliance/x.csv\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$OUT/logs/extra.log\"",
        "ln -s '" + secrets + "' \"$OUT/linked-dir\"",
        "ln -s ../../../../../../host-secrets/other.lines \"$OUT/sub/stolen.lines\"",
        "ln -s results.lines \"$OUT/again.lines\"",
        "echo 'scan done'"));
  }

  private Pipeline pipeline(Object scanner) {
    return Pipeline.builder(Plugins.of(List.of(scanner, new LinesParser(), new TestAggregator(),
        new LocalArtifactPublisher()))).aggregator("test")
        .workDirectory(work).defaultScanners(List.of("hostile")).heartbeat(Duration.ZERO).build();
  }

  private static List<CloudAccount> accounts() {
    return List.of(CloudAccount.builder(CloudProvider.AWS, "000000000001").name("prod").build(),
        CloudAccount.builder(CloudProvider.AWS, "000000000002").name("dev").build());
  }

  @Test
  void run_scannerLeavesLinks_targetsNeverParsedOrPublishedAndEveryLinkNamedInWarnings() throws IOException {
    RunOutcome outcome = pipeline(hostile()).run("run-1", accounts());
    Path site = temp.resolve("site");
    PublishResult published = PUBLISHER.publish(outcome, site);

    assertThat(outcome.scans()).extracting(ScanResult::status).containsOnly(ScanStatus.SUCCEEDED);
    // only results.lines was counted: 1 FAIL and 1 PASS per account, nothing from the linked results file
    assertThat(outcome.report().findings().failed()).isEqualTo(2);
    assertThat(outcome.report().findings().passed()).isEqualTo(2);
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source)
        .containsExactly("runs/run-1/aws/000000000001/hostile/results.lines",
            "runs/run-1/aws/000000000002/hostile/results.lines");
    for (ScanResult scan : outcome.scans()) {
      assertThat(scan.warnings()).as("warnings of %s", scan.account().key())
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-scoutsuite/scoutsuite.js': a symbolic link to a"
              + " path outside the folder"))
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'compliance/x.csv': a symbolic link to a path outside"))
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'logs/extra.log': a symbolic link to a path outside"))
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'linked-dir': a symbolic link to a path outside"))
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'sub/stolen.lines': a symbolic link to a path outside"))
          .anySatisfy(w -> assertThat(w).startsWith("skipped 'again.lines': a symbolic link within the folder"));
      assertThat(scan.artifacts()).extracting(a -> a.name())
          .contains("results.lines", "inc-scoutsuite/style.css", "stderr.log")
          .doesNotContain("inc-scoutsuite/scoutsuite.js", "compliance/x.csv", "logs/extra.log",
              "sub/stolen.lines", "again.lines");
    }
    for (AccountSummary row : outcome.report().accounts()) {
      assertThat(row.warnings()).anySatisfy(w -> assertThat(w).contains("'compliance/x.csv'"));
    }
    assertThat(outcome.manifest().scans()).allSatisfy(scan -> assertThat(scan.warnings())
        .anySatisfy(w -> assertThat(w).contains("'inc-scoutsuite/scoutsuite.js'")));
    assertThat(published.warnings()).isEmpty();
    assertNothingLeaked(site);
    assertThat(site.resolve("runs/run-1/aws/000000000001/hostile/inc-scoutsuite/style.css")).exists();
    assertThat(site.resolve("runs/run-1/aws/000000000001/hostile/inc-scoutsuite/scoutsuite.js")).doesNotExist();
    assertThat(site.resolve("runs/run-1/aws/000000000001/hostile/compliance/x.csv")).doesNotExist();
  }

  @Test
  void run_scannerSwapsItsLogForALinkAfterWritingIt_logNotPublished() throws IOException {
    ScriptScanner swapping = new ScriptScanner("hostile", temp.resolve("bin2"), String.join("\n",
        "printf 'LINES v1 provider=aws account=%s tool=test\\nrule-a,high,FAIL,bucket-a\\n' \"$ACCOUNT\""
            + " > \"$OUT/results.lines\"",
        "echo 'a log line' > \"$OUT/scan.log\"",
        "rm \"$OUT/scan.log\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$OUT/scan.log\""));

    RunOutcome outcome = pipeline(swapping).run("run-1", accounts().subList(0, 1));
    Path site = temp.resolve("site");
    PUBLISHER.publish(outcome, site);

    assertThat(outcome.scans().get(0).warnings())
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'scan.log': a symbolic link to a path outside"));
    assertNothingLeaked(site);
  }

  @Test
  void run_scannerReplacesItsOutputFolderWithALinkElsewhere_nothingThereReadOrPublished() throws IOException {
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    LinesParser.write(elsewhere.resolve("results.lines"), "aws", "000000000001",
        List.of("stolen-" + SECRET + ",critical,FAIL,elsewhere-1"));
    Files.writeString(elsewhere.resolve("notes.txt"), SECRET);
    ScriptScanner replacing = new ScriptScanner("hostile", temp.resolve("bin3"), String.join("\n",
        "cd /", "rm -rf \"$OUT\"", "ln -s '" + elsewhere + "' \"$OUT\""));

    RunOutcome outcome = pipeline(replacing).run("run-1", accounts().subList(0, 1));
    Path site = temp.resolve("site");
    PUBLISHER.publish(outcome, site);

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(scan.warnings()).anySatisfy(w -> assertThat(w).startsWith("cannot list the scan's output directory")
        .contains("the folder was replaced"));
    assertThat(outcome.report().findings().failed()).isZero();
    assertThat(outcome.files()).extracting(StagedFile::key).containsExactly("runs/run-1/manifest.json");
    assertNothingLeaked(site);
  }

  @Test
  void aggregate_folderWithLinks_linksListedAsSkippedAndTheirTargetsNeitherReadNorCounted() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("outputs/acct"));
    LinesParser.write(folder.resolve("results.lines"), "aws", "000000000001",
        List.of("rule-a,high,FAIL,bucket-a", "rule-b,low,PASS,bucket-b"));
    Files.createSymbolicLink(folder.resolve("stolen.lines"), secrets.resolve("other.lines"));
    Files.createSymbolicLink(folder.resolve("linked-dir"), secrets);
    Files.createDirectories(folder.resolve("sub"));
    Files.createSymbolicLink(folder.resolve("sub/up.lines"), Path.of("../../../host-secrets/other.lines"));

    RunOutcome outcome = pipeline(hostile()).aggregate("agg-1", List.of(temp.resolve("outputs")));

    assertThat(outcome.report().findings().failed()).isEqualTo(1);
    assertThat(outcome.report().findings().passed()).isEqualTo(1);
    assertThat(outcome.hasFailedInputs()).isFalse();
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source, RunManifest.Input::findings)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(temp.resolve("outputs/acct/linked-dir").toString(), 0L),
            org.assertj.core.groups.Tuple.tuple(temp.resolve("outputs/acct/results.lines").toString(), 2L),
            org.assertj.core.groups.Tuple.tuple(temp.resolve("outputs/acct/stolen.lines").toString(), 0L),
            org.assertj.core.groups.Tuple.tuple(temp.resolve("outputs/acct/sub/up.lines").toString(), 0L));
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.findings() == 0)
        .allSatisfy(input -> assertThat(input.skipped()).startsWith("a symbolic link to a path outside the folder"));
    Path site = temp.resolve("agg-site");
    PUBLISHER.publish(outcome, site);
    assertNothingLeaked(site);
  }

  @Test
  void aggregate_fileNamedByTheUserIsALink_readBecauseTheUserChoseIt() throws IOException {
    Path own = LinesParser.write(temp.resolve("mine.lines"), "aws", "000000000001",
        List.of("rule-a,high,FAIL,bucket-a"));
    Path link = Files.createSymbolicLink(temp.resolve("latest.lines"), own);

    RunOutcome outcome = pipeline(hostile()).aggregate("agg-1", List.of(link));

    assertThat(outcome.report().findings().failed()).isEqualTo(1);
    assertThat(outcome.manifest().inputs()).singleElement()
        .satisfies(input -> assertThat(input.skipped()).isNull());
  }

  @Test
  void publish_stagedLink_leftOutWithAWarningAndTheRestPublished() throws IOException {
    Path staged = Files.createDirectories(temp.resolve("staged"));
    Path real = Files.writeString(staged.resolve("real.txt"), "fine");
    Path link = Files.createSymbolicLink(staged.resolve("link.txt"), secrets.resolve("shadow"));
    Publication publication = new Publication(PostureReport.builder("run-1", Instant.now()).build(), List.of(
        new StagedFile("runs/run-1/real.txt", real, ""), new StagedFile("runs/run-1/link.txt", link, "")),
        Settings.empty());
    Path site = temp.resolve("site");

    PublishResult result = SitePublisher.publish(site.toUri(), new LocalObjectStore(site), publication);

    assertThat(result.warnings()).singleElement().asString()
        .startsWith("did not publish 'runs/run-1/link.txt'").contains("symbolic link");
    assertThat(site.resolve("runs/run-1/real.txt")).hasContent("fine");
    assertThat(site.resolve("runs/run-1/link.txt")).doesNotExist();
    assertNothingLeaked(site);
  }

  @Test
  void publish_fileOrFolderSwappedForALinkWhileUploading_leftOutWithAWarning() throws IOException {
    Path staged = Files.createDirectories(temp.resolve("staged/inc"));
    Path big = Files.writeString(staged.getParent().resolve("big.txt"), "x".repeat(10_000));
    Path swappedFile = Files.writeString(staged.resolve("a.txt"), "a");
    Path underSwappedFolder = Files.writeString(Files.createDirectories(staged.resolve("deep")).resolve("b.txt"),
        "b");
    Files.writeString(secrets.resolve("b.txt"), SECRET);
    Publication publication = new Publication(PostureReport.builder("run-1", Instant.now()).build(), List.of(
        new StagedFile("runs/run-1/big.txt", big, ""), new StagedFile("runs/run-1/inc/a.txt", swappedFile, ""),
        new StagedFile("runs/run-1/inc/deep/b.txt", underSwappedFolder, "")),
        Settings.of(java.util.Map.of(SitePublisher.CONCURRENCY, "1")));
    Path site = temp.resolve("site");
    ScriptedStore store = new ScriptedStore(new LocalObjectStore(site)).beforeUpload(key -> {
      if (key.endsWith("big.txt")) {
        try {
          Files.delete(swappedFile);
          Files.createSymbolicLink(swappedFile, secrets.resolve("shadow"));
          Files.move(staged.resolve("deep"), temp.resolve("moved"));
          Files.createSymbolicLink(staged.resolve("deep"), secrets);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });

    PublishResult result = SitePublisher.publish(site.toUri(), store, publication);

    assertThat(result.warnings()).hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("did not publish 'runs/run-1/inc/a.txt'")
            .contains("replaced by a symbolic link"))
        .anySatisfy(w -> assertThat(w).startsWith("did not publish 'runs/run-1/inc/deep/b.txt'")
            .contains("real path changed"));
    assertThat(result.objects()).isEqualTo(1 + 5);
    assertNothingLeaked(site);
  }

  /** Reads every published file: none holds the secret's content. */
  private static void assertNothingLeaked(Path site) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(site)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      if (file.toString().endsWith(".gz")) {
        bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
      }
      assertThat(new String(bytes, StandardCharsets.UTF_8)).as("published %s", site.relativize(file))
          .doesNotContain(SECRET);
    }
    try (Stream<Path> walk = Files.walk(site)) {
      assertThat(walk.filter(Files::isSymbolicLink).toList()).as("links in the site").isEmpty();
    }
  }
}
