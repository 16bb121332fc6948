package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: the front page's "Since the previous run" section: counts by severity and provider, the list of
 * new and reopened findings (at most {@link RunDiff#NEW_FINDINGS_LIMIT}, most severe first, each linked to its
 * account's reports) and the account rows that were not compared, with the reason. Not thread-safe: one instance
 * renders one section.
 */
final class ChangesSection {
  private final PostureReport report;
  private final StringBuilder html;
  private final Owners owners;
  private final Map<String, AccountSummary> rows = new HashMap<>();

  ChangesSection(PostureReport report, StringBuilder html, Owners owners) {
    this.report = report;
    this.html = html;
    this.owners = owners;
    for (AccountSummary row : report.accounts()) {
      rows.put(row.key(), row);
    }
  }

  void render() {
    RunDiff diff = report.diff();
    html.append("<section id=\"changes-section\" aria-labelledby=\"changes-title\">\n")
        .append("<h2 id=\"changes-title\">Since the previous run</h2>\n");
    if (diff == null) {
      html.append("<p>No previous run to compare with: this section fills from the next run on.</p>\n</section>\n");
      return;
    }
    RunDiff.Counts total = diff.total();
    html.append("<p>Compared with run <code>").append(escape(diff.previousRunId()))
        .append("</code> of <time datetime=\"")
        .append(escape(diff.previousGeneratedAt().toString())).append("\">")
        .append(escape(IndexRenderer.when(diff.previousGeneratedAt()))).append("</time>: ")
        .append(IndexRenderer.number(total.added())).append(" new, ")
        .append(IndexRenderer.number(total.reopened())).append(" reopened, ")
        .append(IndexRenderer.number(total.resolved())).append(" resolved, ")
        .append(IndexRenderer.number(total.unchanged())).append(" unchanged");
    if (total.unknown() > 0) {
      html.append(", ").append(IndexRenderer.number(total.unknown()))
          .append(" unknown (flagged before in accounts without results this run, not counted as resolved)");
    }
    html.append(".</p>\n");
    countsTable("changes", "Severity", "By severity");
    for (Severity severity : Severity.values()) {
      String key = severity.name().toLowerCase(Locale.ROOT);
      html.append("<tr id=\"changes-").append(key).append("\"><th scope=\"row\"><span class=\"badge sev-").append(key)
          .append("\">").append(IndexRenderer.severityLabel(severity)).append("</span></th>");
      cells(diff.bySeverity().get(severity));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n<tfoot><tr id=\"changes-total\"><th scope=\"row\">All</th>");
    cells(total);
    html.append("</tr></tfoot>\n</table></div>\n");
    if (diff.byProvider().size() > 1) {
      countsTable("changes-providers", "Provider", "By provider");
      for (Map.Entry<CloudProvider, RunDiff.Counts> entry : diff.byProvider().entrySet()) {
        html.append("<tr><th scope=\"row\">").append(escape(IndexRenderer.providerName(entry.getKey())))
            .append("</th>");
        cells(entry.getValue());
        html.append("</tr>\n");
      }
      html.append("</tbody>\n</table></div>\n");
    }
    newFindings(diff);
    notCompared(diff);
    html.append("</section>\n");
  }

  private void countsTable(String id, String first, String caption) {
    html.append("<div class=\"table-wrap\"><table id=\"").append(id).append("\">\n<caption>")
        .append(caption).append("</caption>\n<thead><tr><th scope=\"col\">").append(first).append("</th>")
        .append("<th scope=\"col\" class=\"num\">New</th><th scope=\"col\" class=\"num\">Reopened</th>")
        .append("<th scope=\"col\" class=\"num\">Resolved</th><th scope=\"col\" class=\"num\">Unchanged</th>")
        .append("<th scope=\"col\" class=\"num\">Unknown</th></tr></thead>\n<tbody>\n");
  }

  private void cells(RunDiff.Counts counts) {
    IndexRenderer.numberCell(html, counts.added());
    IndexRenderer.numberCell(html, counts.reopened());
    IndexRenderer.numberCell(html, counts.resolved());
    IndexRenderer.numberCell(html, counts.unchanged());
    IndexRenderer.numberCell(html, counts.unknown());
  }

  private void newFindings(RunDiff diff) {
    long all = diff.total().added() + diff.total().reopened();
    html.append("<h3 id=\"new-findings-title\">New and reopened findings</h3>\n");
    if (all == 0) {
      html.append("<p id=\"new-findings-summary\">Nothing was flagged that was not flagged in the previous run.</p>\n");
      return;
    }
    int shown = diff.newFindings().size();
    html.append("<p id=\"new-findings-summary\">").append(shown == all ? "All " + IndexRenderer.number(all)
        : "The " + IndexRenderer.number(shown) + " most severe of " + IndexRenderer.number(all))
        .append(all == 1 ? " finding" : " findings").append(" flagged now but not in the previous run")
        .append(shown == all ? "." : "; every account's findings file lists all of them.").append("</p>\n");
    IndexRenderer.filterBox(html, "new-findings-table", "new-findings-filter", "Filter new findings");
    html.append("<div class=\"table-wrap\"><table id=\"new-findings-table\" data-sortable data-owner-filter>\n")
        .append("<caption class=\"vh\">Findings flagged now but not in the previous run</caption>\n<thead><tr>")
        .append("<th scope=\"col\" data-sort=\"number\">Severity</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Change</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Account</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Rule</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Resource</th>")
        .append("<th scope=\"col\">Reports</th></tr></thead>\n<tbody>\n");
    for (RunDiff.NewFinding finding : diff.newFindings()) {
      String severity = finding.severity().name().toLowerCase(Locale.ROOT);
      AccountSummary row = rows.get(finding.rowKey());
      String account = row == null ? finding.accountId() : row.name();
      html.append("<tr data-key=\"").append(escape(finding.rowKey())).append('"');
      owners.attribute(html, finding.rowKey());
      html.append("><td data-value=\"")
          .append(finding.severity().ordinal()).append("\"><span class=\"badge sev-").append(severity).append("\">")
          .append(IndexRenderer.severityLabel(finding.severity())).append("</span></td><td>")
          .append(finding.reopened() ? "<span class=\"badge change-reopened\">Reopened</span>"
              : "<span class=\"badge change-new\">New</span>")
          .append("</td><td>").append(escape(account)).append("<span class=\"id\">")
          .append(escape(IndexRenderer.providerName(finding.provider()))).append(' ')
          .append(escape(finding.accountId())).append(", ").append(escape(finding.scanner())).append("</span></td><td>")
          .append(escape(finding.title())).append("<span class=\"id\">").append(escape(finding.ruleId()))
          .append(" · ").append(escape(finding.service())).append("</span></td><td class=\"resource\">")
          .append(finding.resourceId() == null ? "<span class=\"meta\">–</span>" : escape(finding.resourceId()));
      if (finding.region() != null) {
        html.append("<span class=\"id\">").append(escape(finding.region())).append("</span>");
      }
      html.append("</td><td class=\"links\">");
      reportLinks(row, account);
      html.append("</td></tr>\n");
    }
    html.append("</tbody>\n</table></div>\n");
  }

  private void reportLinks(AccountSummary row, String account) {
    boolean any = false;
    if (row != null) {
      for (String name : new String[] {"html", "findings"}) {
        String href = name.equals("findings") ? FindingsPage.link(row.links().get(name))
            : Html.relativeLink(row.links().get(name));
        if (href != null) {
          html.append("<a href=\"").append(href).append("\">").append(name.equals("html") ? "Report" : "Findings")
              .append("<span class=\"vh\"> of ").append(escape(account)).append("</span></a> ");
          any = true;
        }
      }
    }
    if (!any) {
      html.append("<span class=\"meta\">none</span>");
    }
  }

  private void notCompared(RunDiff diff) {
    if (diff.notCompared().isEmpty()) {
      return;
    }
    html.append("<h3 id=\"not-compared-title\">Not compared</h3>\n<p>")
        .append(IndexRenderer.number(diff.notCompared().size()))
        .append(diff.notCompared().size() == 1 ? " account was" : " accounts were")
        .append(" not compared: what they flagged before is unknown, not resolved.</p>\n<ul id=\"not-compared\">\n");
    diff.notCompared().forEach((key, reason) -> {
      AccountSummary row = rows.get(key);
      html.append("<li><strong>").append(escape(row == null ? key : row.name()))
          .append("</strong> <span class=\"meta\">(")
          .append(escape(key)).append(")</span>: ").append(escape(reason)).append("</li>\n");
    });
    html.append("</ul>\n");
  }
}
