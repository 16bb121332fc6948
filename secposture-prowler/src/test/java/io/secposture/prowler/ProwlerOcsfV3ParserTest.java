package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProwlerOcsfV3ParserTest extends ReportParserContract {
  private final ProwlerOcsfV3Parser parser = new ProwlerOcsfV3Parser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.ocsf.json", Format.OCSF_V3, CloudProvider.AZURE, "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "azure.ocsf.json", Format.OCSF_V3,
        CloudProvider.AZURE, "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"));
    samples.addAll(TestFiles.fixturesIfPresent("docs-snippets/v3.16.17_docs_json-ocsf_rc3.json"));
    return samples;
  }

  @Test
  void parse_rc3Statuses_mapSuccessFailureOtherUnknown() {
    Path file = TestFiles.sample(contractDirectory.resolve("samples"), "aws.ocsf.json", Format.OCSF_V3,
        CloudProvider.AWS, "123456789012");
    Path ocsf5 = TestFiles.sample(contractDirectory.resolve("samples"), "aws5.ocsf.json", Format.OCSF,
        CloudProvider.AWS, "123456789012");
    List<Finding> v3 = new ArrayList<>();
    List<Finding> v5 = new ArrayList<>();

    parser.parse(ReportSource.of(file), v3::add);
    new ProwlerOcsfParser().parse(ReportSource.of(ocsf5), v5::add);

    assertThat(v3).hasSameSizeAs(v5);
    for (int i = 0; i < v3.size(); i++) {
      Finding old = v3.get(i);
      Finding current = v5.get(i);
      assertThat(old.fingerprint()).isEqualTo(current.fingerprint());
      assertThat(old.status()).isEqualTo(current.status());
      assertThat(old.flagged()).isEqualTo(current.flagged());
      if (old.status() == FindingStatus.FAIL) {
        assertThat(old.muted()).as("Other is an allowlisted failure").isEqualTo(current.muted());
      }
      assertThat(old.compliance()).isEqualTo(current.compliance());
      assertThat(old.severity()).isEqualTo(current.severity());
    }
    assertThat(v3).extracting(Finding::status).contains(FindingStatus.MANUAL, FindingStatus.PASS,
        FindingStatus.FAIL);
  }
}
