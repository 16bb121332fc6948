package io.secposture.core;

import io.secposture.api.AccountSummary;
import io.secposture.api.Aggregator;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.ReportParseException;
import io.secposture.api.ScanRequest;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the partial reports the shards of a run published into the report one run over every account would have
 * given, and publishes it: the dated report, {@code history.json}, {@code index.html} and
 * {@code report_latest.json}, in the safe order of {@link SitePublisher}, plus the run's manifest
 * ({@code runs/<run-id>/manifest.json}) made from the shards' manifests.
 *
 * <p><b>Who calls it.</b> The job's {@code merge --shards} command (a CI job that runs after the matrix of shards),
 * and {@code run --merge-when-complete}, where each shard after publishing checks whether every shard is there
 * ({@link #mergeIfComplete}) so the last one to finish merges. Two shards finishing together may both merge: the
 * result is the same bytes (the merged report is stamped with the latest shard's time), and publishing a run again
 * is idempotent.
 *
 * <p><b>Checks.</b> Every shard {@code 0..N-1} must have published {@link SiteLayout#shardReport}; each must belong
 * to the run and be a readable report; no account may appear in two shards (which happens when shards were started
 * with different counts). A failure is a {@link ConfigurationException} (the job's exit 2) that names the shards and
 * keys concerned and says what to do. Nothing is written until every check passed.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShardMerge {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMerge.class);

  private ShardMerge() {
  }

  /**
   * What a merge produced.
   *
   * @param report the merged report, as published
   * @param manifest the merged manifest, as published
   * @param published what the publisher wrote
   */
  public record Merged(PostureReport report, RunManifest manifest, PublishResult published) {
    /** Validates the components. */
    public Merged {
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(published, "published");
    }
  }

  /**
   * Tells which shards of a run have published their partial report.
   *
   * @param publisher the publisher of the destination
   * @param destination the site root the shards published to
   * @param runId the run id the shards share
   * @param count how many shards the run has
   * @param options the publisher settings the store is read with (region, endpoint, credentials)
   * @return the shards that have not published yet, in order; empty when every shard has
   * @throws PublishException if the store cannot be read
   */
  public static List<Shard> missing(ArtifactPublisher publisher, URI destination, String runId, int count,
      Settings options) {
    List<Shard> missing = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      Shard shard = new Shard(index, count);
      Optional<InputStream> content = publisher.read(destination, SiteLayout.shardReport(runId, shard), options);
      if (content.isEmpty()) {
        missing.add(shard);
      } else {
        close(content.get());
      }
    }
    return missing;
  }

  /**
   * Merges the shards of a run and publishes the whole run.
   *
   * @param plugins where the publisher for the destination and the aggregator come from
   * @param destination the site root the shards published to
   * @param runId the run id the shards share
   * @param count how many shards the run has
   * @param aggregator the name of the aggregator whose merge to use, e.g. {@code default}
   * @param options publisher settings ({@link SitePublisher}'s and the store's)
   * @return the merged report and what was published
   * @throws ConfigurationException if a shard has not published its partial report, a partial report is corrupt or
   *     belongs to another run, an account appears in two shards, or the run id, count or aggregator is invalid
   * @throws PublishException if reading the partial reports or publishing failed
   */
  public static Merged merge(Plugins plugins, URI destination, String runId, int count, String aggregator,
      Settings options) {
    return mergeIf(plugins, destination, runId, count, aggregator, options, false)
        .orElseThrow(() -> new IllegalStateException("merge reported incomplete shards without throwing"));
  }

  /**
   * Merges the shards of a run and publishes the whole run if every shard has published; otherwise does nothing
   * (logging which shards are still missing), so the last shard to finish merges.
   *
   * @param plugins where the publisher for the destination and the aggregator come from
   * @param destination the site root the shards published to
   * @param runId the run id the shards share
   * @param count how many shards the run has
   * @param aggregator the name of the aggregator whose merge to use
   * @param options publisher settings
   * @return the merge, or empty when some shard has not published yet
   * @throws ConfigurationException if a partial report is corrupt or belongs to another run, or an account appears
   *     twice
   * @throws PublishException if reading or publishing failed
   */
  public static Optional<Merged> mergeIfComplete(Plugins plugins, URI destination, String runId, int count,
      String aggregator, Settings options) {
    return mergeIf(plugins, destination, runId, count, aggregator, options, true);
  }

  private static Optional<Merged> mergeIf(Plugins plugins, URI destination, String runId, int count,
      String aggregator, Settings options, boolean onlyIfComplete) {
    Objects.requireNonNull(plugins, "plugins");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    try {
      ScanRequest.requireRunId(runId);
      new Shard(0, count);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("cannot merge shards: " + e.getMessage());
    }
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    Aggregator merger = plugins.aggregator(aggregator);
    List<PostureReport> partials = new ArrayList<>();
    List<RunManifest> manifests = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      Shard shard = new Shard(index, count);
      String key = SiteLayout.shardReport(runId, shard);
      Optional<PostureReport> report;
      try {
        report = read(publisher, destination, key, options, in -> ReportJson.read(in, destination + "/" + key));
      } catch (ReportParseException e) {
        problems.add("the partial report of shard " + shard.id() + " (" + key + " at " + destination + ") is not a"
            + " readable report: " + e.getMessage() + "; run that shard again with the same run id and shard count"
            + " so it publishes its partial report again");
        continue;
      }
      if (report.isEmpty()) {
        missing.add(shard.id() + " (" + key + ")");
        continue;
      }
      if (!report.get().runId().equals(runId)) {
        throw new ConfigurationException("the partial report " + key + " at " + destination + " belongs to run '"
            + report.get().runId() + "', not '" + runId + "'; give every shard and the merge the same run id"
            + " (--run-id or SECPOSTURE_RUN_ID)");
      }
      partials.add(report.get());
      String manifestKey = SiteLayout.shardManifest(runId, shard);
      try {
        read(publisher, destination, manifestKey, options,
            in -> RunManifest.read(in, destination + "/" + manifestKey)).ifPresent(manifests::add);
      } catch (ReportParseException e) {
        LOG.warn("the manifest of shard {} ({} at {}) cannot be read ({}); the run's manifest will lack its scans,"
            + " the report is merged all the same", shard.id(), manifestKey, destination, e.getMessage());
      }
    }
    if (!missing.isEmpty()) {
      String message = missing.size() + " of " + count + " shards of run " + runId + " have not published their"
          + " partial report to " + destination + ": " + String.join(", ", missing);
      if (onlyIfComplete) {
        LOG.info("{}; the last shard to finish merges the run", message);
        return Optional.empty();
      }
      problems.add(message + "; they may have failed or still be running: run them again with the same run id and"
          + " shard count, then merge");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    checkDisjoint(partials, count, runId);
    PostureReport merged = merger.merge(partials);
    RunManifest manifest = mergeManifests(runId, manifests, merged.generatedAt());
    Path file;
    try {
      file = Files.createTempFile("secposture-manifest-", ".json");
      Files.write(file, manifest.toBytes());
    } catch (IOException e) {
      throw new SecpostureException("cannot write the merged manifest of run " + runId + " to a temporary file: "
          + e.getMessage() + "; check the temporary directory", e);
    }
    try {
      PublishResult result = publisher.publish(destination, new Publication(merged,
          List.of(new StagedFile(SiteLayout.manifest(runId), file, "application/json")), options));
      LOG.info("merged {} shards of run {}: {} scans; published to {}", count, runId, merged.accounts().size(),
          result.destination());
      return Optional.of(new Merged(merged, manifest, result));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", file, e.toString());
      }
    }
  }

  private static void checkDisjoint(List<PostureReport> partials, int count, String runId) {
    Map<String, Integer> owner = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int index = 0; index < partials.size(); index++) {
      for (AccountSummary row : partials.get(index).accounts()) {
        Integer previous = owner.putIfAbsent(row.provider().id() + "\u0000" + row.accountId() + "\u0000"
            + row.scanner(), index);
        if (previous != null && previous != index) {
          problems.add("scan " + row.key() + " appears in shards " + new Shard(previous, count).id() + " and "
              + new Shard(index, count).id() + " of run " + runId + "; were the shards started with different"
              + " counts? Run every shard again with the same count");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /**
   * Combines the manifests of a run's shards: scans in key order, the earliest start, the latest finish, cancelled
   * if any shard was.
   *
   * @param runId the run id
   * @param manifests the shards' manifests; may be fewer than the shards (a manifest is informative)
   * @param fallback when the run finished, if there are no manifests
   * @return the run's manifest
   */
  static RunManifest mergeManifests(String runId, List<RunManifest> manifests, Instant fallback) {
    Instant started = null;
    Instant finished = null;
    boolean cancelled = false;
    Map<String, RunManifest.Scan> scans = new TreeMap<>();
    List<RunManifest.Input> inputs = new ArrayList<>();
    for (RunManifest manifest : manifests) {
      started = started == null || manifest.startedAt().isBefore(started) ? manifest.startedAt() : started;
      finished = finished == null || manifest.finishedAt().isAfter(finished) ? manifest.finishedAt() : finished;
      cancelled |= manifest.cancelled();
      for (RunManifest.Scan scan : manifest.scans()) {
        scans.putIfAbsent(scan.key(), scan);
      }
      inputs.addAll(manifest.inputs());
    }
    inputs.sort(Comparator.comparing(RunManifest.Input::source));
    Map<String, RunManifest.Input> uniqueInputs = new LinkedHashMap<>();
    inputs.forEach(input -> uniqueInputs.putIfAbsent(input.source(), input));
    return new RunManifest(RunManifest.SCHEMA_VERSION, runId, started == null ? fallback : started,
        finished == null ? fallback : finished, cancelled, new ArrayList<>(scans.values()),
        new ArrayList<>(uniqueInputs.values()));
  }

  private interface Reader<T> {
    T read(InputStream in);
  }

  private static <T> Optional<T> read(ArtifactPublisher publisher, URI destination, String key, Settings options,
      Reader<T> reader) {
    Optional<InputStream> content = publisher.read(destination, key, options);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = content.get()) {
      return Optional.of(reader.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key + " at " + destination + ": " + e.getMessage(), e);
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("closing a stream failed: {}", e.toString());
    }
  }
}
