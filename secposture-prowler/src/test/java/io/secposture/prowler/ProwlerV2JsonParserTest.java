package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProwlerV2JsonParserTest extends ReportParserContract {
  private final ProwlerV2JsonParser parser = new ProwlerV2JsonParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.json", Format.JSON_V2, CloudProvider.AWS, "123456789012", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "aws.json", Format.JSON_V2, CloudProvider.AWS,
        "123456789012"));
    samples.addAll(TestFiles.fixturesIfPresent("v2/many_vuln_plus_one.json",
        "docs-snippets/v2.12.1_README_json_example.json"));
    return samples;
  }

  private static String line(String control, String status, String message, String resource) {
    return "{\"Profile\":\"default\",\"Account Number\":\"012345678912\",\"Control\":\"" + control + "\","
        + "\"Message\":\"" + message + "\",\"Severity\":\"High\",\"Status\":\"" + status + "\",\"Region\":\"eu-west-1\","
        + "\"Service\":\"iam\",\"Compliance\":\"ens-op.acc.1.aws.iam.4\"" + (resource == null ? ""
        : ",\"Resource ID\":\"" + resource + "\"") + "}";
  }

  @Test
  void parse_mixedCaseStatusesAndMissingResources_mapAndStayDistinct() {
    String content = String.join("\n", line("[check12] MFA", "Fail", "User a has no MFA", null),
        line("[check12] MFA", "FAIL", "User b has no MFA", null), line("[check11] Root", "Pass", "root ok", "root"),
        line("[extra71] Admin", "Info", "informational", null), line("[check14] Keys", "WARNING", "allowlisted", "k"))
        + "\n";
    List<Finding> findings = new ArrayList<>();

    parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "lines.json", content)), findings::add);

    assertThat(findings).extracting(Finding::ruleId).containsExactly("check12", "check12", "check11", "extra71",
        "check14");
    assertThat(findings).extracting(Finding::status).containsExactly(FindingStatus.FAIL, FindingStatus.FAIL,
        FindingStatus.PASS, FindingStatus.MANUAL, FindingStatus.FAIL);
    assertThat(findings.get(4).muted()).isTrue();
    assertThat(findings.get(0).fingerprint()).as("two users without resource ids are two findings")
        .isNotEqualTo(findings.get(1).fingerprint());
    assertThat(findings.get(0).title()).isEqualTo("MFA");
    assertThat(findings.get(0).compliance()).extracting(ref -> ref.framework() + " " + ref.requirement())
        .containsExactly("ENS op.acc.1.aws.iam.4");
  }

  @Test
  void parse_prettyPrintedObjectsOneAfterAnother_areReadLikeLines() {
    String pretty = line("[check12] MFA", "FAIL", "m", "u").replace(",\"", ",\n  \"");

    List<Finding> findings = new ArrayList<>();
    parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "pretty.json", pretty + "\n" + pretty)),
        findings::add);

    assertThat(findings).hasSize(2);
  }

  @Test
  void parse_brokenLine_failsNamingItsLine() {
    String content = line("[check12] MFA", "FAIL", "m", "u") + "\n" + "{\"Account Number\": \"1\", oops}\n";

    assertThatThrownBy(() -> parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "bad.json", content)),
        finding -> { }))
        .isInstanceOfSatisfying(ReportParseException.class, e -> assertThat(e.line()).isEqualTo(2));
  }
}
