package io.secposture.benchmarks.publish;

import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.PublishResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.MediaTypes;
import io.secposture.core.SiteLayout;
import io.secposture.core.SitePublisher;
import io.secposture.samples.SampleData;
import io.secposture.storage.s3.S3ArtifactPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures publishing a realistic site to S3: secposture's {@link SitePublisher} (parallel, through
 * {@link S3ArtifactPublisher}) against a sequential loop of one {@code PutObject} at a time, which is what the
 * original job did ({@code for file in files: s3.put_object(...)}). Both run in the same JVM against the same S3Proxy,
 * in alternating rounds after a warm-up, and the harness prints the median of each.
 *
 * <p>The site: {@code --accounts} ScoutSuite report directories written by {@link SampleData#scoutSuite} (page,
 * results, exceptions, {@code inc-scoutsuite} assets), each completed with the {@code inc-*} library assets a real
 * ScoutSuite report ships (Bootstrap, jQuery, Font Awesome, Handlebars, the per-service partials), about 40 files
 * per account. S3Proxy runs in this JVM over an in-memory store; {@code --latency-ms} adds a delay to every write the
 * store takes, standing in for the round trip to a remote S3 (loopback has none, so the default {@code 0,20} runs
 * both). S3Proxy does not recognise the wrapped store, answers 501 to conditional writes and the publisher falls
 * back to emulated ones (one warning per publish; it changes one request of two thousand).
 *
 * <pre>
 * ./mvnw -B -q -pl secposture-benchmarks -am package -Pbench -DskipTests
 * java -cp secposture-benchmarks/target/benchmarks.jar io.secposture.benchmarks.publish.PublishBenchmark \
 *     --accounts 50 --rounds 3 --latency-ms 0,20
 * </pre>
 * Options: {@code --accounts N} (50), {@code --rounds N} (3),
 * {@code --latency-ms A,B} (0,20), {@code --concurrency N} (16).
 */
public final class PublishBenchmark {
  private static final String ACCESS_KEY = "bench-access-key";
  private static final String SECRET_KEY = "bench-secret-key-0123456789";
  private static final String BUCKET = "bench";
  /** Library assets a real ScoutSuite report directory carries: path and typical size. */
  private static final List<Map.Entry<String, Integer>> LIBRARY_ASSETS = List.of(
      Map.entry("inc-bootstrap/css/bootstrap.min.css", 121_200),
      Map.entry("inc-bootstrap/js/bootstrap.min.js", 37_000),
      Map.entry("inc-jquery/jquery.min.js", 87_500),
      Map.entry("inc-handlebars/handlebars.min.js", 74_000),
      Map.entry("inc-fontawesome/css/font-awesome.min.css", 31_000),
      Map.entry("inc-fontawesome/fonts/fontawesome-webfont.woff2", 77_160),
      Map.entry("inc-fontawesome/fonts/fontawesome-webfont.woff", 98_024),
      Map.entry("inc-fontawesome/fonts/fontawesome-webfont.ttf", 165_548),
      Map.entry("inc-fontawesome/fonts/fontawesome-webfont.svg", 444_379),
      Map.entry("inc-fontawesome/fonts/fontawesome-webfont.eot", 165_742),
      Map.entry("inc-scoutsuite/css/bootstrap-custom.css", 3_400),
      Map.entry("inc-scoutsuite/favicon.ico", 1_150),
      Map.entry("inc-scoutsuite/logo.png", 12_300));
  private static final String[] PARTIALS = {"account", "attack_surface", "cloudtrail", "config", "dashboard",
      "ec2", "elb", "elbv2", "emr", "iam", "kms", "lambda", "metadata", "rds", "redshift", "route53", "s3", "ses",
      "sns", "sqs", "summary", "vpc", "generic_object", "left_menu", "services_details"};

  private PublishBenchmark() {
  }

  /**
   * Runs the benchmark and prints the results.
   *
   * @param args the options described in the class documentation
   * @throws Exception if the site cannot be written or S3Proxy cannot start
   */
  public static void main(String[] args) throws Exception {
    // S3Proxy brings logback, unconfigured it logs every request at DEBUG: use slf4j-simple at WARN instead
    System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Map<String, String> options = options(args);
    int accounts = Integer.parseInt(options.getOrDefault("accounts", "50"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
    List<Integer> latencies = Arrays.stream(options.getOrDefault("latency-ms", "0,20").split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    PrintStream out = System.out;

    Path work = Files.createTempDirectory("publish-benchmark-");
    try {
      Site site = site(work, accounts);
      out.printf(Locale.ROOT, "site: %d accounts, %d files, %.1f MiB%n", accounts, site.files().size(),
          site.bytes() / 1048576.0);
      out.printf(Locale.ROOT, "%-12s %-22s %10s %10s %10s %9s%n", "latency", "method", "median s", "files/s",
          "MiB/s", "speedup");
      for (int latency : latencies) {
        run(out, site, latency, rounds, concurrency);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void run(PrintStream out, Site site, int latencyMillis, int rounds, int concurrency)
      throws Exception {
    BlobStore memory = BlobStores.create("transient", credentials());
    memory.createContainer(BUCKET);
    BlobStore store = latencyMillis == 0 ? memory : withWriteLatency(memory, latencyMillis);
    S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).stopTimeout(0).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build()) {
      S3ArtifactPublisher publisher = S3ArtifactPublisher.builder().options(Settings.of(Map.of(
          "s3.endpoint", endpoint.toString(), "s3.access-key-id", ACCESS_KEY, "s3.secret-access-key", SECRET_KEY,
          SitePublisher.CONCURRENCY, Integer.toString(concurrency)))).build();
      sequential(client, site, "warmup-seq");
      parallel(publisher, site, "warmup-par");
      List<Duration> sequentialTimes = new ArrayList<>();
      List<Duration> parallelTimes = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        sequentialTimes.add(sequential(client, site, "seq-" + round));
        parallelTimes.add(parallel(publisher, site, "par-" + round));
      }
      Duration sequential = median(sequentialTimes);
      Duration parallel = median(parallelTimes);
      String label = latencyMillis + " ms/write";
      print(out, label, "sequential PutObject", sequential, site, 1.0);
      print(out, label, "SitePublisher x" + concurrency, parallel, site,
          sequential.toNanos() / (double) parallel.toNanos());
    } finally {
      proxy.stop();
    }
  }

  /** The original job's way: one object at a time. */
  private static Duration sequential(S3Client client, Site site, String prefix) {
    long start = System.nanoTime();
    for (StagedFile file : site.files()) {
      client.putObject(put -> put.bucket(BUCKET).key(prefix + "/" + file.key()).contentType(file.mediaType()),
          RequestBody.fromFile(file.file()));
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Duration parallel(S3ArtifactPublisher publisher, Site site, String prefix) {
    long start = System.nanoTime();
    PublishResult result = publisher.publish(URI.create("s3://" + BUCKET + "/" + prefix), site.publication());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (result.objects() != site.files().size() + 4L) {
      throw new IllegalStateException("published " + result.objects() + " objects, expected "
          + (site.files().size() + 4));
    }
    return elapsed;
  }

  private static void print(PrintStream out, String latency, String method, Duration time, Site site,
      double speedup) {
    double seconds = time.toNanos() / 1e9;
    out.printf(Locale.ROOT, "%-12s %-22s %10.2f %10.0f %10.1f %8.1fx%n", latency, method, seconds,
        site.files().size() / seconds, site.bytes() / 1048576.0 / seconds, speedup);
  }

  /** A site to publish. */
  private record Site(Publication publication, List<StagedFile> files, long bytes) {
  }

  private static Site site(Path directory, int count) throws IOException {
    String runId = "bench-run";
    Instant generatedAt = Instant.parse("2026-11-22T02:00:00Z");
    List<StagedFile> files = new ArrayList<>();
    List<AccountSummary> rows = new ArrayList<>();
    Random random = new Random(42);
    int index = 0;
    for (CloudAccount account : SampleData.accounts(count, 7)) {
      CloudProvider provider = account.provider();
      Path output = Files.createDirectories(directory.resolve("scan-" + index));
      String prefix = SiteLayout.scanPrefix(runId, provider, account.id(), "scoutsuite");
      TreeMap<String, String> links = new TreeMap<>();
      for (Artifact artifact : SampleData.scoutSuite(output, provider, account.id(), 100 + index, 0, 0)) {
        String key = prefix + SiteLayout.relativePath(artifact.name());
        files.add(new StagedFile(key, artifact.file(), artifact.mediaType()));
        if (artifact.role() == io.secposture.api.ArtifactRole.HTML) {
          links.put("html", key);
        }
      }
      for (Map.Entry<String, Integer> asset : LIBRARY_ASSETS) {
        files.add(asset(output, prefix, asset.getKey(), asset.getValue(), random));
      }
      for (String partial : PARTIALS) {
        files.add(asset(output, prefix, "inc-scoutsuite/partials/" + provider.id() + "/services." + partial + ".js",
            1_500 + random.nextInt(9_000), random));
      }
      rows.add(new AccountSummary(provider, account.id(), account.name(), "scoutsuite", ScanStatus.SUCCEEDED, 0,
          generatedAt.minusSeconds(600), Duration.ofMinutes(8), null, new TreeMap<>(account.labels()),
          new TreeMap<>(Map.of("iam", new ServiceStats(120, 7, 40))), FindingTally.ZERO, links, List.of()));
      index++;
    }
    PostureReport report = PostureReport.builder(runId, generatedAt)
        .services(Map.of(CloudProvider.AWS, Map.of("iam", new ServiceStats(120L * count, 7L * count, 40L * count))))
        .accounts(rows).build();
    long bytes = 0;
    for (StagedFile file : files) {
      bytes += Files.size(file.file());
    }
    return new Site(new Publication(report, files, Settings.empty()), List.copyOf(files), bytes);
  }

  private static StagedFile asset(Path output, String prefix, String name, int size, Random random)
      throws IOException {
    Path file = output.resolve(name);
    Files.createDirectories(file.getParent());
    byte[] content = new byte[size];
    byte[] text = ("/* " + name + " */ function render(data) { return data.items.map(x => x.name); }\n")
        .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      content[i] = text[(i + random.nextInt(3)) % text.length];
    }
    Files.write(file, content);
    return new StagedFile(prefix + name, file, MediaTypes.forName(name));
  }

  /** Wraps a blob store so that every write waits first, like a store across a network. */
  private static BlobStore withWriteLatency(BlobStore target, int millis) {
    Set<String> writes = Set.of("putBlob", "uploadMultipartPart", "completeMultipartUpload", "copyBlob");
    InvocationHandler handler = (proxy, method, arguments) -> {
      if (writes.contains(method.getName())) {
        Thread.sleep(millis);
      }
      try {
        return method.invoke(target, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
        handler);
  }

  private static Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    return properties;
  }

  private static Duration median(List<Duration> times) {
    List<Duration> sorted = new ArrayList<>(times);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get(sorted.size() / 2);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: PublishBenchmark [--accounts N] [--rounds N] [--latency-ms A,B]"
            + " [--concurrency N]; got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
