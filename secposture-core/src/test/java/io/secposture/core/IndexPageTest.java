package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingTally;
import io.secposture.api.InputFailure;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IndexPageTest {
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");
  private static final String IMG = "<img src=x onerror=alert(1)>";
  private static final String BREAKOUT = "\"'><script>alert(1)</script>";
  private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("\\s*([^\\s=/>]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");
  private static final List<String> URL_ATTRIBUTES = List.of("src", "href", "action", "formaction", "xlink:href");

  @Test
  void render_hostileNamesEverywhere_areEscapedInTextAndAttributes() {
    String page = IndexPage.render(hostileReport(), List.of());

    assertThat(page).doesNotContain(IMG).doesNotContain(BREAKOUT).doesNotContain("<img")
        .doesNotContain("<script>alert");
    assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(page).contains("&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(count(page, "<script")).as("only the page's own script").isEqualTo(1);
    assertThat(attributeNames(page)).noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("on"));
    assertThat(tagNames(page)).doesNotContain("img");
  }

  @Test
  void render_anyText_neverOpensATagOrAttribute() {
    String plain = IndexPage.render(reportWithName("plain name"), List.of());
    for (String hostile : List.of(IMG, BREAKOUT, "</title><script>x()</script>", "' autofocus onfocus='x()",
        "<!--", "]]>", "<svg/onload=x()>", "\u0000\u0007\u001b[31m", "\ud800")) {
      String page = IndexPage.render(reportWithName(hostile), List.of());

      assertThat(page).as("page for %s", hostile).doesNotContain(hostile);
      assertThat(tagNames(page)).as("tags for %s", hostile).isEqualTo(tagNames(plain));
      assertThat(attributeNames(page)).as("attributes for %s", hostile).isEqualTo(attributeNames(plain));
      assertThat(page).doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\ud800");
    }
  }

  @Test
  void render_page_loadsNothingFromAnywhere() {
    String page = IndexPage.render(hostileReport(), history(3));

    for (String value : urlAttributes(page)) {
      assertThat(value).as("URL attribute").doesNotStartWith("//").doesNotContainIgnoringCase("http:")
          .doesNotContainIgnoringCase("https:").doesNotContainIgnoringCase("javascript:");
    }
    assertThat(page).doesNotContain("http://").doesNotContain("https://");
    assertThat(page).doesNotContainPattern("(?i)<(?:link[^>]+stylesheet|iframe|object|embed|img|audio|video)");
    assertThat(page).doesNotContainPattern("(?i)@import|url\\(");
  }

  @Test
  void render_contentSecurityPolicy_allowsExactlyTheInlineStyleAndScript() throws Exception {
    String page = IndexPage.render(hostileReport(), List.of());

    String style = between(page, "<style>", "</style>");
    String script = between(page, "<script>", "</script>");
    Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(page);
    assertThat(csp.find()).isTrue();
    String policy = csp.group(1).replace("&#39;", "'");
    assertThat(policy).startsWith("default-src 'none';")
        .contains("style-src '" + sha256(style) + "'")
        .contains("script-src '" + sha256(script) + "'")
        .doesNotContain("unsafe-inline");
  }

  @Test
  void render_links_areRelativeKeysOfEachRow() {
    String page = IndexPage.render(hostileReport(), List.of());

    assertThat(page).contains("href=\"runs/run-1/aws/123456789012/scoutsuite/aws-123456789012.html\"")
        .contains("href=\"runs/run-1/aws/123456789012/scoutsuite/scoutsuite-results/scoutsuite_results.js\"")
        .contains("href=\"runs/run-1/aws/123456789012/scoutsuite/scoutsuite.log\"")
        .contains("href=\"reports/report_latest.json\"").contains("href=\"reports/history.json\"")
        .contains("href=\"reports/report_2026-11-22_run-1.json\"");
  }

  @Test
  void render_unsafeLinks_areNotLinked() {
    List<String> unsafe = List.of("javascript:alert(1)", "JavaScript:alert(1)", "javascript:history.back",
        "mailto:a@evil.example", "https:evil.example", "vbscript:x", "//evil.example/x",
        "https://evil.example/x", "/etc/passwd", "../../etc/passwd", "runs/../../x", "data:text/html,x",
        "runs/a b.html", "runs//x.html", "runs/x.html?q=1");
    TreeMap<String, String> links = new TreeMap<>();
    for (int i = 0; i < unsafe.size(); i++) {
      links.put("link" + i, unsafe.get(i));
    }
    AccountSummary row = row(CloudProvider.AWS, "1", "one", ScanStatus.SUCCEEDED, null, links);

    String page = IndexPage.render(PostureReport.builder("run-1", GENERATED).accounts(List.of(row)).build(), List.of());

    for (String value : urlAttributes(page)) {
      if (value.startsWith("\"#")) {
        assertThat(page).as("in-page link %s", value).contains("id=" + value.replace("#", ""));
        continue;
      }
      assertThat(value).isIn("\"data:,\"", "\"reports/report_latest.json\"", "\"reports/history.json\"",
          "\"reports/report_2026-11-22_run-1.json\"");
    }
    assertThat(page).contains("link0 (unavailable)");
  }

  @Test
  void render_numbers_matchTheReport() {
    PostureReport report = hostileReport();
    String page = IndexPage.render(report, List.of());

    assertThat(dataValue(page, "total-checked")).isEqualTo(report.total().checkedItems());
    assertThat(dataValue(page, "total-flagged")).isEqualTo(report.total().flaggedItems());
    assertThat(dataValue(page, "total-resources")).isEqualTo(report.total().resourcesCount());
    assertThat(dataValue(page, "total-accounts-ok")).isEqualTo(1);
    assertThat(dataValue(page, "total-accounts-partial")).isEqualTo(1);
    assertThat(dataValue(page, "total-accounts-failed")).isEqualTo(2);
    assertThat(dataValue(page, "total-accounts-skipped")).isEqualTo(1);
    assertThat(report.total()).isEqualTo(new ServiceStats(12_345, 678, 90));
    assertThat(page).contains(">12,345</dd>");
    for (Severity severity : Severity.values()) {
      String id = "severity-" + severity.name().toLowerCase(java.util.Locale.ROOT);
      Matcher cell = Pattern.compile("<tr id=\"" + id + "\">.*?data-value=\"(\\d+)\"").matcher(page);
      assertThat(cell.find()).as(id).isTrue();
      assertThat(Long.parseLong(cell.group(1))).isEqualTo(report.findings().flaggedBySeverity().get(severity));
    }
    String services = between(page, "<table id=\"services-table\" data-sortable>", "</table>");
    assertThat(services).contains("<tr data-provider=\"aws\"><td>AWS</td><th scope=\"row\">ec2</th><td class=\"num\""
        + " data-value=\"12000\">12,000</td><td class=\"num\" data-value=\"600\">600</td><td class=\"num\""
        + " data-value=\"80\">80</td><td class=\"num\" data-value=\"5\">5%</td></tr>");
    String providers = between(page, "<table id=\"providers\">", "</table>");
    assertThat(providers).contains("<tr id=\"provider-aws\"><th scope=\"row\">AWS</th><td class=\"num\""
        + " data-value=\"12345\">12,345</td>");
    assertThat(providers).contains("<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\" data-value=\"12345\">");
    String prodRow = between(page, "data-key=\"aws/123456789012/scoutsuite\"", "</tr>");
    assertThat(prodRow).contains("data-value=\"678\">678</td>").contains("data-value=\"12.5\">12.5 s</td>");
  }

  @Test
  void render_failedTimedOutAndPartialScans_areCalledOutInWords() {
    String page = IndexPage.render(hostileReport(), List.of());

    String attention = between(page, "<section class=\"attention\"", "</section>");
    assertThat(attention).contains("Needs attention: 3 scans did not complete");
    assertThat(attention).containsSubsequence("Failed", "Timed out", "Partial");
    assertThat(attention).contains("InvalidClientTokenId").contains("ran past 2h").contains("AccessDenied");
    assertThat(attention).doesNotContain("Skipped");
    assertThat(page).contains("<tr class=\"r-FAILED\"").contains("<span class=\"badge s-TIMED_OUT\">Timed out</span>");
  }

  @Test
  void render_allScansSucceeded_hasNoAttentionSection() {
    AccountSummary ok = row(CloudProvider.GCP, "p", "project", ScanStatus.SUCCEEDED, null, new TreeMap<>());

    String page = IndexPage.render(PostureReport.builder("run-1", GENERATED).accounts(List.of(ok)).build(), List.of());

    assertThat(page).doesNotContain("Needs attention");
  }

  @Test
  void render_page_isAccessibleAndResponsive() {
    String page = IndexPage.render(hostileReport(), history(2));

    assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
    assertThat(page).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    assertThat(page).contains("<title>Security posture · 2026-11-22 02:00 UTC</title>");
    assertThat(page).contains("<time datetime=\"2026-11-22T02:00:00Z\">2026-11-22 02:00 UTC</time>");
    Matcher headers = Pattern.compile("<th(?=[\\s>])(?![^>]*scope=)[^>]*>").matcher(page);
    assertThat(headers.find()).as("every th has a scope").isFalse();
    assertThat(page).contains("<label for=\"account-filter\">").contains("<input id=\"account-filter\"");
    assertThat(page).contains("id=\"account-filter-box\" hidden");
    assertThat(page).contains("@media (max-width:40rem)").contains("overflow-x:auto");
    assertThat(page).contains("role=\"img\" aria-labelledby=\"trend-svg-title\"");
  }

  @Test
  void render_history_drawsOnePointPerRunAndSummarisesTheChange() {
    List<HistoryRow> rows = history(4);

    String page = IndexPage.render(hostileReport(), rows);

    String points = between(page, "<polyline points=\"", "\"");
    assertThat(points.split(" ")).hasSize(4);
    assertThat(page).contains("4 runs from 2026-11-01 to 2026-11-22: 400 flagged items now, up 100 since the run before;"
        + " lowest 100, highest 400.");
  }

  @Test
  void render_shortHistory_saysWhenTheTrendAppears() {
    assertThat(IndexPage.render(hostileReport(), List.of())).contains("No history yet");
    assertThat(IndexPage.render(hostileReport(), history(1))).contains("100 flagged items in the only run so far")
        .doesNotContain("<polyline");
  }

  @Test
  void render_failedInputsAndRules_areListed() {
    String page = IndexPage.render(hostileReport(), List.of());

    String failed = between(page, "<table id=\"failed-inputs\">", "</table>");
    assertThat(failed).contains("inputs/&lt;broken&gt;.json").contains("truncated at line 3");
    String rules = between(page, "<table id=\"rules\">", "</table>");
    assertThat(rules).contains("SSH open to the world").contains("ec2-open-ssh").contains("data-value=\"6\"");
  }

  @Test
  void render_diff_showsCountsNewFindingsWithLinksAndRowsNotCompared() {
    PostureReport report = reportWithDiff();

    String page = IndexPage.render(report, List.of());

    assertThat(dataValue(page, "total-new")).isEqualTo(3);
    assertThat(dataValue(page, "total-resolved")).isEqualTo(2);
    String high = between(page, "<tr id=\"changes-high\">", "</tr>");
    assertThat(high).contains("data-value=\"2\">2</td><td class=\"num\" data-value=\"1\">1</td>"
        + "<td class=\"num\" data-value=\"2\">2</td><td class=\"num\" data-value=\"7\">7</td>"
        + "<td class=\"num\" data-value=\"4\">4</td>");
    assertThat(page).contains("4 unknown (flagged before in accounts without results this run, not counted as"
        + " resolved)");
    String list = between(page, "<table id=\"new-findings-table\" data-sortable data-owner-filter>", "</table>");
    assertThat(list).contains("S3 bucket public").contains("s3-public").contains("arn:aws:s3:::&lt;img src=x&gt;")
        .contains("<span class=\"badge change-reopened\">Reopened</span>")
        .contains("<span class=\"badge change-new\">New</span>")
        .contains("href=\"runs/run-2/aws/123456789012/scoutsuite/aws-123456789012.html\"")
        .contains("href=\"findings.html#runs/run-2/aws/123456789012/scoutsuite/findings.jsonl.gz\"")
        .doesNotContain("<img");
    assertThat(page).contains("All 3 findings flagged now but not in the previous run.");
    String notCompared = between(page, "<ul id=\"not-compared\">", "</ul>");
    assertThat(notCompared).contains("FAILED in this run: the 4 findings")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
    String prodRow = between(page, "data-key=\"aws/123456789012/scoutsuite\"", "</tr>");
    assertThat(prodRow).contains("href=\"findings.html#runs/run-2/aws/123456789012/scoutsuite/findings.jsonl.gz\">Findings")
        .doesNotContain("resolved.jsonl.gz");
    assertThat(between(page, "<table id=\"accounts-table\"", "</table>"))
        .contains("href=\"runs/run-2/aws/123456789012/scoutsuite/findings.jsonl.gz\" download");
    String failedRow = between(page, "data-key=\"aws/210987654321/scoutsuite\"", "</tr>");
    assertThat(failedRow).contains("title=\"not compared\"")
        .contains("href=\"runs/run-1/aws/210987654321/scoutsuite/findings.jsonl.gz\">Last findings");
  }

  @Test
  void render_noDiff_saysWhenChangesAppear() {
    String page = IndexPage.render(hostileReport(), List.of());

    assertThat(page).contains("No previous run to compare with").doesNotContain("id=\"total-new\"")
        .doesNotContain("new-findings-table");
  }

  @Test
  void render_history_drawsSmallTrendsAndListsRunsNewestFirstWithTheirReports() {
    List<HistoryRow> rows = history(3);

    String page = IndexPage.render(reportWithDiff(), rows);

    assertThat(page).contains("id=\"trend-critical-high\"").contains("id=\"trend-new\"")
        .contains("id=\"trend-resolved\"").contains("id=\"trend-failed\"");
    String runs = between(page, "<table id=\"runs\">", "</table>");
    assertThat(runs).containsSubsequence("run-2", "run-1", "run-0");
    assertThat(runs).contains("href=\"reports/report_2026-11-22_run-2.json\"")
        .contains("href=\"reports/report_2026-11-08_run-0.json\"");
  }

  @Test
  void render_tables_areSortableAndFilterableWithLabels() {
    String page = IndexPage.render(reportWithDiff(), List.of());

    for (String table : List.of("accounts-table", "services-table", "new-findings-table")) {
      assertThat(page).containsPattern("<table id=\"" + table + "\" data-sortable( data-owner-filter)?>")
          .contains("data-filter-for=\"" + table + "\"");
    }
    assertThat(page).contains("<label for=\"service-filter\">Filter services</label>")
        .contains("<label for=\"new-findings-filter\">Filter new findings</label>")
        .contains("<a class=\"skip\" href=\"#main\">").contains("<main id=\"main\" tabindex=\"-1\">")
        .contains("<nav aria-label=\"Sections\">");
  }

  @Provide
  Arbitrary<PostureReport> reports() {
    return ReportArbitraries.reports();
  }

  @Property(tries = 200)
  void render_anyReport_escapesEverythingAndLinksOnlyRelativeKeys(@ForAll("reports") PostureReport report) {
    String page = IndexPage.render(report, List.of(HistoryRow.of(report)));

    assertThat(count(page, "<script")).isEqualTo(1);
    assertThat(count(page, "</script")).isEqualTo(1);
    assertThat(attributeNames(page)).noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("on"));
    for (String value : urlAttributes(page)) {
      String target = value.substring(1, value.length() - 1);
      assertThat(value).startsWith("\"").endsWith("\"");
      assertThat(target.equals("data:,") || target.matches("[A-Za-z0-9._@=+~-]+(/[A-Za-z0-9._@=+~-]+)*")
          || target.matches("#[a-z-]+") && page.contains("id=\"" + target.substring(1) + "\""))
          .as("href %s", value).isTrue();
    }
  }

  // ---- fixtures ----

  private static PostureReport hostileReport() {
    TreeMap<String, String> links = new TreeMap<>(Map.of(
        "html", "runs/run-1/aws/123456789012/scoutsuite/aws-123456789012.html",
        "results", "runs/run-1/aws/123456789012/scoutsuite/scoutsuite-results/scoutsuite_results.js",
        "log", "runs/run-1/aws/123456789012/scoutsuite/scoutsuite.log"));
    AccountSummary prod = new AccountSummary(CloudProvider.AWS, "123456789012", "prod", "scoutsuite",
        ScanStatus.SUCCEEDED, 0, GENERATED, Duration.ofMillis(12_500), null,
        new TreeMap<>(Map.of("team", BREAKOUT)),
        new TreeMap<>(Map.of("ec2", new ServiceStats(12_000, 600, 80), IMG, new ServiceStats(345, 78, 10))),
        new FindingTally(Map.of(Severity.HIGH, 6L), 6, 10, 0, 0), links, List.of(IMG));
    AccountSummary failed = row(CloudProvider.AWS, "210987654321", IMG, ScanStatus.FAILED,
        "InvalidClientTokenId " + IMG, new TreeMap<>());
    AccountSummary timedOut = row(CloudProvider.AZURE, "sub-1", BREAKOUT, ScanStatus.TIMED_OUT, "ran past 2h",
        new TreeMap<>());
    AccountSummary partial = row(CloudProvider.GCP, "proj-1", "data", ScanStatus.PARTIAL, "AccessDenied " + BREAKOUT,
        new TreeMap<>());
    AccountSummary skipped = row(CloudProvider.KUBERNETES, "ctx", "cluster", ScanStatus.SKIPPED, "account disabled",
        new TreeMap<>());
    return PostureReport.builder("run-1", GENERATED)
        .services(Map.of(CloudProvider.AWS, prod.services()))
        .accounts(List.of(prod, failed, timedOut, partial, skipped))
        .findings(new FindingTally(Map.of(Severity.HIGH, 6L, Severity.LOW, 2L), 8, 10, 0, 0))
        .rules(List.of(new RuleSummary("scoutsuite", CloudProvider.AWS, "ec2", "ec2-open-ssh",
            "SSH open to the world", Severity.HIGH, 6), new RuleSummary(IMG, CloudProvider.AWS, IMG, BREAKOUT, IMG,
            Severity.LOW, 2)))
        .failedInputs(List.of(new InputFailure("inputs/<broken>.json", "truncated at line 3 " + BREAKOUT)))
        .build();
  }

  /** Run 2 of an account that changed, and one that failed (its last findings carried from run 1). */
  private static PostureReport reportWithDiff() {
    TreeMap<String, String> links = new TreeMap<>(Map.of(
        "html", "runs/run-2/aws/123456789012/scoutsuite/aws-123456789012.html",
        "findings", "runs/run-2/aws/123456789012/scoutsuite/findings.jsonl.gz",
        "resolved", "runs/run-2/aws/123456789012/scoutsuite/resolved.jsonl.gz"));
    AccountSummary prod = new AccountSummary(CloudProvider.AWS, "123456789012", "prod", "scoutsuite",
        ScanStatus.SUCCEEDED, 0, GENERATED, Duration.ofSeconds(30), null, new TreeMap<>(),
        new TreeMap<>(Map.of("s3", new ServiceStats(100, 10, 20))),
        new FindingTally(Map.of(Severity.HIGH, 10L), 10, 90, 0, 0), links, List.of());
    AccountSummary failed = row(CloudProvider.AWS, "210987654321", IMG, ScanStatus.FAILED, "authentication failed",
        new TreeMap<>(Map.of("last_findings", "runs/run-1/aws/210987654321/scoutsuite/findings.jsonl.gz",
            "last_resolved", "runs/run-1/aws/210987654321/scoutsuite/resolved.jsonl.gz")));
    RunDiff.Counts high = new RunDiff.Counts(2, 2, 1, 7, 4);
    RunDiff diff = new RunDiff("run-1", GENERATED.minus(Duration.ofDays(7)), high, Map.of(Severity.HIGH, high),
        new TreeMap<>(Map.of(CloudProvider.AWS, high)),
        new TreeMap<>(Map.of("aws/123456789012/scoutsuite", new RunDiff.Counts(2, 2, 1, 7, 0),
            "aws/210987654321/scoutsuite", new RunDiff.Counts(0, 0, 0, 0, 4))),
        List.of(newFinding("s3-public", "S3 bucket public", "arn:aws:s3:::<img src=x>", true),
            newFinding("iam-mfa", "Root without MFA", null, false),
            newFinding("ec2-ssh", "SSH open", "sg-1", false)),
        new TreeMap<>(Map.of("aws/210987654321/scoutsuite", "FAILED in this run: the 4 findings flagged in run run-1"
            + " are unknown, not counted as resolved")));
    return PostureReport.builder("run-2", GENERATED).services(Map.of(CloudProvider.AWS, prod.services()))
        .accounts(List.of(prod, failed)).findings(prod.findings()).diff(diff).build();
  }

  private static RunDiff.NewFinding newFinding(String rule, String title, String resource, boolean reopened) {
    return new RunDiff.NewFinding(CloudProvider.AWS, "123456789012", "scoutsuite", Severity.HIGH, "s3", rule, title,
        resource, "eu-west-1", Finding.fingerprint("scoutsuite", CloudProvider.AWS, "123456789012", rule, resource),
        reopened);
  }

  /** A report with the text as account id, name, label, link, reason, warning, service, rule and failed input. */
  private static PostureReport reportWithName(String name) {
    AccountSummary row = new AccountSummary(CloudProvider.AWS, name, name, name, ScanStatus.FAILED, null, null,
        Duration.ZERO, name, new TreeMap<>(Map.of(name, name)), new TreeMap<>(Map.of(name, ServiceStats.ZERO)),
        FindingTally.ZERO, new TreeMap<>(Map.of("html", name)), List.of(name));
    return PostureReport.builder("run-1", GENERATED).accounts(List.of(row))
        .services(Map.of(CloudProvider.AWS, Map.of(name, ServiceStats.ZERO)))
        .rules(List.of(new RuleSummary(name, CloudProvider.AWS, name, name, name, Severity.HIGH, 1)))
        .failedInputs(List.of(new InputFailure(name, name))).build();
  }

  private static AccountSummary row(CloudProvider provider, String id, String name, ScanStatus status, String reason,
      TreeMap<String, String> links) {
    return new AccountSummary(provider, id, name, "scoutsuite", status, null, null, Duration.ZERO, reason,
        new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO, links, List.of());
  }

  private static List<HistoryRow> history(int runs) {
    List<HistoryRow> rows = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      rows.add(new HistoryRow("run-" + i, GENERATED.minus(Duration.ofDays(7L * (runs - 1 - i))),
          new ServiceStats(1000, 100L * (i + 1), 50), new TreeMap<>(), Map.of(), Map.of(), null));
    }
    return rows;
  }

  /** The tags of the page outside its style sheet and script: escaping guarantees every '<' is the page's own. */
  private static List<Matcher> tags(String page) {
    String markup = page.replaceAll("(?s)<style>.*?</style>", "<style></style>")
        .replaceAll("(?s)<script>.*?</script>", "<script></script>");
    List<Matcher> tags = new ArrayList<>();
    Matcher matcher = TAG.matcher(markup);
    while (matcher.find()) {
      tags.add(TAG.matcher(matcher.group()));
      tags.get(tags.size() - 1).matches();
    }
    return tags;
  }

  private static List<String> tagNames(String page) {
    return tags(page).stream().map(tag -> tag.group(1).toLowerCase(java.util.Locale.ROOT)).toList();
  }

  private static List<String> attributeNames(String page) {
    List<String> names = new ArrayList<>();
    for (Matcher tag : tags(page)) {
      Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
      while (attribute.find()) {
        if (!attribute.group(1).isEmpty()) {
          names.add(attribute.group(1));
        }
      }
    }
    return names;
  }

  private static List<String> urlAttributes(String page) {
    List<String> values = new ArrayList<>();
    for (Matcher tag : tags(page)) {
      Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
      while (attribute.find()) {
        if (URL_ATTRIBUTES.contains(attribute.group(1).toLowerCase(java.util.Locale.ROOT))) {
          values.add(attribute.group(2) == null ? "" : attribute.group(2));
        }
      }
    }
    return values;
  }

  private static long dataValue(String page, String id) {
    Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*><dt>[^<]*</dt><dd data-value=\"(\\d+)\">").matcher(page);
    assertThat(matcher.find()).as("card %s", id).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'%s' in page", start).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    assertThat(to).as("'%s' after '%s'", end, start).isNotNegative();
    return text.substring(from + start.length(), to);
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  private static String sha256(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }
}
