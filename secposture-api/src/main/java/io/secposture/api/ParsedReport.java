package io.secposture.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ReportParser} learned from one scanner output, apart from the findings it streamed: the tool and
 * its version, when the scan ran, and the per-service counts of each account in the file.
 *
 * @param parser the name of the parser that read it
 * @param source the file it read, as the user knows it
 * @param tool the scanner that wrote it, e.g. {@code scoutsuite}
 * @param toolVersion the scanner's version; nullable when the file does not say
 * @param scannedAt when the scan ran; nullable when the file does not say
 * @param accounts counts per account, in the order first seen
 * @param findings how many findings were streamed to the sink
 * @param warnings problems that did not stop the parse (skipped records, collection errors the scanner recorded)
 * @param partialReason why the scanner's own run that wrote the file did not collect everything, as the file or its
 *     companions say (for example ScoutSuite's errors file listing API calls that failed); nullable when the run was
 *     complete or the file does not say. The {@code aggregate} command reports the file's rows
 *     {@link ScanStatus#PARTIAL} with this reason, and the pipeline makes a scan that reported
 *     {@link ScanStatus#SUCCEEDED} PARTIAL, so both agree on the same files.
 * @param requirementResults compliance results the file records without streaming a finding per result, e.g. a
 *     ScoutSuite rule that checked items and flagged none passes its requirements; empty for formats (Prowler's) that
 *     stream every PASS and FAIL as a finding carrying its references
 */
public record ParsedReport(String parser, String source, String tool, String toolVersion, Instant scannedAt,
    List<AccountStats> accounts, long findings, List<String> warnings, String partialReason,
    List<RequirementResult> requirementResults) {

  /**
   * Creates a report of a complete run (no {@link #partialReason()}).
   *
   * @param parser the name of the parser that read it
   * @param source the file it read, as the user knows it
   * @param tool the scanner that wrote it
   * @param toolVersion the scanner's version; nullable
   * @param scannedAt when the scan ran; nullable
   * @param accounts counts per account
   * @param findings how many findings were streamed to the sink
   * @param warnings problems that did not stop the parse
   */
  public ParsedReport(String parser, String source, String tool, String toolVersion, Instant scannedAt,
      List<AccountStats> accounts, long findings, List<String> warnings) {
    this(parser, source, tool, toolVersion, scannedAt, accounts, findings, warnings, null, List.of());
  }

  /**
   * Creates a report without {@link #requirementResults()}.
   *
   * @param parser the name of the parser that read it
   * @param source the file it read, as the user knows it
   * @param tool the scanner that wrote it
   * @param toolVersion the scanner's version; nullable
   * @param scannedAt when the scan ran; nullable
   * @param accounts counts per account
   * @param findings how many findings were streamed to the sink
   * @param warnings problems that did not stop the parse
   * @param partialReason why the scanner's run was incomplete; nullable
   */
  public ParsedReport(String parser, String source, String tool, String toolVersion, Instant scannedAt,
      List<AccountStats> accounts, long findings, List<String> warnings, String partialReason) {
    this(parser, source, tool, toolVersion, scannedAt, accounts, findings, warnings, partialReason, List.of());
  }

  /** Validates the components and copies collections. */
  public ParsedReport {
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(tool, "tool");
    accounts = List.copyOf(accounts);
    if (findings < 0) {
      throw new IllegalArgumentException("findings must not be negative");
    }
    warnings = List.copyOf(warnings);
    if (partialReason != null && partialReason.isBlank()) {
      partialReason = null;
    }
    requirementResults = List.copyOf(requirementResults);
  }

  /**
   * Tells whether the scanner's run that wrote the file was incomplete.
   *
   * @return true if {@link #partialReason()} is set
   */
  public boolean partial() {
    return partialReason != null;
  }
}
