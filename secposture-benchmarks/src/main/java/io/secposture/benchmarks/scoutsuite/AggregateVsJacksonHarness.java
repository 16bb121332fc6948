package io.secposture.benchmarks.scoutsuite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.benchmarks.ProcStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Compares the whole {@code aggregate} command on one scanner output with the cheapest possible read of the same
 * file: a separate JVM that only walks its JSON tokens with Jackson (the floor any JSON-reading job pays).
 *
 * <p>Both run as fresh processes with the same JVM flags, alternating round by round so that whatever else the
 * machine is doing weighs on both alike; the ratio of the medians is the number to watch (the goal is at most
 * 1.5x). The ScoutSuite results file is the one {@link ScoutSuiteParseHarness} generates
 * ({@code --size-mb 231} gives the 231 MB file the issue measured):
 *
 * <pre>{@code
 * ./mvnw -B -q -Pbench -pl secposture-benchmarks,secposture-examples -am package -DskipTests
 * java -cp secposture-benchmarks/target/benchmarks.jar \
 *     io.secposture.benchmarks.scoutsuite.ScoutSuiteParseHarness --size-mb 231 --iterations 0 --warmup 0
 * java -cp secposture-benchmarks/target/benchmarks.jar \
 *     io.secposture.benchmarks.scoutsuite.AggregateVsJacksonHarness \
 *     --file secposture-benchmarks/target/scoutsuite-bench/aws-231mb/scoutsuite-results/scoutsuite_results_aws-bench.js \
 *     --jar secposture-examples/target/secposture.jar --rounds 5
 * }</pre>
 *
 * <p>Options: {@code --file F} (required; a results file or folder {@code aggregate} accepts), {@code --jar J}
 * (the job jar, default {@code secposture-examples/target/secposture.jar}), {@code --rounds N} (default 5),
 * {@code --jvm-args "..."} (extra flags for both JVMs, e.g. {@code -Xmx256m}). Not thread-safe; a command-line
 * tool only.
 */
public final class AggregateVsJacksonHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private AggregateVsJacksonHarness() {
  }

  /**
   * Runs the comparison, or, with {@code --token-pass FILE} as the only arguments, is the token pass itself.
   *
   * @param args the options described on the class
   * @throws Exception when a process cannot be started or a file cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--token-pass")) {
      OUT.println(tokenPass(Path.of(args[1])) + " tokens");
      return;
    }
    Path file = null;
    Path jar = Path.of("secposture-examples/target/secposture.jar");
    int rounds = 5;
    List<String> jvmArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--file" -> file = Path.of(value);
        case "--jar" -> jar = Path.of(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--jvm-args" -> jvmArgs.addAll(List.of(value.trim().split("\\s+")));
        default -> throw new IllegalArgumentException("unexpected argument '" + args[i]
            + "'; options are --file F, --jar J, --rounds N, --jvm-args \"...\"");
      }
    }
    if (file == null || !Files.exists(file)) {
      throw new IllegalArgumentException("--file must name an existing scanner output, got " + file);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String self = Path.of(AggregateVsJacksonHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    List<String> tokenCommand = new ArrayList<>(List.of(java));
    tokenCommand.addAll(jvmArgs);
    tokenCommand.addAll(List.of("-cp", self, AggregateVsJacksonHarness.class.getName(), "--token-pass",
        file.toString()));
    OUT.printf(Locale.ROOT, "%s: %.1f MB; %d rounds, alternating; load average %s%n", file, sizeOf(file) / 1e6,
        rounds, Files.readString(Path.of("/proc/loadavg")).trim());

    List<Double> tokens = new ArrayList<>();
    List<Double> aggregate = new ArrayList<>();
    List<Double> tokensCpu = new ArrayList<>();
    List<Double> aggregateCpu = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Path output = Files.createTempDirectory("secposture-aggregate-bench");
      try {
        List<String> aggregateCommand = new ArrayList<>(List.of(java));
        aggregateCommand.addAll(jvmArgs);
        aggregateCommand.addAll(List.of("-jar", jar.toString(), "aggregate", "--output", output.toString(),
            file.toString()));
        double[] jackson = time(tokenCommand);
        double[] job = time(aggregateCommand);
        tokens.add(jackson[0]);
        aggregate.add(job[0]);
        tokensCpu.add(jackson[1]);
        aggregateCpu.add(job[1]);
        OUT.printf(Locale.ROOT, "round %d: jackson token pass %.2f s (cpu %.2f s), aggregate %.2f s (cpu %.2f s):"
            + " %.2fx wall, %.2fx cpu%n", round, jackson[0], jackson[1], job[0], job[1], job[0] / jackson[0],
            job[1] / jackson[1]);
      } finally {
        deleteTree(output);
      }
    }
    double jackson = median(tokens);
    double job = median(aggregate);
    OUT.printf(Locale.ROOT, "median: jackson token pass %.2f s, aggregate %.2f s, ratio %.2fx%n", jackson, job,
        job / jackson);
    double jacksonCpu = median(tokensCpu);
    double jobCpu = median(aggregateCpu);
    OUT.printf(Locale.ROOT, "median cpu (user+sys of the process, steadier than wall time on a loaded machine):"
        + " jackson token pass %.2f s, aggregate %.2f s, ratio %.2fx%n", jacksonCpu, jobCpu, jobCpu / jacksonCpu);
  }

  private static long tokenPass(Path file) throws IOException {
    long count = 0;
    JsonFactory factory = JsonFactory.builder().build();
    try (InputStream in = Files.newInputStream(file)) {
      // ScoutSuite's results file is a JavaScript assignment: skip to the first '{' as the parsers do.
      int c;
      while ((c = in.read()) != -1 && c != '{') {
        // skip the "scoutsuite_results =" prefix
      }
      try (JsonParser parser = factory.createParser(new PrefixedStream('{', in))) {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          count++;
        }
      }
    }
    return count;
  }

  /** Runs a command; returns its wall time and its CPU time (user + sys, itself and its waited-for children). */
  private static double[] time(List<String> command) throws IOException, InterruptedException {
    long cpuBefore = ProcStat.self()[1];
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command));
    }
    return new double[] {seconds, (ProcStat.self()[1] - cpuBefore) / ProcStat.TICKS_PER_SECOND};
  }


  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static long sizeOf(Path file) throws IOException {
    if (!Files.isDirectory(file)) {
      return Files.size(file);
    }
    try (Stream<Path> files = Files.walk(file)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** An input stream that yields one byte and then another stream. */
  private static final class PrefixedStream extends InputStream {
    private final InputStream rest;
    private int first;

    PrefixedStream(int first, InputStream rest) {
      this.first = first;
      this.rest = rest;
    }

    @Override
    public int read() throws IOException {
      if (first >= 0) {
        int value = first;
        first = -1;
        return value;
      }
      return rest.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (first >= 0) {
        buffer[offset] = (byte) first;
        first = -1;
        return 1;
      }
      return rest.read(buffer, offset, length);
    }
  }
}
