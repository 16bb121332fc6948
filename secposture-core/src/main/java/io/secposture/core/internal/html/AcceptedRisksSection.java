package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.PostureReport;
import io.secposture.api.Suppression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Not public API: the front page's "Accepted risks" section, from the report's suppressions: one row per entry of
 * the suppressions file with what it accepts (rule and resource, and the scope it is limited to), owner, ticket,
 * reason, days to expiry (from the report's generation time), how many findings it muted, and its state (expired,
 * unused, expiring within {@value #SOON_DAYS} days, in force). Expired entries come first, then unused ones, then by
 * expiry, so what needs a decision is on top. Nothing is rendered without a suppressions file. Reuses the page's
 * badge colours, so it needs no style of its own. Not thread-safe: one instance renders one section.
 */
final class AcceptedRisksSection {
  /** Entries that expire within this many days are marked as expiring soon. */
  static final int SOON_DAYS = 14;

  private final PostureReport report;
  private final StringBuilder html;

  AcceptedRisksSection(PostureReport report, StringBuilder html) {
    this.report = report;
    this.html = html;
  }

  void render() {
    List<Suppression> entries = new ArrayList<>(report.suppressions());
    if (entries.isEmpty()) {
      return;
    }
    entries.sort(Comparator.comparingInt(this::urgency).thenComparing(this::daysLeft).thenComparing(Suppression::id));
    long muted = entries.stream().mapToLong(Suppression::matched).sum();
    long expired = entries.stream().filter(Suppression::expired).count();
    long unused = entries.stream().filter(Suppression::unused).count();
    html.append("<section id=\"accepted-risks\" aria-labelledby=\"accepted-risks-title\">\n")
        .append("<h2 id=\"accepted-risks-title\">Accepted risks</h2>\n<p id=\"accepted-risks-summary\">")
        .append(IndexRenderer.number(entries.size())).append(entries.size() == 1 ? " suppression" : " suppressions")
        .append(" muted ").append(IndexRenderer.number(muted)).append(muted == 1 ? " finding" : " findings")
        .append(" (counted as muted, not flagged)");
    if (expired > 0) {
      html.append("; ").append(IndexRenderer.number(expired)).append(" expired and muted nothing");
    }
    if (unused > 0) {
      html.append("; ").append(IndexRenderer.number(unused)).append(" matched nothing");
    }
    html.append(".</p>\n");
    IndexRenderer.filterBox(html, "accepted-risks-table", "accepted-risks-filter", "Filter accepted risks");
    html.append("<div class=\"table-wrap\"><table id=\"accepted-risks-table\" data-sortable>\n")
        .append("<caption class=\"vh\">Suppressions of the suppressions file and what each muted</caption>\n")
        .append("<thead><tr><th scope=\"col\" data-sort=\"text\">Accepted</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Owner</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Ticket</th>")
        .append("<th scope=\"col\" data-sort=\"text\">Reason</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Days to expiry</th>")
        .append("<th scope=\"col\" class=\"num\" data-sort=\"number\">Muted</th>")
        .append("<th scope=\"col\" data-sort=\"text\">State</th></tr></thead>\n<tbody>\n");
    for (Suppression entry : entries) {
      row(entry);
    }
    html.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void row(Suppression entry) {
    html.append("<tr data-suppression=\"").append(escape(entry.id())).append("\"><td>")
        .append(entry.rule() == null ? "any rule" : "<code>" + escape(entry.rule()) + "</code>");
    if (entry.resource() != null) {
      html.append(" on <code class=\"resource\">").append(escape(entry.resource())).append("</code>");
    }
    html.append("<span class=\"id\">").append(escape(scope(entry))).append("</span></td><td>")
        .append(escape(entry.owner())).append("</td><td>")
        .append(entry.ticket() == null ? "<span class=\"meta\">–</span>" : escape(entry.ticket()))
        .append("</td><td><span class=\"reason\">").append(escape(entry.reason())).append("</span></td>");
    Long days = entry.daysToExpiry(report.generatedAt());
    if (days == null) {
      html.append("<td class=\"num\" data-value=\"").append(Long.MAX_VALUE).append("\">never</td>");
    } else {
      html.append("<td class=\"num\" data-value=\"").append(days).append("\"><time datetime=\"")
          .append(entry.expires()).append("\" title=\"last day ").append(entry.expires()).append("\">")
          .append(IndexRenderer.number(days)).append("</time></td>");
    }
    IndexRenderer.numberCell(html, entry.matched());
    html.append("<td>").append(state(entry, days)).append("</td></tr>\n");
  }

  /** Describes where the entry applies beyond rule and resource, and its id. */
  private static String scope(Suppression entry) {
    List<String> parts = new ArrayList<>();
    parts.add("id " + entry.id());
    if (entry.scanner() != null) {
      parts.add(entry.scanner());
    }
    if (entry.provider() != null) {
      parts.add(IndexRenderer.providerName(entry.provider()));
    }
    if (!entry.accounts().isEmpty()) {
      parts.add("accounts " + String.join(", ", entry.accounts()));
    }
    entry.labels().forEach((key, value) -> parts.add(key + "=" + value));
    if (entry.service() != null) {
      parts.add("service " + entry.service());
    }
    if (entry.region() != null) {
      parts.add("region " + entry.region());
    }
    return String.join(" · ", parts);
  }

  private static String state(Suppression entry, Long days) {
    if (entry.expired()) {
      return "<span class=\"badge s-FAILED\">Expired</span>";
    }
    if (entry.unused()) {
      return "<span class=\"badge s-SKIPPED\">Unused</span>";
    }
    if (days != null && days <= SOON_DAYS) {
      return "<span class=\"badge s-PARTIAL\">Expires soon</span>";
    }
    return "<span class=\"badge s-SUCCEEDED\">In force</span>";
  }

  /** Expired first, then unused, then the rest. */
  private int urgency(Suppression entry) {
    return entry.expired() ? 0 : entry.unused() ? 1 : 2;
  }

  private long daysLeft(Suppression entry) {
    Long days = entry.daysToExpiry(report.generatedAt());
    return days == null ? Long.MAX_VALUE : days;
  }
}
