package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AgedFinding;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: the front page's "Age and SLA" section, from the report's {@code sla} and {@code owners} sections:
 * breaches by severity against the policy, the oldest open findings with their age (breaches marked), and a table
 * per owner (flagged, new, reopened, past SLA, suppressed). Rows carry {@code data-owner} so a page-wide owner
 * filter can show one owner's. Renders nothing for a report without the sections (runs whose findings were not
 * tracked). Not thread-safe: one instance renders one section.
 */
final class SlaSection {
  private final PostureReport report;
  private final StringBuilder html;

  SlaSection(PostureReport report, StringBuilder html) {
    this.report = report;
    this.html = html;
  }

  void render() {
    SlaSummary sla = report.sla();
    OwnerSummary owners = report.owners();
    if (sla == null && owners == null) {
      return;
    }
    html.append("<section id=\"sla-section\" aria-labelledby=\"sla-title\">\n")
        .append("<h2 id=\"sla-title\">Age and SLA</h2>\n");
    if (sla != null) {
      long breached = sla.totalBreached();
      html.append("<p id=\"sla-summary\">").append(breached == 0 ? "No open finding is past its SLA."
          : IndexRenderer.number(breached) + " open finding" + (breached == 1 ? " is" : "s are") + " past "
              + (breached == 1 ? "its" : "their") + " SLA.")
          .append(" Policy: <code>").append(escape(sla.policy().toString().isEmpty() ? "none"
              : sla.policy().toString())).append("</code>; ages count from the run that first flagged a finding.</p>\n");
      severities(sla);
      oldest(sla);
    }
    if (owners != null) {
      owners(owners);
    }
    html.append("</section>\n");
  }

  private void severities(SlaSummary sla) {
    html.append("<div class=\"table-wrap\"><table id=\"sla-severities\">\n<caption>Open findings past their SLA, by")
        .append(" severity</caption>\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">SLA</th>")
        .append("<th scope=\"col\" class=\"num\">Open</th><th scope=\"col\" class=\"num\">Past SLA</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (Severity severity : Severity.values()) {
      String key = severity.name().toLowerCase(Locale.ROOT);
      Duration limit = sla.policy().limit(severity);
      long breached = sla.breached().get(severity);
      html.append("<tr id=\"sla-").append(key).append("\"><th scope=\"row\"><span class=\"badge sev-").append(key)
          .append("\">").append(IndexRenderer.severityLabel(severity)).append("</span></th><td>")
          .append(limit == null ? "none" : escape(days(limit))).append("</td>");
      IndexRenderer.numberCell(html, sla.open().get(severity));
      IndexRenderer.numberCell(html, breached, breached > 0 ? "num sla-breached" : "num");
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table></div>\n");
  }

  private void oldest(SlaSummary sla) {
    if (sla.oldest().isEmpty()) {
      html.append("<p>No open findings.</p>\n");
      return;
    }
    html.append("<div class=\"table-wrap\"><table id=\"sla-oldest\">\n<caption>The oldest open findings (at most ")
        .append(SlaSummary.OLDEST_LIMIT).append(")</caption>\n<thead><tr><th scope=\"col\">Severity</th>")
        .append("<th scope=\"col\">Finding</th><th scope=\"col\">Account</th><th scope=\"col\">Owner</th>")
        .append("<th scope=\"col\">Resource</th><th scope=\"col\">First seen</th>")
        .append("<th scope=\"col\" class=\"num\">Age</th><th scope=\"col\">SLA</th></tr></thead>\n<tbody>\n");
    for (AgedFinding finding : sla.oldest()) {
      String key = finding.severity().name().toLowerCase(Locale.ROOT);
      html.append("<tr data-owner=\"").append(escape(finding.owner())).append("\"")
          .append(finding.breached() ? " class=\"sla-breached\"" : "").append("><td><span class=\"badge sev-")
          .append(key).append("\">").append(IndexRenderer.severityLabel(finding.severity())).append("</span></td>")
          .append("<td>").append(escape(finding.title())).append(" <code>").append(escape(finding.ruleId()))
          .append("</code></td><td>").append(escape(IndexRenderer.providerName(finding.provider()))).append(" ")
          .append(escape(finding.accountId())).append("</td><td>").append(escape(finding.owner())).append("</td>")
          .append("<td>").append(finding.resourceId() == null ? "" : "<code>" + escape(finding.resourceId())
              + "</code>").append("</td><td><time datetime=\"").append(escape(finding.firstSeen().toString()))
          .append("\">").append(escape(IndexRenderer.when(finding.firstSeen()))).append("</time>")
          .append(finding.reopenedAt() == null ? "" : " (reopened " + escape(IndexRenderer.when(
              finding.reopenedAt())) + ")").append("</td>");
      IndexRenderer.numberCell(html, finding.ageDays());
      html.append("<td>").append(finding.breached() ? "<strong>past SLA</strong>" : "within").append("</td></tr>\n");
    }
    html.append("</tbody>\n</table></div>\n");
  }

  private void owners(OwnerSummary owners) {
    html.append("<div class=\"table-wrap\"><table id=\"sla-owners\">\n<caption>By owner (account label <code>")
        .append(escape(owners.label())).append("</code>)</caption>\n<thead><tr><th scope=\"col\">Owner</th>")
        .append("<th scope=\"col\" class=\"num\">Flagged</th><th scope=\"col\" class=\"num\">New</th>")
        .append("<th scope=\"col\" class=\"num\">Reopened</th><th scope=\"col\" class=\"num\">Past SLA</th>")
        .append("<th scope=\"col\" class=\"num\">Suppressed</th></tr></thead>\n<tbody>\n");
    for (Map.Entry<String, OwnerSummary.Counts> entry : owners.owners().entrySet()) {
      OwnerSummary.Counts counts = entry.getValue();
      html.append("<tr data-owner=\"").append(escape(entry.getKey())).append("\"><th scope=\"row\">")
          .append(escape(entry.getKey())).append("</th>");
      IndexRenderer.numberCell(html, counts.flagged());
      IndexRenderer.numberCell(html, counts.added());
      IndexRenderer.numberCell(html, counts.reopened());
      IndexRenderer.numberCell(html, counts.breached(), counts.breached() > 0 ? "num sla-breached" : "num");
      IndexRenderer.numberCell(html, counts.suppressed());
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table></div>\n");
  }

  private static String days(Duration limit) {
    String text = SlaPolicy.format(limit);
    return text.endsWith("d") ? text.substring(0, text.length() - 1) + " days" : text.substring(0, text.length() - 1)
        + " hours";
  }
}
