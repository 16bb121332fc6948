package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The front page's compliance view: framework cards, trend, requirement table, drill-down and its bounds. */
class IndexPageComplianceTest {
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");
  private static final String PROD = "111122223333";
  private static final String DEV = "444455556666";
  private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("\\s*([^\\s=/>]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");

  @Test
  void render_frameworkCards_showPassRateCountsAndTheAccountsThatPassLeast() {
    String page = IndexPage.render(report(), List.of());

    String cis = card(page, 0);
    assertThat(cis).contains("data-framework=\"CIS-2.0\" data-provider=\"aws\"").contains("CIS-2.0")
        .contains("AWS");
    // 2 passed, 1 failed: 66.67% shown rounded down, never up to a rate the framework does not reach
    assertThat(cis).contains("<p class=\"fw-rate\" data-value=\"0.6667\">66%");
    assertThat(cis).contains("<div class=\"fw-passed\"><dt>Passed</dt><dd data-value=\"2\">2</dd></div>")
        .contains("<div class=\"fw-failed\"><dt>Failed</dt><dd data-value=\"1\">1</dd></div>")
        .contains("<div class=\"fw-manual\"><dt>Manual</dt><dd data-value=\"1\">1</dd></div>");
    // prod fails 1.1 and passes 1.2 and 1.10 (1.3 is manual): 66%; dev passes all three it was assessed on
    assertThat(cis).containsSubsequence("data-account=\"" + PROD + "\"", "66%", "data-account=\"" + DEV + "\"",
        "100%");
    assertThat(cis).contains("href=\"runs/run-2/aws/" + PROD + "/prowler/findings.jsonl.gz\"");
    assertThat(cis).contains("href=\"#compliance-requirements-title\" data-compliance-filter=\"CIS-2.0 AWS\"");
    String pci = card(page, 1);
    assertThat(pci).contains("data-framework=\"PCI-3.2.1\" data-provider=\"aws\"")
        .contains("<p class=\"fw-rate\" data-value=\"\">–");
    assertThat(page).contains("2 frameworks, 5 requirements assessed, 1 failing in some account.");
    assertThat(page).contains("<li><a href=\"#compliance-title\">Compliance</a></li>")
        .contains("<h2 id=\"compliance-title\">Compliance</h2>");
  }

  @Test
  void render_frameworkTrend_drawsOnePointPerRunThatHadTheFramework() {
    List<HistoryRow> history = new ArrayList<>();
    long[][] passedFailed = {{1, 3}, {2, 2}, {0, 0}, {2, 1}};
    for (int i = 0; i < passedFailed.length; i++) {
      List<HistoryRow.FrameworkRate> rates = i == 2 ? List.of()
          : List.of(new HistoryRow.FrameworkRate("CIS-2.0", CloudProvider.AWS, passedFailed[i][0], passedFailed[i][1]));
      history.add(new HistoryRow("run-" + i, GENERATED.minus(Duration.ofDays(7L * (3 - i))), ServiceStats.ZERO,
          new TreeMap<>(), Map.of(), Map.of(), null, rates));
    }

    String page = IndexPage.render(report(), history);

    String cis = card(page, 0);
    assertThat(between(cis, "<polyline points=\"", "\"").split(" ")).as("the run without CIS-2.0 is left out")
        .hasSize(3);
    assertThat(cis).contains("<title id=\"compliance-fw-0-trend-title\">3 runs from 2026-11-01 to 2026-11-22: 66%"
        + " now, up 16 points since the run before; lowest 25%, highest 66%.</title>")
        .contains("<p class=\"meta fw-trend\">3 runs: up 16 points since the run before; lowest 25%, highest 66%.</p>");
    assertThat(cis).contains("role=\"img\" aria-labelledby=\"compliance-fw-0-trend-title\"");
    assertThat(card(page, 1)).contains("The trend appears from the second run on.").doesNotContain("<polyline");
  }

  @Test
  void render_requirementTable_listsFailingFirstAndDrillsDownToFailingAccountsAndTheirFindings() {
    String page = IndexPage.render(report(), List.of());

    String table = between(page, "<table id=\"compliance-requirements\" data-sortable>", "</table>");
    assertThat(rows(table)).containsExactly("CIS-2.0/1.1", "CIS-2.0/1.3", "PCI-3.2.1/8.1", "CIS-2.0/1.2",
        "CIS-2.0/1.10");
    String failing = between(table, "data-requirement=\"1.1\">", "</tr>");
    assertThat(failing).contains("<span class=\"cr-id\">1.1</span><span class=\"cr-title\">Avoid the root account")
        .contains("<span class=\"badge cs-FAIL\">Fails</span>")
        .contains("<td class=\"num\" data-value=\"1\"><details class=\"drill\"><summary>1");
    String drill = between(failing, "<details class=\"drill\">", "</details>");
    assertThat(drill).contains("data-account=\"" + PROD + "\"").contains("<span class=\"cr-account\">prod</span>")
        .contains("href=\"runs/run-2/aws/" + PROD + "/prowler/findings.jsonl.gz\">Findings (prowler)")
        .contains("href=\"runs/run-2/aws/" + PROD + "/scoutsuite/findings.jsonl.gz\">Findings (scoutsuite)")
        .contains("href=\"runs/run-2/aws/" + PROD + "/scoutsuite/aws-" + PROD + ".html\">Report (scoutsuite)")
        .doesNotContain(DEV);
    String passing = between(table, "data-requirement=\"1.10\">", "</tr>");
    assertThat(passing).contains("<span class=\"badge cs-PASS\">Passes</span>").doesNotContain("<details")
        .contains("<td class=\"num opt\" data-value=\"2\">2</td>");
    assertThat(Integer.parseInt(requirementOrder(table, "1.10"))).isGreaterThan(Integer.parseInt(
        requirementOrder(table, "1.2")));
    assertThat(page).contains("All 5 assessed requirements, failing ones first.")
        .contains("<label for=\"compliance-filter\">Filter requirements</label>")
        .contains("data-filter-for=\"compliance-requirements\"");
  }

  @Test
  void render_hostileComplianceTexts_areEscapedAndOpenNoTagOrAttribute() {
    String plain = IndexPage.render(reportWithText("plain"), List.of());
    for (String hostile : List.of("<img src=x onerror=alert(1)>", "\"'><script>alert(1)</script>",
        "' autofocus onfocus='x()", "</details><svg/onload=x()>", "\u0000\u001b[31m")) {
      String page = IndexPage.render(reportWithText(hostile), List.of());

      assertThat(page).as("page for %s", hostile).doesNotContain(hostile);
      assertThat(tagNames(page)).as("tags for %s", hostile).isEqualTo(tagNames(plain));
      assertThat(attributeNames(page)).as("attributes for %s", hostile).isEqualTo(attributeNames(plain));
    }
  }

  @Test
  void render_thirtyFrameworksOfFiveHundredRequirements_staysSmallAndSaysWhatIsLeftOut() {
    List<AccountSummary> accounts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = String.format("%012d", 100_000_000_000L + i);
      ids.add(id);
      accounts.add(row(CloudProvider.AWS, id, "account-" + i, "prowler", "run-2"));
    }
    List<FrameworkCompliance> frameworks = new ArrayList<>();
    for (int f = 0; f < 30; f++) {
      List<ComplianceRequirement> requirements = new ArrayList<>();
      for (int r = 0; r < 500; r++) {
        List<String> failing = r % 3 == 0 ? ids.subList(0, 50 + r / 5) : List.of();
        List<String> manual = r == 1 ? ids.subList(149, 900) : List.of();
        requirements.add(new ComplianceRequirement(f + "." + r, "Requirement " + r + " of framework " + f
            + " with a title as long as Prowler's compliance CSVs give", failing, ids.subList(900, 1000), manual,
            failing.size()));
      }
      frameworks.add(new FrameworkCompliance("FRAMEWORK-" + f, CloudProvider.AWS, requirements));
    }
    PostureReport report = PostureReport.builder("run-2", GENERATED).accounts(accounts).compliance(frameworks).build();

    String page = IndexPage.render(report, List.of(HistoryRow.of(report)));
    String section = between(page, "<section id=\"compliance-section\"", "</section>");

    int bytes = section.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).as("compliance view of 30 x 500 requirements, 1,000 accounts").isLessThan(1_500_000);
    assertThat(section.split("<tr class=\"cr-", -1)).hasSize(500 + 1);
    for (int f = 0; f < 30; f++) {
      assertThat(section.split("<tr class=\"cr-FAIL\" data-framework=\"FRAMEWORK-" + f + "\"", -1))
          .as("every framework keeps its worst requirements on the page").hasSizeGreaterThan(16);
    }
    assertThat(section.split("<article class=\"fw-card", -1)).hasSize(30 + 1);
    assertThat(section).contains("500 of 15,000 assessed requirements, the failing ones of each framework first; the"
        + " other 14,500 are in <a href=\"reports/report_latest.json\">report_latest.json</a>");
    assertThat(section).as("failing requirements fill the cut first").doesNotContain("cs-PASS");
    assertThat(section).as("the most failing requirement lists 6 of its 149 accounts")
        .contains("and 143 more in <a href=\"reports/report_latest.json\">report_latest.json</a>");
    assertThat(section).contains("1,000 accounts, the 10 lowest");
    System.out.printf("compliance view of 30 frameworks x 500 requirements, 1,000 accounts: %,d bytes, page %,d"
        + " bytes%n", bytes, page.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void render_manyFrameworks_showsTheFirstFortyCards() {
    List<FrameworkCompliance> frameworks = new ArrayList<>();
    for (int f = 0; f < 45; f++) {
      frameworks.add(new FrameworkCompliance(String.format("F-%02d", f), CloudProvider.GCP, List.of(
          new ComplianceRequirement("1", null, List.of(), List.of("p"), List.of(), 0))));
    }

    String page = IndexPage.render(PostureReport.builder("run-2", GENERATED).compliance(frameworks).build(),
        List.of());

    assertThat(page.split("<article class=\"fw-card", -1)).hasSize(40 + 1);
    String cards = between(page, "<div class=\"fw-cards\"", "<h3 id=\"compliance-requirements-title\">");
    assertThat(cards).contains("data-framework=\"F-39\"").doesNotContain("data-framework=\"F-40\"")
        .contains("5 more frameworks in <a href=\"reports/report_latest.json\">report_latest.json</a>.");
  }

  @Test
  void render_noComplianceSection_saysWhenTheViewFills() {
    String page = IndexPage.render(PostureReport.builder("run-2", GENERATED).build(), List.of());

    assertThat(page).contains("<h2 id=\"compliance-title\">Compliance</h2>")
        .contains("No finding or result of this run named a compliance requirement")
        .doesNotContain("compliance-requirements\"");
  }

  // ---- fixtures ----

  /**
   * CIS-2.0 on aws: 1.1 fails in prod (flagged by Prowler and ScoutSuite) and passes in dev; 1.2 and 1.10 pass in
   * both; 1.3 is manual. PCI-3.2.1 has one manual requirement only.
   */
  private static PostureReport report() {
    List<ComplianceRequirement> cis = List.of(
        new ComplianceRequirement("1.10", null, List.of(), List.of(PROD, DEV), List.of(), 0),
        new ComplianceRequirement("1.1", "Avoid the root account", List.of(PROD), List.of(DEV), List.of(), 4),
        new ComplianceRequirement("1.2", "MFA for every user", List.of(), List.of(PROD, DEV), List.of(), 0),
        new ComplianceRequirement("1.3", null, List.of(), List.of(), List.of(PROD), 0));
    List<ComplianceRequirement> pci = List.of(
        new ComplianceRequirement("8.1", null, List.of(), List.of(), List.of(PROD, DEV), 0));
    return PostureReport.builder("run-2", GENERATED)
        .accounts(List.of(row(CloudProvider.AWS, PROD, "prod", "prowler", "run-2"),
            row(CloudProvider.AWS, PROD, "prod", "scoutsuite", "run-2"),
            row(CloudProvider.AWS, DEV, "dev", "prowler", "run-2")))
        .compliance(List.of(new FrameworkCompliance("PCI-3.2.1", CloudProvider.AWS, pci),
            new FrameworkCompliance("CIS-2.0", CloudProvider.AWS, cis)))
        .build();
  }

  private static PostureReport reportWithText(String text) {
    List<ComplianceRequirement> requirements = List.of(
        new ComplianceRequirement(text, text, List.of(text), List.of(), List.of(), 1),
        new ComplianceRequirement("2 " + text, null, List.of(), List.of(text), List.of(), 0));
    AccountSummary row = new AccountSummary(CloudProvider.AWS, text, text, text, ScanStatus.SUCCEEDED, 0, GENERATED,
        Duration.ZERO, null, new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO,
        new TreeMap<>(Map.of("findings", "runs/run-2/aws/1/x/findings.jsonl.gz")), List.of());
    return PostureReport.builder("run-2", GENERATED).accounts(List.of(row))
        .compliance(List.of(new FrameworkCompliance(text, CloudProvider.AWS, requirements))).build();
  }

  private static AccountSummary row(CloudProvider provider, String id, String name, String scanner, String run) {
    String folder = "runs/" + run + "/" + provider.id() + "/" + id + "/" + scanner + "/";
    TreeMap<String, String> links = new TreeMap<>(Map.of("findings", folder + "findings.jsonl.gz"));
    if (scanner.equals("scoutsuite")) {
      links.put("html", folder + "aws-" + id + ".html");
    }
    return new AccountSummary(provider, id, name, scanner, ScanStatus.SUCCEEDED, 0, GENERATED, Duration.ZERO, null,
        new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO, links, List.of());
  }

  private static String card(String page, int index) {
    return between(page, "id=\"compliance-fw-" + index + "\"", "</article>");
  }

  private static List<String> rows(String table) {
    List<String> rows = new ArrayList<>();
    Matcher row = Pattern.compile("<tr class=\"cr-[A-Z]+\" data-framework=\"([^\"]*)\" data-provider=\"[^\"]*\""
        + " data-requirement=\"([^\"]*)\">").matcher(table);
    while (row.find()) {
      rows.add(row.group(1) + "/" + row.group(2));
    }
    return rows;
  }

  private static String requirementOrder(String table, String id) {
    Matcher order = Pattern.compile("data-requirement=\"" + Pattern.quote(id) + "\"><td>.*?</td><td data-value=\""
        + "(\\d+)\"").matcher(table);
    assertThat(order.find()).as("requirement %s", id).isTrue();
    return order.group(1);
  }

  private static List<String> tagNames(String page) {
    List<String> names = new ArrayList<>();
    for (Matcher tag : tags(page)) {
      names.add(tag.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return names;
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

  /** The tags of the page outside its style sheet and script: escaping guarantees every '<' is the page's own. */
  private static List<Matcher> tags(String page) {
    String markup = page.replaceAll("(?s)<style>.*?</style>", "<style></style>")
        .replaceAll("(?s)<script>.*?</script>", "<script></script>");
    List<Matcher> tags = new ArrayList<>();
    Matcher matcher = TAG.matcher(markup);
    while (matcher.find()) {
      Matcher tag = TAG.matcher(matcher.group());
      tag.matches();
      tags.add(tag);
    }
    return tags;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'%s' in page", start).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    assertThat(to).as("'%s' after '%s'", end, start).isNotNegative();
    return text.substring(from + start.length(), to);
  }
}
