package io.secposture.storage.s3;

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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Publishes a realistic site (ScoutSuite reports of three accounts) to S3Proxy and browses it over plain HTTP, as a
 * browser would from a bucket: the front page and a raw ScoutSuite page are fetched, and every relative link they
 * hold must answer 200. S3Proxy requires signed requests, so each URL is presigned (a public bucket is the same GET
 * without the signature).
 */
class S3SiteTest {
  @TempDir
  Path temp;

  @Test
  void publishedSite_frontPageAndReportPages_linkOnlyToObjectsThatExist() throws Exception {
    S3TestServer server = S3TestServer.shared();
    URI destination = S3TestServer.newSite();
    SampleSite site = SampleSite.scoutSuite(temp, "run-site", 3, 11, Settings.empty());
    S3ArtifactPublisher.builder().options(server.options()).build().publish(destination, site.publication());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY,
            S3TestServer.SECRET_KEY))).build()) {
      String prefix = destination.getPath().substring(1) + "/";
      HttpResponse<String> index = get(http, presigner, prefix + SiteLayout.INDEX);
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type").map(type -> type.replace(" ", "")))
          .hasValue("text/html;charset=utf-8");
      SortedSet<String> fromIndex = SiteLinks.relativeTargets(index.body(), SiteLayout.INDEX);
      assertThat(fromIndex).containsAll(site.pages()).contains(SiteLayout.LATEST_REPORT, SiteLayout.HISTORY);
      for (String key : fromIndex) {
        assertThat(get(http, presigner, prefix + key).statusCode()).as(key).isEqualTo(200);
      }

      String page = site.pages().get(0);
      HttpResponse<String> report = get(http, presigner, prefix + page);
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.headers().firstValue("Content-Type").map(type -> type.replace(" ", "")))
          .hasValue("text/html;charset=utf-8");
      SortedSet<String> fromReport = SiteLinks.relativeTargets(report.body(), page);
      assertThat(fromReport).hasSizeGreaterThanOrEqualTo(3);
      for (String key : fromReport) {
        assertThat(get(http, presigner, prefix + key).statusCode()).as(key).isEqualTo(200);
      }
    }
  }

  private static HttpResponse<String> get(HttpClient http, S3Presigner presigner, String objectKey)
      throws IOException, InterruptedException, java.net.URISyntaxException {
    URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(g -> g.bucket(S3TestServer.BUCKET).key(objectKey))).url().toURI();
    return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
