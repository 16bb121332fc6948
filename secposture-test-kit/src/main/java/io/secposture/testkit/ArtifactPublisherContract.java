package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secposture.api.AccountSummary;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.StagedFile;
import io.secposture.core.HistoryRow;
import io.secposture.core.MediaTypes;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import io.secposture.core.Shard;
import io.secposture.core.SitePublisher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link ArtifactPublisher} keeps (see its javadoc). Extend it for a publisher: return the
 * publisher, a fresh empty site root per call, and a way to list the keys under a site root; the inherited tests
 * publish small but realistic runs and read them back through {@link ArtifactPublisher#read(URI, String)}.
 *
 * <p>What is checked: the storage layout of the design after a publish; content types and cache policy (when the
 * store keeps them, see {@link #storedMetadata}); that publishing the same run twice changes nothing; that keys are
 * safe whatever an account or file is called, and an unsafe staged key is refused before anything is written; that
 * a failed publish names the destination and key and leaves the previous {@code report_latest.json} and
 * {@code index.html} in place; that runs publishing at the same moment all keep their {@code history.json} row; that
 * retention keeps the newest rows; that an older run published late does not replace the newer latest; that reading
 * a missing key is empty; and that the publisher is discovered for its scheme.
 *
 * <p>Subclasses are JUnit 5 test classes; each test uses a new destination, so they may share one store.
 */
public abstract class ArtifactPublisherContract {

  /** Where the contract writes the files it stages. */
  @TempDir
  protected Path contractDirectory;

  /** The base time of the runs the contract publishes. */
  protected static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

  /**
   * Returns the publisher under test.
   *
   * @return the publisher
   */
  protected abstract ArtifactPublisher publisher();

  /**
   * Returns a new, empty site root, different on every call (for example a new prefix in a test bucket).
   *
   * @return the destination URI
   */
  protected abstract URI newDestination();

  /**
   * Lists every key under a site root, relative to it; a store's own housekeeping objects (such as the local
   * publisher's lock file) may be left out.
   *
   * @param destination the site root
   * @return the keys, sorted
   */
  protected abstract SortedSet<String> listKeys(URI destination);

  /**
   * Returns the options every publish passes (for example an emulator's endpoint and credentials).
   *
   * @return the options; empty by default
   */
  protected Settings options() {
    return Settings.empty();
  }

  /**
   * Returns the content type and cache policy the store keeps for an object, for stores that keep them.
   *
   * @param destination the site root
   * @param key the key
   * @return the metadata, or empty if the store keeps none (the content-type test is then skipped)
   */
  protected Optional<ObjectMetadata> storedMetadata(URI destination, String key) {
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------------------------------
  // the promises

  @Test
  @DisplayName("it is discovered through ServiceLoader for its destinations' scheme")
  void discovery_findsPublisherForScheme() {
    URI destination = newDestination();
    assertThat(publisher().schemes()).isNotEmpty().allMatch(scheme -> scheme.equals(scheme.toLowerCase(Locale.ROOT)));
    assertThat(Plugins.discover().publisherFor(destination)).isInstanceOf(publisher().getClass());
  }

  @Test
  @DisplayName("a publish writes the layout of the design: index, latest, dated report, history and the run files")
  void publish_writesDesignLayout() {
    URI destination = newDestination();
    Run run = run("run-1", T0);
    PublishResult result = publisher().publish(destination, run.publication(options()));

    SortedSet<String> expected = new TreeSet<>(run.keys());
    expected.addAll(List.of(SiteLayout.INDEX, SiteLayout.FINDINGS_PAGE, SiteLayout.LATEST_REPORT, SiteLayout.HISTORY,
        SiteLayout.datedReport(run.report())));
    assertThat(listKeys(destination)).containsExactlyElementsOf(expected);
    for (StagedFile file : run.files()) {
      assertThat(read(destination, file.key())).as(file.key()).isEqualTo(bytes(file.file()));
    }
    byte[] latest = read(destination, SiteLayout.LATEST_REPORT);
    assertThat(read(destination, SiteLayout.datedReport(run.report()))).isEqualTo(latest);
    assertThat(ReportJson.read(new ByteArrayInputStream(latest), "latest").runId()).isEqualTo("run-1");
    assertThat(history(destination)).extracting(HistoryRow::runId).containsExactly("run-1");
    assertThat(new String(read(destination, SiteLayout.INDEX), StandardCharsets.UTF_8)).containsIgnoringCase("<html");

    assertThat(result.objects()).isEqualTo(run.files().size() + 5L);
    assertThat(result.bytes()).isGreaterThan(0);
    assertThat(result.index().toString()).endsWith(SiteLayout.INDEX);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  @DisplayName("a partial publication (one shard) writes its files and its report at its key, and no site page")
  void publish_partial_writesFilesAndPartialReportOnly() {
    URI destination = newDestination();
    Run run = run("run-part", T0);
    String partialKey = SiteLayout.shardReport("run-part", new Shard(1, 4));
    PublishResult result = publisher().publish(destination,
        new Publication(run.report(), run.files(), options(), partialKey));

    SortedSet<String> expected = new TreeSet<>(run.keys());
    expected.add(partialKey);
    assertThat(listKeys(destination)).containsExactlyElementsOf(expected);
    assertThat(ReportJson.read(new ByteArrayInputStream(read(destination, partialKey)), partialKey).runId())
        .isEqualTo("run-part");
    assertThat(result.objects()).isEqualTo(run.files().size() + 1L);
    assertThat(result.index().toString()).endsWith(partialKey);
  }

  @Test
  @DisplayName("objects carry the content type of their extension and the cache policy of their key")
  void publish_storesContentTypesAndCachePolicy() {
    URI destination = newDestination();
    Run run = run("run-types", T0);
    publisher().publish(destination, run.publication(options()));
    assumeTrue(storedMetadata(destination, SiteLayout.INDEX).isPresent(), "this store keeps no object metadata");

    for (String key : List.of(SiteLayout.INDEX, SiteLayout.LATEST_REPORT, SiteLayout.HISTORY)) {
      ObjectMetadata metadata = storedMetadata(destination, key).orElseThrow();
      assertThat(normalized(metadata.contentType())).as(key).isEqualTo(normalized(MediaTypes.forName(key)));
      assertThat(metadata.cacheControl()).as(key).isEqualTo(SiteLayout.SHORT_CACHE);
    }
    String dated = SiteLayout.datedReport(run.report());
    assertThat(storedMetadata(destination, dated).orElseThrow().cacheControl()).isEqualTo(SiteLayout.IMMUTABLE_CACHE);
    for (StagedFile file : run.files()) {
      ObjectMetadata metadata = storedMetadata(destination, file.key()).orElseThrow();
      assertThat(normalized(metadata.contentType())).as(file.key()).isEqualTo(normalized(file.mediaType()));
      assertThat(metadata.cacheControl()).as(file.key()).isEqualTo(SiteLayout.IMMUTABLE_CACHE);
    }
  }

  @Test
  @DisplayName("publishing the same run again gives the same objects and one history row")
  void publish_sameRunTwice_isIdempotent() {
    URI destination = newDestination();
    Run run = run("run-again", T0);
    publisher().publish(destination, run.publication(options()));
    SortedSet<String> keys = listKeys(destination);
    byte[] latest = read(destination, SiteLayout.LATEST_REPORT);
    byte[] index = read(destination, SiteLayout.INDEX);

    PublishResult again = publisher().publish(destination, run.publication(options()));

    assertThat(listKeys(destination)).isEqualTo(keys);
    assertThat(read(destination, SiteLayout.LATEST_REPORT)).isEqualTo(latest);
    assertThat(read(destination, SiteLayout.INDEX)).isEqualTo(index);
    assertThat(history(destination)).extracting(HistoryRow::runId).containsExactly("run-again");
    assertThat(again.warnings()).isEmpty();
  }

  @Test
  @DisplayName("keys stay safe for an account named ../../etc/passwd and files named with control characters"
      + " or backslashes")
  void publish_hostileNames_keysStaySafe() throws IOException {
    URI destination = newDestination();
    String runId = "run-hostile";
    String prefix = SiteLayout.scanPrefix(runId, CloudProvider.AWS, "../../etc/passwd", "scout\\suite");
    List<StagedFile> files = new ArrayList<>();
    Map<String, String> names = Map.of(
        "re\u0007port\u001b[31m.html", "text/html; charset=utf-8",
        "..\\..\\windows\\evil.json", "application/json",
        "../../../escape.log", "text/plain; charset=utf-8",
        "inc-css/\u0000nul.css", "text/css; charset=utf-8");
    int i = 0;
    for (Map.Entry<String, String> name : new TreeMap<>(names).entrySet()) {
      Path file = Files.writeString(contractDirectory.resolve("hostile-" + i++), "content of " + name.getKey());
      files.add(new StagedFile(prefix + SiteLayout.relativePath(name.getKey()), file, name.getValue()));
    }
    PostureReport report = report(runId, T0, "../../etc/passwd");
    publisher().publish(destination, new Publication(report, files, options()));

    SortedSet<String> keys = listKeys(destination);
    assertThat(keys).hasSize(files.size() + 5);
    for (String key : keys) {
      assertThat(SiteLayout.requireSafeKey(key)).isEqualTo(key);
      assertThat(key).doesNotContain("..").doesNotContain("\\").matches("[\\x21-\\x7e]+");
      assertThat(key.equals(SiteLayout.INDEX) || key.equals(SiteLayout.FINDINGS_PAGE) || key.startsWith("reports/")
          || key.startsWith("runs/" + runId + "/"))
          .as(key).isTrue();
    }
    for (StagedFile file : files) {
      assertThat(read(destination, file.key())).isEqualTo(bytes(file.file()));
    }
  }

  @Test
  @DisplayName("a staged file with an unsafe key is refused, naming the key, before anything is written")
  void publish_unsafeStagedKey_refusedBeforeWriting() throws IOException {
    URI destination = newDestination();
    Run run = run("run-unsafe", T0);
    Path file = Files.writeString(contractDirectory.resolve("outside.html"), "<p>outside</p>");
    for (String unsafe : List.of("../outside.html", "runs/run-unsafe/a\\b.html", "runs/run-unsafe/\u0007.html",
        "/etc/passwd", "runs//x.html")) {
      List<StagedFile> files = new ArrayList<>(run.files());
      files.add(new StagedFile(unsafe, file, "text/html; charset=utf-8"));
      assertThatThrownBy(() -> publisher().publish(destination, new Publication(run.report(), files, options())))
          .as(unsafe)
          .isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.key()).isNotNull().doesNotContainPattern("\\p{Cntrl}");
            assertThat(e.getMessage()).contains(e.key()).doesNotContainPattern("\\p{Cntrl}");
          });
    }
    assertThat(listKeys(destination)).isEmpty();
  }

  @Test
  @DisplayName("a failed publish names the destination and key and leaves the previous latest and index in place")
  void publish_failureMidway_keepsPreviousLatestAndIndex() throws IOException {
    URI destination = newDestination();
    publisher().publish(destination, run("run-ok", T0).publication(options()));
    byte[] latest = read(destination, SiteLayout.LATEST_REPORT);
    byte[] index = read(destination, SiteLayout.INDEX);

    Run broken = run("run-broken", T0.plus(Duration.ofDays(7)));
    StagedFile missing = broken.files().get(broken.files().size() / 2);
    Files.delete(missing.file());
    assertThatThrownBy(() -> publisher().publish(destination, broken.publication(options())))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.key()).isEqualTo(missing.key());
          assertThat(e.getMessage()).contains(missing.key());
          assertThat(e.destination()).isNotNull();
          assertThat(e.getMessage()).contains(e.destination().toString());
        });

    assertThat(read(destination, SiteLayout.LATEST_REPORT)).isEqualTo(latest);
    assertThat(read(destination, SiteLayout.INDEX)).isEqualTo(index);
    assertThat(history(destination)).extracting(HistoryRow::runId).containsExactly("run-ok");
  }

  @Test
  @DisplayName("runs publishing at the same moment all keep their row in history.json")
  void publish_concurrentRuns_allKeptInHistory() throws Exception {
    URI destination = newDestination();
    int runs = 4;
    List<Run> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      all.add(run("run-parallel-" + i, T0.plus(Duration.ofMinutes(i))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PublishResult>> results = new ArrayList<>();
      for (Run run : all) {
        results.add(pool.submit(() -> {
          start.await();
          return publisher().publish(destination, run.publication(options()));
        }));
      }
      start.countDown();
      for (Future<PublishResult> result : results) {
        result.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(history(destination)).extracting(HistoryRow::runId)
        .containsExactly("run-parallel-0", "run-parallel-1", "run-parallel-2", "run-parallel-3");
    String latest = ReportJson.read(new ByteArrayInputStream(read(destination, SiteLayout.LATEST_REPORT)), "latest")
        .runId();
    assertThat(latest).startsWith("run-parallel-");
  }

  @Test
  @DisplayName("history.retention keeps the newest rows and says which were dropped")
  void publish_retention_keepsNewestRows() {
    URI destination = newDestination();
    Settings options = options().with(SitePublisher.RETENTION, "2");
    publisher().publish(destination, run("run-a", T0).publication(options));
    publisher().publish(destination, run("run-b", T0.plus(Duration.ofDays(1))).publication(options));
    PublishResult third = publisher().publish(destination, run("run-c", T0.plus(Duration.ofDays(2)))
        .publication(options));

    assertThat(history(destination)).extracting(HistoryRow::runId).containsExactly("run-b", "run-c");
    assertThat(third.warnings()).anySatisfy(warning -> assertThat(warning).contains("run-a"));
    assertThat(listKeys(destination)).contains(
        SiteLayout.datedReport(report("run-a", T0, "111111111111")),
        SiteLayout.datedReport(report("run-b", T0.plus(Duration.ofDays(1)), "111111111111")));
  }

  @Test
  @DisplayName("an older run published after a newer one keeps latest and index on the newer run")
  void publish_olderRunAfterNewer_keepsNewerLatest() {
    URI destination = newDestination();
    publisher().publish(destination, run("run-new", T0.plus(Duration.ofDays(7))).publication(options()));
    byte[] latest = read(destination, SiteLayout.LATEST_REPORT);
    byte[] index = read(destination, SiteLayout.INDEX);

    PublishResult late = publisher().publish(destination, run("run-old", T0).publication(options()));

    assertThat(read(destination, SiteLayout.LATEST_REPORT)).isEqualTo(latest);
    assertThat(read(destination, SiteLayout.INDEX)).isEqualTo(index);
    assertThat(history(destination)).extracting(HistoryRow::runId).containsExactly("run-old", "run-new");
    assertThat(late.warnings()).anySatisfy(warning -> assertThat(warning).contains("run-new"));
  }

  @Test
  @DisplayName("reading a key that does not exist gives empty, on a new site and on a published one")
  void read_missingKey_isEmpty() throws IOException {
    URI destination = newDestination();
    assertThat(publisher().read(destination, SiteLayout.LATEST_REPORT)).isEmpty();
    publisher().publish(destination, run("run-read", T0).publication(options()));
    assertThat(publisher().read(destination, "runs/run-read/no-such-file.json")).isEmpty();
    Optional<InputStream> latest = publisher().read(destination, SiteLayout.LATEST_REPORT);
    assertThat(latest).isPresent();
    try (InputStream in = latest.get()) {
      assertThat(in.readAllBytes()).isNotEmpty();
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // helpers for subclasses

  /**
   * A run to publish: its report and staged files.
   *
   * @param report the report
   * @param files the files
   */
  protected record Run(PostureReport report, List<StagedFile> files) {
    /** Copies the files. */
    public Run {
      files = List.copyOf(files);
    }

    /**
     * Returns the staged keys.
     *
     * @return the keys
     */
    public List<String> keys() {
      return files.stream().map(StagedFile::key).toList();
    }

    /**
     * Returns the publication of this run.
     *
     * @param options the options
     * @return the publication
     */
    public Publication publication(Settings options) {
      return new Publication(report, files, options);
    }
  }

  /**
   * Stages a small realistic run: a ScoutSuite report page with assets and results for an AWS account, Prowler
   * outputs and a log for an Azure subscription, and the run manifest.
   *
   * @param runId the run id
   * @param generatedAt when its report was produced
   * @return the run
   */
  protected Run run(String runId, Instant generatedAt) {
    try {
      Path directory = Files.createDirectories(contractDirectory.resolve("staged-" + runId));
      List<StagedFile> files = new ArrayList<>();
      String aws = SiteLayout.scanPrefix(runId, CloudProvider.AWS, "111111111111", "scoutsuite");
      String azure = SiteLayout.scanPrefix(runId, CloudProvider.AZURE, "3f2a6c1e-0000-4000-8000-00000000000a",
          "prowler");
      stage(files, directory, aws + "aws-111111111111.html",
          "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"inc-scoutsuite/css/scoutsuite.css\">"
              + "<script src=\"inc-scoutsuite/scoutsuite.js\"></script></head><body>" + runId + "</body></html>");
      stage(files, directory, aws + "inc-scoutsuite/css/scoutsuite.css", "body { font-family: sans-serif; }");
      stage(files, directory, aws + "inc-scoutsuite/scoutsuite.js", "console.log('" + runId + "');");
      stage(files, directory, aws + "scoutsuite-results/scoutsuite_results_aws-111111111111.js",
          "scoutsuite_results =\n{\"provider_code\": \"aws\", \"run\": \"" + runId + "\"}");
      stage(files, directory, azure + "prowler-output.ocsf.json", "[{\"status_code\": \"FAIL\", \"run\": \"" + runId
          + "\"}]");
      stage(files, directory, azure + "prowler.log", "prowler finished for " + runId + "\n");
      stage(files, directory, SiteLayout.manifest(runId), "{\"run_id\": \"" + runId + "\"}");
      return new Run(report(runId, generatedAt, "111111111111"), files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stage(List<StagedFile> files, Path directory, String key, String content) throws IOException {
    Path file = directory.resolve("file-" + files.size());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    files.add(new StagedFile(key, file, MediaTypes.forName(key)));
  }

  /**
   * Builds a small report with one AWS account row.
   *
   * @param runId the run id
   * @param generatedAt its generation time
   * @param accountId the AWS account id
   * @return the report
   */
  protected static PostureReport report(String runId, Instant generatedAt, String accountId) {
    ServiceStats ec2 = new ServiceStats(40, 3, 25);
    ServiceStats iam = new ServiceStats(30, 5, 12);
    FindingTally findings = new FindingTally(Map.of(Severity.HIGH, 5L, Severity.MEDIUM, 3L), 8, 62, 0, 0);
    AccountSummary account = new AccountSummary(CloudProvider.AWS, accountId, "payments-prod", "scoutsuite",
        ScanStatus.SUCCEEDED, 0, generatedAt.minus(Duration.ofMinutes(20)), Duration.ofMinutes(12), null,
        new TreeMap<>(Map.of("team", "payments")), new TreeMap<>(Map.of("ec2", ec2, "iam", iam)), findings,
        new TreeMap<>(Map.of("html", SiteLayout.scanPrefix(runId, CloudProvider.AWS, accountId, "scoutsuite") + "aws-"
            + accountId + ".html")), List.of());
    return PostureReport.builder(runId, generatedAt)
        .services(Map.of(CloudProvider.AWS, Map.of("ec2", ec2, "iam", iam)))
        .accounts(List.of(account))
        .findings(findings)
        .build();
  }

  /**
   * Reads an object that must exist.
   *
   * @param destination the site root
   * @param key the key
   * @return its bytes
   */
  protected byte[] read(URI destination, String key) {
    Optional<InputStream> stream = publisher().read(destination, key);
    if (stream.isEmpty()) {
      fail("no object '" + key + "' under " + destination);
    }
    try (InputStream in = stream.get()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code history.json}.
   *
   * @param destination the site root
   * @return its rows
   */
  protected List<HistoryRow> history(URI destination) {
    return ReportJson.readHistory(new ByteArrayInputStream(read(destination, SiteLayout.HISTORY)), "history");
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalized(String mediaType) {
    return mediaType.replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
