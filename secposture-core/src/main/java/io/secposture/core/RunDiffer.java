package io.secposture.core;

import io.secposture.api.AccountSummary;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.diff.DiffEngine;
import io.secposture.core.internal.diff.FindingsTracker;
import io.secposture.core.internal.diff.RunFiles;
import io.secposture.core.spi.QueryOptions;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a run with the previous one by the findings' stable fingerprints: what is new, resolved, reopened,
 * unchanged or unknown, per account row, provider and severity, and the most serious new findings. The result is
 * the report's {@code diff} section ({@link RunDiff}); {@code history.json} rows and the front page show it.
 *
 * <p><b>Who calls it.</b> {@link RunPublisher#compare} compares every run with the previous run at the
 * destination before publishing (see {@link RunPublisher#publish}); the {@code diff} command compares
 * two published runs with {@link #compare(PublishedRun, PublishedRun)}. Stateless and thread-safe.
 *
 * <p><b>What is compared.</b> Account rows ({@code provider/account/scanner}) are matched between the runs. Only
 * flagged findings count (non-muted failures), each distinct fingerprint once per row. For a row with results and
 * a findings file ({@code links.findings}, see {@link FindingsFile}):
 * <ul>
 *   <li><b>new</b>: flagged now, not in the previous run and not remembered as resolved;</li>
 *   <li><b>reopened</b>: flagged now, not in the previous run, but remembered as resolved in an earlier one;</li>
 *   <li><b>unchanged</b>: flagged in both;</li>
 *   <li><b>resolved</b>: flagged in the previous run, not now.</li>
 * </ul>
 * A row that is new in this run has everything new. A row <b>without results</b> in this run (its scan failed,
 * timed out or was skipped, or it was aggregated from files without a findings file) is never compared: what it
 * flagged at its last scan with results is counted <b>unknown</b> (never resolved), and the row is listed in
 * {@link RunDiff#notCompared()} with the reason. So is a row of the previous run that is missing from this one
 * (removed or disabled account), unless the scope is {@link Scope#SHARD}. A row whose previous findings cannot be
 * read (a report of an older version, a file deleted from the bucket, a corrupt file) is listed there too, the
 * findings it flags in this run count as unknown (new or unchanged cannot be told), and it is compared again from
 * the next run on. A row whose findings file of this run is missing or unreadable counts what it flagged in the
 * previous run as unknown (a row new in this run: what this run's report counts for it). Every unreadable file is
 * named in a warning; no row's findings silently drop out of the counts. A PARTIAL scan is compared like a complete one, so findings on resources it
 * could not read count as resolved (and reopened when a later complete scan flags them again); its row is called out
 * as partial on the front page. A run with results but no findings file at all (one aggregated from scanner
 * files) is published without a diff; a run in which every scan failed is compared (everything unknown), so that
 * its rows carry their state to the next run.
 *
 * <p><b>Memory of resolved findings (why {@code resolved.jsonl.gz}).</b> Telling reopened from new needs what was
 * flagged before the previous run. Re-reading every earlier run would cost a read per run per row, growing without
 * bound; instead each compared row carries its memory forward in one small file published beside its findings,
 * {@code runs/<run>/<provider>/<account>/<scanner>/resolved.jsonl.gz} (link {@code resolved}): the fingerprints
 * resolved at some earlier run, each with its severity, the run that resolved it and how many later runs of the row
 * have passed since. Each run computes the next memory from the previous one alone: add what it resolved, drop what
 * was flagged again (reopened), age the rest by one run and drop entries older than the retention (option
 * {@value #RESOLVED_RETENTION}, default {@value #DEFAULT_RESOLVED_RETENTION} runs: a year of weekly runs), so the
 * file is bounded by what a row resolved within the retention, and a diff reads exactly two files of the previous run
 * per row. A row without results keeps no findings of its own; it links the files of its last run with results
 * ({@code last_findings}, {@code last_resolved}) so the next run with results compares against them and nothing
 * is lost across a failed week. Rows are compared one at a time, streaming the gzip files, with the fingerprints of
 * one row in compact hash tables, so memory is bounded by the largest single row, never by the run.
 *
 * <p><b>Age and owners.</b> While comparing before publishing ({@link RunPublisher#compare}), every row with results
 * has its findings file rewritten in place with {@code owner} on every line and {@code first_seen} (and
 * {@code reopened_at} for a finding flagged again after being resolved) on every flagged one, taken from the
 * previous findings and the memory of resolved findings (which keeps each entry's {@code first_seen}); the report
 * gains its {@code sla} and {@code owners} sections ({@link io.secposture.api.SlaSummary},
 * {@link io.secposture.api.OwnerSummary}; settings {@value io.secposture.api.SlaPolicy#SETTING} and
 * {@value io.secposture.api.OwnerSummary#LABEL_SETTING}). Without a readable previous state a finding is first seen in
 * this run. {@link #compare(PublishedRun, PublishedRun)} (two published runs) rewrites nothing.
 *
 * <p><b>Shards.</b> Each shard of a run compares its own rows against the same previous run (option
 * {@value #PREVIOUS} names that run's site if the shard publishes elsewhere) with scope {@link Scope#SHARD}, so rows
 * of other shards are not counted missing; {@link RunDiff#combine} (the {@code merge} command) sums the shards'
 * diffs into the run's.
 *
 * <p><b>Options</b> (in the publication's options, or the destination URI's query):
 * <table>
 *   <caption>RunDiffer options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #ENABLED}</td><td>true</td><td>compare with the previous run before publishing</td></tr>
 *   <tr><td>{@value #PREVIOUS}</td><td>the destination</td><td>the site holding the previous run (its
 *       {@code reports/report_latest.json}, or the run before this one in its {@code history.json})</td></tr>
 *   <tr><td>{@value #SCOPE}</td><td>{@code run}</td><td>{@code run}: this run is complete, rows missing from it
 *       count as unknown; {@code shard}: this run is one shard, only its own rows are compared</td></tr>
 *   <tr><td>{@value #RESOLVED_RETENTION}</td><td>{@value #DEFAULT_RESOLVED_RETENTION}</td><td>how many later runs
 *       of a row a resolved finding is remembered, to call it reopened (0 to {@value #MAX_RESOLVED_RETENTION}; 0
 *       remembers nothing)</td></tr>
 * </table>
 */
public final class RunDiffer {
  /** Option: whether to compare with the previous run before publishing. */
  public static final String ENABLED = "diff.enabled";
  /** Option: the site holding the previous run, when it is not the destination. */
  public static final String PREVIOUS = "diff.previous";
  /** Option: {@code run} or {@code shard}. */
  public static final String SCOPE = "diff.scope";
  /** Option: how many later runs a resolved finding is remembered. */
  public static final String RESOLVED_RETENTION = "diff.resolved-retention";
  /** Default of {@value #RESOLVED_RETENTION}: a year of weekly runs. */
  public static final int DEFAULT_RESOLVED_RETENTION = 52;
  /** Upper bound of {@value #RESOLVED_RETENTION}. */
  public static final int MAX_RESOLVED_RETENTION = 10_000;
  /** The file name of a row's memory of resolved findings, beside its {@link FindingsFile#FILE_NAME}. */
  public static final String RESOLVED_FILE_NAME = "resolved.jsonl.gz";

  private static final Logger LOG = LoggerFactory.getLogger(RunDiffer.class);

  /** Which rows of the previous run a comparison covers. */
  public enum Scope {
    /** The run is complete: rows of the previous run missing from it are counted unknown. */
    RUN,
    /** The run is one shard of a run: only its own rows are compared; other shards compare theirs. */
    SHARD
  }

  private RunDiffer() {
  }

  /**
   * Compares two published runs, reading nothing but their reports and findings files (and the previous run's
   * memory of resolved findings). Rows of the previous run missing from the current one count as unknown.
   *
   * @param previous the earlier run
   * @param current the later run
   * @return the diff
   * @throws PublishException if a site cannot be read at all (a row whose files cannot be read is reported in
   *     {@link RunDiff#notCompared()} instead)
   */
  public static RunDiff compare(PublishedRun previous, PublishedRun current) {
    return compare(previous, current, Scope.RUN);
  }

  /**
   * Compares two published runs.
   *
   * @param previous the earlier run
   * @param current the later run
   * @param scope whether the current run is complete or one shard
   * @return the diff
   */
  public static RunDiff compare(PublishedRun previous, PublishedRun current, Scope scope) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(scope, "scope");
    DiffEngine.Options options = new DiffEngine.Options(DEFAULT_RESOLVED_RETENTION, scope == Scope.RUN, false);
    DiffEngine.Result result = DiffEngine.compare(current.report(), current.files(), previous.report(),
        previous.files(), options, null);
    result.warnings().forEach(warning -> LOG.warn("{}", warning));
    return result.diff();
  }

  /** What comparing an outcome with the previous run changed: the report, the files to publish and warnings. */
  record Attached(PostureReport report, List<StagedFile> files, List<String> warnings) {
  }

  /**
   * Compares a run about to be published with the previous run at its destination: attaches the diff to the
   * report, links each compared row's memory of resolved findings (written into the run's local directory and
   * staged for publishing) and carries the state of rows without results.
   *
   * @throws ConfigurationException if a diff option is malformed or no publisher reads the previous site
   */
  static Attached attach(PostureReport report, List<StagedFile> files, Plugins plugins, URI destination,
      Settings options) {
    Settings settings = settings(destination, options);
    FindingsTracker tracker = FindingTracking.tracker(report, files, settings);
    return FindingTracking.finish(attach(report, files, plugins, destination, options, settings, tracker), tracker);
  }

  private static Attached attach(PostureReport report, List<StagedFile> files, Plugins plugins, URI destination,
      Settings options, Settings settings, FindingsTracker tracker) {
    if (!settings.getBoolean(ENABLED, true)) {
      return new Attached(report, files, List.of());
    }
    DiffEngine.Options engine = engineOptions(settings, destination);
    if (report.accounts().stream().anyMatch(row -> row.status().hasResults())
        && report.accounts().stream().noneMatch(row -> row.links().containsKey(DiffEngine.FINDINGS_LINK))) {
      LOG.info("run {} has results but no findings file (it was aggregated from scanner files): it is published"
          + " without a diff", report.runId());
      return new Attached(report, files, List.of());
    }
    URI previousSite = previousSite(settings, destination);
    ArtifactPublisher publisher = plugins.publisherFor(previousSite);
    List<String> warnings = new ArrayList<>();
    Optional<PublishedRun> previous;
    try {
      previous = PublishedRun.before(publisher, previousSite, report.runId(), report.generatedAt(), options,
          warnings);
    } catch (PublishException | ReportParseException | UncheckedIOException e) {
      String warning = "cannot read the previous run at " + QueryOptions.withoutSecrets(previousSite) + " ("
          + e.getMessage() + "); run " + report.runId() + " is published without a diff";
      LOG.warn("{}", warning);
      warnings.add(warning);
      return new Attached(report, files, warnings);
    }
    warnings.forEach(warning -> LOG.warn("{}", warning));
    if (previous.isEmpty()) {
      return new Attached(report, files, warnings);
    }
    Map<String, Path> local = new HashMap<>();
    Set<String> staged = new HashSet<>();
    for (StagedFile file : files) {
      local.put(file.key(), file.file());
      staged.add(file.key());
    }
    Map<String, String> stateKeys = new HashMap<>();
    DiffEngine.StateOutput output = row -> {
      String findingsKey = row.links().get(DiffEngine.FINDINGS_LINK);
      Path findingsFile = findingsKey == null ? null : local.get(findingsKey);
      if (findingsFile == null || findingsFile.getParent() == null) {
        return null;
      }
      String key = findingsKey.substring(0, findingsKey.lastIndexOf('/') + 1) + RESOLVED_FILE_NAME;
      if (staged.contains(key)) {
        warnings.add("cannot keep the resolved findings of " + row.key() + ": the key " + key + " is already taken"
            + " by a scanner's file");
        return null;
      }
      stateKeys.put(row.key(), key);
      return findingsFile.getParent().resolve(RESOLVED_FILE_NAME);
    };
    PublishedRun before = previous.get();
    DiffEngine.Result result;
    try {
      if (tracker != null) {
        tracker.previousRunAt(before.report().generatedAt());
      }
      result = DiffEngine.compare(report, RunFiles.local(local), before.report(), before.files(), engine, output,
          tracker);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      // the comparison must never cost the run its publication
      String warning = "comparing run " + report.runId() + " with run " + before.report().runId() + " failed ("
          + e + "); it is published without a diff";
      LOG.warn("{}", warning, e);
      warnings.add(warning);
      return new Attached(report, files, warnings);
    }
    result.warnings().forEach(warning -> LOG.warn("{}", warning));
    warnings.addAll(result.warnings());
    List<StagedFile> allFiles = new ArrayList<>(files);
    List<AccountSummary> rows = new ArrayList<>();
    for (AccountSummary row : report.accounts()) {
      DiffEngine.RowKey key = DiffEngine.RowKey.of(row);
      TreeMap<String, String> links = new TreeMap<>(row.links());
      Path state = result.stateFiles().get(key);
      if (state != null) {
        String stateKey = stateKeys.get(row.key());
        links.put(DiffEngine.RESOLVED_LINK, stateKey);
        allFiles.add(new StagedFile(stateKey, state, FindingsFile.MEDIA_TYPE));
      }
      SortedMap<String, String> carried = result.links().get(key);
      if (carried != null) {
        links.putAll(carried);
      }
      rows.add(links.equals(row.links()) ? row : new AccountSummary(row.provider(), row.accountId(), row.name(),
          row.scanner(), row.status(), row.exitCode(), row.startedAt(), row.duration(), row.reason(), row.labels(),
          row.services(), row.findings(), links, row.warnings()));
    }
    PostureReport diffed = report.toBuilder().accounts(rows).diff(result.diff()).build();
    return new Attached(diffed, allFiles, warnings);
  }

  private static Settings settings(URI destination, Settings options) {
    Map<String, String> fromQuery = new TreeMap<>();
    QueryOptions.parse(destination, "diff").asMap().forEach((key, value) -> {
      if (key.startsWith("diff.")) {
        fromQuery.put(key, value);
      }
    });
    return options.with(Settings.of(fromQuery, "the destination's query"));
  }

  private static DiffEngine.Options engineOptions(Settings settings, URI destination) {
    int retention = settings.getInt(RESOLVED_RETENTION, DEFAULT_RESOLVED_RETENTION);
    if (retention < 0 || retention > MAX_RESOLVED_RETENTION) {
      throw new ConfigurationException("setting '" + RESOLVED_RETENTION + "' has value '" + retention
          + "'; expected how many later runs a resolved finding is remembered, 0 to " + MAX_RESOLVED_RETENTION
          + " (default " + DEFAULT_RESOLVED_RETENTION + ")");
    }
    String scope = settings.getString(SCOPE, "run").toLowerCase(Locale.ROOT);
    if (!scope.equals("run") && !scope.equals("shard")) {
      throw new ConfigurationException("setting '" + SCOPE + "' has value '" + settings.getString(SCOPE)
          + "'; expected run (a complete run: accounts missing from it count as unknown) or shard (one shard of a"
          + " run: only its own accounts are compared)");
    }
    boolean sameSite = previousSite(settings, destination).equals(destination);
    return new DiffEngine.Options(retention, scope.equals("run"), sameSite);
  }

  private static URI previousSite(Settings settings, URI destination) {
    String value = settings.getString(PREVIOUS);
    if (value == null || value.isEmpty()) {
      return destination;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null) {
        return Path.of(value).toAbsolutePath().normalize().toUri();
      }
      return uri;
    } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
      throw new ConfigurationException("setting '" + PREVIOUS + "' has value '" + value + "'; expected the site of"
          + " the previous run, such as s3://bucket/site or a folder", e);
    }
  }
}
