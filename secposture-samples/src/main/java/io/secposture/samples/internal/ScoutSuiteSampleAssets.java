package io.secposture.samples.internal;

/**
 * Not public API: the page and assets of a sample ScoutSuite report. Like the real report, the page loads its data
 * with relative {@code <script src>} tags ({@code scoutsuite-results/scoutsuite_results_<name>.js} assigns the
 * global {@code scoutsuite_results}), so it only works when published together with those folders.
 */
final class ScoutSuiteSampleAssets {
  private ScoutSuiteSampleAssets() {
  }

  /**
   * Returns the report page.
   *
   * @param name the report name (letters, digits, {@code .}, {@code _} and {@code -} only)
   * @param providerName the provider's display name
   * @return the HTML
   */
  static String html(String name, String providerName) {
    String safeName = name.replaceAll("[^A-Za-z0-9._-]", "-");
    String safeProvider = providerName.replaceAll("[^A-Za-z0-9 ]", "");
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head>\n"
        + "  <meta charset=\"utf-8\">\n"
        + "  <title>Scout Suite Report: " + safeProvider + "</title>\n"
        + "  <link rel=\"stylesheet\" href=\"inc-scoutsuite/css/scoutsuite.css\">\n"
        + "  <script src=\"scoutsuite-results/scoutsuite_results_" + safeName + ".js\"></script>\n"
        + "  <script src=\"scoutsuite-results/scoutsuite_exceptions_" + safeName + ".js\"></script>\n"
        + "  <script src=\"inc-scoutsuite/scoutsuite.js\"></script>\n"
        + "</head>\n"
        + "<body>\n"
        + "  <header><h1>Scout Suite</h1><p id=\"account\"></p></header>\n"
        + "  <main>\n"
        + "    <section><h2>Summary</h2><table id=\"summary\"><thead><tr><th>Service</th><th>Resources</th>"
        + "<th>Rules</th><th>Findings</th><th>Checks</th></tr></thead><tbody></tbody></table></section>\n"
        + "    <section><h2>Findings</h2><div id=\"findings\"></div></section>\n"
        + "  </main>\n"
        + "  <script>showScoutSuiteReport();</script>\n"
        + "</body>\n"
        + "</html>\n";
  }

  /**
   * Returns {@code inc-scoutsuite/scoutsuite.js}: renders the summary and the flagged rules with DOM calls only.
   *
   * @return the script
   */
  static String script() {
    return "/* Renders a ScoutSuite results file (sample report written by secposture). */\n"
        + "function cell(row, text, tag) {\n"
        + "  var element = document.createElement(tag || 'td');\n"
        + "  element.textContent = String(text);\n"
        + "  row.appendChild(element);\n"
        + "  return element;\n"
        + "}\n"
        + "function showScoutSuiteReport() {\n"
        + "  if (typeof scoutsuite_results === 'undefined') {\n"
        + "    document.getElementById('account').textContent = 'The results file did not load.';\n"
        + "    return;\n"
        + "  }\n"
        + "  var results = scoutsuite_results;\n"
        + "  document.getElementById('account').textContent = results.provider_name + ' account '\n"
        + "      + results.account_id + ', ScoutSuite ' + results.last_run.version + ', ' + results.last_run.time;\n"
        + "  var body = document.querySelector('#summary tbody');\n"
        + "  var summary = results.last_run.summary;\n"
        + "  Object.keys(summary).sort().forEach(function (service) {\n"
        + "    var stats = summary[service];\n"
        + "    var row = document.createElement('tr');\n"
        + "    row.className = stats.flagged_items > 0 ? stats.max_level : 'good';\n"
        + "    cell(row, service);\n"
        + "    cell(row, stats.resources_count);\n"
        + "    cell(row, stats.rules_count);\n"
        + "    cell(row, stats.flagged_items);\n"
        + "    cell(row, stats.checked_items);\n"
        + "    body.appendChild(row);\n"
        + "  });\n"
        + "  var findings = document.getElementById('findings');\n"
        + "  Object.keys(results.services).sort().forEach(function (service) {\n"
        + "    var rules = results.services[service].findings || {};\n"
        + "    Object.keys(rules).sort().forEach(function (key) {\n"
        + "      var rule = rules[key];\n"
        + "      if (!rule.items || rule.items.length === 0) { return; }\n"
        + "      var details = document.createElement('details');\n"
        + "      details.className = rule.level;\n"
        + "      var title = document.createElement('summary');\n"
        + "      title.textContent = '[' + rule.level + '] ' + rule.description + ' (' + rule.flagged_items\n"
        + "          + ' of ' + rule.checked_items + ')';\n"
        + "      details.appendChild(title);\n"
        + "      var list = document.createElement('ul');\n"
        + "      rule.items.slice(0, 200).forEach(function (item) { cell(list, item, 'li'); });\n"
        + "      details.appendChild(list);\n"
        + "      findings.appendChild(details);\n"
        + "    });\n"
        + "  });\n"
        + "}\n";
  }

  /**
   * Returns {@code inc-scoutsuite/css/scoutsuite.css}.
   *
   * @return the style sheet
   */
  static String css() {
    return "body { font-family: sans-serif; margin: 2em; color: #222; }\n"
        + "table { border-collapse: collapse; }\n"
        + "th, td { border: 1px solid #ccc; padding: 0.3em 0.8em; text-align: right; }\n"
        + "th:first-child, td:first-child { text-align: left; }\n"
        + "tr.danger td:first-child, details.danger summary { color: #b00020; }\n"
        + "tr.warning td:first-child, details.warning summary { color: #a15c00; }\n"
        + "tr.good td:first-child { color: #1b6e20; }\n"
        + "details { margin: 0.3em 0; }\n"
        + "li { font-family: monospace; font-size: 0.9em; }\n";
  }
}
