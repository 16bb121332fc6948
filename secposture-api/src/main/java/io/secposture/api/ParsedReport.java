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
 */
public record ParsedReport(String parser, String source, String tool, String toolVersion, Instant scannedAt,
    List<AccountStats> accounts, long findings, List<String> warnings) {

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
  }
}
