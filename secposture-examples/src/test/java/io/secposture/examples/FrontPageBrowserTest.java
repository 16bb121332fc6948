package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import io.secposture.core.HistoryRow;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The front page in a real browser: Debian's Chromium, headless, driven by chromedriver through Selenium, opening a
 * site published by the real pipeline over four weeks, both over loopback HTTP (as from a static bucket) and as a
 * local file. The page must load without console errors and load nothing else, show the report's numbers, filter and
 * sort its tables (by mouse and keyboard), show a hostile account name as text without running it, link only to
 * files that exist, and fit a phone's width. Screenshots land in {@code target/screenshots/}.
 *
 * <p>Chromium and chromedriver are required, not optional: without them this test fails and says how to install
 * them ({@code .ci/run} does). Nothing is downloaded: the driver and browser paths are given, so Selenium Manager is
 * never consulted, and the browser runs with background networking off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontPageBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Path temp;
  private FrontPageSite site;
  private PostureReport report;
  private List<HistoryRow> history;
  private ChromeDriver driver;

  @BeforeAll
  void startBrowserAndPublishTheSite() throws IOException {
    temp = Files.createTempDirectory("front-page-test");
    site = FrontPageSite.publish(temp);
    report = site.latest();
    history = site.history();
    driver = HeadlessChromium.start(temp.resolve("profile"));
  }

  @AfterAll
  void stop() throws IOException {
    HeadlessChromium.stop(driver, site, temp);
  }

  private void open(URI page) {
    driver.manage().window().setSize(new Dimension(1366, 1000));
    driver.get(page.toString());
    assertThat(driver.getTitle()).startsWith("Security posture · 2026-11-22 02:00 UTC");
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

  @Test
  void overHttp_loadsWithoutConsoleErrorsAndLoadsNothingElse() {
    open(site.httpIndex());

    assertThat(consoleProblems()).as("console warnings and errors").isEmpty();
    assertThat((Long) js("return performance.getEntriesByType('resource').length;"))
        .as("requests beyond the page itself (styles, scripts, fonts, images)").isZero();
    js("console.error('secposture-console-probe');");
    assertThat(consoleProblems()).as("the console is really read").anyMatch(line -> line.contains("console-probe"));
  }

  @Test
  void fromAFile_loadsWithoutConsoleErrorsAndItsScriptRuns() {
    open(site.fileIndex());

    assertThat(consoleProblems()).isEmpty();
    assertThat(driver.findElement(By.id("account-filter")).isDisplayed()).as("the script showed the filter").isTrue();
    assertThat(driver.findElements(By.cssSelector("#accounts-table th button.sort"))).isNotEmpty();
  }

  @Test
  void numbersOnThePage_matchTheReportAndHistory() {
    open(site.httpIndex());
    RunDiff diff = report.diff();

    assertThat(card("total-flagged")).isEqualTo(report.total().flaggedItems());
    assertThat(card("total-checked")).isEqualTo(report.total().checkedItems());
    assertThat(card("total-resources")).isEqualTo(report.total().resourcesCount());
    assertThat(card("total-critical-high")).isEqualTo(report.findings().flaggedBySeverity().get(Severity.CRITICAL)
        + report.findings().flaggedBySeverity().get(Severity.HIGH));
    assertThat(card("total-accounts-ok")).isEqualTo(report.accounts(ScanStatus.SUCCEEDED).size());
    assertThat(card("total-accounts-partial")).isEqualTo(report.accounts(ScanStatus.PARTIAL).size());
    assertThat(card("total-accounts-failed")).isEqualTo(report.accounts(ScanStatus.FAILED).size()
        + report.accounts(ScanStatus.TIMED_OUT).size());
    assertThat(card("total-new")).isEqualTo(diff.total().added() + diff.total().reopened());
    assertThat(card("total-resolved")).isEqualTo(diff.total().resolved());
    assertThat(driver.findElement(By.cssSelector("#total-flagged dd")).getText())
        .isEqualTo(String.format(Locale.ROOT, "%,d", report.total().flaggedItems()));
    for (Severity severity : Severity.values()) {
      String key = severity.name().toLowerCase(Locale.ROOT);
      assertThat(values("#severity-" + key + " td.num")).as(key)
          .containsExactly(report.findings().flaggedBySeverity().get(severity));
      RunDiff.Counts counts = diff.bySeverity().get(severity);
      assertThat(values("#changes-" + key + " td.num")).as("changes of %s", key).containsExactly(counts.added(),
          counts.reopened(), counts.resolved(), counts.unchanged(), counts.unknown());
    }
    RunDiff.Counts total = diff.total();
    assertThat(values("#changes-total td.num")).containsExactly(total.added(), total.reopened(), total.resolved(),
        total.unchanged(), total.unknown());
    assertThat(total.reopened()).as("four weeks of samples reopen some findings").isPositive();
    assertThat(rows("accounts-table")).hasSize(report.accounts().size());
    assertThat(rows("new-findings-table")).hasSize(diff.newFindings().size());
    assertThat(rows("runs")).hasSize(history.size()).hasSize(FrontPageSite.WEEKS);
    assertThat(driver.findElements(By.cssSelector("#not-compared li"))).hasSize(diff.notCompared().size());
    assertThat(driver.findElements(By.cssSelector("#trend polyline"))).hasSize(1);
    assertThat(driver.findElement(By.id("trend-summary")).getText()).startsWith(FrontPageSite.WEEKS + " runs from");
    for (AccountSummary row : report.accounts()) {
      WebElement tr = driver.findElement(By.cssSelector("#accounts-table tr[data-key='" + cssString(row.key())
          + "']"));
      assertThat(Long.parseLong(tr.findElements(By.cssSelector("td.num")).get(0).getAttribute("data-value")))
          .as("flagged of %s", row.key()).isEqualTo(row.total().flaggedItems());
    }
    for (CloudProvider provider : report.providers()) {
      assertThat(values("#provider-" + provider.id() + " td.num")).containsExactly(
          report.total(provider).checkedItems(), report.total(provider).flaggedItems(),
          report.total(provider).resourcesCount());
    }
  }

  @Test
  void needsAttention_showsEveryWarningOfEachTroubledScanUnderItsReason() {
    open(site.httpIndex());
    List<AccountSummary> troubled = report.accounts().stream().filter(row -> row.status() == ScanStatus.PARTIAL
        || row.status() == ScanStatus.FAILED || row.status() == ScanStatus.TIMED_OUT).toList();
    assertThat(troubled).as("the demo has partial scans with warnings")
        .anyMatch(row -> row.status() == ScanStatus.PARTIAL && !row.warnings().isEmpty());

    assertThat(driver.findElements(By.cssSelector(".attention > ul > li"))).hasSize(troubled.size());
    for (AccountSummary row : troubled) {
      WebElement item = driver.findElement(By.cssSelector(".attention li[data-attention-key='" + cssString(row.key())
          + "']"));
      assertThat(item.isDisplayed()).isTrue();
      List<String> shown = item.findElements(By.cssSelector("ul.warnings li")).stream().map(WebElement::getText)
          .toList();
      assertThat(shown).as("warnings of %s", row.key()).containsExactlyElementsOf(row.warnings());
      if (row.reason() != null) {
        assertThat(item.getText()).contains(row.reason());
      }
    }
  }

  @Test
  void filters_narrowTheTablesAndClearingRestoresThem() {
    open(site.httpIndex());
    WebElement filter = driver.findElement(By.id("account-filter"));
    AccountSummary one = report.accounts(ScanStatus.SUCCEEDED).get(0);

    filter.sendKeys(one.accountId());
    assertThat(visibleKeys("accounts-table")).containsExactly(one.key());
    assertThat(driver.findElement(By.id("account-count")).getText())
        .isEqualTo("1 of " + report.accounts().size() + " rows shown");

    filter.clear();
    filter.sendKeys("Partial");
    assertThat(visibleKeys("accounts-table")).containsExactlyElementsOf(report.accounts(ScanStatus.PARTIAL).stream()
        .map(AccountSummary::key).toList());

    filter.clear();
    filter.sendKeys("google   scoutsuite");
    assertThat(visibleKeys("accounts-table")).containsExactlyElementsOf(report.accounts().stream()
        .filter(row -> row.provider().equals(CloudProvider.GCP) && row.scanner().equals("scoutsuite"))
        .map(AccountSummary::key).toList());

    filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    assertThat(visibleKeys("accounts-table")).hasSize(report.accounts().size());

    WebElement services = driver.findElement(By.id("service-filter"));
    services.sendKeys("iam");
    long iam = report.providers().stream().filter(p -> report.services(p).containsKey("iam")).count();
    assertThat(driver.findElements(By.cssSelector("#services-table tbody tr")).stream()
        .filter(WebElement::isDisplayed).count()).isEqualTo(iam);
  }

  @Test
  void sorting_byMouseAndKeyboard_ordersTheRows() {
    open(site.httpIndex());
    WebElement flagged = driver.findElement(By.xpath("//table[@id='accounts-table']//th[normalize-space()='Flagged']"
        + "/button"));

    flagged.click();
    assertThat(driver.findElement(By.xpath("//table[@id='accounts-table']//th[normalize-space()='Flagged']"))
        .getAttribute("aria-sort")).isEqualTo("ascending");
    assertThat(columnValues("accounts-table", 4)).isSorted();

    js("arguments[0].focus();", flagged);
    assertThat(driver.switchTo().activeElement()).isEqualTo(flagged);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    List<Long> descending = columnValues("accounts-table", 4);
    assertThat(descending).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(descending.get(0)).isEqualTo(report.accounts().stream()
        .mapToLong(row -> row.total().flaggedItems()).max().orElseThrow());
  }

  @Test
  void hostileAccountName_isShownAsTextAndRunsNothing() {
    open(site.httpIndex());

    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat((Long) js("return document.querySelectorAll('img, iframe, object, embed').length;")).isZero();
    assertThat((Long) js("return document.scripts.length;")).as("only the page's own script").isEqualTo(1);
    WebElement row = driver.findElement(By.cssSelector("#accounts-table tr[data-key='aws/"
        + FrontPageSite.HOSTILE_ID + "/scoutsuite']"));
    assertThat(row.findElements(By.tagName("td")).get(2).getText()).contains(FrontPageSite.HOSTILE_NAME)
        .contains("team=" + FrontPageSite.HOSTILE_NAME);
    assertThat(driver.findElement(By.id("account-filter")).getAttribute("value")).isEmpty();
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void everyLink_pointsToAFileThatExists_overHttpAndOnDisk() throws Exception {
    open(site.httpIndex());
    @SuppressWarnings("unchecked")
    List<String> hrefs = (List<String>) js("return Array.from(document.querySelectorAll('a[href]'))"
        + ".map(a => a.getAttribute('href'));");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int files = 0;
    for (String href : hrefs) {
      if (href.startsWith("#")) {
        assertThat(driver.findElements(By.id(href.substring(1)))).as("in-page link %s", href).hasSize(1);
        continue;
      }
      if (href.startsWith("findings.html#")) {
        assertThat(site.root().resolve(href.substring("findings.html#".length()))).as("file of %s", href)
            .isRegularFile();
        href = "findings.html";
      }
      assertThat(href).as("relative link").doesNotContain(":").doesNotStartWith("/").doesNotContain("..");
      Path file = site.root().resolve(URLDecoder.decode(href, StandardCharsets.UTF_8));
      assertThat(file).as("link %s on disk", href).isRegularFile();
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(site.httpIndex().resolve(href))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as("HEAD %s", href).isEqualTo(200);
      files++;
    }
    assertThat(files).as("links to files").isGreaterThan(report.accounts().size());
    assertThat(hrefs).anyMatch(href -> href.endsWith("/findings.jsonl.gz"))
        .anyMatch(href -> href.matches("reports/report_2026-11-\\d\\d_2026-W\\d\\d\\.json"))
        .noneMatch(href -> href.endsWith("resolved.jsonl.gz"));
  }

  @Test
  void screenshots_desktopAndPhone_andThePhoneLayoutFitsItsWidth() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    open(site.httpIndex());
    driver.manage().window().setSize(new Dimension(1366, 1100));
    save("front-page-desktop.png");
    js("document.getElementById('changes-title').scrollIntoView();");
    save("front-page-changes.png");

    driver.manage().window().setSize(new Dimension(390, 844));
    driver.navigate().refresh();
    js("window.scrollTo(0, 0);");
    long innerWidth = (Long) js("return window.innerWidth;");
    assertThat(innerWidth).isLessThanOrEqualTo(400);
    // on failure, name the outermost elements that stick out
    Object tooWide = js("const wide = e => e && e.getBoundingClientRect().right > window.innerWidth + 1;"
        + " return Array.from(document.querySelectorAll('body *')).filter(e => wide(e) && !wide(e.parentElement))"
        + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className);");
    assertThat((Long) js("return document.documentElement.scrollWidth;"))
        .as("no sideways page scroll on a phone; too wide: %s", tooWide).isLessThanOrEqualTo(innerWidth);
    assertThat(driver.findElement(By.xpath("//table[@id='accounts-table']//th[normalize-space()='Checked']"))
        .isDisplayed()).as("less important columns hide on a phone").isFalse();
    save("front-page-phone.png");
    js("document.getElementById('changes-title').scrollIntoView();");
    save("front-page-phone-changes.png");
    assertThat(consoleProblems()).isEmpty();
  }

  private void save(String name) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  private long card(String id) {
    return Long.parseLong(driver.findElement(By.cssSelector("#" + id + " dd")).getAttribute("data-value"));
  }

  private List<Long> values(String css) {
    return driver.findElements(By.cssSelector(css)).stream()
        .map(cell -> Long.parseLong(cell.getAttribute("data-value"))).toList();
  }

  private List<WebElement> rows(String table) {
    return driver.findElements(By.cssSelector("#" + table + " tbody tr"));
  }

  private List<String> visibleKeys(String table) {
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) js("return Array.from(document.querySelectorAll('#' + arguments[0]"
        + " + ' tbody tr')).filter(row => !row.hidden).map(row => row.getAttribute('data-key'));", table);
    return keys;
  }

  private List<Long> columnValues(String table, int column) {
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) js("return Array.from(document.querySelectorAll('#' + arguments[0]"
        + " + ' tbody tr')).map(row => row.cells[arguments[1]].getAttribute('data-value'));", table, column);
    return values.stream().map(Long::parseLong).toList();
  }

  private static String cssString(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }
}
