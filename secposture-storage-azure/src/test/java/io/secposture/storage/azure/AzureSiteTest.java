package io.secposture.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.PublicAccessType;
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
 * Publishes a realistic site (ScoutSuite reports of three accounts) to a public container on Azurite and browses it
 * anonymously over HTTP, as a browser reads a {@code $web} static website: the front page and a raw ScoutSuite page
 * are fetched with their content types, and every relative link they hold must answer 200.
 */
@ExtendWith(AzuriteExtension.class)
class AzureSiteTest {
  private static final String PUBLIC_CONTAINER = "public-site";

  @TempDir
  Path temp;

  @Test
  void publishedSite_frontPageAndReportPages_linkOnlyToObjectsThatExist(Azurite azurite) throws Exception {
    BlobContainerClient container = azurite.service().getBlobContainerClient(PUBLIC_CONTAINER);
    if (!container.exists()) {
      container.create();
      container.setAccessPolicy(PublicAccessType.BLOB, null);
    }
    URI destination = URI.create("azblob://" + Azurite.ACCOUNT + "/" + PUBLIC_CONTAINER + "/security");
    SampleSite site = SampleSite.scoutSuite(temp, "run-site", 3, 17, Settings.empty());
    AzureBlobArtifactPublisher.builder().options(azurite.options()).build().publish(destination, site.publication());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = azurite.endpoint() + "/" + PUBLIC_CONTAINER + "/security/";
    HttpResponse<String> index = get(http, base + SiteLayout.INDEX);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("Cache-Control")).hasValue(SiteLayout.SHORT_CACHE);
    SortedSet<String> fromIndex = SiteLinks.relativeTargets(index.body(), SiteLayout.INDEX);
    assertThat(fromIndex).containsAll(site.pages()).contains(SiteLayout.LATEST_REPORT, SiteLayout.HISTORY);
    for (String key : fromIndex) {
      assertThat(get(http, base + key).statusCode()).as(key).isEqualTo(200);
    }

    String page = site.pages().get(2);
    HttpResponse<String> report = get(http, base + page);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    SortedSet<String> fromReport = SiteLinks.relativeTargets(report.body(), page);
    assertThat(fromReport).hasSizeGreaterThanOrEqualTo(3);
    for (String key : fromReport) {
      HttpResponse<String> asset = get(http, base + key);
      assertThat(asset.statusCode()).as(key).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
