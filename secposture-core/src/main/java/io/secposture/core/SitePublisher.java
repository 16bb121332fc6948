package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.html.FindingsPage;
import io.secposture.core.internal.publish.Failures;
import io.secposture.core.internal.publish.HistoryUpdate;
import io.secposture.core.internal.publish.ParallelUpload;
import io.secposture.core.internal.publish.PlannedFile;
import io.secposture.core.internal.publish.PublishProgress;
import io.secposture.core.spi.QueryOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run to any {@link ObjectStore} in the order that keeps readers safe.
 *
 * <p><b>Who calls it.</b> Every {@link io.secposture.api.ArtifactPublisher} (the local {@code file} publisher and
 * the S3, GCS and Azure Blob modules) opens a store for the destination and hands it here, so they all keep the same
 * promises. An in-house publisher for another store does the same: implement {@link ObjectStore}, call
 * {@link #publish(URI, ObjectStore, Publication)}, and extend the test kit's {@code ArtifactPublisherContract}.
 *
 * <p><b>What a publish does</b>, in this order:
 * <ol>
 *   <li>checks every staged key ({@link SiteLayout#requireSafeKey(String)}; {@code index.html} and {@code reports/}
 *       are the site's own), that no key is staged twice and that every staged file exists, and renders the report
 *       JSON, before writing anything. A staged file that is a symbolic link is never followed: it is left out with
 *       a warning in the result (scanner output is untrusted, see {@link ScanFolder});</li>
 *   <li>uploads the staged files in parallel (option {@value #CONCURRENCY}, default {@value #DEFAULT_CONCURRENCY}
 *       at a time), largest first, each with its staged media type (by extension when blank) and the cache policy
 *       of its key ({@link SiteLayout#cacheControl}); the first failure stops the rest. Just before each upload the
 *       file is checked again: one replaced by a link, or whose real path changed, is left out with a warning;</li>
 *   <li>writes {@code reports/report_<date>_<run>.json};</li>
 *   <li>adds the run's row to {@code reports/history.json} with {@link History#append} and
 *       {@link ObjectStore#putIfVersion}, retrying with jittered backoff when another run updated it meanwhile, so
 *       two runs publishing close together both keep their row;</li>
 *   <li>writes {@code index.html}, then {@code reports/report_latest.json} last.</li>
 * </ol>
 * If history already holds a run newer than this one (an older run finishing late, or an old run published
 * again), step 5 is skipped with a warning, so {@code report_latest.json} never goes back in time.
 *
 * <p><b>A shard of a run</b> ({@link Publication#isPartial()}, built by {@link RunPublisher}) publishes partially:
 * steps 1 and 2, then its partial report at {@link Publication#partialReportKey()} ({@link SiteLayout#shardReport})
 * instead of steps 3 to 5. The site's front page, history
 * and latest report are untouched until {@link ShardMerge} folds every shard's partial report and publishes the
 * whole run in the order above. Because the partial report is written last, its presence means the shard's files
 * are all in place. The result's {@link PublishResult#index() index} is then the partial report's address. Two runs that
 * finish their history update within moments of each other can still both reach step 5; the later write wins.
 *
 * <p><b>Failures.</b> Any failure throws {@link PublishException} naming the destination and the key, and nothing
 * after the failing step is written: {@code index.html} and {@code reports/report_latest.json} still show the
 * previous complete run. Publishing the same run again is idempotent (same keys, same bytes, one history row), so
 * the fix for a failure is to publish again.
 *
 * <p><b>Options</b> ({@link Publication#options()}, overridden by the destination URI's query parameters, see
 * {@link #optionsFor(URI, Settings, String)}):
 * <table>
 *   <caption>SitePublisher options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CONCURRENCY}</td><td>{@value #DEFAULT_CONCURRENCY}</td><td>uploads in flight at once,
 *       1 to {@value #MAX_CONCURRENCY}</td></tr>
 *   <tr><td>{@value #RETENTION}</td><td>{@value History#DEFAULT_RETENTION}</td><td>rows {@code history.json}
 *       keeps; older rows are dropped, with a warning in the result</td></tr>
 *   <tr><td>{@value #PUBLIC_URL}</td><td>none</td><td>the URL the site is served from (a static website), used for
 *       {@link PublishResult#index()} instead of the store URI</td></tr>
 * </table>
 *
 * <p>Progress (files uploaded of total, bytes, elapsed) is logged through SLF4J at INFO every few seconds and at
 * the end; every object at DEBUG. Stateless and thread-safe; the store must be thread-safe.
 */
public final class SitePublisher {
  /** Option: how many uploads run at once. */
  public static final String CONCURRENCY = "publish.concurrency";
  /** Default of {@value #CONCURRENCY}. */
  public static final int DEFAULT_CONCURRENCY = 16;
  /** Upper bound of {@value #CONCURRENCY}. */
  public static final int MAX_CONCURRENCY = 256;
  /** Option: how many runs {@code history.json} keeps. */
  public static final String RETENTION = "history.retention";
  /** Option: the base URL the site is served from, e.g. {@code https://security.example.com/}. */
  public static final String PUBLIC_URL = "publish.public-url";

  private static final Logger LOG = LoggerFactory.getLogger(SitePublisher.class);

  private SitePublisher() {
  }

  /**
   * Publishes a run.
   *
   * @param destination the site root, for messages and the result; its query, user info and fragment are never
   *     printed
   * @param store the store opened for it; not closed here
   * @param publication the report and files
   * @return what was written
   * @throws PublishException if a step failed; {@code index.html} and {@code reports/report_latest.json} then still
   *     show the previous run
   * @throws ConfigurationException if an option is malformed
   */
  public static PublishResult publish(URI destination, ObjectStore store, Publication publication) {
    URI site = QueryOptions.withoutSecrets(destination);
    Settings options = publication.options();
    int concurrency = concurrency(options);
    int retention = retention(options);
    URI publicUrl = publicUrl(options);
    PostureReport report = publication.report();
    long started = System.nanoTime();

    List<String> warnings = new ArrayList<>();
    if (publication.isPartial()) {
      requirePartialKey(site, publication.partialReportKey());
    }
    List<PlannedFile> files = plan(site, publication.files(), warnings);
    String datedKey = SiteLayout.datedReport(report);
    byte[] reportJson = render(site, datedKey, () -> ReportJson.toBytes(report));
    long stagedBytes = files.stream().mapToLong(PlannedFile::size).sum();
    PublishProgress progress = new PublishProgress(LOG, site, files.size(), stagedBytes, started);
    LOG.info("publishing run {} to {}: {} files ({}), up to {} at a time", report.runId(), site, files.size(),
        PublishProgress.bytes(stagedBytes), Math.min(concurrency, Math.max(1, files.size())));

    ParallelUpload.Skipped skipped = ParallelUpload.run(site, store, files, concurrency, progress);

    warnings.addAll(skipped.warnings());
    long objects = files.size() - skipped.files();
    long bytes = stagedBytes - skipped.bytes();
    if (publication.isPartial()) {
      String shardKey = publication.partialReportKey();
      put(site, store, shardKey, reportJson);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("published {} of run {} to {}: {} objects ({}) in {}; the run's report is written when every"
          + " shard is merged", shardKey, report.runId(), site, objects + 1, PublishProgress.bytes(bytes
          + reportJson.length), PublishProgress.seconds(elapsed));
      return new PublishResult(site, store.uri(shardKey), objects + 1, bytes + reportJson.length, elapsed, warnings);
    }
    put(site, store, datedKey, reportJson);
    objects++;
    bytes += reportJson.length;

    HistoryUpdate history = HistoryUpdate.apply(site, store, report, retention);
    warnings.addAll(history.warnings());
    objects += history.objectsWritten();
    bytes += history.bytesWritten();

    if (history.newerRun() == null) {
      byte[] findingsPage = FindingsPage.bytes();
      put(site, store, SiteLayout.FINDINGS_PAGE, findingsPage);
      byte[] index = render(site, SiteLayout.INDEX,
          () -> IndexPage.render(report, history.rows(), options).getBytes(StandardCharsets.UTF_8));
      put(site, store, SiteLayout.INDEX, index);
      put(site, store, SiteLayout.LATEST_REPORT, reportJson);
      objects += 3;
      bytes += findingsPage.length + index.length + reportJson.length;
    } else {
      String warning = "run " + history.newerRun() + " is newer than run " + report.runId() + " and already in "
          + SiteLayout.HISTORY + ", so " + SiteLayout.INDEX + " and " + SiteLayout.LATEST_REPORT
          + " were left showing it; this run's files, dated report and history row were published";
      LOG.warn("{}: {}", site, warning);
      warnings.add(warning);
    }

    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("published run {} to {}: {} objects ({}) in {}", report.runId(), site, objects,
        PublishProgress.bytes(bytes), PublishProgress.seconds(elapsed));
    URI index = publicUrl != null ? publicUrl.resolve(SiteLayout.INDEX) : store.uri(SiteLayout.INDEX);
    return new PublishResult(site, index, objects, bytes, elapsed, warnings);
  }

  /**
   * Reads one object of a site, for a publisher's {@link io.secposture.api.ArtifactPublisher#read}: refuses an
   * unsafe key before anything is opened, then opens the store and keeps it open until the returned stream is
   * closed (a store that owns its client closes it then).
   *
   * @param site the site root, for messages; must hold no secret
   * @param key the key under the site root
   * @param opener opens the store; called at most once, and only for a safe key
   * @return the object's content, or empty if there is no such object
   * @throws PublishException naming the site and key if the key is unsafe or reading fails
   */
  public static Optional<InputStream> read(URI site, String key, Supplier<? extends ObjectStore> opener) {
    try {
      SiteLayout.requireSafeKey(key);
    } catch (IllegalArgumentException e) {
      String shown = Failures.printable(key);
      throw new PublishException("cannot read '" + shown + "' from " + site + ": " + e.getMessage(), site, shown, e);
    }
    ObjectStore store = opener.get();
    try {
      Optional<InputStream> stream = store.open(key);
      if (stream.isEmpty()) {
        store.close();
        return Optional.empty();
      }
      return Optional.of(new FilterInputStream(stream.get()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            store.close();
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      try {
        store.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new PublishException("cannot read '" + key + "' from " + site + ": " + Failures.describe(e), site, key, e);
    }
  }

  /**
   * Returns a publisher's options: {@link Publication#options()} overlaid with the destination URI's query
   * parameters, which win. A parameter named without a dot belongs to the publisher's namespace, so
   * {@code s3://bucket/site?region=eu-west-1} sets {@code s3.region}; a dotted name is taken as is
   * ({@code ?history.retention=50}). A parameter without a value means {@code true} ({@code ?path-style}).
   *
   * <p>A destination URI travels through command lines, CI logs and configuration files, so publishers refuse
   * secrets in its query; use {@link Publication#options()} or the environment for them. (This library itself
   * prints destinations without their query.)
   *
   * @param destination the destination URI; its query may be absent
   * @param options the publication's options
   * @param namespace the publisher's namespace, e.g. {@code s3}
   * @return the combined options
   * @throws ConfigurationException if the query is malformed or names a parameter twice
   */
  public static Settings optionsFor(URI destination, Settings options, String namespace) {
    return options.with(QueryOptions.parse(destination, namespace));
  }

  private static int concurrency(Settings options) {
    int concurrency = options.getInt(CONCURRENCY, DEFAULT_CONCURRENCY);
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new ConfigurationException("setting '" + CONCURRENCY + "' has value '" + concurrency
          + "'; expected a number of parallel uploads from 1 to " + MAX_CONCURRENCY + " (default "
          + DEFAULT_CONCURRENCY + ")");
    }
    return concurrency;
  }

  private static int retention(Settings options) {
    int retention = options.getInt(RETENTION, History.DEFAULT_RETENTION);
    if (retention < 1) {
      throw new ConfigurationException("setting '" + RETENTION + "' has value '" + retention
          + "'; expected how many runs history.json keeps, at least 1 (default " + History.DEFAULT_RETENTION + ")");
    }
    return retention;
  }

  private static URI publicUrl(Settings options) {
    String value = options.getString(PUBLIC_URL);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      URI url = new URI(value.endsWith("/") ? value : value + "/");
      if (!url.isAbsolute() || url.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
      return url;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new ConfigurationException("setting '" + PUBLIC_URL + "' has value '" + value
          + "'; expected the absolute URL the site is served from, such as https://security.example.com/", e);
    }
  }

  private static void requirePartialKey(URI site, String key) {
    try {
      SiteLayout.requireSafeKey(key);
    } catch (IllegalArgumentException e) {
      String shown = Failures.printable(key);
      throw new PublishException("cannot publish to " + site + ": the partial report key '" + shown + "' is unsafe ("
          + e.getMessage() + "); build it with SiteLayout.shardReport. Nothing was written.", site, shown, e);
    }
    if (key.equals(SiteLayout.INDEX) || key.startsWith("reports/")) {
      throw new PublishException("cannot publish to " + site + ": the partial report key '" + key + "' belongs to the"
          + " site itself (index.html and reports/ are written by the publisher). Nothing was written.", site, key,
          null);
    }
  }

  /** Checks every staged file before anything is written; returns them largest first, without links. */
  private static List<PlannedFile> plan(URI site, List<StagedFile> staged, List<String> warnings) {
    Map<String, StagedFile> byKey = new HashMap<>();
    List<PlannedFile> planned = new ArrayList<>(staged.size());
    for (StagedFile file : staged) {
      String key = file.key();
      try {
        SiteLayout.requireSafeKey(key);
      } catch (IllegalArgumentException e) {
        String shown = Failures.printable(key);
        throw new PublishException("cannot publish to " + site + ": the staged file " + file.file()
            + " has an unsafe key '" + shown + "' (" + e.getMessage() + "); build keys with SiteLayout.scanPrefix"
            + " and SiteLayout.relativePath. Nothing was written.", site, shown, e);
      }
      if (key.equals(SiteLayout.INDEX) || key.equals(SiteLayout.FINDINGS_PAGE) || key.startsWith("reports/")) {
        throw new PublishException("cannot publish to " + site + ": the staged file " + file.file() + " has the key '"
            + key + "', which belongs to the site itself (index.html and reports/ are written by the publisher);"
            + " stage run files under runs/<run-id>/. Nothing was written.", site, key, null);
      }
      StagedFile previous = byKey.putIfAbsent(key, file);
      if (previous != null) {
        throw new PublishException("cannot publish to " + site + ": two staged files have the key '" + key + "' ("
            + previous.file() + " and " + file.file() + "); give each file its own key. Nothing was written.",
            site, key, null);
      }
      Path path = file.file();
      if (Files.isSymbolicLink(path)) {
        String warning = "did not publish '" + key + "' (" + path + "): it is a symbolic link, and staged files are"
            + " never read through a link";
        LOG.warn("{}: {}", site, warning);
        warnings.add(warning);
        continue;
      }
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new PublishException("cannot publish to " + site + ": the staged file for '" + key + "' is "
            + (Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "not a regular file" : "missing") + ": " + path
            + "; it must exist until publishing ends. Nothing was written.", site, key, null);
      }
      long size;
      Path realPath;
      try {
        size = Files.size(path);
        realPath = path.toRealPath();
      } catch (IOException e) {
        throw new PublishException("cannot publish to " + site + ": cannot read the size of the staged file for '"
            + key + "' (" + path + "): " + Failures.describe(e) + ". Nothing was written.", site, key, e);
      }
      String mediaType = file.mediaType().isBlank() ? MediaTypes.forName(key) : file.mediaType();
      planned.add(new PlannedFile(key, path, size, new ObjectMetadata(mediaType, SiteLayout.cacheControl(key)),
          realPath));
    }
    planned.sort(Comparator.comparingLong(PlannedFile::size).reversed().thenComparing(PlannedFile::key));
    return planned;
  }

  private interface Renderer {
    byte[] render();
  }

  private static byte[] render(URI site, String key, Renderer renderer) {
    try {
      return renderer.render();
    } catch (RuntimeException e) {
      throw new PublishException("cannot publish to " + site + ": rendering '" + key + "' failed: "
          + Failures.describe(e) + ". " + Failures.LATEST_UNTOUCHED, site, key, e);
    }
  }

  private static void put(URI site, ObjectStore store, String key, byte[] content) {
    Failures.checkInterrupted(site, key);
    try {
      store.put(key, content, ObjectMetadata.forKey(key));
      LOG.debug("{}: wrote {} ({} bytes)", site, key, content.length);
    } catch (IOException | RuntimeException e) {
      throw Failures.publishFailed(site, key, "writing", e, key.equals(SiteLayout.LATEST_REPORT)
          ? "The previous " + SiteLayout.LATEST_REPORT + " is still in place (every write replaces an object whole);"
              + " " + SiteLayout.INDEX + " already shows this run. Publish again to finish."
          : Failures.LATEST_UNTOUCHED);
    }
  }
  /**
   * Checks the site options ({@value #CONCURRENCY}, {@value #RETENTION}, {@value #PUBLIC_URL})
   * the way {@link #publish} reads them, without writing anything; for a publisher's
   * {@link io.secposture.api.ArtifactPublisher#validate}.
   *
   * @param options the publisher's combined options ({@link #optionsFor})
   * @return every problem found, empty when the options are usable
   */
  public static List<String> checkOptions(Settings options) {
    return checkOptions(options, List.of());
  }

  /**
   * Checks the site options as {@link #checkOptions(Settings)} does, leaving out the options a publisher's own
   * checks already reported (a publisher that sizes its connection pool from {@value #CONCURRENCY} checks it too),
   * so one mistake is reported once.
   *
   * @param options the publisher's combined options ({@link #optionsFor})
   * @param reported the problems the publisher already found
   * @return every further problem found
   */
  public static List<String> checkOptions(Settings options, List<String> reported) {
    List<String> problems = new ArrayList<>();
    Map<String, Runnable> checks = new java.util.LinkedHashMap<>();
    checks.put(CONCURRENCY, () -> concurrency(options));
    checks.put(RETENTION, () -> retention(options));
    checks.put(PUBLIC_URL, () -> publicUrl(options));
    checks.forEach((key, check) -> {
      if (reported.stream().anyMatch(problem -> problem.contains(key))) {
        return;
      }
      try {
        check.run();
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    });
    return problems;
  }

  /**
   * Proves a store writable before a run: writes a small probe object under the site root, reads it back and
   * deletes it. The probe's key starts with {@code .secposture-check-} and a random suffix, so it never collides
   * with a published file, and it is deleted even when reading it back fails. For a publisher's
   * {@link io.secposture.api.ArtifactPublisher#preflight}.
   *
   * @param site the site root, for messages; must hold no secret
   * @param store the store opened for it; not closed here
   * @return the details of what was done, or the problem (naming the site and the key)
   */
  public static io.secposture.api.Preflight probe(URI site, ObjectStore store) {
    String key = ".secposture-check-" + java.util.UUID.randomUUID();
    byte[] content = ("secposture check probe; safe to delete\n").getBytes(StandardCharsets.UTF_8);
    try {
      store.put(key, content, new ObjectMetadata("text/plain; charset=utf-8", "no-store"));
    } catch (IOException | RuntimeException e) {
      return io.secposture.api.Preflight.problem("cannot write to " + site + " (probe object '" + key + "'): "
          + Failures.describe(e) + "; check the destination, the credentials and that they may write there");
    }
    io.secposture.api.Preflight result = io.secposture.api.Preflight.nothingToCheck();
    try {
      Optional<StoredObject> back = store.get(key);
      if (back.isEmpty() || !java.util.Arrays.equals(back.get().content(), content)) {
        result = result.withProblem("wrote the probe object '" + key + "' to " + site + " but could not read the same"
            + " bytes back; publishing relies on reading history.json back");
      }
    } catch (IOException | RuntimeException e) {
      result = result.withProblem("wrote the probe object '" + key + "' to " + site + " but cannot read it back: "
          + Failures.describe(e) + "; publishing reads history.json back, so the credentials need read access too");
    }
    try {
      store.delete(key);
      result = result.withDetail("wrote, read back and deleted a probe object under " + site);
    } catch (UnsupportedOperationException e) {
      result = result.withDetail("wrote and read back the probe object '" + key + "' under " + site
          + " (this store cannot delete it; delete it by hand)");
    } catch (IOException | RuntimeException e) {
      result = result.withDetail("wrote and read back a probe object under " + site + ", but could not delete '" + key
          + "' (" + Failures.describe(e) + "); delete it by hand (publishing itself never deletes, so it needs no delete permission)");
    }
    return result;
  }
}
