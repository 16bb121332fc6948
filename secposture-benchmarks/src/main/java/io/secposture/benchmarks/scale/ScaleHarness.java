package io.secposture.benchmarks.scale;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.samples.SampleData;
import io.secposture.scoutsuite.ScoutSuiteScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures how close the pipeline comes to the ideal wall time when it scans many accounts at once: N stand-in
 * accounts whose every scan takes a fixed time (default 500 accounts, 200 ms each, 25 at a time: ideal
 * {@code 500 x 0.2 s / 25 = 4 s}), each writing a generated ScoutSuite results file that the pipeline then parses,
 * aggregates and writes to its findings file. Prints the wall time of each run against the ideal (target: within
 * 1.25x) and the heap used before the runs, after each run and after a full GC, so flat memory shows.
 *
 * <p>Two kinds of stand-in:
 * <ul>
 *   <li>{@code --mode in-process} (default): a {@link Scanner} in the JVM that copies a generated ScoutSuite report
 *   (one per provider, made by {@link SampleData} before timing starts) into its output directory and sleeps for
 *   the rest of the scan time;</li>
 *   <li>{@code --mode process}: the real {@link ScoutSuiteScanner} running a stand-in {@code scout} bash script
 *   that sleeps for the scan time and copies the same report, so process start, log capture and the runner's
 *   process-tree handling are measured too.</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -B -o -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -Xmx256m -cp secposture-benchmarks/target/benchmarks.jar io.secposture.benchmarks.scale.ScaleHarness
 * java -Xmx256m -cp ... ScaleHarness --mode process --accounts 500 --concurrency 25 --scan-ms 200 --runs 3
 * }</pre>
 *
 * <p>Options: {@code --accounts N} (500), {@code --concurrency N} (25), {@code --scan-ms N} (200),
 * {@code --mode in-process|process}, {@code --runs N} measured runs (3), {@code --warmup N} unmeasured runs (1),
 * {@code --results-kb N} approximate size of each results file (0: a realistic ~100 KB one), {@code --dir D} (work
 * folder, default {@code target/scale-bench}; each run's folder is deleted after it).
 */
public final class ScaleHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final List<CloudProvider> PROVIDERS = List.of(CloudProvider.AWS, CloudProvider.AZURE,
      CloudProvider.GCP);

  private ScaleHarness() {
  }

  /**
   * Runs the measurement.
   *
   * @param args the options described on the class
   * @throws IOException if the work folder cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    int accounts = Integer.parseInt(options.getOrDefault("accounts", "500"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "25"));
    Duration scanTime = Duration.ofMillis(Long.parseLong(options.getOrDefault("scan-ms", "200")));
    String mode = options.getOrDefault("mode", "in-process");
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
    long resultsBytes = Long.parseLong(options.getOrDefault("results-kb", "0")) * 1024;
    Path dir = Path.of(options.getOrDefault("dir", "target/scale-bench")).toAbsolutePath();
    if (!mode.equals("in-process") && !mode.equals("process")) {
      throw new IllegalArgumentException("--mode is in-process or process, got '" + mode + "'");
    }

    Files.createDirectories(dir);
    Map<CloudProvider, Path> templates = templates(dir.resolve("templates"), resultsBytes);
    Plugins plugins = Plugins.discover();
    Scanner scanner;
    Settings scannerOptions = Settings.empty();
    if (mode.equals("process")) {
      scanner = plugins.scanner(ScoutSuiteScanner.NAME);
      Path scout = standInScout(dir.resolve("bin"), templates, scanTime);
      scannerOptions = Settings.of(Map.of("scoutsuite.executable", scout.toString()));
    } else {
      scanner = new StandInScanner(templates, scanTime);
      plugins = plugins.with(scanner);
    }
    List<CloudAccount> inventory = accounts(accounts, scanner.name());
    double ideal = accounts * (scanTime.toMillis() / 1000.0) / concurrency;
    OUT.printf(Locale.ROOT, "%d accounts, %d ms per scan, %d at a time (%s stand-in): ideal %.2f s; %s %s, %d"
        + " available processors, max heap %d MB%n", accounts, scanTime.toMillis(), concurrency, mode, ideal,
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    OUT.printf(Locale.ROOT, "heap used before: %s%n", heap());

    Pipeline pipeline = Pipeline.builder(plugins).concurrency(concurrency).scanTimeout(Duration.ofMinutes(5))
        .defaultScanners(List.of(scanner.name())).scannerOptions(scannerOptions).heartbeat(Duration.ZERO)
        .workDirectory(dir.resolve("work")).build();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      String runId = "scale-" + Instant.now().toEpochMilli() + "-" + i;
      long cpuBefore = processCpu();
      long started = System.nanoTime();
      RunOutcome outcome = pipeline.run(runId, inventory);
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpu = (processCpu() - cpuBefore) / 1e9;
      String usedAfter = heap();
      boolean measured = i >= warmup;
      long succeeded = outcome.count(ScanStatus.SUCCEEDED);
      if (succeeded != accounts) {
        OUT.printf(Locale.ROOT, "warning: only %d of %d scans succeeded: %s%n", succeeded, accounts, outcome);
      }
      System.gc();
      OUT.printf(Locale.ROOT, "%s %d: %.2f s = %.2fx ideal; JVM cpu %.2f s (%.1f ms per scan); %d scans"
          + " succeeded, %d findings flagged; heap used after the run %s, after GC %s%n", measured ? "run" : "warmup",
          measured ? i - warmup + 1 : i + 1, seconds, seconds / ideal, cpu, cpu * 1000 / accounts, succeeded,
          outcome.report().findings().flagged(), usedAfter, heap());
      if (measured) {
        ratios.add(seconds / ideal);
      }
      deleteRecursively(outcome.runDirectory());
    }
    ratios.sort(Double::compare);
    double median = ratios.isEmpty() ? 0 : ratios.get(ratios.size() / 2);
    OUT.printf(Locale.ROOT, "median %.2fx ideal (%.2f s against %.2f s), best %.2fx; target 1.25x: %s; peak heap"
        + " %s%n", median, median * ideal, ideal, ratios.isEmpty() ? 0 : ratios.get(0),
        median <= 1.25 ? "met" : "MISSED", peakHeap());
  }

  /** An in-process stand-in: copies a generated report and sleeps for the rest of the scan time. */
  static final class StandInScanner implements Scanner {
    private final Map<CloudProvider, Path> templates;
    private final Duration scanTime;

    StandInScanner(Map<CloudProvider, Path> templates, Duration scanTime) {
      this.templates = templates;
      this.scanTime = scanTime;
    }

    @Override
    public String name() {
      return "standin";
    }

    @Override
    public Set<CloudProvider> providers() {
      return templates.keySet();
    }

    @Override
    public ScanResult scan(ScanRequest request) {
      long started = System.nanoTime();
      Instant startedAt = Instant.now();
      Path results = request.outputDirectory().resolve("scoutsuite-results")
          .resolve("scoutsuite_results_" + request.account().provider().id() + "-" + request.account().id() + ".js");
      try {
        Files.createDirectories(results.getParent());
        Files.copy(templates.get(request.account().provider()), results);
        long left = scanTime.toNanos() - (System.nanoTime() - started);
        if (left > 0) {
          Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ScanResult.builder(name(), request.account(), ScanStatus.FAILED).reason("interrupted").build();
      }
      return ScanResult.builder(name(), request.account(), ScanStatus.SUCCEEDED).exitCode(0).startedAt(startedAt)
          .duration(Duration.ofNanos(System.nanoTime() - started))
          .artifact(new Artifact(results, "scoutsuite-results/" + results.getFileName(), "application/javascript",
              ArtifactRole.RESULTS))
          .build();
    }
  }

  private static Map<CloudProvider, Path> templates(Path dir, long resultsBytes) {
    Map<CloudProvider, Path> templates = new HashMap<>();
    for (CloudProvider provider : PROVIDERS) {
      Path report = dir.resolve(provider.id() + "-" + resultsBytes);
      Path results;
      if (Files.isDirectory(report)) {
        try (Stream<Path> files = Files.list(report.resolve("scoutsuite-results"))) {
          results = files.filter(file -> file.getFileName().toString().startsWith("scoutsuite_results_"))
              .findFirst().orElseThrow();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        results = SampleData.scoutSuite(report, provider, "template", 11, 0, resultsBytes).get(0).file();
      }
      templates.put(provider, results);
    }
    templates.forEach((provider, file) -> OUT.printf(Locale.ROOT, "template %s: %s (%d KB)%n", provider, file,
        size(file) / 1024));
    return templates;
  }

  private static Path standInScout(Path dir, Map<CloudProvider, Path> templates, Duration scanTime)
      throws IOException {
    StringBuilder script = new StringBuilder("#!/usr/bin/env bash\n")
        .append("# stand-in for ScoutSuite's scout: sleeps, then writes a generated report\n")
        .append("provider=\"$1\"; shift; report_dir=; report_name=\n")
        .append("while [ $# -gt 0 ]; do case \"$1\" in\n")
        .append("  --report-dir) report_dir=\"$2\"; shift 2;;\n")
        .append("  --report-name) report_name=\"$2\"; shift 2;;\n")
        .append("  *) shift;;\nesac; done\n")
        .append("printf '%(%Y-%m-%d %H:%M:%S)T standin scout[%d] INFO Launching Scout\\n' -1 $$ >&2\n")
        .append(String.format(Locale.ROOT, "sleep %.3f%n", scanTime.toMillis() / 1000.0))
        .append("mkdir -p \"$report_dir/scoutsuite-results\"\n")
        .append("case \"$provider\" in\n");
    templates.forEach((provider, file) -> script.append("  ").append(provider.id()).append(") cp '").append(file)
        .append("' \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\";;\n"));
    script.append("esac\nexit 0\n");
    Files.createDirectories(dir);
    Path scout = dir.resolve("scout");
    Files.writeString(scout, script);
    Files.setPosixFilePermissions(scout, PosixFilePermissions.fromString("rwx------"));
    return scout;
  }

  private static List<CloudAccount> accounts(int count, String scanner) {
    List<CloudAccount> accounts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CloudProvider provider = PROVIDERS.get(i % PROVIDERS.size());
      String id = provider.equals(CloudProvider.AWS) ? String.format(Locale.ROOT, "%012d", 100_000_000_000L + i)
          : provider.equals(CloudProvider.AZURE) ? String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", i)
          : String.format(Locale.ROOT, "project-%05d", i);
      accounts.add(CloudAccount.builder(provider, id).name("bench-" + i).scanners(List.of(scanner)).build());
    }
    return accounts;
  }

  private static long processCpu() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static String heap() {
    Runtime runtime = Runtime.getRuntime();
    return ((runtime.totalMemory() - runtime.freeMemory()) >> 20) + " MB";
  }

  private static String peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return (peak >> 20) + " MB (sum of pool peaks)";
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder and what it holds, if it exists; also used by {@link JobVsBareHarness}. */
  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options are --accounts N,"
            + " --concurrency N, --scan-ms N, --mode in-process|process, --runs N, --warmup N, --results-kb N,"
            + " --dir D, each with a value");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
