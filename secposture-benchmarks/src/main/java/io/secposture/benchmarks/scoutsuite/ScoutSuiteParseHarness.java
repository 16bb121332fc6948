package io.secposture.benchmarks.scoutsuite;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import io.secposture.api.Severity;
import io.secposture.samples.SampleData;
import io.secposture.scoutsuite.ScoutSuiteParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Measures how fast a ScoutSuite results file is parsed and aggregated: MB/s and findings/s on one thread.
 *
 * <p>Generates a results file of the requested size once (with {@code SampleData}, kept for later runs), then
 * parses it {@code --warmup} times unmeasured and {@code --iterations} times measured, each time from disk into
 * the default aggregator's {@link Aggregation} when secposture-core provides one, otherwise into a tally that
 * counts findings by severity, service and rule as an aggregator would. Prints one line per iteration and a
 * summary with the median. Run it with the shaded benchmarks jar:
 *
 * <pre>{@code
 * ./mvnw -B -o -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -Xmx512m -cp secposture-benchmarks/target/benchmarks.jar \
 *     io.secposture.benchmarks.scoutsuite.ScoutSuiteParseHarness --size-mb 200 --iterations 5
 * # one core for everything, JIT and GC included:
 * taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx512m -cp ... ScoutSuiteParseHarness --size-mb 200
 * }</pre>
 *
 * <p>Options: {@code --size-mb N} (default 200), {@code --provider aws|azure|gcp} (default aws), {@code --dir D}
 * (where the generated file is kept, default {@code target/scoutsuite-bench}), {@code --warmup N} (default 2),
 * {@code --iterations N} (default 5), {@code --tally} (use the tally even when an aggregator exists).
 */
public final class ScoutSuiteParseHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private ScoutSuiteParseHarness() {
  }

  /**
   * Runs the measurement.
   *
   * @param args the options described on the class
   */
  public static void main(String[] args) {
    Map<String, String> options = options(args);
    long sizeMb = Long.parseLong(options.getOrDefault("size-mb", "200"));
    CloudProvider provider = CloudProvider.of(options.getOrDefault("provider", "aws"));
    Path dir = Path.of(options.getOrDefault("dir", "target/scoutsuite-bench"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
    int iterations = Integer.parseInt(options.getOrDefault("iterations", "5"));
    boolean forceTally = options.containsKey("tally");

    Path results = generate(dir, provider, sizeMb);
    double megabytes = size(results) / 1e6;
    Optional<Aggregator> aggregator = forceTally ? Optional.empty()
        : Optional.ofNullable(Plugins.discover().aggregators().get("default"));
    ReportParser parser = new ScoutSuiteParser();

    OUT.printf(Locale.ROOT, "file %s (%.1f MB), %s %s, %d available processors, max heap %d MB, sink %s%n",
        results, megabytes, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        aggregator.map(a -> "default aggregator (" + a.getClass().getName() + ")").orElse("tally"));
    List<Double> rates = new ArrayList<>();
    List<Double> findingRates = new ArrayList<>();
    for (int i = 0; i < warmup + iterations; i++) {
      long cpuBefore = cpuTime();
      long started = System.nanoTime();
      long findings = parseOnce(parser, results, aggregator);
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (cpuTime() - cpuBefore) / 1e9;
      boolean measured = i >= warmup;
      OUT.printf(Locale.ROOT, "%s %d: %.2f s (thread cpu %.2f s), %.1f MB/s, %.0f findings/s, %d findings%n",
          measured ? "iteration" : "warmup", measured ? i - warmup + 1 : i + 1, seconds, cpuSeconds,
          megabytes / seconds, findings / seconds, findings);
      if (measured) {
        rates.add(megabytes / seconds);
        findingRates.add(findings / seconds);
      }
    }
    OUT.printf(Locale.ROOT, "median %.1f MB/s, %.0f findings/s (best %.1f MB/s) over %d iterations%n",
        median(rates), median(findingRates), rates.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        iterations);
  }

  private static long parseOnce(ReportParser parser, Path results, Optional<Aggregator> aggregator) {
    if (aggregator.isPresent()) {
      Aggregation aggregation = aggregator.get().start(new RunInfo("bench", Instant.now()));
      long[] count = {0};
      FindingSink sink = aggregation.andThen(finding -> count[0]++);
      ParsedReport report = parser.parse(ReportSource.of(results), sink);
      aggregation.add(report);
      aggregation.finish();
      return count[0];
    }
    Tally tally = new Tally();
    ParsedReport report = parser.parse(ReportSource.of(results), tally);
    if (report.findings() != tally.findings) {
      throw new IllegalStateException("the parser reported " + report.findings() + " findings but streamed "
          + tally.findings);
    }
    return tally.findings;
  }

  /** Counts findings by severity, service and rule, as an aggregation does. */
  private static final class Tally implements FindingSink {
    long findings;
    final EnumMap<Severity, long[]> bySeverity = new EnumMap<>(Severity.class);
    final Map<String, long[]> byService = new HashMap<>();
    final Map<String, long[]> byRule = new HashMap<>();

    @Override
    public void accept(Finding finding) {
      findings++;
      if (finding.flagged()) {
        bySeverity.computeIfAbsent(finding.severity(), severity -> new long[1])[0]++;
      }
      byService.computeIfAbsent(finding.service(), service -> new long[1])[0]++;
      byRule.computeIfAbsent(finding.ruleId(), rule -> new long[1])[0]++;
    }
  }

  private static Path generate(Path dir, CloudProvider provider, long sizeMb) {
    Path target = dir.resolve(provider.id() + "-" + sizeMb + "mb");
    Path results = target.resolve("scoutsuite-results/scoutsuite_results_" + provider.id() + "-bench.js");
    if (Files.isRegularFile(results)) {
      return results;
    }
    OUT.printf(Locale.ROOT, "generating a %d MB %s results file in %s%n", sizeMb, provider, target);
    long started = System.nanoTime();
    Path written = SampleData.scoutSuite(target, provider, "bench", 7, 0, sizeMb * 1_000_000).get(0).file();
    OUT.printf(Locale.ROOT, "generated %.1f MB in %.1f s%n", size(written) / 1e6, (System.nanoTime() - started) / 1e9);
    return written;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long cpuTime() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    if (sorted.isEmpty()) {
      return 0;
    }
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options are --size-mb N,"
            + " --provider P, --dir D, --warmup N, --iterations N, --tally");
      }
      String name = args[i].substring(2);
      if (name.equals("tally")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return options;
  }
}
