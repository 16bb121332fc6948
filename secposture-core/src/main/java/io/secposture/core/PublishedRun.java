package io.secposture.core;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.ReportParseException;
import io.secposture.api.Settings;
import io.secposture.core.internal.diff.RunFiles;
import io.secposture.core.spi.QueryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run as it was published: its report, and the site its files live in (read through the publisher for the
 * site's scheme), so that {@link RunDiffer} can read its findings files by the keys the report's account rows link
 * to.
 *
 * <p><b>Who calls it.</b> {@link RunPublisher#compare} finds the previous run at the
 * destination with {@link #before}; the {@code diff} command reads two runs from sites or report files and hands
 * them to {@link RunDiffer#compare(PublishedRun, PublishedRun)}. Immutable and thread-safe (as thread-safe as its
 * publisher, which every publisher is).
 */
public final class PublishedRun {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedRun.class);

  private final PostureReport report;
  private final ArtifactPublisher publisher;
  private final URI site;
  private final Settings options;

  private PublishedRun(PostureReport report, ArtifactPublisher publisher, URI site, Settings options) {
    this.report = Objects.requireNonNull(report, "report");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.site = Objects.requireNonNull(site, "site");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Returns a run whose report was read elsewhere (for example a report file a user named) and whose files are in a
   * site.
   *
   * @param report the run's report
   * @param publisher the publisher that reads the site
   * @param site the site root the report's links are relative to
   * @param options the publisher settings to read with (endpoint, region, credentials; see
   *     {@link ArtifactPublisher#read(URI, String, Settings)})
   * @return the run
   */
  public static PublishedRun of(PostureReport report, ArtifactPublisher publisher, URI site, Settings options) {
    return new PublishedRun(report, publisher, site, options);
  }

  /**
   * Reads a run's report from a site.
   *
   * @param publisher the publisher that reads the site
   * @param site the site root
   * @param reportKey the report's key, e.g. {@link SiteLayout#LATEST_REPORT}
   * @param options the publisher settings to read with
   * @return the run, or empty if there is no such report
   * @throws ReportParseException if the report is not a valid report
   * @throws PublishException if the site cannot be read
   */
  public static Optional<PublishedRun> read(ArtifactPublisher publisher, URI site, String reportKey,
      Settings options) {
    Optional<InputStream> content = publisher.read(site, reportKey, options);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    String source = QueryOptions.withoutSecrets(site) + "/" + reportKey;
    try (InputStream in = content.get()) {
      return Optional.of(new PublishedRun(ReportJson.read(in, source), publisher, site, options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Finds the run published at a site just before a given run: the newest run older than it, by generation time
   * then run id ({@link History#ORDER}), among {@code reports/report_latest.json} and the rows of
   * {@code reports/history.json} (read from its dated report). Usually that is the latest report; it is an earlier
   * one when the given run was already published there (publishing again) or a newer run was.
   *
   * @param publisher the publisher that reads the site
   * @param site the site root
   * @param runId the run whose predecessor to find
   * @param generatedAt when that run's report was produced
   * @param options the publisher settings to read with
   * @return the previous run, or empty if the site holds none older (for example a first run); the reason is logged
   * @throws ReportParseException if a report or the history there is not valid
   * @throws PublishException if the site cannot be read
   */
  public static Optional<PublishedRun> before(ArtifactPublisher publisher, URI site, String runId,
      Instant generatedAt, Settings options) {
    List<String> notes = new ArrayList<>();
    Optional<PublishedRun> found = before(publisher, site, runId, generatedAt, options, notes);
    notes.forEach(note -> LOG.warn("{}", note));
    return found;
  }

  /**
   * Finds the previous run as {@link #before(ArtifactPublisher, URI, String, Instant, Settings)} does, collecting
   * what a user should know (a history that names a run whose report is gone) instead of logging it.
   */
  static Optional<PublishedRun> before(ArtifactPublisher publisher, URI site, String runId, Instant generatedAt,
      Settings options, List<String> notes) {
    HistoryRow self = probe(runId, generatedAt);
    Optional<PublishedRun> latest = read(publisher, site, SiteLayout.LATEST_REPORT, options);
    if (latest.isEmpty()) {
      LOG.info("{} holds no {}: nothing to compare run {} with", QueryOptions.withoutSecrets(site),
          SiteLayout.LATEST_REPORT, runId);
      return Optional.empty();
    }
    HistoryRow latestRow = probe(latest.get().report());
    boolean latestIsOlder = History.ORDER.compare(latestRow, self) < 0;
    Optional<InputStream> content = publisher.read(site, SiteLayout.HISTORY, options);
    if (content.isEmpty()) {
      if (!latestIsOlder) {
        notes.add(QueryOptions.withoutSecrets(site) + "/" + SiteLayout.LATEST_REPORT + " is run "
            + latest.get().report().runId() + ", which is not older than run " + runId + ", and there is no "
            + SiteLayout.HISTORY + " to find an older one: nothing to compare with");
      }
      return latestIsOlder ? latest : Optional.empty();
    }
    List<HistoryRow> rows;
    try (InputStream in = content.get()) {
      rows = ReportJson.readHistory(in, QueryOptions.withoutSecrets(site) + "/" + SiteLayout.HISTORY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SiteLayout.HISTORY + ": " + e.getMessage(), e);
    }
    HistoryRow best = latestIsOlder ? latestRow : null;
    for (HistoryRow row : rows) {
      if (History.ORDER.compare(row, self) < 0 && (best == null || History.ORDER.compare(row, best) > 0)) {
        best = row;
      }
    }
    if (best == null) {
      LOG.info("{} holds no run older than run {}: nothing to compare with", QueryOptions.withoutSecrets(site), runId);
      return Optional.empty();
    }
    if (best.runId().equals(latestRow.runId()) && best.generatedAt().equals(latestRow.generatedAt())) {
      return latest;
    }
    String key = SiteLayout.datedReport(PostureReport.builder(best.runId(), best.generatedAt()).build());
    Optional<PublishedRun> dated = read(publisher, site, key, options);
    if (dated.isEmpty()) {
      notes.add(SiteLayout.HISTORY + " at " + QueryOptions.withoutSecrets(site) + " names run " + best.runId()
          + " as the one before run " + runId + ", but its report " + key + " is missing: nothing to compare with");
    }
    return dated;
  }

  private static HistoryRow probe(PostureReport report) {
    return probe(report.runId(), report.generatedAt());
  }

  private static HistoryRow probe(String runId, Instant generatedAt) {
    return HistoryRow.of(PostureReport.builder(runId, generatedAt).build());
  }

  /**
   * Returns the run's report.
   *
   * @return the report
   */
  public PostureReport report() {
    return report;
  }

  /**
   * Returns the site root the report's links are relative to.
   *
   * @return the site
   */
  public URI site() {
    return site;
  }

  /**
   * Opens one of the run's files.
   *
   * @param key a key relative to the site root, such as an account row's {@code links.findings}
   * @return the content, which the caller closes; empty if there is no such file
   * @throws PublishException if the site cannot be read
   */
  public Optional<InputStream> open(String key) {
    return publisher.read(site, key, options);
  }

  /** Returns the view of the run's files the diff reads. */
  RunFiles files() {
    URI printable = QueryOptions.withoutSecrets(site);
    return new RunFiles() {
      @Override
      public Optional<InputStream> open(String key) {
        return publisher.read(site, key, options);
      }

      @Override
      public String describe(String key) {
        String base = printable.toString();
        return base.endsWith("/") ? base + key : base + "/" + key;
      }
    };
  }

  @Override
  public String toString() {
    return "PublishedRun[" + report.runId() + " at " + QueryOptions.withoutSecrets(site) + "]";
  }
}
