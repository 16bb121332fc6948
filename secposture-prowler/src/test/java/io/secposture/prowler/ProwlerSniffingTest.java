package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Content sniffing: each Prowler format is claimed by exactly its parser, and nothing else is claimed at all. */
class ProwlerSniffingTest {
  private static final List<ReportParser> PARSERS = List.copyOf(Plugins.discover().parsers().values());

  @TempDir
  Path directory;

  private List<String> claiming(Path file) {
    ReportSource source = ReportSource.of(file);
    return PARSERS.stream().filter(parser -> parser.accepts(source)).map(ReportParser::name).toList();
  }

  private Path file(String name, String content) {
    return TestFiles.write(directory, name, content);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "OCSF, aws, prowler-ocsf", "OCSF, kubernetes, prowler-ocsf", "CSV, azure, prowler-csv",
      "OCSF_V3, gcp, prowler-ocsf-v3", "ASFF, aws, prowler-asff", "JSON_V3, aws, prowler-json-v3",
      "JSON_V2, aws, prowler-v2-json", "CSV_V2, aws, prowler-v2-csv", "COMPLIANCE_CSV, gcp, prowler-compliance-csv"})
  void accepts_eachFormatWhateverItsFileName_isClaimedByExactlyItsParser(Format format, String provider,
      String parser) {
    Path file = directory.resolve("renamed-output.txt");
    ProwlerSampleWriter.writeFormat(file, format, CloudProvider.of(provider), "acct-1", 3, 0, 0);

    assertThat(claiming(file)).containsExactly(parser);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"x.ocsf.json, prowler-ocsf", "x.asff.json, prowler-asff", "x.json, prowler-json-v3"})
  void accepts_emptyJsonArray_isClaimedByTheFormatItsNameSays(String name, String parser) {
    assertThat(claiming(file(name, "[\n    \n]"))).containsExactly(parser);
    assertThat(claiming(file("bom-" + name, "\uFEFF  []"))).containsExactly(parser);
  }

  @Test
  void accepts_emptyArrayWithAnotherExtension_isClaimedByNone() {
    assertThat(claiming(file("x.txt", "[]"))).isEmpty();
  }

  @ParameterizedTest(name = "foreign content #{index}")
  @ValueSource(strings = {
      "scoutsuite_results =\n{\"account_id\": \"1\", \"last_run\": {}, \"provider_code\": \"aws\"}",
      "{\"account_id\": \"1\", \"last_run\": {\"summary\": {}}, \"provider_code\": \"aws\", \"services\": {}}",
      "[{\"id\": 1, \"name\": \"not a finding\"}]",
      "[1, 2, 3]",
      "{\"Account Number\": \"1\"}",
      "[{\"SchemaVersion\": \"2018-10-08\", \"ProductArn\": \"arn:aws:securityhub:eu-west-1::product/aws/inspector\"}]",
      "[{\"finding_info\": {\"uid\": \"x\"}, \"metadata\": {\"product\": {\"name\": \"Wiz\"}}}]",
      "PROFILE;ACCOUNT_ID;SOMETHING\n1;2;3\n",
      "AUTH_METHOD;TIMESTAMP;OTHER\n1;2;3\n",
      "ID,NAME,STATUS\n1,x,FAIL\n",
      "These are meeting notes.\nNothing to see.\n",
      "<html><body>Prowler report</body></html>",
      "   \n\t  ",
      "[{\"class_uid\": 2003, \"status_code\": \"FAIL\", \"metadata\": {\"product\": {\"name\": \"Prowler\"}}}]"})
  void accepts_foreignContent_isClaimedByNone(String content) {
    assertThat(claiming(file("input.json", content))).isEmpty();
  }

  @Test
  void accepts_binaryNoiseAndUnreadableFiles_isClaimedByNone() throws IOException {
    for (int seed = 0; seed < 50; seed++) {
      byte[] noise = new byte[4096];
      new Random(seed).nextBytes(noise);
      noise[0] = (byte) "[{AP".charAt(seed % 4);
      Path file = Files.write(directory.resolve("noise-" + seed + ".json"), noise);
      assertThat(claiming(file)).as("noise seed %d", seed).isEmpty();
    }
    assertThat(claiming(directory.resolve("does-not-exist.ocsf.json"))).isEmpty();
  }

  @Test
  void accepts_headEndingInsideTheFirstObject_decidesOnWhatItRead() throws IOException {
    Path full = directory.resolve("full.ocsf.json");
    ProwlerSampleWriter.writeFormat(full, Format.OCSF, CloudProvider.AWS, "1", 1, 0, 0);
    byte[] bytes = Files.readAllBytes(full);
    String cut = new String(bytes, 0, 600, StandardCharsets.UTF_8);

    assertThat(claiming(file("cut.ocsf.json", cut))).containsExactly("prowler-ocsf");
  }
}
