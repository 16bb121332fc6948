package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import io.secposture.core.ReportJson;
import io.secposture.core.RunDiffer;
import io.secposture.core.SiteLayout;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.Test;

/**
 * The diff against a real object store: two demo runs published to S3 (S3Proxy in the JVM, with authentication)
 * compare through the S3 publisher's reads, with the same settings the publish used, and the {@code diff} command
 * reads the bucket too.
 */
class DiffOverS3Test {
  private static final String ACCESS_KEY = "diff-access-key";
  private static final String SECRET_KEY = "diff-secret-key-7c2e41";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String[] args(List<String> first, List<String> options) {
    List<String> all = new ArrayList<>(first);
    options.forEach(option -> {
      all.add("--publish-option");
      all.add(option);
    });
    return all.toArray(String[]::new);
  }

  private static int job(StringWriter out, StringWriter err, String... args) {
    return SecpostureJob.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void demoTwiceToS3_secondRunIsComparedAndTheDiffCommandReadsTheBucket() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    BlobStore blobs = BlobStores.create("transient", properties);
    blobs.createContainer("reports");
    S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).stopTimeout(0).build();
    proxy.start();
    try {
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(5);
      }
      String site = "s3://reports/security/posture";
      List<String> options = List.of("s3.endpoint=http://127.0.0.1:" + proxy.getPort(), "s3.region=us-east-1",
          "s3.access-key-id=" + ACCESS_KEY, "s3.secret-access-key=" + SECRET_KEY);
      for (int week = 1; week <= 2; week++) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = job(out, err, args(List.of("demo", "--publish", site, "--accounts", "6"), options));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("week " + week + " of their history").doesNotContain(SECRET_KEY);
        assertThat(err.toString()).doesNotContain(SECRET_KEY);
      }
      Settings settings = Settings.of(Map.of("s3.endpoint", "http://127.0.0.1:" + proxy.getPort(), "s3.region",
          "us-east-1", "s3.access-key-id", ACCESS_KEY, "s3.secret-access-key", SECRET_KEY));
      PostureReport latest;
      try (InputStream in = Plugins.discover().publisherFor(URI.create(site))
          .read(URI.create(site), SiteLayout.LATEST_REPORT, settings).orElseThrow()) {
        latest = ReportJson.read(in, site);
      }
      assertThat(latest.diff()).isNotNull();
      assertThat(latest.diff().total().added() + latest.diff().total().resolved()).isPositive();
      assertThat(latest.diff().newFindings()).isNotEmpty();
      assertThat(latest.accounts()).anySatisfy(row -> assertThat(row.links()).containsKey("resolved"));
      assertThat(blobs.blobExists("reports", "security/posture/" + latest.accounts().stream()
          .filter(row -> row.links().containsKey("resolved")).findFirst().orElseThrow().links().get("resolved")))
          .as("each compared row's %s is in the bucket", RunDiffer.RESOLVED_FILE_NAME).isTrue();

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = job(out, err, args(List.of("diff", site, "--json"), options));
      assertThat(exit).as(err.toString()).isZero();
      JsonNode printed = JSON.readTree(out.toString());
      assertThat(printed).isEqualTo(JSON.readTree(ReportJson.diffToBytes(latest.diff())));
      assertThat(err.toString()).doesNotContain(SECRET_KEY);
    } finally {
      proxy.stop();
    }
  }
}
