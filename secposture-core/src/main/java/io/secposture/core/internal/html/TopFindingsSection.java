package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AccountSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Severity;
import io.secposture.api.TopFinding;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: the front page's "Critical and high findings" section: the findings themselves (rule, title,
 * severity, provider, account, region, resource, scanner), from the report's {@code top_findings} (at most
 * {@link TopFinding#LIMIT}, most severe first), each linked to its account's findings page, filterable by text and
 * owner and sortable. Not thread-safe: one instance renders one section.
 */
final class TopFindingsSection {
  private final PostureReport report;
  private final StringBuilder html;
  private final Owners owners;
  private final Map<String, AccountSummary> rows = new HashMap<>();

  TopFindingsSection(PostureReport report, StringBuilder html, Owners owners) {
    this.report = report;
    this.html = html;
    this.owners = owners;
    for (AccountSummary row : report.accounts()) {
      rows.put(row.key(), row);
    }
  }

  void render() {
    long all = report.findings().flaggedBySeverity().get(Severity.CRITICAL)
        + report.findings().flaggedBySeverity().get(Severity.HIGH);
    html.append("<section id=\"top-findings-section\" aria-labelledby=\"top-findings-title\">\n")
        .append("<h2 id=\"top-findings-title\">Critical and high findings</h2>\n");
    if (all == 0) {
      html.append("<p id=\"top-findings-summary\">No critical or high finding is flagged.</p>\n</section>\n");
      return;
    }
    int shown = report.topFindings().size();
    html.append("<p id=\"top-findings-summary\">");
    if (shown == all) {
      html.append("All ").append(IndexRenderer.number(all)).append(all == 1 ? " critical or high finding"
          : " critical and high findings").append(" flagged in this run.");
    } else if (shown == 0) {
      html.append(IndexRenderer.number(all)).append(" critical and high findings are flagged, but this report does not"
          + " list them (it was written before the list existed); each account's findings page does.");
    } else {
      html.append("The first ").append(IndexRenderer.number(shown)).append(" of ").append(IndexRenderer.number(all))
          .append(" critical and high findings (critical first, then by account); each account's findings page lists"
              + " all of them.");
    }
    html.append("</p>\n");
    if (shown == 0) {
      html.append("</section>\n");
      return;
    }
    IndexRenderer.filterBox(html, "top-findings-table", "top-findings-filter", "Filter critical and high findings");
    html.append("<div class=\"table-wrap\"><table id=\"top-findings-table\" data-sortable data-owner-filter>\n")
        .append("<caption class=\"vh\">Critical and high findings flagged in this run</caption>\n<thead><tr>")
        .append("<th scope=\"col\" data-sort=\"number\">Severity</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Rule</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Account</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Region</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Resource</th>")
        .append("<th scope=\"col\" data-sort=\"text\" class=\"opt\">Scanner</th>")
        .append("<th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
    for (TopFinding finding : report.topFindings()) {
      row(finding);
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void row(TopFinding finding) {
    String severity = finding.severity().name().toLowerCase(Locale.ROOT);
    AccountSummary row = rows.get(finding.rowKey());
    String account = row == null ? finding.accountId() : row.name();
    html.append("<tr data-key=\"").append(escape(finding.rowKey())).append("\" data-fingerprint=\"")
        .append(escape(finding.fingerprint())).append('"');
    owners.attribute(html, finding.rowKey());
    html.append("><td data-value=\"").append(finding.severity().ordinal()).append("\"><span class=\"badge sev-")
        .append(severity).append("\">").append(IndexRenderer.severityLabel(finding.severity())).append("</span></td>")
        .append("<td class=\"rule\">").append(escape(finding.title())).append("<span class=\"id\">")
        .append(escape(finding.ruleId())).append(" · ").append(escape(finding.service())).append("</span></td>")
        .append("<td>").append(escape(account)).append("<span class=\"id\">")
        .append(escape(IndexRenderer.providerName(finding.provider()))).append(' ').append(escape(finding.accountId()));
    String owner = owners.of(finding.rowKey());
    if (!owner.isEmpty()) {
      html.append(" · ").append(escape(owner));
    }
    html.append("</span></td><td>")
        .append(finding.region() == null ? "<span class=\"meta\">–</span>" : escape(finding.region()))
        .append("</td><td class=\"resource\">")
        .append(finding.resourceId() == null ? "<span class=\"meta\">–</span>" : escape(finding.resourceId()))
        .append("</td><td class=\"opt\">").append(escape(finding.scanner())).append("</td><td class=\"links\">");
    String page = row == null ? null : FindingsPage.link(row.links().get("findings"));
    if (page == null) {
      html.append("<span class=\"meta\">none</span>");
    } else {
      html.append("<a href=\"").append(page).append("\">Open<span class=\"vh\"> the findings of ").append(escape(account))
          .append(" by ").append(escape(finding.scanner())).append("</span></a>");
    }
    html.append("</td></tr>\n");
  }
}
