package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The headless Chromium the front-page browser tests drive: Debian's {@code chromium} and {@code chromedriver}
 * (or the paths in the system properties {@code secposture.chromium} and {@code secposture.chromedriver}), started
 * with no network of its own, a fresh profile, a 1366x1000 window and the browser console logged.
 */
final class HeadlessChromium {
  private static final String CHROMIUM = System.getProperty("secposture.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("secposture.chromedriver", "/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /**
   * Starts the browser, failing with what to install when it is missing.
   *
   * @param profile the folder for the browser's profile, made for this test
   * @return the driver; the caller quits it
   */
  static ChromeDriver start(Path profile) {
    assertThat(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as("the front-page test needs Chromium and its driver at %s and %s; on Debian or Ubuntu run"
            + " 'sudo apt-get install -y chromium chromium-driver' (CI's .ci/run does), or point the system properties"
            + " secposture.chromium and secposture.chromedriver at them", CHROMIUM, CHROMEDRIVER)
        .isTrue();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1366,1000");
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriver driver = new ChromeDriver(options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /**
   * Quits the browser, closes the site's server and deletes the test's folder; each may be null (set-up failed).
   *
   * @param driver the browser
   * @param site the published site
   * @param temp the test's folder
   * @throws IOException if the folder cannot be listed
   */
  static void stop(ChromeDriver driver, FrontPageSite site, Path temp) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (site != null) {
      site.close();
    }
    if (temp != null) {
      try (Stream<Path> files = Files.walk(temp)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
