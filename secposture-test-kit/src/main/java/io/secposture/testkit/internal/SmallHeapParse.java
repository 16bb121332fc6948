package io.secposture.testkit.internal;

import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Not public API. Parses a file with a parser in a JVM of its own with a small heap, counting the findings without
 * keeping them: if the parser holds the file or its findings in memory, that JVM runs out of memory. The parent side
 * is {@link #run}; the child side is {@link #main}.
 */
public final class SmallHeapParse {
  /** The exit code of the child when the parser ran out of memory. */
  static final int OUT_OF_MEMORY = 3;
  private static final String RESULT = "secposture-small-heap-parse: findings=";

  private SmallHeapParse() {
  }

  /**
   * What the child JVM did.
   *
   * @param exitCode its exit code: 0 parsed, {@value #OUT_OF_MEMORY} out of memory, other values failed
   * @param streamed how many findings the parser handed to the sink; -1 if it did not finish
   * @param reported how many findings the parsed report counts; -1 if it did not finish
   * @param output what it printed (its last lines)
   * @param took how long it ran
   */
  public record Result(int exitCode, long streamed, long reported, String output, Duration took) {
    /**
     * Tells whether the parser ran out of memory.
     *
     * @return true if so
     */
    public boolean outOfMemory() {
      return exitCode == OUT_OF_MEMORY || output.contains("OutOfMemoryError");
    }
  }

  /**
   * Parses a file in a JVM with the given heap and the class path of this one.
   *
   * @param parser the parser (its class is instantiated there with its public no-argument constructor, or found by
   *     name among the discovered parsers)
   * @param file the input
   * @param heapMegabytes the child's maximum heap
   * @param timeout how long it may take before it is stopped
   * @param log where the child's output goes
   * @return what it did
   * @throws IOException if the JVM cannot be started or its output read
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(ReportParser parser, Path file, int heapMegabytes, Duration timeout, Path log)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heapMegabytes + "m", "-Xss512k",
        "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + file.getParent(),
        "-cp", System.getProperty("java.class.path"), SmallHeapParse.class.getName(),
        parser.getClass().getName(), parser.name(), file.toString()));
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return new Result(-1, -1, -1, "stopped after " + timeout + " without finishing\n" + tail(log),
            Duration.ofNanos(System.nanoTime() - started));
      }
    } finally {
      process.destroyForcibly();
    }
    String output = tail(log);
    long streamed = -1;
    long reported = -1;
    for (String line : output.split("\n")) {
      if (line.startsWith(RESULT)) {
        String[] parts = line.substring(RESULT.length()).trim().split(" reported=");
        streamed = Long.parseLong(parts[0]);
        reported = Long.parseLong(parts[1]);
      }
    }
    return new Result(process.exitValue(), streamed, reported, output, Duration.ofNanos(System.nanoTime() - started));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * The child: {@code <parser class> <parser name> <file>}. Prints the counts and exits 0, or exits
   * {@value #OUT_OF_MEMORY} if the parser ran out of memory, 2 if it failed otherwise.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    try {
      ReportParser parser = parser(args[0], args[1]);
      long[] streamed = {0};
      ParsedReport report = parser.parse(ReportSource.of(Path.of(args[2])), finding -> streamed[0]++);
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
      out.println(RESULT + streamed[0] + " reported=" + (report == null ? -1 : report.findings()));
      out.println("max heap " + (heap >> 20) + " MiB");
      out.flush();
      System.exit(0);
    } catch (OutOfMemoryError e) {
      out.println("OutOfMemoryError: " + e.getMessage());
      out.flush();
      System.exit(OUT_OF_MEMORY);
    } catch (Throwable e) {
      e.printStackTrace(out);
      out.flush();
      System.exit(2);
    }
  }

  private static ReportParser parser(String className, String name) throws ReflectiveOperationException {
    try {
      Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
      if (instance instanceof ReportParser parser) {
        return parser;
      }
    } catch (NoSuchMethodException e) {
      // no public no-argument constructor: use the discovered instance
    }
    return Plugins.discover().parser(name);
  }
}
