package io.secposture.benchmarks.prowler;

import io.secposture.api.CloudProvider;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse throughput of every Prowler output format, on one thread (one core), over a generated file of about
 * {@code megabytes} MB of the same made-up AWS scan ({@code ProwlerSampleWriter.writeFormat}), through the parser
 * content sniffing picks. Findings go to a sink that only counts them, so the numbers are the parser's own.
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -jar secposture-benchmarks/target/benchmarks.jar ProwlerParseBenchmark
 * </pre>
 *
 * <p>Read the {@code bytes} and {@code findings} rows: JMH reports them per second, i.e. bytes/s (divide by 10^6 for
 * MB/s) and findings/s; the {@code parse} row is files per second.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProwlerParseBenchmark {

  /** The Prowler format to parse. */
  @Param({"OCSF", "CSV", "ASFF", "OCSF_V3", "JSON_V3", "JSON_V2", "CSV_V2", "COMPLIANCE_CSV"})
  public Format format;

  /** About how large the generated file is. */
  @Param({"64"})
  public int megabytes;

  private Path directory;
  private ReportSource source;
  private ReportParser parser;
  private long size;

  /** What one parse read; JMH reports both as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    /** Bytes parsed. */
    public long bytes;
    /** Findings streamed. */
    public long findings;
  }

  /**
   * Writes the file and finds its parser.
   *
   * @throws IOException if the file cannot be written
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("prowler-bench-");
    Path file = directory.resolve(format == Format.COMPLIANCE_CSV
        ? "prowler-output-123456789012-20260105020000_cis_3.0_aws.csv" : "scan-" + format + ".out");
    ProwlerSampleWriter.writeFormat(file, format, CloudProvider.AWS, "123456789012", 42, 0,
        megabytes * 1_000_000L);
    size = Files.size(file);
    source = ReportSource.of(file);
    parser = Plugins.discover().parserFor(source)
        .orElseThrow(() -> new IllegalStateException("no parser claims the " + format + " sample"));
  }

  /**
   * Deletes the file.
   *
   * @throws IOException if it cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * Parses the whole file once.
   *
   * @param throughput the counters
   * @param blackhole consumes the report
   */
  @Benchmark
  public void parse(Throughput throughput, Blackhole blackhole) {
    long[] findings = new long[1];
    ParsedReport report = parser.parse(source, finding -> findings[0]++);
    throughput.bytes += size;
    throughput.findings += findings[0];
    blackhole.consume(report);
  }
}
