package io.secposture.core;

import io.secposture.api.PostureReport;
import io.secposture.core.internal.html.IndexRenderer;
import java.util.List;
import java.util.Objects;

/**
 * Renders the site's front page, {@code index.html}: the first thing a security engineer opens after a run.
 *
 * <p><b>Who calls it.</b> {@link SitePublisher} renders it once per publication, after the history is updated, and
 * writes it beside {@code reports/}. Stateless and thread-safe.
 *
 * <p><b>What it shows.</b> When the run was made (UTC), headline totals (checked, flagged, resources, scans
 * succeeded, partial, failed or timed out), flagged findings by severity, a sparkline of flagged items over the
 * history, what changed since the previous run when the report has a diff, every account row with its status
 * (failed, timed-out and partial scans are called out in a list at the top, in words and colour), its counts and
 * links to its raw reports, a table per provider and service, the most flagged rules and the inputs that could not
 * be read.
 *
 * <p><b>Self-contained and safe.</b> One HTML document with inline CSS and SVG and a small inline script that only
 * adds sorting and filtering to the accounts table; the page reads the same without it. Nothing is loaded from
 * anywhere: a Content-Security-Policy allows exactly the inline style and script by hash. Every value from scanner
 * output or configuration is HTML-escaped, and links are shown only when they are relative keys of safe segments
 * (as {@link SiteLayout} produces), so they work from a static bucket and a local folder alike and can never be
 * {@code javascript:} or point to another host. The layout adapts to phone screens; tables have header scopes, the
 * filter a label, and the colours meet WCAG AA contrast.
 */
public final class IndexPage {
  private IndexPage() {
  }

  /**
   * Renders the front page.
   *
   * @param report the run's report
   * @param history the history rows, oldest first, including this run's; may be empty
   * @return the HTML document; it declares {@code charset=utf-8}, so store it UTF-8 encoded as
   *     {@code text/html; charset=utf-8}
   */
  public static String render(PostureReport report, List<HistoryRow> history) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(history, "history");
    return IndexRenderer.render(report, List.copyOf(history));
  }
}
