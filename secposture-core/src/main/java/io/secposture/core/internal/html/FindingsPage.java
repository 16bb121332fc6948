package io.secposture.core.internal.html;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Not public API: {@code findings.html}, the site's findings page. One static document, the same for every run,
 * published at the site root beside {@code index.html}; the front page links to it with the key of an account's
 * {@code findings.jsonl.gz} in the URL fragment
 * ({@code findings.html#runs/<run>/aws/<account>/<scanner>/findings.jsonl.gz}).
 *
 * <p>The page fetches that file from the same site (over HTTP, as from a static bucket), decompresses it in the
 * browser with {@code DecompressionStream} while it streams (a file the server already decompressed reads too),
 * and renders a table of its findings, most severe first, filterable by text, severity and result (flagged by
 * default) and shown 500 rows at a time. The fragment is accepted only as a relative key of safe segments ending in
 * {@code .jsonl.gz} or {@code .jsonl}, so the page never reads another host or climbs out of the site; every value
 * is put into the page as text, never as HTML; a Content-Security-Policy allows only its own inline style and
 * script (by hash) and connections to its own origin. Opened from a local file ({@code file://}), where browsers let
 * no page read another file, it says so and offers the file for download. Stateless.
 */
public final class FindingsPage {
  /** The page's key at the site root. */
  public static final String KEY = "findings.html";

  static final String STYLE = """
      :root{--fg:#1b1f24;--muted:#4a5360;--bg:#ffffff;--panel:#f4f6f8;--line:#d0d7de;--accent:#0b57d0;--bad-text:#b42318;
      --ok:#116329;--warn:#8a4600;--bad:#b42318;--worse:#7a0019;--skip:#4a5360}
      @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#b1bac4;--bg:#0d1117;--panel:#161b22;--line:#30363d;
      --accent:#79b8ff;--bad-text:#ff8e86}}
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
      color:var(--fg);background:var(--bg)}
      header,main{max-width:90rem;margin:0 auto;padding:0 1rem}
      header{padding-top:1.25rem}
      h1{font-size:1.5rem;margin:0 0 .25rem}
      a{color:var(--accent)}
      a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);
      outline-offset:2px}
      .meta{color:var(--muted)}
      .problem{color:var(--bad-text);font-weight:600}
      .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
      #controls{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:end;margin:1rem 0}
      #controls label{display:block;font-size:.85rem;color:var(--muted)}
      #controls input,#controls select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);
      border-radius:.3rem;color:var(--fg);background:var(--bg)}
      #controls input{width:min(24rem,80vw)}
      .table-wrap{overflow-x:auto;max-width:100%}
      table{border-collapse:collapse;width:100%}
      th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      thead th{background:var(--panel);white-space:nowrap}
      .badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;color:#fff;
      white-space:nowrap}
      .sev-critical{background:var(--worse)}.sev-high{background:var(--bad)}.sev-medium{background:var(--warn)}
      .sev-low{background:#1f4f99}.sev-informational{background:var(--skip)}
      .state-flagged{color:var(--bad-text);font-weight:600}
      .id{display:block;color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
      td.resource{overflow-wrap:anywhere;min-width:12rem;max-width:32rem}
      details p{margin:.25rem 0;font-size:.85rem;overflow-wrap:anywhere}
      #show-more{margin:1rem 0}
      @media (max-width:40rem){body{font-size:14px}th,td{padding:.3rem .4rem}.opt{display:none}td.resource{min-width:8rem}}
      """;

  static final String SCRIPT = """
      (function () {
        'use strict';
        var KEY = /^[A-Za-z0-9._@=+~-]+(?:\\/[A-Za-z0-9._@=+~-]+)*$/;
        var SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'];
        var PAGE = 500;
        var status = document.getElementById('load-status');
        var findings = [];
        var shownLimit = PAGE;

        function element(tag, text, className) {
          var node = document.createElement(tag);
          if (text !== undefined && text !== null) { node.textContent = String(text); }
          if (className) { node.className = className; }
          return node;
        }
        function say(text, bad) {
          status.textContent = text;
          status.className = bad ? 'problem' : 'meta';
        }
        function fileKey() {
          var raw = location.hash.replace(/^#/, '');
          var key;
          try { key = decodeURIComponent(raw); } catch (e) { return null; }
          if (key.length > 2048 || !KEY.test(key)) { return null; }
          var parts = key.split('/');
          for (var i = 0; i < parts.length; i++) {
            if (parts[i] === '.' || parts[i] === '..') { return null; }
          }
          return /\\.jsonl(\\.gz)?$/.test(key) ? key : null;
        }
        function text(value) {
          return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
        }
        function keep(line) {
          var f = JSON.parse(line);
          if (f === null || typeof f !== 'object') { throw new Error('a line is not a JSON object'); }
          var compliance = Array.isArray(f.compliance) ? f.compliance.map(function (c) {
            return c && typeof c === 'object' ? text(c.framework) + ' ' + text(c.requirement) : '';
          }).filter(function (c) { return c !== ''; }) : [];
          var severity = text(f.severity).toLowerCase();
          var entry = {
            tool: text(f.tool), provider: text(f.provider), account: text(f.account_id), region: text(f.region),
            service: text(f.service), rule: text(f.rule_id), title: text(f.title), severity: severity,
            rank: SEVERITIES.indexOf(severity) < 0 ? SEVERITIES.length : SEVERITIES.indexOf(severity),
            status: text(f.status).toLowerCase(), muted: f.muted === true, resource: text(f.resource_id),
            type: text(f.resource_type), description: text(f.description), remediation: text(f.remediation),
            compliance: compliance, fingerprint: text(f.fingerprint), suppressedBy: text(f.suppressed_by),
            firstSeen: text(f.first_seen), owner: text(f.owner)
          };
          entry.search = [entry.title, entry.rule, entry.service, entry.region, entry.resource, entry.type,
            entry.account, entry.tool, entry.fingerprint].join(' ').toLowerCase();
          return entry;
        }
        function statusOf(f) {
          if (f.status === 'fail') { return f.muted ? 'muted' : 'flagged'; }
          return f.status === 'pass' ? 'passed' : f.status;
        }
        function matches(f, terms, severity, wanted) {
          if (severity !== '' && f.rank > Number(severity)) { return false; }
          var state = statusOf(f);
          if (wanted !== 'all' && state !== wanted) { return false; }
          for (var i = 0; i < terms.length; i++) {
            if (f.search.indexOf(terms[i]) === -1) { return false; }
          }
          return true;
        }
        function render() {
          var terms = document.getElementById('text-filter').value.trim().toLowerCase().split(/\\s+/)
            .filter(function (t) { return t !== ''; });
          var severity = document.getElementById('severity-filter').value;
          var wanted = document.getElementById('status-filter').value;
          var body = document.getElementById('findings-body');
          var selected = findings.filter(function (f) { return matches(f, terms, severity, wanted); });
          var rows = document.createDocumentFragment();
          selected.slice(0, shownLimit).forEach(function (f) { rows.appendChild(row(f)); });
          body.textContent = '';
          body.appendChild(rows);
          document.getElementById('match-count').textContent = selected.length + ' of ' + findings.length
            + ' findings match' + (selected.length > shownLimit ? '; the first ' + shownLimit + ' are shown' : '');
          document.getElementById('show-more').hidden = selected.length <= shownLimit;
        }
        function row(f) {
          var tr = element('tr');
          tr.setAttribute('data-fingerprint', f.fingerprint);
          var sev = element('td');
          var badge = element('span', f.severity ? f.severity.charAt(0).toUpperCase() + f.severity.slice(1) : '?',
            'badge sev-' + (SEVERITIES.indexOf(f.severity) < 0 ? 'informational' : f.severity));
          sev.appendChild(badge);
          tr.appendChild(sev);
          var state = statusOf(f);
          var st = element('td', state.charAt(0).toUpperCase() + state.slice(1), 'state-' + state);
          if (f.suppressedBy) { st.appendChild(element('span', 'by ' + f.suppressedBy, 'id')); }
          tr.appendChild(st);
          var rule = element('td');
          rule.appendChild(element('span', f.title));
          rule.appendChild(element('span', f.rule + ' · ' + f.service, 'id'));
          if (f.description || f.remediation || f.compliance.length > 0 || f.firstSeen) {
            var details = element('details');
            details.appendChild(element('summary', 'Details'));
            if (f.description) { details.appendChild(element('p', f.description)); }
            if (f.remediation) { details.appendChild(element('p', 'Remediation: ' + f.remediation)); }
            if (f.compliance.length > 0) { details.appendChild(element('p', 'Compliance: ' + f.compliance.join(', '))); }
            if (f.firstSeen) { details.appendChild(element('p', 'First seen: ' + f.firstSeen)); }
            rule.appendChild(details);
          }
          tr.appendChild(rule);
          tr.appendChild(element('td', f.region || '–'));
          var resource = element('td', f.resource || '–', 'resource');
          if (f.type) { resource.appendChild(element('span', f.type, 'id')); }
          tr.appendChild(resource);
          var account = element('td', f.account, 'opt');
          account.appendChild(element('span', f.provider + ' · ' + f.tool, 'id'));
          tr.appendChild(account);
          return tr;
        }
        function fail(message, key) {
          say(message, true);
          if (key) { document.getElementById('download').hidden = false; }
        }
        async function lines(stream, onLine) {
          var reader = stream.getReader();
          var rest = '';
          for (;;) {
            var chunk = await reader.read();
            if (chunk.done) { break; }
            var parts = (rest + chunk.value).split('\\n');
            rest = parts.pop();
            parts.forEach(function (line) { if (line.trim() !== '') { onLine(line); } });
          }
          if (rest.trim() !== '') { onLine(rest); }
        }
        async function load(key) {
          var response = await fetch(key, {credentials: 'same-origin'});
          if (!response.ok) { throw new Error('the server answered ' + response.status + ' for ' + key); }
          var raw = response.body.getReader();
          var first = await raw.read();
          var bytes = first.value || new Uint8Array(0);
          var gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
          var body = new ReadableStream({
            start: function (controller) {
              if (bytes.length > 0) { controller.enqueue(bytes); }
              if (first.done) { controller.close(); }
            },
            pull: async function (controller) {
              var next = await raw.read();
              if (next.done) { controller.close(); } else { controller.enqueue(next.value); }
            }
          });
          var decoded = (gzip ? body.pipeThrough(new DecompressionStream('gzip')) : body)
            .pipeThrough(new TextDecoderStream());
          var number = 0;
          await lines(decoded, function (line) {
            number++;
            try {
              findings.push(keep(line));
            } catch (e) {
              throw new Error('line ' + number + ' of ' + key + ' is not a finding: ' + e.message);
            }
            if (findings.length % 5000 === 0) { say(findings.length + ' findings read…'); }
          });
        }
        function start() {
          var key = fileKey();
          if (key === null) {
            fail('No findings file to show: open this page from the front page\\'s links (findings.html#<the file\\'s key>).');
            return;
          }
          var download = document.getElementById('download-link');
          download.setAttribute('href', key);
          document.getElementById('file-name').textContent = key;
          if (location.protocol === 'file:') {
            fail('This page reads the findings file over HTTP, and browsers do not let a page opened from a local file'
              + ' read another one. Serve the site folder (for example python3 -m http.server) or publish it to a bucket,'
              + ' or download the file and read it with zcat and jq.', key);
            return;
          }
          if (typeof DecompressionStream === 'undefined' || typeof TextDecoderStream === 'undefined') {
            fail('This browser cannot decompress the findings file in the page; download it instead.', key);
            return;
          }
          ['text-filter', 'severity-filter', 'status-filter'].forEach(function (id) {
            document.getElementById(id).addEventListener(id === 'text-filter' ? 'input' : 'change', function () {
              shownLimit = PAGE;
              render();
            });
          });
          document.getElementById('show-more').addEventListener('click', function () {
            shownLimit += PAGE;
            render();
          });
          say('Reading ' + key + '…');
          load(key).then(function () {
            findings.sort(function (a, b) {
              return a.rank - b.rank || a.rule.localeCompare(b.rule) || a.resource.localeCompare(b.resource);
            });
            if (findings.length > 0) {
              document.getElementById('account').textContent = findings[0].provider + ' ' + findings[0].account + ' · '
                + findings[0].tool;
            }
            say(findings.length + ' findings read.');
            document.getElementById('controls').hidden = false;
            document.getElementById('findings-table').hidden = false;
            render();
          }, function (error) {
            if (findings.length > 0) {
              document.getElementById('controls').hidden = false;
              document.getElementById('findings-table').hidden = false;
              render();
            }
            fail('Could not read all of the findings file (' + findings.length + ' findings read): '
              + (error && error.message ? error.message : error), key);
          });
        }
        start();
      })();
      """;

  static final String BODY = """
      <header>
      <h1>Findings</h1>
      <p class="meta"><span id="account"></span> <code id="file-name"></code></p>
      <p><a href="index.html">Back to the front page</a><span id="download" hidden> · <a id="download-link" download>Download the findings file</a></span></p>
      <p id="load-status" class="meta" role="status" aria-live="polite">Loading…</p>
      </header>
      <main id="main">
      <noscript><p class="problem">This page needs JavaScript to read the findings file; download it from the front page instead.</p></noscript>
      <div id="controls" hidden>
      <div><label for="text-filter">Filter findings</label><input id="text-filter" type="search" autocomplete="off"></div>
      <div><label for="severity-filter">Severity</label><select id="severity-filter"><option value="">Any</option><option value="0">Critical</option><option value="1">High or worse</option><option value="2">Medium or worse</option><option value="3">Low or worse</option></select></div>
      <div><label for="status-filter">Result</label><select id="status-filter"><option value="flagged">Flagged (failed, not muted)</option><option value="muted">Muted</option><option value="passed">Passed</option><option value="manual">Manual</option><option value="all">All results</option></select></div>
      <p id="match-count" class="meta" role="status"></p>
      </div>
      <div class="table-wrap"><table id="findings-table" hidden>
      <caption class="vh">The findings of the file, most severe first</caption>
      <thead><tr><th scope="col">Severity</th><th scope="col">Result</th><th scope="col">Rule</th><th scope="col">Region</th><th scope="col">Resource</th><th scope="col" class="opt">Account</th></tr></thead>
      <tbody id="findings-body"></tbody>
      </table></div>
      <button id="show-more" type="button" hidden>Show more</button>
      </main>
      """;

  /** The policy of the page: its own style and script by hash, and fetches from its own origin. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
      + "'; script-src '" + sha256(SCRIPT) + "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

  private FindingsPage() {
  }

  /**
   * Returns the page.
   *
   * @return the HTML document, UTF-8
   */
  public static byte[] bytes() {
    return html().getBytes(StandardCharsets.UTF_8);
  }

  static String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + Html.escape(CONTENT_SECURITY_POLICY) + "\">\n"
        + "<meta name=\"generator\" content=\"secposture\">\n<meta name=\"color-scheme\" content=\"light dark\">\n"
        + "<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"icon\" href=\"data:,\">\n"
        + "<title>Findings · Security posture</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n" + BODY
        + "<script>" + SCRIPT + "</script>\n</body>\n</html>\n";
  }

  /**
   * Returns the link to the findings page of a findings file, for an {@code href}.
   *
   * @param findingsKey the file's key relative to the site root (an account row's {@code findings} link); nullable
   * @return {@code findings.html#<key>}, escaped, or {@code null} if the key is absent or not a safe relative key
   */
  public static String link(String findingsKey) {
    String key = Html.relativeLink(findingsKey);
    return key == null ? null : KEY + "#" + key;
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
