package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AccountCompliance;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.core.HistoryRow;
import io.secposture.core.SiteLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: the front page's "Compliance" section, from the report's {@code compliance} section and the pass
 * rates in the history rows.
 *
 * <p>One card per framework and provider (pass rate, passed, failed and manual requirements, a pass-rate trend over
 * the runs, the accounts that pass the least with links to their findings), then one sortable, filterable table of
 * requirements over all frameworks, failing ones first, each failing requirement opening (a {@code <details>}, so
 * without the script too) to the accounts where it fails, each linked to that account's findings and report. Each
 * card's "requirements" link fills the table's filter with the framework when the script runs, and jumps to the table
 * when it does not.
 *
 * <p>Bounded whatever the report holds: at most {@value #FRAMEWORKS_SHOWN} cards, {@value #REQUIREMENTS_SHOWN}
 * requirement rows (taken in turns from every framework, each one's failing requirements first, then manual, then
 * passing), {@value #ACCOUNTS_PER_REQUIREMENT} accounts per requirement and {@value #ACCOUNTS_PER_FRAMEWORK} per card;
 * each cut says how many more {@code report_latest.json} holds. Thirty frameworks of 500 requirements over 1,000
 * accounts make a view of about 1.3 MB (IndexPageComplianceTest). Every text from the report is escaped; links are
 * relative keys checked by {@link Html#relativeLink}. Not thread-safe: one instance renders one section.
 */
final class ComplianceSection {
  /** How many framework cards the page shows. */
  static final int FRAMEWORKS_SHOWN = 40;
  /** How many requirement rows the page shows, over all frameworks. */
  static final int REQUIREMENTS_SHOWN = 500;
  /** How many failing accounts a requirement's drill-down lists. */
  static final int ACCOUNTS_PER_REQUIREMENT = 6;
  /** How many accounts a framework card lists, lowest pass rate first. */
  static final int ACCOUNTS_PER_FRAMEWORK = 10;
  /** The id of the requirement table, its filter and its heading. */
  static final String TABLE = "compliance-requirements";
  static final String FILTER = "compliance-filter";
  static final String TABLE_TITLE = "compliance-requirements-title";
  private static final int TREND_WIDTH = 220;
  private static final int TREND_HEIGHT = 44;
  private static final int PADDING = 5;
  private static final int BAR_WIDTH = 200;

  private final PostureReport report;
  private final List<HistoryRow> history;
  private final StringBuilder html;
  private final Map<String, List<AccountSummary>> rowsByAccount = new HashMap<>();

  ComplianceSection(PostureReport report, List<HistoryRow> history, StringBuilder html) {
    this.report = report;
    this.history = history;
    this.html = html;
    for (AccountSummary row : report.accounts()) {
      rowsByAccount.computeIfAbsent(accountKey(row.provider(), row.accountId()), key -> new ArrayList<>()).add(row);
    }
  }

  void render() {
    List<FrameworkCompliance> frameworks = report.compliance();
    html.append("<section id=\"compliance-section\" aria-labelledby=\"compliance-title\">\n")
        .append("<h2 id=\"compliance-title\">Compliance</h2>\n");
    if (frameworks.isEmpty()) {
      html.append("<p id=\"compliance-summary\">No finding or result of this run named a compliance requirement: ")
          .append("this section fills when a scanner maps its checks to frameworks (Prowler and ScoutSuite do).")
          .append("</p>\n</section>\n");
      return;
    }
    long requirements = 0;
    long failing = 0;
    for (FrameworkCompliance framework : frameworks) {
      requirements += framework.requirements().size();
      failing += framework.failed();
    }
    html.append("<p id=\"compliance-summary\">").append(IndexRenderer.number(frameworks.size()))
        .append(frameworks.size() == 1 ? " framework" : " frameworks").append(", ")
        .append(IndexRenderer.number(requirements)).append(requirements == 1 ? " requirement" : " requirements")
        .append(" assessed, ").append(IndexRenderer.number(failing)).append(" failing in some account. The pass")
        .append(" rate is the share of assessed requirements that pass in every account (manual ones left out).")
        .append("</p>\n");
    cards(frameworks);
    requirementTable(frameworks, requirements);
    html.append("</section>\n");
  }

  private void cards(List<FrameworkCompliance> frameworks) {
    int shown = Math.min(FRAMEWORKS_SHOWN, frameworks.size());
    html.append("<div class=\"fw-cards\" id=\"compliance-frameworks\">\n");
    for (int i = 0; i < shown; i++) {
      card(i, frameworks.get(i));
    }
    html.append("</div>\n");
    if (shown < frameworks.size()) {
      html.append("<p class=\"meta\" id=\"compliance-frameworks-more\">").append(IndexRenderer.number(
          frameworks.size() - shown)).append(" more frameworks in ").append(latestReportLink()).append(".</p>\n");
    }
  }

  private void card(int index, FrameworkCompliance framework) {
    String provider = IndexRenderer.providerName(framework.provider());
    Double rate = framework.passRate();
    html.append("<article class=\"fw-card").append(rate == null ? "" : rate < 0.5 ? " fw-low" : "")
        .append("\" id=\"compliance-fw-").append(index).append("\" data-framework=\"").append(escape(
            framework.framework())).append("\" data-provider=\"").append(escape(framework.provider().id()))
        .append("\">\n<h3>").append(escape(framework.framework())).append(" <span class=\"meta\">")
        .append(escape(provider)).append("</span></h3>\n")
        .append("<p class=\"fw-rate\" data-value=\"").append(rate == null ? "" : rateValue(rate)).append("\">")
        .append(rate == null ? "–" : percent(rate)).append("<span class=\"meta\"> pass rate</span></p>\n");
    bar(framework.passed(), framework.failed(), framework.manual());
    html.append("<dl class=\"fw-counts\">")
        .append("<div class=\"fw-passed\"><dt>Passed</dt><dd data-value=\"").append(framework.passed()).append("\">")
        .append(IndexRenderer.number(framework.passed())).append("</dd></div>")
        .append("<div class=\"fw-failed\"><dt>Failed</dt><dd data-value=\"").append(framework.failed()).append("\">")
        .append(IndexRenderer.number(framework.failed())).append("</dd></div>")
        .append("<div class=\"fw-manual\"><dt>Manual</dt><dd data-value=\"").append(framework.manual()).append("\">")
        .append(IndexRenderer.number(framework.manual())).append("</dd></div></dl>\n");
    trend(index, framework);
    cardAccounts(framework);
    html.append("<p><a href=\"#").append(TABLE_TITLE).append("\" data-compliance-filter=\"")
        .append(escape(framework.framework() + " " + provider)).append("\" data-filter-target=\"").append(FILTER)
        .append("\">Requirements<span class=\"vh\"> of ").append(escape(framework.framework())).append(' ')
        .append(escape(provider)).append("</span></a></p>\n</article>\n");
  }

  /** A stacked bar of passed, failed and manual requirements; the numbers are beside it in text. */
  private void bar(long passed, long failed, long manual) {
    long all = passed + failed + manual;
    html.append("<svg class=\"fw-bar\" width=\"").append(BAR_WIDTH).append("\" height=\"8\" viewBox=\"0 0 ")
        .append(BAR_WIDTH).append(" 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\">");
    double x = 0;
    long[] counts = {passed, failed, manual};
    String[] classes = {"fw-bar-pass", "fw-bar-fail", "fw-bar-manual"};
    for (int i = 0; i < counts.length; i++) {
      if (all == 0 || counts[i] == 0) {
        continue;
      }
      double width = (double) BAR_WIDTH * counts[i] / all;
      html.append("<rect class=\"").append(classes[i]).append("\" x=\"").append(format(x)).append("\" width=\"")
          .append(format(width)).append("\" height=\"8\"></rect>");
      x += width;
    }
    html.append("</svg>\n");
  }

  /** The framework's pass rate over the runs, on a fixed 0-100% scale; runs without it leave a gap in x. */
  private void trend(int index, FrameworkCompliance framework) {
    List<double[]> points = new ArrayList<>();
    List<HistoryRow> runs = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Double rate = rate(history.get(i), framework);
      if (rate != null) {
        points.add(new double[] {i, rate});
        runs.add(history.get(i));
      }
    }
    if (points.size() < 2) {
      html.append("<p class=\"meta fw-trend\">The trend appears from the second run on.</p>\n");
      return;
    }
    double latest = points.get(points.size() - 1)[1];
    double previous = points.get(points.size() - 2)[1];
    double lowest = points.stream().mapToDouble(point -> point[1]).min().orElse(0);
    double highest = points.stream().mapToDouble(point -> point[1]).max().orElse(0);
    long change = percentValue(latest) - percentValue(previous);
    String changes = (change == 0 ? "no change" : (change > 0 ? "up " : "down ") + Math.abs(change) + " points")
        + " since the run before; lowest " + percent(lowest) + ", highest " + percent(highest) + ".";
    String summary = points.size() + " runs from " + IndexRenderer.day(runs.get(0).generatedAt()) + " to "
        + IndexRenderer.day(runs.get(runs.size() - 1).generatedAt()) + ": " + percent(latest) + " now, " + changes;
    String id = "compliance-fw-" + index + "-trend";
    html.append("<svg class=\"spark fw-spark\" id=\"").append(id).append("\" width=\"").append(TREND_WIDTH)
        .append("\" height=\"").append(TREND_HEIGHT).append("\" viewBox=\"0 0 ").append(TREND_WIDTH).append(' ')
        .append(TREND_HEIGHT).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\"><title id=\"")
        .append(id).append("-title\">").append(escape(summary)).append("</title><polyline points=\"");
    double step = (TREND_WIDTH - 2.0 * PADDING) / Math.max(1, history.size() - 1);
    double x = 0;
    double y = 0;
    for (int i = 0; i < points.size(); i++) {
      x = PADDING + points.get(i)[0] * step;
      y = TREND_HEIGHT - PADDING - points.get(i)[1] * (TREND_HEIGHT - 2.0 * PADDING);
      html.append(i == 0 ? "" : " ").append(format(x)).append(',').append(format(y));
    }
    html.append("\"></polyline><circle cx=\"").append(format(x)).append("\" cy=\"").append(format(y))
        .append("\" r=\"3\"></circle></svg>\n<p class=\"meta fw-trend\">").append(points.size()).append(" runs: ")
        .append(escape(changes)).append("</p>\n");
  }

  private static Double rate(HistoryRow row, FrameworkCompliance framework) {
    for (HistoryRow.FrameworkRate rate : row.compliance()) {
      if (rate.framework().equals(framework.framework()) && rate.provider().equals(framework.provider())) {
        return rate.passRate();
      }
    }
    return null;
  }

  /** The accounts that pass the framework least, each linked to its findings. */
  private void cardAccounts(FrameworkCompliance framework) {
    List<AccountCompliance> accounts = new ArrayList<>(framework.accounts());
    if (accounts.isEmpty()) {
      return;
    }
    accounts.sort(Comparator.comparing((AccountCompliance a) -> a.passRate() == null ? 2.0 : a.passRate())
        .thenComparing(Comparator.comparingLong(AccountCompliance::failed).reversed())
        .thenComparing(AccountCompliance::account));
    int shown = Math.min(ACCOUNTS_PER_FRAMEWORK, accounts.size());
    html.append("<details class=\"drill fw-accounts\"><summary>").append(IndexRenderer.number(accounts.size()))
        .append(accounts.size() == 1 ? " account" : " accounts").append(shown < accounts.size()
            ? ", the " + shown + " lowest" : "").append("</summary>\n<ul>\n");
    for (AccountCompliance account : accounts.subList(0, shown)) {
      Double rate = account.passRate();
      html.append("<li data-account=\"").append(escape(account.account())).append("\">");
      accountName(framework.provider(), account.account());
      html.append(" <span class=\"fw-account-rate\">").append(rate == null ? "manual only" : percent(rate))
          .append("</span> <span class=\"meta\">(").append(IndexRenderer.number(account.failed()))
          .append(" failing, ").append(IndexRenderer.number(account.passed())).append(" passing)</span> ");
      accountLinks(framework.provider(), account.account());
      html.append("</li>\n");
    }
    if (shown < accounts.size()) {
      html.append("<li class=\"meta\">and ").append(IndexRenderer.number(accounts.size() - shown))
          .append(" more in ").append(latestReportLink()).append("</li>\n");
    }
    html.append("</ul></details>\n");
  }

  private void requirementTable(List<FrameworkCompliance> frameworks, long all) {
    List<Entry> shown = shownRequirements(frameworks);
    html.append("<h3 id=\"").append(TABLE_TITLE).append("\">Requirements</h3>\n")
        .append("<p id=\"compliance-requirements-shown\">")
        .append(shown.size() == all ? "All " + IndexRenderer.number(all) + " assessed requirements, failing ones first"
            : IndexRenderer.number(shown.size()) + " of " + IndexRenderer.number(all)
            + " assessed requirements, the failing ones of each framework first; the other "
            + IndexRenderer.number(all - shown.size()) + " are in " + latestReportLink())
        .append(". Open a failing count to see where it fails.</p>\n");
    IndexRenderer.filterBox(html, TABLE, FILTER, "Filter requirements");
    html.append("<div class=\"table-wrap\"><table id=\"").append(TABLE).append("\" data-sortable>\n")
        .append("<caption class=\"vh\">Compliance requirements with the accounts where they fail</caption>\n")
        .append("<thead><tr><th scope=\"col\" data-sort=\"text\">Framework</th>")
        .append("<th scope=\"col\" data-sort=\"number\">Requirement</th>")
        .append("<th scope=\"col\" data-sort=\"number\">Status</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Failing accounts</th>")
        .append("<th scope=\"col\" class=\"num opt\" data-sort=\"number\">Passing accounts</th>")
        .append("<th scope=\"col\" class=\"num opt\" data-sort=\"number\">Flagged</th></tr></thead>\n<tbody>\n");
    for (Entry entry : shown) {
      requirementRow(entry);
    }
    html.append("</tbody>\n</table></div>\n");
  }

  /**
   * Chooses the rows within {@value #REQUIREMENTS_SHOWN}: each framework's requirements in order of importance
   * (failing first, most failing accounts first, then most flagged; then manual; then passing), taken in turns from
   * every framework so that each one keeps its worst requirements on the page; then sorted by importance over all.
   */
  private static List<Entry> shownRequirements(List<FrameworkCompliance> frameworks) {
    Comparator<Entry> importance = Comparator.comparingInt((Entry entry) -> statusRank(entry.requirement.status()))
        .reversed()
        .thenComparing(Comparator.comparingInt((Entry entry) -> entry.requirement.failingAccounts().size())
            .reversed())
        .thenComparing(Comparator.comparingLong((Entry entry) -> entry.requirement.flagged()).reversed())
        .thenComparingInt(entry -> entry.order);
    List<List<Entry>> perFramework = new ArrayList<>(frameworks.size());
    int order = 0;
    for (FrameworkCompliance framework : frameworks) {
      List<Entry> entries = new ArrayList<>(framework.requirements().size());
      for (ComplianceRequirement requirement : framework.requirements()) {
        entries.add(new Entry(framework, requirement, order++));
      }
      entries.sort(importance);
      perFramework.add(entries);
    }
    List<Entry> shown = new ArrayList<>();
    for (int rank = 0; shown.size() < REQUIREMENTS_SHOWN; rank++) {
      boolean any = false;
      for (List<Entry> entries : perFramework) {
        if (rank < entries.size() && shown.size() < REQUIREMENTS_SHOWN) {
          shown.add(entries.get(rank));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    shown.sort(importance);
    return shown;
  }

  private void requirementRow(Entry entry) {
    ComplianceRequirement requirement = entry.requirement;
    FrameworkCompliance framework = entry.framework;
    FindingStatus status = requirement.status();
    html.append("<tr class=\"cr-").append(status.name()).append("\" data-framework=\"")
        .append(escape(framework.framework())).append("\" data-provider=\"").append(escape(framework.provider().id()))
        .append("\" data-requirement=\"").append(escape(requirement.id())).append("\"><td>")
        .append(escape(framework.framework())).append("<span class=\"id\">")
        .append(escape(IndexRenderer.providerName(framework.provider()))).append("</span></td><td data-value=\"")
        .append(entry.order).append("\"><span class=\"cr-id\">").append(escape(requirement.id())).append("</span>");
    if (requirement.title() != null) {
      html.append("<span class=\"cr-title\">").append(escape(requirement.title())).append("</span>");
    }
    html.append("</td><td data-value=\"").append(statusRank(status)).append("\"><span class=\"badge cs-")
        .append(status.name()).append("\">").append(statusLabel(status)).append("</span></td>");
    List<String> failing = requirement.failingAccounts();
    html.append("<td class=\"num\" data-value=\"").append(failing.size()).append("\">");
    if (failing.isEmpty()) {
      html.append('0');
    } else {
      html.append("<details class=\"drill\"><summary>").append(IndexRenderer.number(failing.size()))
          .append("<span class=\"vh\"> failing accounts of ").append(escape(requirement.id()))
          .append("</span></summary>\n<ul>\n");
      int shown = Math.min(ACCOUNTS_PER_REQUIREMENT, failing.size());
      for (String account : failing.subList(0, shown)) {
        html.append("<li data-account=\"").append(escape(account)).append("\">");
        accountName(framework.provider(), account);
        html.append(' ');
        accountLinks(framework.provider(), account);
        html.append("</li>\n");
      }
      if (shown < failing.size()) {
        html.append("<li class=\"meta\">and ").append(IndexRenderer.number(failing.size() - shown))
            .append(" more in ").append(latestReportLink()).append("</li>\n");
      }
      html.append("</ul></details>");
    }
    html.append("</td>");
    IndexRenderer.numberCell(html, requirement.passingAccounts().size(), "num opt");
    IndexRenderer.numberCell(html, requirement.flagged(), "num opt");
    html.append("</tr>\n");
  }

  private void accountName(CloudProvider provider, String account) {
    List<AccountSummary> rows = rowsByAccount.getOrDefault(accountKey(provider, account), List.of());
    String name = rows.isEmpty() ? account : rows.get(0).name();
    html.append("<span class=\"cr-account\">").append(escape(name)).append("</span>");
    if (!name.equals(account)) {
      html.append(" <span class=\"meta\">").append(escape(account)).append("</span>");
    }
  }

  /** Links to each scan's findings and report of the account (one pair per scanner that scanned it). */
  private void accountLinks(CloudProvider provider, String account) {
    List<AccountSummary> rows = rowsByAccount.getOrDefault(accountKey(provider, account), List.of());
    boolean any = false;
    for (AccountSummary row : rows) {
      String scanner = rows.size() > 1 ? " (" + escape(row.scanner()) + ")" : "";
      String findings = Html.relativeLink(row.links().containsKey("findings") ? row.links().get("findings")
          : row.links().get("last_findings"));
      if (findings != null) {
        html.append("<a class=\"cr-findings\" href=\"").append(findings).append("\">Findings").append(scanner)
            .append("<span class=\"vh\"> of ").append(escape(row.name())).append(" by ").append(escape(row.scanner()))
            .append("</span></a> ");
        any = true;
      }
      String report = Html.relativeLink(row.links().get("html"));
      if (report != null) {
        html.append("<a href=\"").append(report).append("\">Report").append(scanner).append("<span class=\"vh\"> of ")
            .append(escape(row.name())).append(" by ").append(escape(row.scanner())).append("</span></a> ");
        any = true;
      }
    }
    if (!any) {
      html.append("<span class=\"meta\">no findings file</span>");
    }
  }

  private static String latestReportLink() {
    return "<a href=\"" + Html.relativeLink(SiteLayout.LATEST_REPORT) + "\">report_latest.json</a>";
  }

  private static String accountKey(CloudProvider provider, String account) {
    return provider.id() + '/' + account;
  }

  private static int statusRank(FindingStatus status) {
    switch (status) {
      case FAIL: return 2;
      case MANUAL: return 1;
      default: return 0;
    }
  }

  private static String statusLabel(FindingStatus status) {
    switch (status) {
      case FAIL: return "Fails";
      case MANUAL: return "Manual";
      default: return "Passes";
    }
  }

  /** A rate as a whole percentage, rounded down, so that a framework with any failure never reads 100%. */
  static String percent(double rate) {
    return percentValue(rate) + "%";
  }

  private static long percentValue(double rate) {
    return (long) Math.floor(rate * 100 + 1e-9);
  }

  private static String rateValue(double rate) {
    return String.format(Locale.ROOT, "%.4f", rate);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A requirement with its framework, and its position in report order (framework, then requirement id). */
  private record Entry(FrameworkCompliance framework, ComplianceRequirement requirement, int order) {
  }
}
