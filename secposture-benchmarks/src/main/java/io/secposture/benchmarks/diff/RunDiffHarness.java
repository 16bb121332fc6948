package io.secposture.benchmarks.diff;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.StagedFile;
import io.secposture.core.FindingsFile;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.SiteLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Measures the run-to-run diff: how many findings per second {@code RunPublisher.compare} reads (the previous run's
 * flagged fingerprints and the current run's findings, both streamed from gzip), and the peak heap it needs.
 *
 * <p>Publishes a first run of {@code --rows} account rows of {@code --findings} findings each to a local site, writes
 * a second generation (a tenth of the flagged findings resolved, a tenth new; about 90% of findings flagged), then
 * compares the second with the first {@code --warmup} times unmeasured and {@code --iterations} times measured. The
 * peak heap is the sum of the heap pools' peaks during the measured comparisons (reset before each), an upper bound
 * of what was live at once. Run it with the shaded benchmarks jar and a small heap to see that memory follows the
 * largest row, not the run:
 *
 * <pre>{@code
 * ./mvnw -B -o -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -Xmx64m -XX:+UseSerialGC -cp secposture-benchmarks/target/benchmarks.jar \
 *     io.secposture.benchmarks.diff.RunDiffHarness --rows 50 --findings 200000
 * }</pre>
 *
 * <p>Options: {@code --rows N} (default 50), {@code --findings N} per row (default 200000), {@code --dir D} (work
 * folder, default {@code target/diff-bench}, emptied first), {@code --warmup N} (default 1), {@code --iterations N}
 * (default 3).
 */
public final class RunDiffHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");

  private RunDiffHarness() {
  }

  /**
   * Runs the measurement.
   *
   * @param args the options described on the class
   */
  public static void main(String[] args) {
    Map<String, String> options = options(args);
    int rows = Integer.parseInt(options.getOrDefault("rows", "50"));
    int perRow = Integer.parseInt(options.getOrDefault("findings", "200000"));
    Path dir = Path.of(options.getOrDefault("dir", "target/diff-bench"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
    int iterations = Integer.parseInt(options.getOrDefault("iterations", "3"));
    clean(dir);
    Plugins plugins = Plugins.discover();
    URI site = dir.resolve("site").toAbsolutePath().toUri();
    long generating = System.nanoTime();
    RunPublisher publisher = new RunPublisher(plugins);
    publisher.publish(outcome(dir, "gen-0", FIRST, 0, rows, perRow), site, Settings.empty());
    RunOutcome second = outcome(dir, "gen-1", FIRST.plus(Duration.ofDays(7)), 1, rows, perRow);
    long findings = 2L * rows * perRow;
    OUT.printf(Locale.ROOT, "%d rows x %d findings per run generated and published in %.1f s; %s %s, %d processors,"
        + " max heap %d MB%n", rows, perRow, (System.nanoTime() - generating) / 1e9,
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    List<Double> rates = new ArrayList<>();
    long peak = 0;
    for (int i = 0; i < warmup + iterations; i++) {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      long started = System.nanoTime();
      RunDiff diff = publisher.compare(second, site, Settings.empty()).report().diff();
      double seconds = (System.nanoTime() - started) / 1e9;
      long heap = peakHeap();
      boolean measured = i >= warmup;
      OUT.printf(Locale.ROOT, "%s %d: %.2f s, %.0f findings/s, peak heap %d MB (new %d, resolved %d, unchanged %d)%n",
          measured ? "iteration" : "warmup", measured ? i - warmup + 1 : i + 1, seconds, findings / seconds,
          heap >> 20, diff.total().added(), diff.total().resolved(), diff.total().unchanged());
      if (measured) {
        rates.add(findings / seconds);
        peak = Math.max(peak, heap);
      }
    }
    rates.sort(Double::compare);
    OUT.printf(Locale.ROOT, "median %.0f findings/s over %d iterations; peak heap %d MB%n",
        rates.get(rates.size() / 2), iterations, peak >> 20);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static RunOutcome outcome(Path dir, String runId, Instant at, int generation, int rows, int perRow) {
    Path runDirectory = dir.resolve("work").resolve(runId);
    List<AccountSummary> accounts = new ArrayList<>();
    List<StagedFile> files = new ArrayList<>();
    Severity[] severities = Severity.values();
    for (int r = 0; r < rows; r++) {
      String account = String.format(Locale.ROOT, "%012d", r);
      Path file = SiteLayout.scanDirectory(runDirectory, CloudProvider.AWS, account, "prowler")
          .resolve(FindingsFile.FILE_NAME);
      String key = SiteLayout.scanPrefix(runId, CloudProvider.AWS, account, "prowler") + FindingsFile.FILE_NAME;
      long written;
      try (FindingsFile.Writer writer = FindingsFile.create(file)) {
        Finding.Builder builder = Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account)
            .region("eu-west-1").service("s3");
        for (int i = 0; i < perRow; i++) {
          String rule = "s3_rule_" + (i % 300);
          writer.accept(builder.ruleId(rule).title("Title of " + rule).severity(severities[i % 5])
              .status(i % 10 != generation ? FindingStatus.FAIL : FindingStatus.PASS)
              .resourceId("arn:aws:s3:::bucket-" + i).description("bucket-" + i + " is not compliant with " + rule)
              .build());
        }
        written = writer.count();
      }
      files.add(new StagedFile(key, file, FindingsFile.MEDIA_TYPE));
      accounts.add(new AccountSummary(CloudProvider.AWS, account, "account-" + r, "prowler", ScanStatus.SUCCEEDED, 0,
          at, Duration.ofMinutes(5), null, new TreeMap<>(), new TreeMap<>(),
          new FindingTally(Map.of(), written, 0, 0, 0), new TreeMap<>(Map.of("findings", key)), List.of()));
    }
    PostureReport report = PostureReport.builder(runId, at).accounts(accounts).build();
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, runId, at, at, false, List.of(), List.of());
    return new RunOutcome(report, List.of(), manifest, files, runDirectory);
  }

  private static void clean(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; see the class documentation");
      }
      String name = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        options.put(name, args[++i]);
      } else {
        options.put(name, "true");
      }
    }
    return options;
  }
}
