package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.TopFinding;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import io.secposture.core.internal.html.FindingsPage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The front page a security lead acts from: the critical and high findings themselves (report section
 * {@code top_findings}, bounded and merging exactly), the owner filter, services with nothing checked left out,
 * dated trend axes, the findings page, and one name per service across scanners.
 */
class FrontPageSectionsTest {
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");
  private static final RunInfo RUN = new RunInfo("run-1", GENERATED);
  private final Aggregator aggregator = new DefaultAggregator();

  @Test
  void aggregate_criticalAndHighFlaggedFindings_areListedInOrderAndOthersAreNot() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("111111111111", "r-high", Severity.HIGH, FindingStatus.FAIL, false, "arn:b"));
    aggregation.accept(finding("111111111111", "r-crit", Severity.CRITICAL, FindingStatus.FAIL, false, "arn:a"));
    aggregation.accept(finding("111111111111", "r-muted", Severity.CRITICAL, FindingStatus.FAIL, true, "arn:c"));
    aggregation.accept(finding("111111111111", "r-pass", Severity.CRITICAL, FindingStatus.PASS, false, "arn:d"));
    aggregation.accept(finding("111111111111", "r-medium", Severity.MEDIUM, FindingStatus.FAIL, false, "arn:e"));

    PostureReport report = aggregation.finish();

    assertThat(report.topFindings()).extracting(TopFinding::ruleId).containsExactly("r-crit", "r-high");
    assertThat(report.topFindings().get(0).resourceId()).isEqualTo("arn:a");
    assertThat(report.topFindings().get(0).scanner()).isEqualTo("prowler");
  }

  @Test
  void merge_manyQualifyingFindingsSplitAcrossShards_keepsExactlyTheFirstOfOneAggregation() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < TopFinding.LIMIT * 3; i++) {
      findings.add(finding(String.format("%012d", i % 7), "rule-" + i, i % 3 == 0 ? Severity.CRITICAL
          : Severity.HIGH, FindingStatus.FAIL, false, "arn:" + i));
    }
    Collections.shuffle(findings, new Random(7));
    Aggregation all = aggregator.start(RUN);
    findings.forEach(all::accept);
    List<PostureReport> shards = new ArrayList<>();
    for (int shard = 0; shard < 4; shard++) {
      Aggregation part = aggregator.start(RUN);
      for (int i = shard; i < findings.size(); i += 4) {
        part.accept(findings.get(i));
      }
      shards.add(part.finish());
    }

    PostureReport single = all.finish();
    PostureReport merged = aggregator.merge(shards);

    assertThat(single.topFindings()).hasSize(TopFinding.LIMIT);
    assertThat(single.topFindings()).allMatch(finding -> finding.severity() == Severity.CRITICAL);
    assertThat(merged.topFindings()).isEqualTo(single.topFindings());
    assertThat(aggregator.merge(List.of(aggregator.merge(shards.subList(0, 2)), aggregator.merge(shards.subList(2, 4))))
        .topFindings()).isEqualTo(single.topFindings());
  }

  @Test
  void reportJson_topFindings_roundTripAndOldReportsReadWithNone() throws Exception {
    PostureReport report = PostureReport.builder("run-1", GENERATED).topFindings(List.of(
        new TopFinding(CloudProvider.AWS, "123456789012", "scoutsuite", Severity.CRITICAL, "iam", "iam-root-mfa",
            "Root without MFA", "arn:aws:iam::123456789012:root", null, "0".repeat(32)),
        new TopFinding(CloudProvider.AZURE, "sub-1", "prowler", Severity.HIGH, "storageaccounts", "storage_https",
            "Secure transfer", null, "westeurope", "1".repeat(32)))).build();

    byte[] json = ReportJson.toBytes(report);
    PostureReport read = ReportJson.read(new ByteArrayInputStream(json), "report.json");

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"top_findings\"");
    assertThat(read).isEqualTo(report);
    String old = new String(json, StandardCharsets.UTF_8).replaceAll("(?s),\\s*\"top_findings\".*\\]\\s*}\\s*$", "}");
    assertThat(ReportJson.read(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)), "old.json")
        .topFindings()).isEmpty();
  }

  @Test
  void aggregate_prowlerAndScoutSuiteNamesOfOneService_countAsTheScoutSuiteName() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(parsed("prowler", CloudProvider.AZURE, Map.of("storage", new ServiceStats(4, 2, 2),
        "vm", new ServiceStats(3, 1, 1))));
    aggregation.add(parsed("scoutsuite", CloudProvider.AZURE, Map.of("storageaccounts", new ServiceStats(10, 5, 3),
        "virtualmachines", new ServiceStats(6, 0, 2))));
    aggregation.add(parsed("prowler", CloudProvider.GCP, Map.of("compute", new ServiceStats(1, 1, 1))));
    aggregation.accept(Finding.builder().tool("prowler").provider(CloudProvider.AZURE).accountId("sub-1")
        .service("storage").ruleId("storage_secure_transfer").severity(Severity.HIGH).build());

    PostureReport report = aggregation.finish();

    assertThat(report.services(CloudProvider.AZURE)).containsOnlyKeys("storageaccounts", "virtualmachines");
    assertThat(report.services(CloudProvider.AZURE).get("storageaccounts")).isEqualTo(new ServiceStats(14, 7, 5));
    assertThat(report.services(CloudProvider.GCP)).containsOnlyKeys("computeengine");
    assertThat(report.rules()).singleElement().extracting(rule -> rule.service()).isEqualTo("storageaccounts");
    assertThat(report.topFindings()).singleElement().extracting(TopFinding::service).isEqualTo("storageaccounts");
    assertThat(report.accounts()).filteredOn(row -> row.scanner().equals("prowler")
        && row.provider().equals(CloudProvider.AZURE)).singleElement()
        .satisfies(row -> assertThat(row.services()).containsOnlyKeys("storageaccounts", "virtualmachines"));
  }

  @Test
  void render_topFindings_listsEachWithRuleResourceRegionAccountScannerAndItsFindingsPage() {
    PostureReport report = reportWithTopFindings(3, 3);

    String page = IndexPage.render(report, List.of());

    String section = between(page, "<section id=\"top-findings-section\"", "</section>");
    assertThat(section).contains("All 3 critical and high findings flagged in this run.");
    assertThat(count(section, "<tr data-key=")).isEqualTo(3);
    assertThat(section).contains("Root account without MFA &lt;b&gt;").contains("iam-root-mfa-0")
        .contains("arn:aws:iam::111111111111:root/0").contains("eu-west-1").contains("payments")
        .contains("href=\"findings.html#runs/run-1/aws/111111111111/scoutsuite/findings.jsonl.gz\"")
        .contains("badge sev-critical").contains("data-owner=\"payments\"");
    assertThat(page.indexOf("top-findings-section")).as("the findings come before the counts")
        .isLessThan(page.indexOf("severity-title"));
  }

  @Test
  void render_moreFindingsThanListed_saysHowManyOfHowMany() {
    String page = IndexPage.render(reportWithTopFindings(2, 40), List.of());

    assertThat(page).contains("The first 2 of 40 critical and high findings");
  }

  @Test
  void render_ownerFilter_listsOwnersOfTheConfiguredLabelAndMarksRowsAndTables() {
    PostureReport report = reportWithTopFindings(2, 2);

    String byTeam = IndexPage.render(report, List.of());
    String bySquad = IndexPage.render(report, List.of(), Settings.of(Map.of("owner.label", "squad")));

    assertThat(byTeam).contains("<select id=\"owner-filter\"").contains("<option value=\"=payments\">payments (1 scan)")
        .contains("<option value=\"none\">No owner (1 scan)");
    assertThat(byTeam).contains("<table id=\"accounts-table\" data-sortable data-owner-filter>")
        .contains("<table id=\"top-findings-table\" data-sortable data-owner-filter>")
        .contains("data-key=\"aws/111111111111/scoutsuite\" data-owner=\"payments\"");
    assertThat(bySquad).contains("<option value=\"=blue\">blue (1 scan)").doesNotContain("value=\"=payments\"");
    assertThat(IndexPage.render(PostureReport.builder("run-1", GENERATED).build(), List.of()))
        .as("no owners, no filter").doesNotContain("<select id=\"owner-filter\"");
  }

  @Test
  void render_servicesWithNothingChecked_areNotListed() {
    PostureReport report = PostureReport.builder("run-1", GENERATED).services(Map.of(CloudProvider.AWS,
        Map.of("s3", new ServiceStats(10, 2, 3), "cloudfront", ServiceStats.ZERO, "ses", new ServiceStats(0, 0, 4))))
        .build();

    String services = between(IndexPage.render(report, List.of()), "<table id=\"services-table\"", "</section>");

    assertThat(services).contains(">s3<").doesNotContain(">cloudfront<").doesNotContain(">ses<")
        .contains("2 services with nothing checked");
  }

  @Test
  void render_trends_haveDatedXAxesLabelledYAxesAndAPointPerRun() {
    List<HistoryRow> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(new HistoryRow("run-" + i, GENERATED.minus(Duration.ofDays(7L * (3 - i))),
          new ServiceStats(1000, 100L * (i + 1), 50), new TreeMap<>(), Map.of(), Map.of(), null));
    }

    String page = IndexPage.render(reportWithTopFindings(1, 1), rows);

    String chart = between(page, "<svg class=\"spark\" id=\"trend\"", "</svg>");
    assertThat(labels(chart, "x-label")).containsExactly("2026-11-01", "2026-11-08", "2026-11-22");
    assertThat(labels(chart, "y-label")).containsExactly("0", "200", "400");
    assertThat(count(chart, "<circle class=\"point\"")).isEqualTo(4);
    assertThat(chart).contains("<title>2026-11-08: 200</title>").contains("aria-describedby=\"trend-svg-desc\"")
        .contains("2026-11-01: 100; 2026-11-08: 200; 2026-11-15: 300; 2026-11-22: 400");
    assertThat(count(page, "class=\"x-label\"")).as("every small trend has its first and last date")
        .isGreaterThanOrEqualTo(3 + 4 * 2);
  }

  @Test
  void findingsPage_allowsOnlyItsOwnStyleScriptAndSameOriginFetches() throws Exception {
    String page = new String(FindingsPage.bytes(), StandardCharsets.UTF_8);

    Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(page);
    assertThat(csp.find()).isTrue();
    String policy = csp.group(1).replace("&#39;", "'");
    assertThat(policy).startsWith("default-src 'none';")
        .contains("style-src '" + sha256(between(page, "<style>", "</style>")) + "'")
        .contains("script-src '" + sha256(between(page, "<script>", "</script>")) + "'")
        .contains("connect-src 'self'").doesNotContain("unsafe");
    assertThat(page).doesNotContain("http://").doesNotContain("https://").doesNotContain("innerHTML")
        .contains("DecompressionStream").contains("location.protocol === 'file:'");
    assertThat(FindingsPage.link("runs/r/aws/1/scoutsuite/findings.jsonl.gz"))
        .isEqualTo("findings.html#runs/r/aws/1/scoutsuite/findings.jsonl.gz");
    for (String unsafe : List.of("javascript:x", "//evil/x.jsonl.gz", "../x.jsonl.gz", "runs/a b.jsonl.gz")) {
      assertThat(FindingsPage.link(unsafe)).as(unsafe).isNull();
    }
  }

  // ---- fixtures ----

  private static Finding finding(String account, String rule, Severity severity, FindingStatus status, boolean muted,
      String resource) {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account).service("iam")
        .ruleId(rule).title(rule).severity(severity).status(status).muted(muted).resourceId(resource)
        .region("us-east-1").build();
  }

  private static ParsedReport parsed(String tool, CloudProvider provider, Map<String, ServiceStats> services) {
    return new ParsedReport(tool, tool + ".json", tool, null, null,
        List.of(new AccountStats(provider, "sub-1", new TreeMap<>(services))), 0, List.of());
  }

  /** Two account rows (one owned by team payments, squad blue) and {@code listed} top findings of {@code all}. */
  private static PostureReport reportWithTopFindings(int listed, long all) {
    TreeMap<String, String> links = new TreeMap<>(Map.of("findings",
        "runs/run-1/aws/111111111111/scoutsuite/findings.jsonl.gz"));
    AccountSummary owned = new AccountSummary(CloudProvider.AWS, "111111111111", "prod", "scoutsuite",
        ScanStatus.SUCCEEDED, 0, GENERATED, Duration.ofSeconds(3), null,
        new TreeMap<>(Map.of("team", "payments", "squad", "blue")), new TreeMap<>(),
        new FindingTally(Map.of(Severity.CRITICAL, all), all, 0, 0, 0), links, List.of());
    AccountSummary unowned = new AccountSummary(CloudProvider.GCP, "proj-1", "data", "scoutsuite",
        ScanStatus.SUCCEEDED, 0, GENERATED, Duration.ofSeconds(3), null, new TreeMap<>(), new TreeMap<>(),
        FindingTally.ZERO, new TreeMap<>(), List.of());
    List<TopFinding> top = new ArrayList<>();
    for (int i = 0; i < listed; i++) {
      top.add(new TopFinding(CloudProvider.AWS, "111111111111", "scoutsuite", Severity.CRITICAL, "iam",
          "iam-root-mfa-" + i, "Root account without MFA <b>", "arn:aws:iam::111111111111:root/" + i, "eu-west-1",
          String.format("%032d", i)));
    }
    return PostureReport.builder("run-1", GENERATED).accounts(List.of(owned, unowned))
        .findings(new FindingTally(Map.of(Severity.CRITICAL, all), all, 0, 0, 0)).topFindings(top).build();
  }

  private static List<String> labels(String svg, String cssClass) {
    Matcher matcher = Pattern.compile("<text class=\"" + cssClass + "\"[^>]*>([^<]*)</text>").matcher(svg);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'%s' in the page", start).isGreaterThanOrEqualTo(0);
    int to = text.indexOf(end, from + start.length());
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
