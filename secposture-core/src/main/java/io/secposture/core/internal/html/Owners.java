package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.api.AccountSummary;
import io.secposture.api.PostureReport;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not public API: who owns each account row of the front page, and the owner filter. The owner of a row is the value
 * of its account label named by the setting {@code owner.label} (default {@value #DEFAULT_LABEL}); rows without that
 * label have no owner. Rows of every table that lists accounts or findings carry {@code data-owner}, and tables that
 * the filter narrows carry {@code data-owner-filter}; the page's script hides the rows of other owners. Not
 * thread-safe: one instance serves one page.
 */
final class Owners {
  /** The setting that names the owner label. */
  static final String SETTING = "owner.label";
  /** The owner label when the setting is absent. */
  static final String DEFAULT_LABEL = "team";

  private final String label;
  private final Map<String, String> ownerByRow = new HashMap<>();
  /** Owner to how many account rows it owns. */
  private final TreeMap<String, Integer> owners = new TreeMap<>();
  private int unowned;

  Owners(PostureReport report, String label) {
    this.label = label == null || label.isBlank() ? DEFAULT_LABEL : label.trim();
    for (AccountSummary row : report.accounts()) {
      String owner = row.labels().get(this.label);
      if (owner == null || owner.isBlank()) {
        unowned++;
      } else {
        ownerByRow.put(row.key(), owner);
        owners.merge(owner, 1, Integer::sum);
      }
    }
  }

  /**
   * Returns the owner of an account row.
   *
   * @param rowKey the row's key ({@code provider/account/scanner})
   * @return the owner, or the empty string when the row has none (or is not in the report)
   */
  String of(String rowKey) {
    return ownerByRow.getOrDefault(rowKey, "");
  }

  /** Appends {@code data-owner="..."} for a row, with a leading space. */
  void attribute(StringBuilder html, String rowKey) {
    html.append(" data-owner=\"").append(escape(of(rowKey))).append('"');
  }

  /**
   * Renders the owner filter: a select of every owner with the number of account rows it owns, hidden until the
   * script shows it (the page reads the same without it), and nothing when no account has an owner.
   */
  void renderFilter(StringBuilder html) {
    if (owners.isEmpty()) {
      return;
    }
    html.append("<div class=\"owner\" id=\"owner-box\" hidden><label for=\"owner-filter\">Owner (account label <code>")
        .append(escape(label)).append("</code>)</label> <select id=\"owner-filter\" aria-describedby=\"owner-status\">")
        .append("<option value=\"\">All owners</option>");
    owners.forEach((owner, count) -> html.append("<option value=\"=").append(escape(owner)).append("\">")
        .append(escape(owner)).append(" (").append(count).append(count == 1 ? " scan" : " scans").append(")</option>"));
    if (unowned > 0) {
      html.append("<option value=\"none\">No owner (").append(unowned).append(unowned == 1 ? " scan" : " scans")
          .append(")</option>");
    }
    html.append("</select> <span id=\"owner-status\" class=\"meta\" role=\"status\"></span>")
        .append("<p class=\"meta\">Narrows the critical and high findings, the new findings and the accounts to one"
            + " owner's accounts.</p></div>\n");
  }
}
