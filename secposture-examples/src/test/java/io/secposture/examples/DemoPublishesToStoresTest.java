package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.secposture.core.SiteLayout;
import io.secposture.testkit.NodeTestServer;
import io.secposture.testkit.SiteLinks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The done-when of the publishers: {@code secposture.jar demo --publish s3://...} (and {@code gs://},
 * {@code azblob://}) publishes a site a browser can open from the store. Each test runs the job's {@code demo}
 * command against a real local server, then fetches {@code index.html} and a raw ScoutSuite report page over HTTP
 * from that server and checks that every relative link they hold answers 200.
 */
class DemoPublishesToStoresTest {
  private static final String ACCESS_KEY = "demo-access-key";
  private static final String SECRET_KEY = "demo-secret-key-5b1d9e";
  private static final String AZURITE_ACCOUNT = "devstoreaccount1";
  private static final String AZURITE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  @TempDir
  Path temp;

  @Test
  void demo_publishToS3_siteOpensFromTheBucket() throws Exception {
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
      URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      String output = demo("s3://reports/security/posture", "s3.endpoint=" + endpoint,
          "s3.access-key-id=" + ACCESS_KEY, "s3.secret-access-key=" + SECRET_KEY);
      assertThat(output).contains("front page: s3://reports/security/posture/index.html").doesNotContain(SECRET_KEY);
      try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
          .build()) {
        browse(key -> presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
            .getObjectRequest(g -> g.bucket("reports").key("security/posture/" + key))).url().toString());
      }
    } finally {
      proxy.stop();
    }
  }

  @Test
  void demo_publishToGcs_siteOpensFromTheBucket() throws Exception {
    Path data = Files.createDirectories(temp.resolve("gcs"));
    try (NodeTestServer server = NodeTestServer.start("gcs-emulator", "gcs-emulator.js",
        List.of("--host", "127.0.0.1", "--port", "0", "--data", data.toString(), "--exit-with-stdin"),
        Pattern.compile("GCS_EMULATOR_READY (?<url>http://\\S+)"),
        Map.of("TMPDIR", data.toString(), "XDG_CONFIG_HOME", data.toString()), Duration.ofSeconds(90))) {
      Storage storage = StorageOptions.http().setHost(server.uri().toString()).setProjectId("demo")
          .setCredentials(NoCredentials.getInstance()).build().getService();
      storage.create(BucketInfo.of("reports"));
      storage.close();
      String output = demo("gs://reports/posture", "gcs.endpoint=" + server.uri(), "gcs.project=demo",
          "gcs.anonymous=true");
      assertThat(output).contains("front page: gs://reports/posture/index.html");
      browse(key -> server.uri() + "/reports/posture/" + key);
    }
  }

  @Test
  void demo_publishToAzureBlob_siteOpensFromTheContainer() throws Exception {
    Path data = Files.createDirectories(temp.resolve("azurite"));
    try (NodeTestServer server = NodeTestServer.start("azurite", "azurite-blob.js",
        List.of("--silent", "--location", data.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--skipApiVersionCheck", "--disableTelemetry", "--exit-with-stdin"),
        Pattern.compile("successfully listens on (?<url>http://\\S+)"), Map.of("TMPDIR", data.toString()),
        Duration.ofSeconds(90))) {
      String endpoint = "http://127.0.0.1:" + server.port() + "/" + AZURITE_ACCOUNT;
      BlobContainerClient container = new BlobServiceClientBuilder().endpoint(endpoint)
          .credential(new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)).buildClient()
          .getBlobContainerClient("web");
      container.create();
      container.setAccessPolicy(PublicAccessType.BLOB, null);
      String output = demo("azblob://" + AZURITE_ACCOUNT + "/web/posture", "azure.endpoint=" + endpoint,
          "azure.account-key=" + AZURITE_KEY);
      assertThat(output).doesNotContain(AZURITE_KEY);
      browse(key -> endpoint + "/web/posture/" + key);
    }
  }

  /** Runs {@code demo --publish <destination>} with the given publisher settings; returns what it printed. */
  private String demo(String destination, String... publishOptions) throws Exception {
    List<String> args = new ArrayList<>(List.of("demo", "--accounts", "4", "--publish", destination,
        "--work-dir", Files.createTempDirectory(temp, "work").toString()));
    for (String option : publishOptions) {
      args.add("--publish-option");
      args.add(option);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args.toArray(String[]::new), Map.of(), new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  /** Fetches the front page and the first raw ScoutSuite page and every object they link to. */
  private static void browse(Function<String, String> urlOfKey) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> index = get(http, urlOfKey.apply(SiteLayout.INDEX));
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type").orElse("").replace(" ", "")).isEqualTo("text/html;charset=utf-8");
    SortedSet<String> fromIndex = SiteLinks.relativeTargets(index.body(), SiteLayout.INDEX);
    for (String key : fromIndex) {
      assertThat(get(http, urlOfKey.apply(key)).statusCode()).as("link %s of index.html", key).isEqualTo(200);
    }
    String page = fromIndex.stream().filter(key -> key.contains("/scoutsuite/") && key.endsWith(".html"))
        .findFirst().orElseThrow(() -> new AssertionError("the front page links no ScoutSuite report: " + fromIndex));
    HttpResponse<String> report = get(http, urlOfKey.apply(page));
    assertThat(report.statusCode()).isEqualTo(200);
    SortedSet<String> fromReport = SiteLinks.relativeTargets(report.body(), page);
    assertThat(fromReport).anyMatch(key -> key.contains("scoutsuite-results/scoutsuite_results_"))
        .anyMatch(key -> key.contains("/inc-scoutsuite/"));
    for (String key : fromReport) {
      assertThat(get(http, urlOfKey.apply(key)).statusCode()).as("link %s of %s", key, page).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
