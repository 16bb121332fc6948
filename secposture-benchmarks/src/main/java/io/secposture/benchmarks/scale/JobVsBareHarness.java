package io.secposture.benchmarks.scale;

import io.secposture.api.CloudProvider;
import io.secposture.benchmarks.ProcStat;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares the job with the bare scanner processes it runs: the job jar scanning N stand-in accounts
 * ({@code java -jar secposture.jar run --accounts-file ... --concurrency C --publish <folder>}), each through a
 * stand-in {@code scout} bash script that sleeps for the scan time and copies a generated ScoutSuite results file,
 * against the same N stand-ins started bare by {@code xargs -P C} and by a pool of C Java threads each starting one
 * with {@link ProcessBuilder} (output to files) and waiting for it. The modes alternate, round after round, in one
 * run, so a machine shared with other work slows them alike.
 *
 * <p>For each mode it prints the wall time and the CPU time per scan: the processes' own (user + system, from the
 * harness's {@code /proc/self/stat} children times, which count every waited-for descendant) and, for the job, how
 * much of that is the JVM itself (sampled from {@code /proc/<pid>/stat} until it exits) and, with
 * {@code --threads true}, which of its threads spent it (compiler, GC, the scan threads, the log pumps, ...).
 * The bare xargs run is the practical limit; the line to watch is {@code job / xargs}.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl secposture-examples -am package -DskipTests          # the job jar
 * ./mvnw -B -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -cp secposture-benchmarks/target/benchmarks.jar io.secposture.benchmarks.scale.JobVsBareHarness \
 *     --accounts 200 --concurrency 25 --scan-ms 200 --rounds 3
 * }</pre>
 *
 * <p>Options: {@code --accounts N} (200), {@code --concurrency N} (25), {@code --scan-ms N} (200),
 * {@code --results-kb N} (70), {@code --rounds N} (3, after one unmeasured warm-up round of each mode),
 * {@code --jar PATH} ({@code secposture-examples/target/secposture.jar}), {@code --java-options "..."} (JVM options
 * for the job, space-separated), {@code --tuned-options "..."} (a second job mode, {@code tuned}, with these JVM
 * options instead, to weigh JVM settings in the same run), {@code --base-jar PATH} (a third job mode, {@code base},
 * running another build of the job, to weigh a change in the same run), {@code --modes job,xargs,java} (which to
 * run; {@code launcher} adds the job started by its launcher script, {@code secposture} beside the jar or
 * {@code --launcher PATH}, with the launcher's JVM options and class data sharing archive), {@code --threads true|false}
 * (per-thread CPU of the job), {@code --dir D} ({@code target/job-vs-bare}).
 */
public final class JobVsBareHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  /** Milliseconds per tick of {@code /proc/<pid>/stat} times. */
  private static final double TICK_MS = 1000 / ProcStat.TICKS_PER_SECOND;

  private JobVsBareHarness() {
  }

  /** One measured round of one mode. */
  private record Round(double wallSeconds, double childCpuMs, double jvmCpuMs, Map<String, Double> threadMs) {
  }

  /**
   * Runs the comparison.
   *
   * @param args the options described on the class
   * @throws Exception if the work folder cannot be written or a process cannot be started
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int accounts = Integer.parseInt(options.getOrDefault("accounts", "200"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "25"));
    long scanMs = Long.parseLong(options.getOrDefault("scan-ms", "200"));
    long resultsKb = Long.parseLong(options.getOrDefault("results-kb", "70"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    Path jar = Path.of(options.getOrDefault("jar", "secposture-examples/target/secposture.jar")).toAbsolutePath();
    List<String> javaOptions = options.getOrDefault("java-options", "").isBlank() ? List.of()
        : List.of(options.get("java-options").trim().split("\\s+"));
    List<String> tunedOptions = options.getOrDefault("tuned-options", "").isBlank() ? List.of()
        : List.of(options.get("tuned-options").trim().split("\\s+"));
    List<String> modes = new ArrayList<>(List.of(options.getOrDefault("modes", "job,xargs,java").split(",")));
    if (!tunedOptions.isEmpty() && !modes.contains("tuned")) {
      modes.add(1, "tuned");
    }
    Path baseJar = options.containsKey("base-jar") ? Path.of(options.get("base-jar")).toAbsolutePath() : null;
    Path launcher = Path.of(options.getOrDefault("launcher", jar.resolveSibling("secposture").toString()))
        .toAbsolutePath();
    if (modes.contains("launcher") && !Files.isExecutable(launcher)) {
      throw new IllegalArgumentException("no launcher at " + launcher + "; build the job (it is written beside the"
          + " jar) or pass --launcher");
    }
    if (baseJar != null && !modes.contains("base")) {
      modes.add(0, "base");
    }
    boolean threads = Boolean.parseBoolean(options.getOrDefault("threads", "false"));
    Path dir = Path.of(options.getOrDefault("dir", "target/job-vs-bare")).toAbsolutePath();
    if (modes.contains("job") && !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no job jar at " + jar + "; build it (see the class javadoc) or pass --jar");
    }

    Files.createDirectories(dir);
    Path template = template(dir.resolve("template"), resultsKb * 1024);
    Path scout = standInScout(dir.resolve("bin"), template, scanMs);
    Path inventory = inventory(dir.resolve("accounts.yaml"), accounts, scout);
    Path argsFile = xargsInput(dir.resolve("xargs-input"), dir.resolve("bare"), accounts);
    double ideal = accounts * scanMs / 1000.0 / concurrency;
    OUT.printf(Locale.ROOT, "%d accounts, %d ms per scan, %d at a time, results file %d KB: ideal %.2f s; %d"
        + " processors; job JVM options %s; %s%n", accounts, scanMs, concurrency, Files.size(template) / 1024, ideal,
        Runtime.getRuntime().availableProcessors(), javaOptions.isEmpty() ? "(none)" : javaOptions, jar);

    Map<String, List<Round>> measured = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      for (String mode : modes) {
        Round result = switch (mode) {
          case "job" -> job(jar, javaOptions, inventory, dir, concurrency, threads);
          case "launcher" -> job(launcherCommand(launcher), inventory, dir, concurrency, threads);
          case "tuned" -> job(jar, tunedOptions, inventory, dir, concurrency, threads);
          case "base" -> job(baseJar, javaOptions, inventory, dir, concurrency, threads);
          case "xargs" -> xargs(scout, argsFile, dir, concurrency);
          case "java" -> javaPool(scout, dir, accounts, concurrency);
          default -> throw new IllegalArgumentException("unknown mode '" + mode + "': job, xargs or java");
        };
        OUT.printf(Locale.ROOT, "%s %d %-5s: %6.2f s = %.2fx ideal; cpu %6.1f ms per scan%s%n",
            round == 0 ? "warm-up" : "round", round, mode, result.wallSeconds(), result.wallSeconds() / ideal,
            result.childCpuMs() / accounts, !mode.equals("xargs") && !mode.equals("java") ? String.format(Locale.ROOT,
                " (JVM itself %.1f ms, its scanner processes %.1f ms)", result.jvmCpuMs() / accounts,
                (result.childCpuMs() - result.jvmCpuMs()) / accounts) : "");
        if (round > 0) {
          measured.computeIfAbsent(mode, key -> new ArrayList<>()).add(result);
        }
      }
    }

    OUT.println("median of " + rounds + " rounds:");
    Map<String, Double> wall = new HashMap<>();
    Map<String, Double> cpu = new HashMap<>();
    for (Map.Entry<String, List<Round>> entry : measured.entrySet()) {
      double seconds = median(entry.getValue().stream().mapToDouble(Round::wallSeconds).toArray());
      double cpuMs = median(entry.getValue().stream().mapToDouble(Round::childCpuMs).toArray()) / accounts;
      wall.put(entry.getKey(), seconds);
      cpu.put(entry.getKey(), cpuMs);
      OUT.printf(Locale.ROOT, "  %-5s %6.2f s = %.2fx ideal, %5.1f ms cpu per scan%n", entry.getKey(), seconds,
          seconds / ideal, cpuMs);
    }
    if (wall.containsKey("job") && wall.containsKey("xargs")) {
      OUT.printf(Locale.ROOT, "job / xargs: %.2fx wall, +%.1f ms cpu per scan (target 1.3x)%n",
          wall.get("job") / wall.get("xargs"), cpu.get("job") - cpu.get("xargs"));
    }
    if (wall.containsKey("base") && wall.containsKey("xargs")) {
      OUT.printf(Locale.ROOT, "base job / xargs: %.2fx wall, +%.1f ms cpu per scan (%s)%n",
          wall.get("base") / wall.get("xargs"), cpu.get("base") - cpu.get("xargs"), baseJar);
    }
    if (wall.containsKey("launcher") && wall.containsKey("xargs")) {
      OUT.printf(Locale.ROOT, "launcher / xargs: %.2fx wall, +%.1f ms cpu per scan (%s)%n",
          wall.get("launcher") / wall.get("xargs"), cpu.get("launcher") - cpu.get("xargs"), launcher);
    }
    if (wall.containsKey("tuned") && wall.containsKey("xargs")) {
      OUT.printf(Locale.ROOT, "tuned job / xargs: %.2fx wall, +%.1f ms cpu per scan (JVM options %s)%n",
          wall.get("tuned") / wall.get("xargs"), cpu.get("tuned") - cpu.get("xargs"), tunedOptions);
    }
    if (wall.containsKey("java") && wall.containsKey("xargs")) {
      OUT.printf(Locale.ROOT, "java pool / xargs: %.2fx wall, %+.1f ms cpu per scan%n",
          wall.get("java") / wall.get("xargs"), cpu.get("java") - cpu.get("xargs"));
    }
    if (threads && measured.containsKey("job")) {
      Map<String, Double> total = new HashMap<>();
      for (Round round : measured.get("job")) {
        round.threadMs().forEach((name, ms) -> total.merge(name, ms / rounds / accounts, Double::sum));
      }
      OUT.println("job JVM threads, ms cpu per scan (mean of rounds; short-lived threads sampled every 20 ms):");
      total.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(15)
          .forEach(entry -> OUT.printf(Locale.ROOT, "  %-22s %6.2f%n", entry.getKey(), entry.getValue()));
    }
  }

  private static Round job(Path jar, List<String> javaOptions, Path inventory, Path dir, int concurrency,
      boolean threads) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", jar.toString()));
    return job(command, inventory, dir, concurrency, threads);
  }

  /**
   * The job's launcher script with its own JVM options and class data sharing archive (made by the warm-up round,
   * beside the jar, used by the measured ones), on this JVM's JDK.
   */
  private static List<String> launcherCommand(Path launcher) {
    return List.of("/bin/sh", launcher.toString());
  }

  private static Round job(List<String> start, Path inventory, Path dir, int concurrency, boolean threads)
      throws IOException, InterruptedException {
    Path work = dir.resolve("job-work");
    Path site = dir.resolve("job-site");
    ScaleHarness.deleteRecursively(work);
    ScaleHarness.deleteRecursively(site);
    List<String> command = new ArrayList<>(start);
    command.addAll(List.of("run", "--accounts-file", inventory.toString(), "--concurrency",
        Integer.toString(concurrency), "--publish", site.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("job.log").toFile());
    builder.environment().put("SECPOSTURE_WORK_DIR", work.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    long[] before = ProcStat.self();
    long started = System.nanoTime();
    Process process = builder.start();
    long[] own = new long[1];
    Map<Long, Long> taskTicks = new HashMap<>();
    Map<Long, String> taskNames = new HashMap<>();
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    while (!process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      long[] fields = stat(proc.resolve("stat"));
      if (fields != null) {
        own[0] = fields[0] + fields[1];
      }
      if (threads) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
          for (Path task : tasks) {
            long tid = Long.parseLong(task.getFileName().toString());
            String text = readQuietly(task.resolve("stat"));
            long[] times = text == null ? null : ProcStat.times(text);
            if (times != null) {
              taskTicks.put(tid, times[0] + times[1]);
              taskNames.computeIfAbsent(tid, key -> threadGroup(text));
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // exited meanwhile
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] after = ProcStat.self();
    if (process.exitValue() != 0) {
      OUT.println("warning: the job exited with " + process.exitValue() + "; see " + dir.resolve("job.log"));
    }
    Map<String, Double> byThread = new HashMap<>();
    taskTicks.forEach((tid, ticks) -> byThread.merge(taskNames.get(tid), ticks * TICK_MS, Double::sum));
    ScaleHarness.deleteRecursively(work);
    ScaleHarness.deleteRecursively(site);
    return new Round(seconds, (after[1] - before[1]) * TICK_MS, own[0] * TICK_MS, byThread);
  }

  private static Round xargs(Path scout, Path argsFile, Path dir, int concurrency)
      throws IOException, InterruptedException {
    Path out = dir.resolve("bare");
    ScaleHarness.deleteRecursively(out);
    Files.createDirectories(out);
    ProcessBuilder builder = new ProcessBuilder("xargs", "-P", Integer.toString(concurrency), "-L", "1", "-a",
        argsFile.toString(), scout.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("xargs.log").toFile());
    long[] before = ProcStat.self();
    long started = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] after = ProcStat.self();
    if (exit != 0) {
      OUT.println("warning: xargs exited with " + exit);
    }
    ScaleHarness.deleteRecursively(out);
    return new Round(seconds, (after[1] - before[1]) * TICK_MS, 0, Map.of());
  }

  private static Round javaPool(Path scout, Path dir, int accounts, int concurrency) throws Exception {
    Path out = dir.resolve("bare");
    ScaleHarness.deleteRecursively(out);
    Files.createDirectories(out);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long[] before = ProcStat.self();
    long started = System.nanoTime();
    List<Future<Integer>> exits = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      List<String> arguments = scanArguments(out, i);
      exits.add(pool.submit(() -> {
        List<String> command = new ArrayList<>();
        command.add(scout.toString());
        command.addAll(arguments);
        Path logs = out.resolve(arguments.get(4));
        Files.createDirectories(logs);
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(logs.resolve("stdout.log").toFile()).redirectError(logs.resolve("stderr.log").toFile())
            .start().waitFor();
      }));
    }
    for (Future<Integer> exit : exits) {
      if (exit.get() != 0) {
        OUT.println("warning: a bare stand-in exited with " + exit.get());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] after = ProcStat.self();
    pool.shutdown();
    ScaleHarness.deleteRecursively(out);
    // this JVM's own CPU for the pool is counted in, as the job's is
    return new Round(seconds, (after[1] - before[1] + after[0] - before[0]) * TICK_MS, 0, Map.of());
  }

  /** {@code aws --report-dir <out>/<i> --report-name aws-<id>}: what the job passes, less what the stand-in skips. */
  private static List<String> scanArguments(Path out, int i) {
    String id = accountId(i);
    return List.of("aws", "--report-dir", out.resolve(id).toString(), "--report-name", "aws-" + id, id);
  }

  private static String accountId(int i) {
    return String.format(Locale.ROOT, "%012d", 100_000_000_000L + i);
  }

  private static long[] stat(Path file) {
    String text = readQuietly(file);
    return text == null ? null : ProcStat.times(text);
  }

  /** A thread's name with numbers left out, so pools and per-scan threads add up: {@code GC Thread#}. */
  private static String threadGroup(String statText) {
    String name = statText.substring(statText.indexOf('(') + 1, statText.lastIndexOf(')'));
    return name.replaceAll("[0-9]+", "#");
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static Path template(Path dir, long bytes) throws IOException {
    Path done = dir.resolve("results-" + bytes + ".js");
    if (!Files.isRegularFile(done)) {
      Path written = SampleData.scoutSuite(dir.resolve("generated"), CloudProvider.AWS, "template", 11, 0, bytes)
          .get(0).file();
      Files.copy(written, done);
    }
    return done;
  }

  private static Path standInScout(Path dir, Path template, long scanMs) throws IOException {
    String script = String.join("\n",
        "#!/usr/bin/env bash",
        "# stand-in for ScoutSuite's scout: sleeps, then copies a generated results file",
        "if [ \"$1\" = --version ]; then echo 'Scout Suite 5.14.0'; exit 0; fi",
        "report_dir=; report_name=",
        "while [ $# -gt 0 ]; do case \"$1\" in",
        "  --report-dir) report_dir=\"$2\"; shift 2;;",
        "  --report-name) report_name=\"$2\"; shift 2;;",
        "  *) shift;;",
        "esac; done",
        "printf '%(%Y-%m-%d %H:%M:%S)T standin scout[%d] INFO Launching Scout\\n' -1 $$ >&2",
        String.format(Locale.ROOT, "sleep %.3f", scanMs / 1000.0),
        "mkdir -p \"$report_dir/scoutsuite-results\"",
        "cp '" + template + "' \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"",
        "exit 0", "");
    Files.createDirectories(dir);
    Path scout = dir.resolve("scout");
    Files.writeString(scout, script);
    Files.setPosixFilePermissions(scout, PosixFilePermissions.fromString("rwx------"));
    return scout;
  }

  private static Path inventory(Path file, int accounts, Path scout) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\ndefaults:\n  scanners: [scoutsuite]\n")
        .append("  options: { scoutsuite.executable: \"").append(scout).append("\" }\naccounts:\n");
    for (int i = 0; i < accounts; i++) {
      yaml.append("  - name: bench-").append(i).append("\n    provider: aws\n    id: \"").append(accountId(i))
          .append("\"\n");
    }
    Files.writeString(file, yaml);
    return file;
  }

  private static Path xargsInput(Path file, Path out, int accounts) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < accounts; i++) {
      lines.append(String.join(" ", scanArguments(out, i))).append('\n');
    }
    Files.writeString(file, lines);
    return file;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return 0;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options are --accounts N,"
            + " --concurrency N, --scan-ms N, --results-kb N, --rounds N, --jar PATH, --java-options \"...\","
            + " --tuned-options \"...\", --base-jar PATH, --launcher PATH,"
            + " --modes job,xargs,java, --threads true|false, --dir D, each with a value");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
