package io.secposture.core;

import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.core.internal.json.HistoryCodec;
import io.secposture.core.internal.json.ReportReader;
import io.secposture.core.internal.json.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the report JSON contract ({@code reports/report_latest.json} and the dated reports) and
 * {@code reports/history.json}.
 *
 * <p><b>Who calls it.</b> Publishers write the report and history of a run with {@link #toBytes(PostureReport)} and
 * {@link #historyToBytes(List)} and read the previous history with {@link #readHistory(InputStream, String)}; the
 * {@code merge} command reads shard reports with {@link #read(InputStream, String)}. Stateless and thread-safe.
 *
 * <p><b>The report contract.</b> UTF-8, pretty-printed, keys in this order:
 * <pre>{@code
 * {
 *   "report_date": "11-22-2026",                       MM-DD-YYYY of generated_at in UTC, as the original job wrote it
 *   "aws":   {"<service>": {"checked_items": 0, "flagged_items": 0, "resources_count": 0}, ..., "total": {...}},
 *   "azure": {..., "total": {...}},
 *   "gcp":   {..., "total": {...}},
 *   "<other provider>": {..., "total": {...}},         further providers by id, only when present
 *   "total": {"checked_items": 0, "flagged_items": 0, "resources_count": 0},
 *   "schema_version": 1,
 *   "generated_at": "2026-11-22T02:00:00Z",
 *   "run_id": "...",
 *   "accounts": [{"provider", "account_id", "name", "scanner", "status", "exit_code", "started_at",
 *                 "duration_seconds", "reason", "labels", "checked_items", "flagged_items", "resources_count",
 *                 "findings": {"critical", "high", "medium", "low", "informational",
 *                              "failed", "passed", "muted", "manual"},
 *                 "services": {...}, "links": {"html": "runs/...", ...}, "warnings": [...]}],
 *   "severities": {"critical": 0, "high": 0, "medium": 0, "low": 0, "informational": 0},
 *   "statuses": {"fail": 0, "pass": 0, "muted": 0, "manual": 0},
 *   "top_rules": [{"tool", "provider", "service", "rule_id", "title", "severity", "flagged"}],
 *   "coverage": {"accounts", "succeeded", "partial", "failed", "timed_out", "skipped",
 *                "missing": [...], "partial_accounts": [...], "skipped_accounts": [...]},
 *   "failed_inputs": [{"source", "reason"}],
 *   "diff": null | {"previous_run_id", "previous_generated_at", "total": {"new", "resolved", "reopened",
 *                   "unchanged", "unknown"}, "by_severity": {...}, "by_provider": {...},
 *                   "by_account": {"provider/account_id/scanner": {...}},
 *                   "new_findings": [{"provider", "account_id", "scanner", "severity", "service", "rule_id",
 *                                     "title", "resource_id", "region", "fingerprint", "reopened"}],
 *                   "not_compared": {"provider/account_id/scanner": "reason"}},
 *   "sla": {"policy", "open", "breached", "breached_total", "oldest": [...], "by_account", "by_owner"},
 *   "owners": {"label", "owners": {"team": {"flagged", "new", "reopened", "breached", "suppressed"}}}
 * }
 * }</pre>
 * {@code sla} and {@code owners} are present only when the run's findings were tracked when it was compared (see
 * {@link RunDiffer}); their keys are those of {@link io.secposture.api.SlaSummary} and
 * {@link io.secposture.api.OwnerSummary}.
 * The keys up to the grand {@code total} are those of the original job and are never renamed: existing Grafana
 * panels read them. {@code aws}, {@code azure} and {@code gcp} are always present, with zero totals when no account
 * of that cloud was scanned. A service a scanner calls {@code total} is written as {@code total-service}.
 * {@code status} is the scan status constant ({@code SUCCEEDED}, {@code PARTIAL}, {@code FAILED},
 * {@code TIMED_OUT}, {@code SKIPPED}); {@code started_at} and {@code reason} may be {@code null};
 * {@code duration_seconds} is exact to the nanosecond. {@code top_rules} lists <em>every</em> rule with a flagged
 * finding, most flagged first: the report must stay mergeable, and a truncated list cannot be merged; readers show
 * the head they need. {@code coverage.missing} lists the FAILED and TIMED_OUT rows, {@code partial_accounts} the
 * PARTIAL ones and {@code skipped_accounts} the SKIPPED ones, each as {@code provider, account_id, name, scanner,
 * status, reason}. {@code diff} is {@code null} when there was no previous run to compare with; its
 * {@code new_findings} lists at most {@link io.secposture.api.RunDiff#NEW_FINDINGS_LIMIT} findings, most severe
 * first (see {@link RunDiffer} for how a diff is computed).
 *
 * <p><b>Reading.</b> {@link #read(InputStream, String)} gives back the same {@link PostureReport} that was written
 * (provider sections without services read as absent). Derived values ({@code report_date}, totals, per-row counts,
 * {@code coverage}) are ignored, keys it does not know are skipped, a {@code schema_version} newer than
 * {@link PostureReport#SCHEMA_VERSION} is refused with a message saying to upgrade, and malformed input gives a
 * {@link ReportParseException} naming the source, line, column and JSON path.
 *
 * <p><b>History.</b> {@code reports/history.json} is compact JSON, one line per run, oldest first:
 * <pre>{@code
 * {"schema_version":1,"runs":[
 * {"run_id":"...","generated_at":"...","report_date":"...","total":{...},"providers":{"aws":{...}},
 *  "severities":{...},"accounts":{"succeeded":n,"partial":n,"failed":n,"timed_out":n,"skipped":n},
 *  "diff":{"new":n,"resolved":n,"reopened":n,"unchanged":n,"unknown":n} | null}
 * ]}
 * }</pre>
 */
public final class ReportJson {
  private ReportJson() {
  }

  /**
   * Writes a report as JSON in the contract above.
   *
   * @param report the report
   * @param out where to write; flushed, not closed
   * @throws UncheckedIOException if writing fails
   */
  public static void write(PostureReport report, OutputStream out) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(out, "out");
    try {
      ReportWriter.write(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of run " + report.runId() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns a report as JSON bytes.
   *
   * @param report the report
   * @return UTF-8 JSON ending with a line break
   */
  public static byte[] toBytes(PostureReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    write(report, out);
    return out.toByteArray();
  }

  /**
   * Returns a diff alone as pretty-printed JSON, in the shape of the report's {@code diff} section ({@code null}
   * when there is none), for tools such as {@code secposture diff --json}.
   *
   * @param diff the diff; nullable
   * @return UTF-8 JSON ending with a line break
   */
  public static byte[] diffToBytes(RunDiff diff) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 * 1024);
    try {
      ReportWriter.writeDiff(diff, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a diff: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param in the JSON; not closed
   * @param source what it is (a path or object key), for error messages
   * @return the report
   * @throws ReportParseException if the input is not valid JSON, not a report, or of a newer schema version
   * @throws UncheckedIOException if reading fails
   */
  public static PostureReport read(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    return ReportReader.read(in, source);
  }

  /**
   * Writes history rows as JSON.
   *
   * @param rows the rows, oldest first
   * @param out where to write; flushed, not closed
   * @throws UncheckedIOException if writing fails
   */
  public static void writeHistory(List<HistoryRow> rows, OutputStream out) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(out, "out");
    try {
      HistoryCodec.write(rows, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history: " + e.getMessage(), e);
    }
  }

  /**
   * Returns history rows as JSON bytes.
   *
   * @param rows the rows, oldest first
   * @return UTF-8 JSON, one line per run
   */
  public static byte[] historyToBytes(List<HistoryRow> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + rows.size() * 512);
    writeHistory(rows, out);
    return out.toByteArray();
  }

  /**
   * Reads history rows written by {@link #writeHistory}.
   *
   * @param in the JSON; not closed
   * @param source what it is (a path or object key), for error messages
   * @return the rows, in the order of the file (oldest first when written by this class)
   * @throws ReportParseException if the input is not valid JSON, not a history, or of a newer schema version
   * @throws UncheckedIOException if reading fails
   */
  public static List<HistoryRow> readHistory(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    return HistoryCodec.read(in, source);
  }
}
