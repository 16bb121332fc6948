package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.core.HistoryRow;
import java.io.IOException;
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
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The front page's compliance view in headless Chromium, on the site {@link FrontPageSite} publishes from four weekly
 * runs of the demo's stand-in scanners (whose Prowler and ScoutSuite outputs map checks to CIS and other frameworks):
 * the cards show the report's numbers and a trend, the requirement table filters (typed, and from a card's link) and
 * sorts, a failing requirement opens to its failing accounts with links to their findings files that exist (with
 * the script disabled too), nothing logs to the console, and the view fits a phone. Screenshots land in
 * {@code target/screenshots/} ({@code front-page-compliance.png} is the README's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontPageComplianceBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Path temp;
  private FrontPageSite site;
  private PostureReport report;
  private List<HistoryRow> history;
  private ChromeDriver driver;

  @BeforeAll
  void startBrowserAndPublishTheSite() throws IOException {
    temp = Files.createTempDirectory("front-page-compliance-test");
    site = FrontPageSite.publish(temp);
    report = site.latest();
    history = site.history();
    driver = HeadlessChromium.start(temp.resolve("profile"));
  }

  @AfterAll
  void stop() throws IOException {
    HeadlessChromium.stop(driver, site, temp);
  }

  @Test
  void demoSite_hasComplianceNumbersFromBothScanners() {
    assertThat(report.compliance()).as("the demo's samples map checks to frameworks").isNotEmpty();
    assertThat(report.compliance()).anyMatch(framework -> framework.framework().startsWith("CIS-"))
        .anyMatch(framework -> framework.failed() > 0 && framework.passed() > 0);
    assertThat(history).allMatch(row -> !row.compliance().isEmpty());
  }

  @Test
  void cards_showTheReportsPassRatesCountsAndTrends() {
    open(desktop());
    List<WebElement> cards = driver.findElements(By.cssSelector("#compliance-frameworks article.fw-card"));

    assertThat(cards).hasSize(report.compliance().size());
    for (int i = 0; i < cards.size(); i++) {
      FrameworkCompliance framework = report.compliance().get(i);
      WebElement card = cards.get(i);
      assertThat(card.getAttribute("data-framework")).isEqualTo(framework.framework());
      assertThat(card.getAttribute("data-provider")).isEqualTo(framework.provider().id());
      assertThat(number(card, ".fw-passed dd")).as("passed of %s", framework.framework())
          .isEqualTo(framework.passed());
      assertThat(number(card, ".fw-failed dd")).isEqualTo(framework.failed());
      assertThat(number(card, ".fw-manual dd")).isEqualTo(framework.manual());
      if (framework.passRate() != null) {
        assertThat(card.findElement(By.cssSelector(".fw-rate")).getText())
            .startsWith((long) Math.floor(framework.passRate() * 100 + 1e-9) + "%");
        long runs = history.stream().filter(row -> row.compliance().stream().anyMatch(rate ->
            rate.framework().equals(framework.framework()) && rate.provider().equals(framework.provider())
                && rate.passRate() != null)).count();
        assertThat(card.findElements(By.cssSelector("svg.fw-spark polyline"))).hasSize(runs >= 2 ? 1 : 0);
        if (runs >= 2) {
          assertThat(card.findElement(By.cssSelector("p.fw-trend")).getText()).startsWith(runs + " runs: ");
          assertThat(card.findElement(By.cssSelector("svg.fw-spark title")).getAttribute("textContent"))
              .startsWith(runs + " runs from");
        }
      }
    }
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void requirementTable_filtersSortsAndDrillsDownToFailingAccountsAndTheirFindings() throws Exception {
    open(desktop());
    FrameworkCompliance framework = report.compliance().stream().filter(f -> f.failed() > 0)
        .max(Comparator.comparingLong(FrameworkCompliance::failed)).orElseThrow();
    String provider = providerName(framework.provider());
    long total = report.compliance().stream().mapToLong(f -> f.requirements().size()).sum();
    assertThat(rowsOf(null)).hasSize((int) Math.min(500, total));

    // a card's link fills the filter with its framework and provider
    WebElement card = driver.findElement(By.cssSelector("#compliance-frameworks article[data-framework='"
        + framework.framework() + "'][data-provider='" + framework.provider().id() + "']"));
    card.findElement(By.cssSelector("a[data-compliance-filter]")).click();
    WebElement filter = driver.findElement(By.id("compliance-filter"));
    assertThat(filter.getAttribute("value")).isEqualTo(framework.framework() + " " + provider);
    List<String> visible = visibleRequirements();
    assertThat(visible).isNotEmpty().allMatch(key -> key.startsWith(framework.framework() + "|"
        + framework.provider().id() + "|"));
    assertThat(visible).hasSize(framework.requirements().size());
    assertThat(driver.findElement(By.id("compliance-filter-count")).getText())
        .isEqualTo(visible.size() + " of " + rowsOf(null).size() + " rows shown");

    // typing narrows further: failing requirements of that framework
    filter.sendKeys(" fails");
    List<String> failing = framework.requirements().stream().filter(r -> r.status() == FindingStatus.FAIL)
        .map(r -> framework.framework() + "|" + framework.provider().id() + "|" + r.id()).toList();
    assertThat(visibleRequirements()).containsExactlyInAnyOrderElementsOf(failing);

    // sorting by failing accounts, most first
    WebElement header = driver.findElement(By.xpath("//table[@id='compliance-requirements']//th[normalize-space()="
        + "'Failing accounts']/button"));
    header.click();
    header.click();
    List<Long> counts = visibleColumn(3);
    assertThat(counts).isSortedAccordingTo(Comparator.reverseOrder());

    // drill-down: the first visible failing requirement opens to the accounts where it fails
    WebElement row = driver.findElements(By.cssSelector("#compliance-requirements tbody tr")).stream()
        .filter(WebElement::isDisplayed).findFirst().orElseThrow();
    ComplianceRequirement requirement = framework.requirements().stream()
        .filter(r -> r.id().equals(row.getAttribute("data-requirement"))).findFirst().orElseThrow();
    WebElement details = row.findElement(By.cssSelector("details.drill"));
    WebElement list = details.findElement(By.tagName("ul"));
    assertThat(list.isDisplayed()).as("closed at first").isFalse();
    details.findElement(By.tagName("summary")).click();
    assertThat(list.isDisplayed()).isTrue();
    List<String> accounts = list.findElements(By.cssSelector("li[data-account]")).stream()
        .map(item -> item.getAttribute("data-account")).toList();
    assertThat(accounts).containsExactlyElementsOf(requirement.failingAccounts().subList(0,
        Math.min(6, requirement.failingAccounts().size())));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int findingsLinks = 0;
    for (WebElement item : list.findElements(By.cssSelector("li[data-account]"))) {
      String account = item.getAttribute("data-account");
      List<AccountSummary> scans = report.accounts().stream().filter(scan -> scan.provider()
          .equals(framework.provider()) && scan.accountId().equals(account)).toList();
      assertThat(item.getText()).contains(scans.get(0).name());
      for (WebElement link : item.findElements(By.cssSelector("a.cr-findings"))) {
        String relative = link.getDomAttribute("href");
        java.net.URI href = site.httpIndex().resolve(relative);
        assertThat(scans).as("findings link %s belongs to a scan of %s", relative, account)
            .anyMatch(scan -> relative.equals(scan.links().get("findings"))
                || relative.equals(scan.links().get("last_findings")));
        assertThat(site.root().resolve(URLDecoder.decode(relative, StandardCharsets.UTF_8))).isRegularFile();
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(href)
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as("HEAD %s", href).isEqualTo(200);
        findingsLinks++;
      }
    }
    assertThat(findingsLinks).isPositive();
    assertThat(consoleProblems()).as("console warnings and errors").isEmpty();

    driver.manage().window().setSize(new Dimension(1366, 1100));
    js("document.getElementById('compliance-title').scrollIntoView();");
    save("front-page-compliance.png");
    js("document.getElementById('compliance-requirements-title').scrollIntoView();");
    save("front-page-compliance-requirements.png");
  }

  @Test
  void phone_complianceViewFitsItsWidthWithADrillDownOpen() throws IOException {
    open(desktop());
    driver.manage().window().setSize(new Dimension(390, 844));
    driver.navigate().refresh();
    js("document.querySelector('#compliance-requirements details.drill').open = true;"
        + " document.querySelector('#compliance-frameworks details.drill').open = true;");
    long innerWidth = (Long) js("return window.innerWidth;");
    Object tooWide = js("const wide = e => e && e.getBoundingClientRect().right > window.innerWidth + 1;"
        + " return Array.from(document.querySelectorAll('#compliance-section *')).filter(e => wide(e)"
        + " && !wide(e.parentElement) && !e.closest('.table-wrap')).slice(0, 8)"
        + ".map(e => e.tagName + '#' + e.id + '.' + e.className);");
    assertThat((Long) js("return document.documentElement.scrollWidth;"))
        .as("no sideways page scroll on a phone; too wide: %s", tooWide).isLessThanOrEqualTo(innerWidth);
    assertThat(driver.findElement(By.xpath("//table[@id='compliance-requirements']//th[normalize-space()="
        + "'Flagged']")).isDisplayed()).as("less important columns hide on a phone").isFalse();
    js("document.getElementById('compliance-title').scrollIntoView();");
    save("front-page-phone-compliance.png");
    assertThat(consoleProblems()).isEmpty();
  }

  @Test
  void withoutJavaScript_theDrillDownStillOpensAndTheFilterStaysHidden() {
    driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", java.util.Map.of("value", true));
    try {
      open(desktop());
      assertThat(driver.findElement(By.id("compliance-filter")).isDisplayed()).as("no script, no filter").isFalse();
      assertThat(driver.findElements(By.cssSelector("#compliance-requirements th button.sort"))).isEmpty();
      WebElement details = driver.findElement(By.cssSelector("#compliance-requirements details.drill"));
      WebElement list = details.findElement(By.tagName("ul"));
      assertThat(list.isDisplayed()).isFalse();
      details.findElement(By.tagName("summary")).click();
      assertThat(list.isDisplayed()).as("a <details> opens without the script").isTrue();
      assertThat(list.findElements(By.cssSelector("a.cr-findings"))).isNotEmpty();
      assertThat(driver.findElements(By.cssSelector("#compliance-frameworks article.fw-card")))
          .hasSize(report.compliance().size());
    } finally {
      driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", java.util.Map.of("value", false));
    }
  }

  private java.net.URI desktop() {
    return site.httpIndex();
  }

  private void open(java.net.URI page) {
    driver.manage().window().setSize(new Dimension(1366, 1000));
    driver.get(page.toString());
    assertThat(driver.getTitle()).startsWith("Security posture · 2026-11-22 02:00 UTC");
  }

  private List<WebElement> rowsOf(String framework) {
    return driver.findElements(By.cssSelector("#compliance-requirements tbody tr" + (framework == null ? ""
        : "[data-framework='" + framework + "']")));
  }

  private List<String> visibleRequirements() {
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) js("return Array.from(document.querySelectorAll('#compliance-requirements"
        + " tbody tr')).filter(row => !row.hidden).map(row => row.getAttribute('data-framework') + '|'"
        + " + row.getAttribute('data-provider') + '|' + row.getAttribute('data-requirement'));");
    return keys;
  }

  private List<Long> visibleColumn(int column) {
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) js("return Array.from(document.querySelectorAll('#compliance-requirements"
        + " tbody tr')).filter(row => !row.hidden).map(row => row.cells[arguments[0]].getAttribute('data-value'));",
        column);
    return values.stream().map(Long::parseLong).toList();
  }

  private static long number(WebElement card, String css) {
    return Long.parseLong(card.findElement(By.cssSelector(css)).getAttribute("data-value"));
  }

  private static String providerName(CloudProvider provider) {
    switch (provider.id()) {
      case "aws": return "AWS";
      case "azure": return "Azure";
      case "gcp": return "Google Cloud";
      case "kubernetes": return "Kubernetes";
      default: return provider.id();
    }
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

  private void save(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    Files.write(SCREENSHOTS.resolve(name), png);
  }
}
