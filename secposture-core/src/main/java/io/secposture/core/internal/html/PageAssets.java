package io.secposture.core.internal.html;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Not public API: the inline style sheet and script of the front page, and the Content-Security-Policy that allows
 * exactly these two and nothing else (no other script, style, font, image or connection), so that even text that
 * escaped escaping could not run. Change the constants freely: the hashes follow. Stateless.
 */
final class PageAssets {
  static final String STYLE = """
      :root{--fg:#1b1f24;--muted:#4a5360;--bg:#ffffff;--panel:#f4f6f8;--line:#d0d7de;--accent:#0b57d0;
      --ok:#116329;--warn:#8a4600;--bad:#b42318;--worse:#7a0019;--skip:#4a5360;--bad-text:#b42318;
      --warn-text:#8a4600}
      @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#b1bac4;--bg:#0d1117;--panel:#161b22;
      --line:#30363d;--accent:#79b8ff;--bad-text:#ff8e86;--warn-text:#f0b75a}}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
      color:var(--fg);background:var(--bg)}
      header,main,footer{max-width:80rem;margin:0 auto;padding:0 1rem}
      header{padding-top:1.25rem}
      h1{font-size:1.6rem;margin:0 0 .25rem}
      h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
      h3{font-size:1rem;margin:1.25rem 0 .5rem}
      p{margin:.25rem 0 .75rem}
      a{color:var(--accent)}
      a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
      .meta{color:var(--muted)}
      .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.75rem;margin:1rem 0;padding:0}
      .cards div{background:var(--panel);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem}
      .cards dt{color:var(--muted);font-size:.85rem}
      .cards dd{margin:0;font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
      .cards .bad dd{color:var(--bad-text)}
      .cards .warn dd{color:var(--warn-text)}
      .row{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
      .row>section{flex:1 1 20rem;min-width:0}
      .table-wrap{position:relative;overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
      table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
      caption{text-align:left;font-weight:600;padding:.25rem 0}
      th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      thead th{background:var(--panel);white-space:nowrap}
      td.num,th.num{text-align:right}
      tfoot th,tfoot td{font-weight:600;border-top:2px solid var(--line)}
      .badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;
      color:#fff;white-space:nowrap}
      .s-FAILED{background:var(--bad)}.s-TIMED_OUT{background:var(--worse)}.s-PARTIAL{background:var(--warn)}
      .s-SUCCEEDED{background:var(--ok)}.s-SKIPPED{background:var(--skip)}
      .sev-critical{background:var(--worse)}.sev-high{background:var(--bad)}.sev-medium{background:var(--warn)}
      .sev-low{background:#1f4f99}.sev-informational{background:var(--skip)}
      tr.r-FAILED td:first-child,tr.r-TIMED_OUT td:first-child{box-shadow:inset 4px 0 var(--bad)}
      tr.r-PARTIAL td:first-child{box-shadow:inset 4px 0 var(--warn)}
      .reason{display:block;color:var(--muted);font-size:.85rem;max-width:28rem;overflow-wrap:anywhere}
      .id{display:block;color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
      .links a{margin-right:.5rem;white-space:nowrap}
      .attention{border:1px solid var(--bad);border-left-width:6px;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
      .attention ul{margin:.25rem 0;padding-left:1.25rem}
      .attention ul.warnings{list-style:square;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
      .spark{display:block;max-width:100%;height:auto}
      .spark polyline{fill:none;stroke:var(--accent);stroke-width:2}
      .spark circle{fill:var(--accent)}
      .bar{display:block;width:100%;max-width:160px;min-width:3rem;height:10px}
      .bar rect{fill:var(--accent)}
      .filter{margin:.5rem 0}
      .filter input{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:.3rem;
      width:min(24rem,100%);color:var(--fg);background:var(--bg)}
      button.sort{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
      th[aria-sort=ascending] button.sort::after{content:" \\25B2"}
      th[aria-sort=descending] button.sort::after{content:" \\25BC"}
      footer{margin:2.5rem auto 1.5rem;color:var(--muted);font-size:.85rem}
      .skip{position:absolute;left:-9999px;top:.5rem;background:var(--bg);color:var(--accent);padding:.4rem .8rem;
      border:2px solid var(--accent);border-radius:.3rem;z-index:10}
      .skip:focus{left:1rem}
      main:focus{outline:none}
      .toc{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:.5rem 0 0}
      .trends{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem;margin-top:1rem}
      figure.trend{margin:0;min-width:0}
      figure.trend figcaption{font-weight:600;font-size:.9rem}
      figure.trend p{font-size:.8rem;margin:.25rem 0}
      .change-new{background:#0b57d0}.change-reopened{background:#6f2da8}
      td.resource{overflow-wrap:anywhere;min-width:12rem;max-width:28rem}
      #not-compared li{margin:.25rem 0}
      .attention h2{margin:.25rem 0 .5rem;border-bottom:0}
      .table-wrap+.table-wrap,.table-wrap+.filter{margin-top:1.25rem}
      .owner{margin:1rem 0;padding:.5rem .8rem;background:var(--panel);border:1px solid var(--line);border-radius:.5rem}
      .owner select{max-width:100%;font:inherit;padding:.25rem .4rem;color:var(--fg);background:var(--bg);
      border:1px solid var(--muted);border-radius:.3rem}
      .spark .axis{stroke:var(--muted);stroke-width:1}
      .spark .grid{stroke:var(--line);stroke-width:1}
      .spark text{fill:var(--muted);font-size:11px;font-family:inherit}
      .spark circle.point{fill:var(--accent)}
      .hidden-services{font-size:.85rem}
      @media (max-width:40rem){body{font-size:14px}th,td{padding:.3rem .4rem}h1{font-size:1.3rem}.opt{display:none}
      td.resource{min-width:8rem}}
      /* lifecycle (SlaSection) */
      tr.sla-breached td:first-child{box-shadow:inset 4px 0 var(--bad)}
      td.sla-breached{color:var(--bad-text);font-weight:600}
      /* end lifecycle */
      """ + ComplianceAssets.STYLE;

  static final String SCRIPT = """
      (function () {
        'use strict';
        function bodyRows(table) {
          return Array.prototype.slice.call(table.tBodies[0].rows);
        }
        var owner = document.getElementById('owner-filter');
        function ownerMatches(table, row) {
          if (!owner || owner.value === '' || !table.hasAttribute('data-owner-filter')) { return true; }
          var rowOwner = row.getAttribute('data-owner') || '';
          return owner.value === 'none' ? rowOwner === '' : owner.value === '=' + rowOwner;
        }
        function applyFilters(table) {
          var input = document.querySelector('input[data-filter-for="' + table.id + '"]');
          var terms = input ? input.value.trim().toLowerCase().split(/\s+/).filter(function (term) {
            return term !== '';
          }) : [];
          var rows = bodyRows(table);
          var shown = 0;
          rows.forEach(function (row) {
            var text = row.textContent.toLowerCase();
            var match = terms.every(function (term) { return text.indexOf(term) !== -1; }) && ownerMatches(table, row);
            row.hidden = !match;
            if (match) { shown++; }
          });
          var count = input ? document.getElementById(input.getAttribute('aria-describedby')) : null;
          if (count) { count.textContent = shown + ' of ' + rows.length + ' rows shown'; }
        }
        Array.prototype.forEach.call(document.querySelectorAll('input[data-filter-for]'), function (input) {
          var table = document.getElementById(input.getAttribute('data-filter-for'));
          if (!table || table.tBodies.length === 0) { return; }
          input.parentNode.hidden = false;
          input.addEventListener('input', function () { applyFilters(table); });
        });
        if (owner) {
          owner.parentNode.hidden = false;
          owner.addEventListener('change', function () {
            Array.prototype.forEach.call(document.querySelectorAll('table[data-owner-filter]'), function (table) {
              if (table.tBodies.length > 0) { applyFilters(table); }
            });
            var status = document.getElementById('owner-status');
            if (status) {
              status.textContent = owner.value === '' ? '' : 'Showing ' + owner.options[owner.selectedIndex].text;
            }
          });
        }
        Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
          if (!table.tHead || table.tBodies.length === 0) { return; }
          var headers = table.tHead.rows[0].cells;
          Array.prototype.forEach.call(headers, function (header, column) {
            var kind = header.getAttribute('data-sort');
            if (!kind) { return; }
            var button = document.createElement('button');
            button.type = 'button';
            button.className = 'sort';
            while (header.firstChild) { button.appendChild(header.firstChild); }
            header.appendChild(button);
            button.addEventListener('click', function () {
              var ascending = header.getAttribute('aria-sort') !== 'ascending';
              Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
              header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var body = table.tBodies[0];
              var rows = bodyRows(table).map(function (row, index) { return {row: row, index: index}; });
              function key(row) {
                var cell = row.cells[column];
                var value = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
                return kind === 'number' ? parseFloat(value) || 0 : value.toLowerCase();
              }
              rows.sort(function (a, b) {
                var x = key(a.row);
                var y = key(b.row);
                var order = kind === 'number' ? x - y : x.localeCompare(y);
                return (ascending ? order : -order) || a.index - b.index;
              });
              rows.forEach(function (entry) { body.appendChild(entry.row); });
            });
          });
        });
      })();
      """ + ComplianceAssets.SCRIPT;

  /** The policy for the page's {@code <meta http-equiv="Content-Security-Policy">}. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '"
      + sha256(SCRIPT) + "'; img-src data:; base-uri 'none'; form-action 'none'";

  private PageAssets() {
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
