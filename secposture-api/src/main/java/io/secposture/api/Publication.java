package io.secposture.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything one run publishes: the report and the run's files. The publisher adds what derives from them (the
 * dated report, {@code history.json}, {@code index.html}) and writes {@code reports/report_latest.json} last.
 *
 * @param report the run's report
 * @param files the run's files (raw scanner outputs, logs, the manifest) with their keys
 * @param options publisher settings, e.g. {@code history.retention}, {@code s3.region}; each publisher documents
 *     its keys, and the destination URI's query parameters override them
 */
public record Publication(PostureReport report, List<StagedFile> files, Settings options) {
  /** Validates the components and copies the file list. */
  public Publication {
    Objects.requireNonNull(report, "report");
    files = List.copyOf(files);
    Objects.requireNonNull(options, "options");
  }
}
