package io.secposture.examples.acme;

import io.secposture.api.ReportParser;
import io.secposture.testkit.LargeInputs;
import io.secposture.testkit.ReportParserContract;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The example parser keeps the promises of every {@link ReportParser}. */
class AcmeAuditParserContractTest extends ReportParserContract {
  static Path sample() {
    try {
      return Path.of(AcmeAuditParserContractTest.class.getResource("/acme/acme-audit-results.jsonl").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected ReportParser parser() {
    return new AcmeAuditParser();
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(sample());
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return LargeInputs.repeatLines(sample(), 1, directory.resolve("large.jsonl"), minimumBytes);
  }
}
