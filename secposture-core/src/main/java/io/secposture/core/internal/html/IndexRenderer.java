package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.InputFailure;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.core.HistoryRow;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.aggregate.Combine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Not public API: renders {@code index.html} for {@code io.secposture.core.IndexPage}.
 *
 * <p>One self-contained document: inline CSS and SVG, one small inline script that only adds sorting and filtering
 * to the tables (the page reads the same without it), and a Content-Security-Policy that allows exactly those. Every
 * value from a report or configuration goes through {@link Html#escape(String)}; links go through
 * {@link Html#relativeLink(String)}. Numbers are shown grouped ({@code 12,345}) with the raw value in
 * {@code data-value}. Not thread-safe: one instance renders one page.
 */
public final class IndexRenderer {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** How many rules the page lists; the report holds all of them. */
  static final int RULES_SHOWN = 25;
  /** How many warnings of one scan the "Needs attention" box lists; the report holds all of them. */
  static final int WARNINGS_SHOWN = 100;
  /** How many runs the page lists; {@code history.json} holds all of them. */
  static final int RUNS_SHOWN = 20;
  private static final Map<String, String> LINK_LABELS = Map.of("html", "HTML report", "results", "Results",
      "log", "Log", "findings", "Findings", "last_findings", "Last findings");
  /** Links that are state for the next run's diff, not reports a person opens. */
  private static final Set<String> HIDDEN_LINKS = Set.of("resolved", "last_resolved");

  private final PostureReport report;
  private final List<HistoryRow> history;
  private final Owners owners;
  private final StringBuilder html = new StringBuilder(64 * 1024);

  private IndexRenderer(PostureReport report, List<HistoryRow> history, String ownerLabel) {
    this.report = report;
    this.history = history;
    this.owners = new Owners(report, ownerLabel);
  }

  /**
   * Renders the page with owners named by the account label {@value OwnerSummary#DEFAULT_LABEL}.
   *
   * @param report the run's report
   * @param history history rows, oldest first
   * @return the HTML document
   */
  public static String render(PostureReport report, List<HistoryRow> history) {
    return render(report, history, OwnerSummary.DEFAULT_LABEL);
  }

  /**
   * Renders the page.
   *
   * @param report the run's report
   * @param history history rows, oldest first
   * @param ownerLabel the account label that names each account's owner (setting {@value OwnerSummary#LABEL_SETTING});
   *     nullable or blank for {@value OwnerSummary#DEFAULT_LABEL}
   * @return the HTML document
   */
  public static String render(PostureReport report, List<HistoryRow> history, String ownerLabel) {
    return new IndexRenderer(report, history, ownerLabel).page();
  }

  private String page() {
    String when = when(report.generatedAt());
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(escape(PageAssets.CONTENT_SECURITY_POLICY)).append("\">\n")
        .append("<meta name=\"generator\" content=\"secposture\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<title>Security posture · ").append(escape(when)).append("</title>\n")
        .append("<style>").append(PageAssets.STYLE).append("</style>\n</head>\n<body>\n")
        .append("<a class=\"skip\" href=\"#main\">Skip to the summary</a>\n");
    header(when);
    html.append("<main id=\"main\" tabindex=\"-1\">\n");
    headline();
    attention();
    owners.renderFilter(html);
    new TopFindingsSection(report, html, owners).render();
    html.append("<div class=\"row\">\n");
    severities();
    trend();
    html.append("</div>\n");
    new ChangesSection(report, html, owners).render();
    // Sections of other features go here, each a class of this package rendered with one line (see TopFindingsSection)
    new ComplianceSection(report, history, html).render();
    new SlaSection(report, html).render();
    new AcceptedRisksSection(report, html).render();
    accounts();
    services();
    rules();
    runs();
    failedInputs();
    html.append("</main>\n");
    footer();
    html.append("<script>").append(PageAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private void header(String when) {
    html.append("<header>\n<h1>Security posture</h1>\n<p class=\"meta\">Run <code>")
        .append(escape(report.runId())).append("</code>, generated <time datetime=\"")
        .append(escape(report.generatedAt().toString())).append("\">").append(escape(when))
        .append("</time>.</p>\n<nav aria-label=\"Sections\"><ul class=\"toc\">")
        .append("<li><a href=\"#totals-title\">Totals</a></li>")
        .append("<li><a href=\"#top-findings-title\">Critical and high</a></li>")
        .append("<li><a href=\"#changes-title\">Changes</a></li>")
        .append("<li><a href=\"#compliance-title\">Compliance</a></li>")
        .append("<li><a href=\"#accounts-title\">Accounts</a></li>")
        .append("<li><a href=\"#services-title\">Services</a></li>")
        .append("<li><a href=\"#rules-title\">Rules</a></li>")
        .append("<li><a href=\"#runs-title\">Runs</a></li>")
        .append("</ul></nav>\n</header>\n");
  }

  private void headline() {
    ServiceStats total = report.total();
    long ok = report.accounts(ScanStatus.SUCCEEDED).size();
    long partial = report.accounts(ScanStatus.PARTIAL).size();
    long failed = report.accounts(ScanStatus.FAILED).size() + report.accounts(ScanStatus.TIMED_OUT).size();
    long skipped = report.accounts(ScanStatus.SKIPPED).size();
    html.append("<section aria-labelledby=\"totals-title\">\n<h2 id=\"totals-title\">Totals</h2>\n")
        .append("<dl class=\"cards\">\n");
    card("flagged", "Flagged items", total.flaggedItems(), total.flaggedItems() > 0 ? "bad" : "");
    long critical = report.findings().flaggedBySeverity().get(Severity.CRITICAL);
    long high = report.findings().flaggedBySeverity().get(Severity.HIGH);
    card("critical-high", "Critical and high findings", critical + high, critical + high > 0 ? "bad" : "");
    RunDiff diff = report.diff();
    if (diff != null) {
      long added = diff.total().added() + diff.total().reopened();
      card("new", "New since the previous run", added, added > 0 ? "warn" : "");
      card("resolved", "Resolved since the previous run", diff.total().resolved(), "");
    }
    card("checked", "Checked items", total.checkedItems(), "");
    card("resources", "Resources", total.resourcesCount(), "");
    card("accounts-ok", "Scans succeeded", ok, "");
    card("accounts-partial", "Scans partial", partial, partial > 0 ? "warn" : "");
    card("accounts-failed", "Scans failed or timed out", failed, failed > 0 ? "bad" : "");
    if (skipped > 0) {
      card("accounts-skipped", "Scans skipped", skipped, "");
    }
    html.append("</dl>\n</section>\n");
  }

  private void card(String id, String label, long value, String cssClass) {
    html.append("<div id=\"total-").append(id).append('"');
    if (!cssClass.isEmpty()) {
      html.append(" class=\"").append(cssClass).append('"');
    }
    html.append("><dt>").append(label).append("</dt><dd data-value=\"").append(value).append("\">")
        .append(number(value)).append("</dd></div>\n");
  }

  private void attention() {
    List<AccountSummary> troubled = report.accounts().stream()
        .filter(row -> Combine.statusRank(row.status()) >= Combine.statusRank(ScanStatus.PARTIAL))
        .sorted((a, b) -> Integer.compare(Combine.statusRank(b.status()), Combine.statusRank(a.status())))
        .toList();
    if (troubled.isEmpty()) {
      return;
    }
    html.append("<section class=\"attention\" aria-labelledby=\"attention-title\">\n")
        .append("<h2 id=\"attention-title\">Needs attention: ").append(troubled.size())
        .append(troubled.size() == 1 ? " scan" : " scans").append(" did not complete</h2>\n<ul>\n");
    for (AccountSummary row : troubled) {
      html.append("<li data-attention-key=\"").append(escape(row.key())).append("\">");
      statusBadge(row.status());
      html.append(' ').append(escape(row.name())).append(" (").append(escape(providerName(row.provider())))
          .append(' ').append(escape(row.accountId())).append(", ").append(escape(row.scanner())).append(')');
      if (row.reason() != null) {
        html.append(": ").append(escape(row.reason()));
      }
      warnings(row.warnings());
      html.append("</li>\n");
    }
    html.append("</ul>\n</section>\n");
  }

  /**
   * Lists a troubled scan's warnings under it: a reason that says "see the warnings" must show them here. A scanner
   * that writes thousands is cut at {@value #WARNINGS_SHOWN}; the report JSON keeps all of them.
   */
  private void warnings(List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    html.append("\n<ul class=\"warnings\" aria-label=\"Warnings\">");
    for (String warning : warnings.subList(0, Math.min(warnings.size(), WARNINGS_SHOWN))) {
      html.append("<li>").append(escape(warning)).append("</li>");
    }
    if (warnings.size() > WARNINGS_SHOWN) {
      html.append("<li class=\"meta\">and ").append(number(warnings.size() - WARNINGS_SHOWN))
          .append(" more in the report JSON</li>");
    }
    html.append("</ul>\n");
  }

  private void severities() {
    Map<Severity, Long> counts = report.findings().flaggedBySeverity();
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    html.append("<section aria-labelledby=\"severity-title\">\n<h2 id=\"severity-title\">Flagged by severity</h2>\n")
        .append("<div class=\"table-wrap\"><table id=\"severities\">\n<thead><tr><th scope=\"col\">Severity</th>")
        .append("<th scope=\"col\" class=\"num\">Flagged</th><th scope=\"col\"><span class=\"vh\">Share</span></th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Severity severity : Severity.values()) {
      long count = counts.get(severity);
      String key = severity.name().toLowerCase(Locale.ROOT);
      html.append("<tr id=\"severity-").append(key).append("\"><th scope=\"row\"><span class=\"badge sev-")
          .append(key).append("\">").append(severityLabel(severity)).append("</span></th>")
          .append("<td class=\"num\" data-value=\"").append(count).append("\">").append(number(count))
          .append("</td><td>");
      long width = max == 0 ? 0 : Math.max(count > 0 ? 2 : 0, Math.round(160.0 * count / max));
      html.append("<svg class=\"bar\" width=\"160\" height=\"10\" viewBox=\"0 0 160 10\" ")
          .append("preserveAspectRatio=\"none\" aria-hidden=\"true\">")
          .append("<rect width=\"").append(width).append("\" height=\"10\" rx=\"2\"></rect></svg></td></tr>\n");
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void trend() {
    html.append("<section aria-labelledby=\"trend-title\">\n<h2 id=\"trend-title\">Trend of flagged items</h2>\n");
    html.append(Sparkline.of(history));
    if (history.size() >= 2) {
      html.append("<div class=\"trends\">\n")
          .append(Sparkline.figure("trend-critical-high", "Critical and high", "critical and high findings", history,
              row -> row.flaggedBySeverity().get(Severity.CRITICAL) + row.flaggedBySeverity().get(Severity.HIGH)))
          .append(Sparkline.figure("trend-new", "New and reopened per run", "new and reopened findings", history,
              row -> row.diff() == null ? 0 : row.diff().added() + row.diff().reopened()))
          .append(Sparkline.figure("trend-resolved", "Resolved per run", "resolved findings", history,
              row -> row.diff() == null ? 0 : row.diff().resolved()))
          .append(Sparkline.figure("trend-failed", "Scans failed or timed out", "failed or timed-out scans", history,
              row -> row.accountsByStatus().get(ScanStatus.FAILED) + row.accountsByStatus().get(ScanStatus.TIMED_OUT)))
          .append("</div>\n");
    }
    html.append("</section>\n");
  }

  private void accounts() {
    List<AccountSummary> rows = report.accounts();
    RunDiff diff = report.diff();
    html.append("<section aria-labelledby=\"accounts-title\">\n<h2 id=\"accounts-title\">Accounts</h2>\n");
    if (rows.isEmpty()) {
      html.append("<p>No accounts in this run.</p>\n</section>\n");
      return;
    }
    html.append("<p>").append(number(rows.size())).append(rows.size() == 1 ? " scan" : " scans")
        .append(" of accounts. Links open each scan's raw reports.</p>\n");
    html.append("<div class=\"filter\" id=\"account-filter-box\" hidden><label for=\"account-filter\">Filter accounts")
        .append("</label> <input id=\"account-filter\" type=\"search\" autocomplete=\"off\" ")
        .append("data-filter-for=\"accounts-table\" aria-describedby=\"account-count\"> ")
        .append("<span id=\"account-count\" role=\"status\"></span></div>\n")
        .append("<div class=\"table-wrap\"><table id=\"accounts-table\" data-sortable data-owner-filter>\n")
        .append("<caption class=\"vh\">Every")
        .append(" scan of the run with its status, counts and links</caption>\n<thead><tr>")
        .append("<th scope=\"col\" data-sort=\"number\">Status</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Provider</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Account</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Scanner</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Flagged</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Critical</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">High</th>");
    if (diff != null) {
      html.append("<th scope=\"col\" class=\"num\" data-sort=\"number\">New</th>")
          .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Resolved</th>");
    }
    html.append("<th scope=\"col\" class=\"num opt\" data-sort=\"number\">Checked</th>")
        .append("<th scope=\"col\" class=\"num opt\" data-sort=\"number\">Resources</th>")
        .append("<th scope=\"col\" class=\"num opt\" data-sort=\"number\">Duration</th>")
        .append("<th scope=\"col\">Reports</th></tr></thead>\n<tbody>\n");
    for (AccountSummary row : rows) {
      accountRow(row, diff);
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void accountRow(AccountSummary row, RunDiff diff) {
    ServiceStats total = row.total();
    html.append("<tr class=\"r-").append(row.status().name()).append("\" data-key=\"").append(escape(row.key()))
        .append('"');
    owners.attribute(html, row.key());
    html.append('>');
    html.append("<td data-value=\"").append(Combine.statusRank(row.status())).append("\">");
    statusBadge(row.status());
    if (row.reason() != null) {
      html.append("<span class=\"reason\">").append(escape(row.reason())).append("</span>");
    }
    html.append("</td><td>").append(escape(providerName(row.provider()))).append("</td>");
    html.append("<td data-value=\"").append(escape(row.name())).append("\">").append(escape(row.name()));
    if (!row.name().equals(row.accountId())) {
      html.append("<span class=\"id\">").append(escape(row.accountId())).append("</span>");
    }
    labels(row.labels());
    html.append("</td><td>").append(escape(row.scanner())).append("</td>");
    numberCell(total.flaggedItems());
    numberCell(row.findings().flaggedBySeverity().get(Severity.CRITICAL));
    numberCell(row.findings().flaggedBySeverity().get(Severity.HIGH));
    if (diff != null) {
      RunDiff.Counts counts = diff.notCompared().containsKey(row.key()) ? null : diff.byAccount().get(row.key());
      if (counts == null) {
        String why = diff.notCompared().containsKey(row.key()) ? "not compared" : "no change counted";
        html.append("<td class=\"num\" data-value=\"-1\"><span class=\"meta\" title=\"").append(why)
            .append("\">–</span></td><td class=\"num\" data-value=\"-1\"><span class=\"meta\" title=\"")
            .append(why).append("\">–</span></td>");
      } else {
        numberCell(counts.added() + counts.reopened());
        numberCell(counts.resolved());
      }
    }
    numberCell(html, total.checkedItems(), "num opt");
    numberCell(html, total.resourcesCount(), "num opt");
    html.append("<td class=\"num opt\" data-value=\"").append(seconds(row.duration())).append("\">")
        .append(duration(row.duration())).append("</td>");
    html.append("<td class=\"links\">");
    boolean any = false;
    for (Map.Entry<String, String> link : row.links().entrySet()) {
      if (HIDDEN_LINKS.contains(link.getKey())) {
        continue;
      }
      String href = Html.relativeLink(link.getValue());
      String label = LINK_LABELS.getOrDefault(link.getKey(), link.getKey());
      if (href == null) {
        html.append("<span title=\"not a relative link, not shown\">").append(escape(label)).append(" (unavailable)")
            .append("</span> ");
      } else if (link.getKey().equals("findings")) {
        html.append("<a href=\"").append(FindingsPage.link(link.getValue())).append("\">Findings<span class=\"vh\"> of ")
            .append(escape(row.name())).append(" by ").append(escape(row.scanner())).append("</span></a> <a href=\"")
            .append(href).append("\" download class=\"meta\">.jsonl.gz<span class=\"vh\"> (download the findings of ")
            .append(escape(row.name())).append(" by ").append(escape(row.scanner())).append(")</span></a> ");
      } else {
        html.append("<a href=\"").append(href).append("\">").append(escape(label)).append("<span class=\"vh\"> of ")
            .append(escape(row.name())).append(" by ").append(escape(row.scanner())).append("</span></a> ");
      }
      any = true;
    }
    if (!any) {
      html.append("<span class=\"meta\">none</span>");
    }
    html.append("</td></tr>\n");
  }

  private void labels(SortedMap<String, String> labels) {
    if (labels.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    labels.forEach((key, value) -> {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(key).append('=').append(value);
    });
    html.append("<span class=\"id\">").append(escape(text.toString())).append("</span>");
  }

  private void services() {
    html.append("<section aria-labelledby=\"services-title\">\n<h2 id=\"services-title\">Services</h2>\n");
    if (report.providers().isEmpty()) {
      html.append("<p>No service counts in this run.</p>\n</section>\n");
      return;
    }
    html.append("<div class=\"table-wrap\"><table id=\"providers\">\n<caption>Providers</caption>\n<thead><tr>")
        .append("<th scope=\"col\">Provider</th><th scope=\"col\" class=\"num\">Checked</th>")
        .append("<th scope=\"col\" class=\"num\">Flagged</th><th scope=\"col\" class=\"num\">Resources</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (CloudProvider provider : report.providers()) {
      html.append("<tr id=\"provider-").append(escape(provider.id())).append("\"><th scope=\"row\">")
          .append(escape(providerName(provider))).append("</th>");
      statsCells(report.total(provider));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    statsCells(report.total());
    html.append("</tr></tfoot>\n</table></div>\n");
    filterBox(html, "services-table", "service-filter", "Filter services");
    html.append("<div class=\"table-wrap\"><table id=\"services-table\" data-sortable>\n")
        .append("<caption class=\"vh\">Counts per provider and service</caption>\n<thead><tr>")
        .append("<th scope=\"col\" data-sort=\"text\">Provider</th><th scope=\"col\" data-sort=\"text\">Service</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Checked</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Flagged</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Resources</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Flagged share</th></tr></thead>\n<tbody>\n");
    int hidden = 0;
    for (CloudProvider provider : report.providers()) {
      for (Map.Entry<String, ServiceStats> service : report.services(provider).entrySet()) {
        ServiceStats stats = service.getValue();
        if (stats.checkedItems() == 0 && stats.flaggedItems() == 0) {
          hidden++;
          continue;
        }
        html.append("<tr data-provider=\"").append(escape(provider.id())).append("\"><td>")
            .append(escape(providerName(provider))).append("</td><th scope=\"row\">").append(escape(service.getKey()))
            .append("</th>");
        statsCells(stats);
        long share = stats.checkedItems() == 0 ? 0 : Math.round(100.0 * stats.flaggedItems() / stats.checkedItems());
        html.append("<td class=\"num\" data-value=\"").append(share).append("\">").append(share)
            .append("%</td></tr>\n");
      }
    }
    html.append("</tbody>\n</table></div>\n");
    if (hidden > 0) {
      html.append("<p class=\"meta hidden-services\" id=\"hidden-services\">").append(number(hidden))
          .append(hidden == 1 ? " service" : " services")
          .append(" with nothing checked (not scanned, or no resources) not listed; the report keeps them.</p>\n");
    }
    html.append("</section>\n");
  }

  private void statsCells(ServiceStats stats) {
    numberCell(stats.checkedItems());
    numberCell(stats.flaggedItems());
    numberCell(stats.resourcesCount());
  }

  private void rules() {
    List<RuleSummary> rules = report.rules();
    html.append("<section aria-labelledby=\"rules-title\">\n<h2 id=\"rules-title\">Most flagged rules</h2>\n");
    if (rules.isEmpty()) {
      html.append("<p>No rule flagged anything.</p>\n</section>\n");
      return;
    }
    int shown = Math.min(RULES_SHOWN, rules.size());
    html.append("<p>").append(shown == rules.size() ? "All " + number(rules.size()) + " flagged rules."
        : "The " + shown + " most flagged of " + number(rules.size()) + " rules; the report lists every one.")
        .append("</p>\n<div class=\"table-wrap\"><table id=\"rules\">\n<thead><tr>")
        .append("<th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Provider</th>")
        .append("<th scope=\"col\">Service</th><th scope=\"col\">Tool</th>")
        .append("<th scope=\"col\" class=\"num\">Flagged</th></tr></thead>\n<tbody>\n");
    for (RuleSummary rule : rules.subList(0, shown)) {
      String severity = rule.severity().name().toLowerCase(Locale.ROOT);
      html.append("<tr><td>").append(escape(rule.title())).append("<span class=\"id\">").append(escape(rule.ruleId()))
          .append("</span></td><td><span class=\"badge sev-").append(severity).append("\">")
          .append(severityLabel(rule.severity())).append("</span></td><td>")
          .append(escape(providerName(rule.provider()))).append("</td><td>").append(escape(rule.service()))
          .append("</td><td>").append(escape(rule.tool())).append("</td>");
      numberCell(rule.flagged());
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void runs() {
    html.append("<section aria-labelledby=\"runs-title\">\n<h2 id=\"runs-title\">Runs</h2>\n");
    if (history.isEmpty()) {
      html.append("<p>No history yet.</p>\n</section>\n");
      return;
    }
    int shown = Math.min(RUNS_SHOWN, history.size());
    html.append("<p>").append(shown == history.size() ? "Every run so far" : "The last " + shown + " of "
        + number(history.size()) + " runs (history.json holds them all)")
        .append(", newest first, each linked to its report.</p>\n")
        .append("<div class=\"table-wrap\"><table id=\"runs\">\n<caption class=\"vh\">Runs, newest first</caption>\n")
        .append("<thead><tr><th scope=\"col\">Run</th><th scope=\"col\" class=\"num\">Flagged</th>")
        .append("<th scope=\"col\" class=\"num\">Critical</th><th scope=\"col\" class=\"num\">High</th>")
        .append("<th scope=\"col\" class=\"num\">New</th><th scope=\"col\" class=\"num\">Resolved</th>")
        .append("<th scope=\"col\" class=\"num\">Failed scans</th></tr></thead>\n<tbody>\n");
    for (int i = history.size() - 1; i >= history.size() - shown; i--) {
      HistoryRow row = history.get(i);
      String key = SiteLayout.datedReport(PostureReport.builder(row.runId(), row.generatedAt()).build());
      String href = Html.relativeLink(key);
      html.append("<tr><th scope=\"row\">");
      if (href == null) {
        html.append(escape(when(row.generatedAt())));
      } else {
        html.append("<a href=\"").append(href).append("\">").append(escape(when(row.generatedAt()))).append("</a>");
      }
      html.append("<span class=\"id\">").append(escape(row.runId())).append("</span></th>");
      numberCell(row.total().flaggedItems());
      numberCell(row.flaggedBySeverity().get(Severity.CRITICAL));
      numberCell(row.flaggedBySeverity().get(Severity.HIGH));
      if (row.diff() == null) {
        html.append("<td class=\"num\" data-value=\"-1\"><span class=\"meta\">–</span></td>")
            .append("<td class=\"num\" data-value=\"-1\"><span class=\"meta\">–</span></td>");
      } else {
        numberCell(row.diff().added() + row.diff().reopened());
        numberCell(row.diff().resolved());
      }
      numberCell(row.accountsByStatus().get(ScanStatus.FAILED) + row.accountsByStatus().get(ScanStatus.TIMED_OUT));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void failedInputs() {
    List<InputFailure> failures = report.failedInputs();
    html.append("<section aria-labelledby=\"failed-inputs-title\">\n")
        .append("<h2 id=\"failed-inputs-title\">Inputs that could not be read</h2>\n");
    if (failures.isEmpty()) {
      html.append("<p>Every scanner output was read.</p>\n</section>\n");
      return;
    }
    html.append("<p>These outputs are missing from the counts above.</p>\n")
        .append("<div class=\"table-wrap\"><table id=\"failed-inputs\">\n<thead><tr><th scope=\"col\">Source</th>")
        .append("<th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
    for (InputFailure failure : failures) {
      html.append("<tr><td>").append(escape(failure.source())).append("</td><td>").append(escape(failure.reason()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void footer() {
    html.append("<footer>\n<p>Generated by secposture. Data: <a href=\"")
        .append(Html.relativeLink(SiteLayout.LATEST_REPORT)).append("\">report_latest.json</a>, <a href=\"")
        .append(Html.relativeLink(SiteLayout.HISTORY)).append("\">history.json</a>, <a href=\"")
        .append(Html.relativeLink(SiteLayout.datedReport(report))).append("\">this run's report</a>.</p>\n")
        .append("</footer>\n");
  }

  private void statusBadge(ScanStatus status) {
    html.append("<span class=\"badge s-").append(status.name()).append("\">").append(statusLabel(status))
        .append("</span>");
  }

  private void numberCell(long value) {
    numberCell(html, value);
  }

  static void numberCell(StringBuilder html, long value) {
    numberCell(html, value, "num");
  }

  static void numberCell(StringBuilder html, long value, String cssClass) {
    html.append("<td class=\"").append(cssClass).append("\" data-value=\"").append(value).append("\">")
        .append(number(value)).append("</td>");
  }

  /** Renders a filter box for a table; hidden until the script shows it, so the page reads the same without it. */
  static void filterBox(StringBuilder html, String table, String id, String label) {
    html.append("<div class=\"filter\" hidden><label for=\"").append(id).append("\">").append(label)
        .append("</label> <input id=\"").append(id).append("\" type=\"search\" autocomplete=\"off\" data-filter-for=\"")
        .append(table).append("\" aria-describedby=\"").append(id).append("-count\"> <span id=\"").append(id)
        .append("-count\" role=\"status\"></span></div>\n");
  }

  static String statusLabel(ScanStatus status) {
    switch (status) {
      case SUCCEEDED: return "Succeeded";
      case PARTIAL: return "Partial";
      case FAILED: return "Failed";
      case TIMED_OUT: return "Timed out";
      case SKIPPED: return "Skipped";
      default: throw new IllegalArgumentException("unknown status " + status);
    }
  }

  static String severityLabel(Severity severity) {
    String name = severity.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  static String providerName(CloudProvider provider) {
    switch (provider.id()) {
      case "aws": return "AWS";
      case "azure": return "Azure";
      case "gcp": return "Google Cloud";
      case "kubernetes": return "Kubernetes";
      default: return provider.id();
    }
  }

  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  static String duration(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return "–";
    }
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).setScale(1, RoundingMode.HALF_UP)
          .toPlainString() + " s";
    }
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    return hours > 0 ? String.format(Locale.ROOT, "%dh %02dm", hours, minutes)
        : String.format(Locale.ROOT, "%dm %02ds", minutes, rest);
  }

  static String day(Instant instant) {
    return DAY.format(instant);
  }

  static String when(Instant instant) {
    return WHEN.format(instant);
  }
}
