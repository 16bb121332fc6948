package io.secposture.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Settings;
import io.secposture.core.SiteLayout;
import io.secposture.testkit.SampleSite;
import io.secposture.testkit.SiteLinks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes a realistic site (ScoutSuite reports of three accounts) to the GCS emulator and browses it over plain
 * HTTP at {@code <host>/<bucket>/<object>}, the form of a public object URL: the front page and a raw ScoutSuite
 * page are fetched, and every relative link they hold must answer 200.
 */
@ExtendWith(GcsEmulatorExtension.class)
class GcsSiteTest {
  @TempDir
  Path temp;

  @Test
  void publishedSite_frontPageAndReportPages_linkOnlyToObjectsThatExist(GcsEmulator emulator) throws Exception {
    URI destination = GcsEmulator.newSite();
    SampleSite site = SampleSite.scoutSuite(temp, "run-site", 3, 13, Settings.empty());
    GcsArtifactPublisher.builder().options(emulator.options()).build().publish(destination, site.publication());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = emulator.endpoint() + "/" + GcsEmulator.BUCKET + destination.getPath() + "/";
    HttpResponse<String> index = get(http, base + SiteLayout.INDEX);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    SortedSet<String> fromIndex = SiteLinks.relativeTargets(index.body(), SiteLayout.INDEX);
    assertThat(fromIndex).containsAll(site.pages()).contains(SiteLayout.LATEST_REPORT, SiteLayout.HISTORY);
    for (String key : fromIndex) {
      assertThat(get(http, base + key).statusCode()).as(key).isEqualTo(200);
    }

    String page = site.pages().get(1);
    HttpResponse<String> report = get(http, base + page);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    SortedSet<String> fromReport = SiteLinks.relativeTargets(report.body(), page);
    assertThat(fromReport).hasSizeGreaterThanOrEqualTo(3);
    for (String key : fromReport) {
      assertThat(get(http, base + key).statusCode()).as(key).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
