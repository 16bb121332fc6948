package io.secposture.core;

import io.secposture.api.PostureReport;
import io.secposture.core.internal.html.IndexRenderer;
import java.util.List;
import java.util.Objects;
import io.secposture.api.Settings;

/**
 * Renders the site's front page, {@code index.html}: the first thing a security engineer opens after a run.
 *
 * <p><b>Who calls it.</b> {@link SitePublisher} renders it once per publication, after the history is updated, and
 * writes it beside {@code reports/}. Stateless and thread-safe.
 *
 * <p><b>What it shows.</b> When the run was made (UTC) and a table of contents; headline numbers (flagged items,
 * critical and high findings, new and resolved since the previous run, checked items, resources, scans succeeded,
 * partial, failed or timed out); failed, timed-out and partial scans called out at the top, in words and colour;
 * flagged findings by severity; trend sparklines from the history (flagged items, critical and high, new and
 * resolved per run, failed scans); what changed since the previous run (counts by severity and provider, the most
 * severe new and reopened findings, at most {@link io.secposture.api.RunDiff#NEW_FINDINGS_LIMIT}, each linked to its
 * account's reports, and the accounts that were not compared, with the reason); the compliance view (a card per
 * framework and provider with its pass rate, passed, failed and manual requirements, its pass-rate trend and the
 * accounts that pass it least, then a sortable, filterable table of requirements, failing ones first, each failing
 * one opening to the accounts where it fails with links to their findings; bounded to 40 cards, 500 requirements and
 * 6 accounts per requirement, the rest being in {@code report_latest.json}); a sortable, filterable table of
 * every account row with its status, counts, changes and links to its raw reports; provider totals and a sortable,
 * filterable table of services; the most flagged rules; the recent runs, each linked to its dated report; and the
 * inputs that could not be read.
 *
 * <p><b>Self-contained and safe.</b> One HTML document with inline CSS and SVG and a small inline script that only
 * adds sorting and filtering to the tables; the page reads the same without it. Nothing is loaded from
 * anywhere: a Content-Security-Policy allows exactly the inline style and script by hash. Every value from scanner
 * output or configuration is HTML-escaped, and links are shown only when they are relative keys of safe segments
 * (as {@link SiteLayout} produces), so they work from a static bucket and a local folder alike and can never be
 * {@code javascript:} or point to another host. The layout adapts to phone screens (less
 * important columns hide, tables scroll sideways); tables have captions and header scopes, filters have labels and
 * announce how many rows they show, sort buttons are keyboard buttons with {@code aria-sort}, a skip link leads to
 * the content, and the colours meet WCAG AA contrast in light and dark mode.
 */
public final class IndexPage {
  /** The setting naming the account label that holds each account's owner; default {@code team}. */
  public static final String OWNER_LABEL = "owner.label";

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

  /**
   * Renders the front page with the owner filter on the account label named by the setting {@value #OWNER_LABEL}
   * (default {@code team}): the page then filters the accounts, the critical and high findings and the new findings
   * by owner.
   *
   * @param report the run's report
   * @param history the history rows, oldest first, including this run's; may be empty
   * @param options settings; only {@value #OWNER_LABEL} is read
   * @return the HTML document, as {@link #render(PostureReport, List)} returns it
   */
  public static String render(PostureReport report, List<HistoryRow> history, Settings options) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(history, "history");
    return IndexRenderer.render(report, List.copyOf(history), options.getString(OWNER_LABEL));
  }
}
