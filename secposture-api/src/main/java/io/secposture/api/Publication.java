package io.secposture.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything one run publishes: the report and the run's files. The publisher adds what derives from them (the
 * dated report, {@code history.json}, {@code index.html}) and writes {@code reports/report_latest.json} last.
 *
 * <p>A <em>partial</em> publication (one shard of a run spread over several machines) names the key its report goes
 * to: the publisher uploads the files, then writes the report there, and leaves the dated report, history, front
 * page and latest report alone; the run's merge writes those once every part has published. Core's
 * {@code RunPublisher} builds such publications; a publisher that combines its options with the destination's must
 * keep the key, so it calls {@link #withOptions(Settings)} rather than the constructor.
 *
 * <p>Immutable and thread-safe; no component is null except {@code partialReportKey}.
 *
 * @param report the run's report
 * @param files the run's files (raw scanner outputs, logs, the manifest) with their keys
 * @param options publisher settings, e.g. {@code history.retention}, {@code s3.region}; each publisher documents
 *     its keys, and the destination URI's query parameters override them
 * @param partialReportKey where a partial publication writes its report, relative to the site root; null for a
 *     whole run
 */
public record Publication(PostureReport report, List<StagedFile> files, Settings options, String partialReportKey) {
  /** Validates the components and copies the file list. */
  public Publication {
    Objects.requireNonNull(report, "report");
    files = List.copyOf(files);
    Objects.requireNonNull(options, "options");
    if (partialReportKey != null && partialReportKey.isBlank()) {
      throw new IllegalArgumentException("partialReportKey is blank; use null for a whole run");
    }
  }

  /**
   * Creates the publication of a whole run.
   *
   * @param report the run's report
   * @param files the run's files with their keys
   * @param options publisher settings
   */
  public Publication(PostureReport report, List<StagedFile> files, Settings options) {
    this(report, files, options, null);
  }

  /**
   * Tells whether this is one part of a run ({@link #partialReportKey()} is set).
   *
   * @return true for a partial publication
   */
  public boolean isPartial() {
    return partialReportKey != null;
  }

  /**
   * Returns the same publication with other options, keeping whether it is partial.
   *
   * @param replacement the options, e.g. the publication's overlaid with the destination URI's query
   * @return the publication
   */
  public Publication withOptions(Settings replacement) {
    return new Publication(report, files, replacement, partialReportKey);
  }
}
