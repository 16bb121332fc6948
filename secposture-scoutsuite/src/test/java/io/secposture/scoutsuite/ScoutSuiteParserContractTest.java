package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.SampleData;
import io.secposture.scoutsuite.ResultsDocuments.Shape;
import io.secposture.testkit.ReportParserContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser keeps the promises of every {@link ReportParser}, on samples of every provider and shape. */
class ScoutSuiteParserContractTest extends ReportParserContract {
  @TempDir
  static Path samples;
  private static List<Path> files;

  @BeforeAll
  static void writeSamples() {
    files = List.of(
        SampleData.scoutSuite(samples.resolve("aws"), CloudProvider.AWS, "123456789012", 1, 0, 0).get(0).file(),
        SampleData.scoutSuite(samples.resolve("azure"), CloudProvider.AZURE, "0b1f6471-1bf0-4dda-aec3-cb9272f09590",
            2, 1, 0).get(0).file(),
        SampleData.scoutSuite(samples.resolve("gcp"), CloudProvider.GCP, "prod-project", 3, 2, 0).get(0).file(),
        ResultsDocuments.write(samples.resolve("plain/results.json"), ResultsDocuments.minimal(), Shape.PLAIN),
        ResultsDocuments.write(samples.resolve("pretty/results.js"), ResultsDocuments.minimal(), Shape.CRLF));
  }

  @Override
  protected ReportParser parser() {
    return new ScoutSuiteParser();
  }

  @Override
  protected List<Path> validSamples() {
    return files;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) throws IOException {
    for (long target = minimumBytes + minimumBytes / 4; ; target += minimumBytes / 2) {
      Path file = SampleData.scoutSuite(Files.createDirectories(directory.resolve("size-" + target)),
          CloudProvider.AWS, "123456789012", 1, 0, target).get(0).file();
      if (Files.size(file) >= minimumBytes) {
        return file;
      }
    }
  }

  @Test
  void parse_findingsFileOfAnotherFormat_throwsReportParseException() throws Exception {
    Path csv = write("prowler.csv", "AUTH_METHOD;TIMESTAMP;ACCOUNT_UID\nprofile;2024-01-01;123\n");

    assertThatThrownBy(() -> parser().parse(ReportSource.of(csv), finding -> { }))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("prowler.csv");
  }
}
