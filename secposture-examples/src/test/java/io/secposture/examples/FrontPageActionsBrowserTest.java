package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import io.secposture.api.TopFinding;
import io.secposture.core.FindingsFile;
import io.secposture.core.HistoryRow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The front page as a security lead acts from it, in headless Chromium over loopback HTTP (as from a bucket): the
 * critical and high findings are listed themselves, the owner filter narrows accounts and findings to one team, an
 * account's findings open in the browser ({@code findings.html} reading its {@code findings.jsonl.gz} with
 * {@code DecompressionStream}) with filters, hostile text in a findings file stays text, and a page opened from a
 * local file explains why it offers a download instead. No console errors anywhere. Screenshots land in
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontPageActionsBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String HOSTILE_FILE = "runs/hostile-check/findings.jsonl.gz";

  private Path temp;
  private FrontPageSite site;
  private PostureReport report;
  private ChromeDriver driver;

  @BeforeAll
  void publishTheSiteAndStartTheBrowser() throws IOException {
    temp = Files.createTempDirectory("front-page-actions");
    site = FrontPageSite.publish(temp);
    report = site.latest();
    Path hostile = site.root().resolve(HOSTILE_FILE);
    try (FindingsFile.Writer writer = FindingsFile.create(hostile)) {
      writer.accept(Finding.builder().tool("scoutsuite").provider(CloudProvider.AWS).accountId("999999999999")
          .service("iam").ruleId("rule-" + HOSTILE).title(HOSTILE).severity(Severity.CRITICAL)
          .resourceId("arn:aws:iam::999999999999:user/" + HOSTILE).description("'\"><script>alert(2)</script>")
          .build());
    }
    driver = HeadlessChromium.start(temp.resolve("profile"));
  }

  @AfterAll
  void stop() throws IOException {
    HeadlessChromium.stop(driver, site, temp);
  }

  @Test
  void criticalList_showsTheDemosCriticalFindingsThemselves() {
    open(site.httpIndex());
    long critical = report.findings().flaggedBySeverity().get(Severity.CRITICAL);
    long high = report.findings().flaggedBySeverity().get(Severity.HIGH);
    assertThat(critical).as("the demo flags critical findings").isPositive();

    List<WebElement> rows = driver.findElements(By.cssSelector("#top-findings-table tbody tr"));

    assertThat(rows).hasSize(report.topFindings().size());
    assertThat((long) report.topFindings().size()).isEqualTo(Math.min(TopFinding.LIMIT, critical + high));
    List<TopFinding> criticals = report.topFindings().stream()
        .filter(finding -> finding.severity() == Severity.CRITICAL).toList();
    assertThat((long) criticals.size()).isEqualTo(critical);
    for (int i = 0; i < criticals.size(); i++) {
      TopFinding finding = criticals.get(i);
      WebElement row = rows.get(i);
      assertThat(row.getAttribute("data-fingerprint")).isEqualTo(finding.fingerprint());
      assertThat(row.getText()).contains("Critical").contains(finding.title()).contains(finding.ruleId())
          .contains(finding.accountId()).contains(finding.scanner());
      if (finding.resourceId() != null) {
        assertThat(row.getText()).contains(finding.resourceId());
      }
      if (finding.region() != null) {
        assertThat(row.getText()).contains(finding.region());
      }
    }
    assertThat(driver.findElement(By.id("top-findings-summary")).getText()).contains(Long.toString(critical + high));
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void ownerFilter_narrowsAccountsAndFindingsToOneTeamAndBack() {
    open(site.httpIndex());
    Select owner = new Select(driver.findElement(By.id("owner-filter")));
    java.util.Map<String, AccountSummary> byKey = report.accounts().stream()
        .collect(Collectors.toMap(AccountSummary::key, row -> row));
    String team = report.topFindings().stream().map(finding -> byKey.get(finding.rowKey()))
        .filter(row -> row != null && row.labels().containsKey("team")
            && !row.labels().get("team").equals(FrontPageSite.HOSTILE_NAME))
        .map(row -> row.labels().get("team")).findFirst().orElseThrow();
    Set<String> teamRows = report.accounts().stream().filter(row -> team.equals(row.labels().get("team")))
        .map(AccountSummary::key).collect(Collectors.toCollection(TreeSet::new));

    owner.selectByValue("=" + team);

    assertThat(visibleKeys("accounts-table")).containsExactlyInAnyOrderElementsOf(teamRows);
    List<String> topKeys = visibleKeys("top-findings-table");
    assertThat(topKeys).isNotEmpty().allMatch(teamRows::contains);
    assertThat(topKeys).hasSize((int) report.topFindings().stream()
        .filter(finding -> teamRows.contains(finding.rowKey())).count());
    assertThat(visibleKeys("new-findings-table")).allMatch(teamRows::contains);
    assertThat(driver.findElement(By.id("owner-status")).getText()).contains(team);

    driver.findElement(By.id("account-filter")).sendKeys("prowler");
    assertThat(visibleKeys("accounts-table")).as("text and owner filters together")
        .containsExactlyInAnyOrderElementsOf(teamRows.stream().filter(key -> key.endsWith("/prowler")).toList());

    owner.selectByValue("");
    driver.findElement(By.id("account-filter")).clear();
    js("var input = document.getElementById('account-filter');"
        + " input.dispatchEvent(new Event('input', {bubbles: true}));");
    assertThat(visibleKeys("accounts-table")).hasSize(report.accounts().size());
    assertThat(visibleKeys("top-findings-table")).hasSize(report.topFindings().size());
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void findingsPage_overHttp_rendersTheGzipFindingsFileWithFilters() throws IOException {
    open(site.httpIndex());
    AccountSummary account = report.accounts(ScanStatus.SUCCEEDED).stream()
        .max(Comparator.comparingLong(row -> row.total().flaggedItems())).orElseThrow();
    List<Finding> findings = new ArrayList<>();
    FindingsFile.read(site.root().resolve(account.links().get("findings")), findings::add);
    long flagged = findings.stream().filter(Finding::flagged).count();
    long highOrWorse = findings.stream().filter(f -> f.flagged() && f.severity().compareTo(Severity.HIGH) <= 0)
        .count();
    assertThat(flagged).isPositive();

    driver.findElement(By.cssSelector("#accounts-table tr[data-key='" + account.key() + "'] a[href^='findings.html#']"))
        .click();
    waitForRead();

    assertThat(driver.getCurrentUrl()).contains("/findings.html#runs/");
    assertThat(driver.findElement(By.id("load-status")).getText()).isEqualTo(findings.size() + " findings read.");
    assertThat(bodyRows()).isEqualTo(Math.min(flagged, 500));
    assertThat(driver.findElement(By.id("match-count")).getText())
        .startsWith(flagged + " of " + findings.size() + " findings match");
    assertThat(driver.findElement(By.id("account")).getText()).contains(account.accountId());
    save("findings-page.png");

    new Select(driver.findElement(By.id("severity-filter"))).selectByValue("1");
    assertThat(bodyRows()).isEqualTo(Math.min(highOrWorse, 500));
    new Select(driver.findElement(By.id("status-filter"))).selectByValue("all");
    new Select(driver.findElement(By.id("severity-filter"))).selectByValue("");
    assertThat(bodyRows()).isEqualTo(Math.min(findings.size(), 500));
    Finding one = findings.stream().filter(Finding::flagged).findFirst().orElseThrow();
    driver.findElement(By.id("text-filter")).sendKeys(one.fingerprint());
    assertThat(bodyRows()).isEqualTo(1);
    assertThat(driver.findElement(By.cssSelector("#findings-body tr")).getText()).contains(one.title());
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void findingsPage_hostileTextInTheFile_isShownAsTextAndRunsNothing() {
    driver.get(site.httpIndex().resolve("findings.html#" + HOSTILE_FILE).toString());
    waitForRead();
    new Select(driver.findElement(By.id("status-filter"))).selectByValue("all");

    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElement(By.cssSelector("#findings-body tr")).getText()).contains(HOSTILE);
    assertThat((Long) js("return document.querySelectorAll('img, iframe, object, embed').length;")).isZero();
    assertThat((Long) js("return document.scripts.length;")).isEqualTo(1);
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void findingsPage_unsafeFragment_readsNothing() {
    for (String fragment : List.of("https://evil.example/x.jsonl.gz", "../../etc/passwd.jsonl.gz", "", "runs/x.txt")) {
      driver.get(site.httpIndex().resolve("findings.html").toString() + "#" + fragment);
      driver.navigate().refresh();

      assertThat(driver.findElement(By.id("load-status")).getText()).as(fragment)
          .startsWith("No findings file to show");
      assertThat((Long) js("return performance.getEntriesByType('resource').length;")).as(fragment).isZero();
    }
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void findingsPage_fromAFile_explainsAndOffersTheDownload() {
    String key = report.accounts(ScanStatus.SUCCEEDED).get(0).links().get("findings");
    URI page = URI.create(site.root().resolve("findings.html").toUri() + "#" + key);

    driver.get(page.toString());

    assertThat(driver.findElement(By.id("load-status")).getText()).contains("python3 -m http.server");
    WebElement download = driver.findElement(By.id("download-link"));
    assertThat(download.isDisplayed()).isTrue();
    assertThat(download.getAttribute("href")).endsWith(key);
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void screenshots_criticalListAndTrendsForTheReadme() throws IOException {
    open(site.httpIndex());
    driver.manage().window().setSize(new Dimension(1366, 1100));
    save("front-page-desktop.png");
    js("document.getElementById('top-findings-title').scrollIntoView();");
    save("front-page-critical.png");
    js("document.getElementById('trend-title').scrollIntoView();");
    save("front-page-trends.png");
    List<HistoryRow> history = site.history();
    assertThat(driver.findElements(By.cssSelector("#trend .x-label")).get(0).getText())
        .isEqualTo(history.get(0).generatedAt().toString().substring(0, 10));
    assertThat(consoleProblems()).isEmpty();
  }

  private void open(URI page) {
    driver.manage().window().setSize(new Dimension(1366, 1000));
    driver.get(page.toString());
    assertThat(driver.getTitle()).startsWith("Security posture");
  }

  private void waitForRead() {
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
      String status = d.findElement(By.id("load-status")).getText();
      return status.endsWith("findings read.") || d.findElement(By.id("load-status")).getAttribute("class")
          .equals("problem");
    });
    assertThat(driver.findElement(By.id("load-status")).getAttribute("class")).as("status: %s",
        driver.findElement(By.id("load-status")).getText()).isEqualTo("meta");
  }

  private long bodyRows() {
    return driver.findElements(By.cssSelector("#findings-body tr")).size();
  }

  private List<String> consoleProblems() {
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        problems.add(entry.getLevel() + " " + entry.getMessage());
      }
    }
    return problems;
  }

  private Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  private List<String> visibleKeys(String table) {
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) js("return Array.from(document.querySelectorAll('#' + arguments[0]"
        + " + ' tbody tr')).filter(row => !row.hidden).map(row => row.getAttribute('data-key'));", table);
    return keys;
  }

  private void save(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }
}
