package io.secposture.examples.internal;

import io.secposture.api.AccountSummary;
import io.secposture.api.InputFailure;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Not public API: what the job prints to standard output (results; logs go to standard error). */
public final class Console {
  /** How many warnings of each scan that did not succeed the summary prints; the front page shows all. */
  static final int WARNINGS_SHOWN = 3;
  /** Longer warnings are cut in the summary (a scanner may write a traceback). */
  private static final int WARNING_LENGTH = 300;

  private final PrintWriter out;

  /**
   * Prints to the given writer.
   *
   * @param out standard output
   */
  public Console(PrintWriter out) {
    this.out = out;
  }

  /**
   * Prints a run summary: scans by status, the failures with their reasons, flagged items by severity.
   *
   * @param report the report
   */
  public void summary(PostureReport report) {
    long rows = report.accounts().size();
    out.printf(Locale.ROOT, "run %s: %d scan(s): %d succeeded, %d partial, %d failed, %d timed out, %d skipped%n",
        report.runId(), rows, count(report, ScanStatus.SUCCEEDED), count(report, ScanStatus.PARTIAL),
        count(report, ScanStatus.FAILED), count(report, ScanStatus.TIMED_OUT), count(report, ScanStatus.SKIPPED));
    for (AccountSummary row : report.accounts()) {
      if (row.status() != ScanStatus.SUCCEEDED) {
        out.printf(Locale.ROOT, "  %-9s %s/%s (%s) %s: %s%n", row.status(), row.provider(), row.accountId(), row.name(),
            row.scanner(), row.reason() == null ? "" : row.reason());
        warnings(row.warnings());
      }
    }
    for (InputFailure failure : report.failedInputs()) {
      out.printf(Locale.ROOT, "  UNREADABLE %s: %s%n", failure.source(), failure.reason());
    }
    ServiceStats total = report.total();
    StringBuilder severities = new StringBuilder();
    for (Map.Entry<Severity, Long> entry : report.findings().flaggedBySeverity().entrySet()) {
      if (severities.length() > 0) {
        severities.append(", ");
      }
      severities.append(entry.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(entry.getValue());
    }
    out.printf(Locale.ROOT, "flagged items: %d of %d checked, %d resources (findings: %s)%n", total.flaggedItems(),
        total.checkedItems(), total.resourcesCount(), severities);
    out.flush();
  }

  /** Prints the first few warnings of a scan that did not succeed: its reason may say "see the warnings". */
  private void warnings(List<String> warnings) {
    for (String warning : warnings.subList(0, Math.min(warnings.size(), WARNINGS_SHOWN))) {
      out.printf(Locale.ROOT, "            warning: %s%n", shorten(warning));
    }
    if (warnings.size() > WARNINGS_SHOWN) {
      int more = warnings.size() - WARNINGS_SHOWN;
      out.printf(Locale.ROOT, "            (%d more warning%s on the front page and in the report)%n", more,
          more == 1 ? "" : "s");
    }
  }

  private static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= WARNING_LENGTH ? line : line.substring(0, WARNING_LENGTH) + "...";
  }

  /**
   * Prints where a run was published and the front page's address.
   *
   * @param result the publish result
   */
  public void published(PublishResult result) {
    out.printf(Locale.ROOT, "published %d object(s), %s, in %.1f s to %s%n", result.objects(), bytes(result.bytes()),
        result.elapsed().toMillis() / 1000.0, result.destination());
    for (String warning : result.warnings()) {
      out.printf(Locale.ROOT, "  warning: %s%n", warning);
    }
    URI index = result.index();
    out.println(index.getScheme() != null && index.getScheme().equals("file") ? "open " + index : "front page: " + index);
    out.flush();
  }

  /**
   * Prints a line.
   *
   * @param line the text
   */
  public void line(String line) {
    out.println(line);
    out.flush();
  }

  private static long count(PostureReport report, ScanStatus status) {
    return report.accounts(status).size();
  }

  private static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
