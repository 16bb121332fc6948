package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link ReportParser} keeps. Extend it, return the parser and a few valid files it must read;
 * the inherited tests check naming, discovery, sniffing, streaming consistency, determinism and that bad input gives
 * a {@link ReportParseException} naming the file, never another exception.
 */
public abstract class ReportParserContract {

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
