package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.testkit.internal.SmallHeapParse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link ReportParser} keeps. Extend it, return the parser, a few valid files it must read and a
 * large generated input ({@link #largeInput}); the inherited tests check naming, discovery, sniffing, streaming
 * consistency, determinism, that bad input gives a {@link ReportParseException} naming the file, never another
 * exception, and that the parser streams: it parses the large input in a JVM of its own with a small heap
 * ({@link #streamingHeapMegabytes()}, default {@value #DEFAULT_STREAMING_HEAP_MB} MB, for an input of at least
 * {@link #largeInputBytes()}, default four times that), which a parser that reads the whole file or keeps every
 * finding cannot do.
 *
 * <p>The contract runs on JUnit 5: in Maven, use Surefire 3 (older ones find no JUnit 5 test and run none).
 */
public abstract class ReportParserContract {
  /** The default heap of the JVM that parses the large input, in megabytes. */
  public static final int DEFAULT_STREAMING_HEAP_MB = 16;

  /** Temporary directory for generated bad inputs. */
  @TempDir
  protected Path contractDirectory;

  /**
   * Returns the parser under test.
   *
   * @return a parser instance
   */
  protected abstract ReportParser parser();

  /**
   * Returns files this parser must accept and parse successfully; at least one should contain findings.
   *
   * @return existing files
   */
  protected abstract List<Path> validSamples();

  /**
   * Writes a valid input of at least {@code minimumBytes} that this parser accepts, with findings, into the given
   * directory; the contract parses it in a JVM with a heap of {@link #streamingHeapMegabytes()} to prove the parser
   * streams. Repeat the records of a sample ({@link LargeInputs}) or generate them. The default returns null, which
   * fails the streaming test with a message saying to override this.
   *
   * @param directory an existing, empty directory
   * @param minimumBytes the least size of the input
   * @return the file written
   * @throws IOException if it cannot be written
   */
  protected Path largeInput(Path directory, long minimumBytes) throws IOException {
    return null;
  }

  /**
   * Returns the heap, in megabytes, of the JVM that parses {@link #largeInput}. Raise it only if the parser needs
   * more fixed memory (not memory that grows with the input).
   *
   * @return the heap; default {@value #DEFAULT_STREAMING_HEAP_MB}
   */
  protected int streamingHeapMegabytes() {
    return DEFAULT_STREAMING_HEAP_MB;
  }

  /**
   * Returns the least size of {@link #largeInput}: four times the heap of {@link #streamingHeapMegabytes()}, so a
   * parser holding the file (or the findings in it) cannot fit.
   *
   * @return the size in bytes
   */
  protected long largeInputBytes() {
    return 4L * streamingHeapMegabytes() << 20;
  }

  @Test
  @DisplayName("it streams: a large generated input parses in a JVM with a small heap")
  void parse_largeInput_streamsInASmallHeap() throws Exception {
    long minimum = largeInputBytes();
    int heap = streamingHeapMegabytes();
    Path directory = Files.createDirectories(contractDirectory.resolve("large-input"));
    Path input = largeInput(directory, minimum);
    assertThat(input).as("override largeInput(Path directory, long minimumBytes) in %s to write a valid input of at"
        + " least %d MB (repeat a sample's records with LargeInputs.repeatJsonArray or LargeInputs.repeatLines, or"
        + " generate them): the contract parses it in a JVM with -Xmx%dm to prove the parser streams, instead of"
        + " reading the whole file or keeping every finding", getClass().getSimpleName(), minimum >> 20, heap)
        .isNotNull();
    long size = Files.size(input);
    assertThat(size).as("size of the large input %s", input).isGreaterThanOrEqualTo(minimum);
    assertThat(parser().accepts(ReportSource.of(input))).as("the parser accepts the large input %s", input).isTrue();

    SmallHeapParse.Result result = SmallHeapParse.run(parser(), input, heap, Duration.ofMinutes(10),
        contractDirectory.resolve("small-heap-parse.log"));

    assertThat(result.outOfMemory()).as("parsing %d MB with -Xmx%dm ran out of memory: %s keeps the file or its"
        + " findings in memory; read the input as a stream (a streaming JSON or CSV parser) and hand each finding to"
        + " the sink as soon as it is read, keeping only counts. Its output:%n%s", size >> 20, heap,
        parser().getClass().getName(), result.output()).isFalse();
    assertThat(result.exitCode()).as("parsing the large input in a JVM with -Xmx%dm failed:%n%s", heap,
        result.output()).isZero();
    assertThat(result.streamed()).as("findings streamed from the large input").isPositive();
    assertThat(result.reported()).as("findings the parsed report counts for the large input")
        .isEqualTo(result.streamed());
  }

  @Test
  @DisplayName("its name is lower-case letters, digits and dashes")
  void name_isValid() {
    assertThat(parser().name()).matches("[a-z0-9][a-z0-9-]*");
  }

  @Test
  @DisplayName("it is discovered through ServiceLoader under its name")
  void discovery_findsParserByName() {
    assertThat(Plugins.discover().parser(parser().name())).isInstanceOf(parser().getClass());
  }

  @Test
  @DisplayName("it accepts every valid sample")
  void accepts_validSamples() {
    assertThat(validSamples()).isNotEmpty();
    for (Path sample : validSamples()) {
      assertThat(parser().accepts(ReportSource.of(sample))).as("accepts %s", sample).isTrue();
    }
  }

  @Test
  @DisplayName("it streams exactly as many findings as the parsed report counts, with complete fields")
  void parse_streamsAsManyFindingsAsItCounts() {
    for (Path sample : validSamples()) {
      List<Finding> findings = new ArrayList<>();
      ParsedReport report = parser().parse(ReportSource.of(sample), findings::add);
      assertThat(report.findings()).as("findings of %s", sample).isEqualTo(findings.size());
      assertThat(report.parser()).isEqualTo(parser().name());
      assertThat(report.source()).contains(sample.getFileName().toString());
      for (Finding finding : findings) {
        assertThat(finding.fingerprint()).matches("[0-9a-f]{32}");
        assertThat(finding.accountId()).isNotBlank();
        assertThat(finding.service()).isNotBlank();
        assertThat(finding.ruleId()).isNotBlank();
      }
    }
  }

  @Test
  @DisplayName("parsing the same file twice gives the same findings and counts")
  void parse_isDeterministic() {
    for (Path sample : validSamples()) {
      List<Finding> first = new ArrayList<>();
      List<Finding> second = new ArrayList<>();
      ParsedReport one = parser().parse(ReportSource.of(sample), first::add);
      ParsedReport two = parser().parse(ReportSource.of(sample), second::add);
      assertThat(second).isEqualTo(first);
      assertThat(two.accounts()).isEqualTo(one.accounts());
    }
  }

  @Test
  @DisplayName("it does not accept an empty file, binary data or plain prose")
  void accepts_rejectsForeignFiles() throws IOException {
    Path empty = Files.write(contractDirectory.resolve("empty.json"), new byte[0]);
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    Path binary = Files.write(contractDirectory.resolve("noise.json"), noise);
    Path prose = Files.writeString(contractDirectory.resolve("notes.txt"),
        "These are meeting notes, not a scanner output.\nNothing to see here.\n");
    for (Path foreign : List.of(empty, binary, prose)) {
      assertThat(parser().accepts(ReportSource.of(foreign))).as("accepts %s", foreign.getFileName()).isFalse();
    }
  }

  @Test
  @DisplayName("a truncated valid file gives a ReportParseException naming the file, or a partial result, never another exception")
  void parse_truncatedFile_failsClearly() throws IOException {
    for (Path sample : validSamples()) {
      byte[] bytes = Files.readAllBytes(sample);
      if (bytes.length < 64) {
        continue;
      }
      for (int cut : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 7}) {
        Path truncated = contractDirectory.resolve("truncated-" + cut + "-" + sample.getFileName());
        Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));
        try {
          parser().parse(ReportSource.of(truncated), finding -> { });
        } catch (ReportParseException e) {
          assertThat(e.getMessage()).contains(truncated.getFileName().toString());
          assertThat(e.source()).contains(truncated.getFileName().toString());
        }
      }
    }
  }

  @Test
  @DisplayName("binary data given to parse gives a ReportParseException naming the file")
  void parse_binaryData_throwsReportParseException() throws IOException {
    byte[] noise = new byte[2048];
    new Random(7).nextBytes(noise);
    Path binary = Files.write(contractDirectory.resolve("binary-input"), noise);
    assertThatThrownBy(() -> parser().parse(ReportSource.of(binary), finding -> { }))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("binary-input");
  }

  /**
   * Writes text to a file in the contract's temporary directory, for subclasses' own bad-input tests.
   *
   * @param name the file name
   * @param content the content
   * @return the file
   * @throws IOException if it cannot be written
   */
  protected Path write(String name, String content) throws IOException {
    return Files.write(contractDirectory.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }
}
