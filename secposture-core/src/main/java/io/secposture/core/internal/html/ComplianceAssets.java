package io.secposture.core.internal.html;

/**
 * Not public API: the style and script of the front page's compliance view ({@link ComplianceSection}), appended to
 * {@link PageAssets}' inline style sheet and script (so the page keeps one of each, allowed by hash). The script only
 * makes a framework card's "Requirements" link fill the requirement table's filter; everything else works without
 * it. Stateless.
 */
final class ComplianceAssets {
  static final String STYLE = """
      .fw-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem;margin:1rem 0}
      .fw-card{background:var(--panel);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem;
      min-width:0;overflow-wrap:anywhere}
      .fw-card.fw-low{border-left:4px solid var(--bad)}
      .fw-card h3{margin:0 0 .25rem;font-size:1rem}
      .fw-rate{font-size:1.5rem;font-weight:600;margin:0;font-variant-numeric:tabular-nums}
      .fw-rate .meta{font-size:.85rem;font-weight:400}
      .fw-bar{display:block;width:100%;max-width:200px;height:8px;background:var(--line);border-radius:2px}
      .fw-bar-pass{fill:var(--ok)}.fw-bar-fail{fill:var(--bad)}.fw-bar-manual{fill:var(--skip)}
      .fw-counts{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.4rem 0;font-size:.85rem}
      .fw-counts div{display:flex;gap:.3rem}.fw-counts dt{color:var(--muted)}.fw-counts dd{margin:0;font-weight:600}
      .fw-failed dd{color:var(--bad-text)}
      .fw-card .fw-spark{margin-top:.4rem;background:var(--bg);border:1px solid var(--line);border-radius:.25rem}
      .fw-card p.fw-trend{font-size:.8rem;margin:.25rem 0}
      .fw-card p{margin:.25rem 0}
      .cs-FAIL{background:var(--bad)}.cs-PASS{background:var(--ok)}.cs-MANUAL{background:var(--skip)}
      tr.cr-FAIL td:first-child{box-shadow:inset 4px 0 var(--bad)}
      .cr-id{font-weight:600;white-space:nowrap}
      .cr-title{display:block;color:var(--muted);font-size:.85rem;max-width:32rem;overflow-wrap:anywhere}
      details.drill summary{cursor:pointer;color:var(--accent);white-space:nowrap}
      details.drill ul{margin:.25rem 0;padding-left:1rem;text-align:left;font-size:.85rem;min-width:14rem;
      max-width:28rem;overflow-wrap:anywhere}
      details.drill li{margin:.2rem 0}
      details.drill a{margin-left:.25rem;white-space:nowrap}
      .cr-account{font-weight:600}
      """;

  static final String SCRIPT = """
      (function () {
        'use strict';
        Array.prototype.forEach.call(document.querySelectorAll('a[data-compliance-filter]'), function (link) {
          link.addEventListener('click', function () {
            var input = document.getElementById(link.getAttribute('data-filter-target'));
            if (!input) { return; }
            input.value = link.getAttribute('data-compliance-filter');
            input.dispatchEvent(new Event('input'));
          });
        });
      })();
      """;

  private ComplianceAssets() {
  }
}
