package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's {@code --compliance-frameworks} option and variable, end to end on a real Prowler run. */
class ComplianceJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REAL_RUN = Path.of(System.getProperty("secposture.shared.dir", "../../shared"),
      "fixtures", "real-runs", "prowler-5.7.5", "iam-s3-ec2-us-east-1", "prowler-aws-123456789012.ocsf.json");

  @TempDir
  Path temp;

  private record Result(int exit, String out, String err) {
  }

  private static Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private List<String> frameworks(Map<String, String> environment, String... options) throws Exception {
    assumeTrue(Files.isRegularFile(REAL_RUN), "the real Prowler runs are not beside the repository");
    Path site = temp.resolve("site-" + environment.size() + "-" + options.length);
    List<String> args = new ArrayList<>(List.of("aggregate", "--output", site.toString()));
    args.addAll(List.of(options));
    args.add(REAL_RUN.toString());
    Result aggregate = job(environment, args.toArray(String[]::new));
    assertThat(aggregate.exit()).as(aggregate.err()).isZero();
    JsonNode report = JSON.readTree(site.resolve("reports/report_latest.json").toFile());
    List<String> frameworks = new ArrayList<>();
    report.get("compliance").forEach(entry -> frameworks.add(entry.get("framework").asText()));
    JsonNode history = JSON.readTree(site.resolve("reports/history.json").toFile());
    List<String> historyFrameworks = new ArrayList<>();
    history.get("runs").get(0).path("compliance")
        .forEach(entry -> historyFrameworks.add(entry.get("framework").asText()));
    assertThat(historyFrameworks).isEqualTo(frameworks);
    return frameworks;
  }

  @Test
  void aggregate_complianceFrameworksOption_keepsOnlyMatchingFrameworksInReportAndHistory() throws Exception {
    List<String> all = frameworks(Map.of());
    List<String> cis = frameworks(Map.of(), "--compliance-frameworks", "cis-*");

    assertThat(all).contains("CIS-2.0", "AWS-Foundational-Security-Best-Practices").hasSizeGreaterThan(10);
    assertThat(cis).isNotEmpty().allMatch(framework -> framework.startsWith("CIS-"))
        .isEqualTo(all.stream().filter(framework -> framework.startsWith("CIS-")).toList());
  }

  @Test
  void aggregate_complianceFrameworksVariable_isReadWhenTheOptionIsAbsent() throws Exception {
    List<String> kept = frameworks(Map.of("SECPOSTURE_COMPLIANCE_FRAMEWORKS", "AWS-Foundational-*, PCI-*"));

    assertThat(kept).contains("AWS-Foundational-Security-Best-Practices")
        .allMatch(framework -> framework.startsWith("AWS-Foundational-") || framework.startsWith("PCI-"));
  }

  @Test
  void aggregate_malformedComplianceFrameworks_exitsTwoNamingTheOption() {
    Result aggregate = job(Map.of(), "aggregate", "--output", temp.resolve("site").toString(),
        "--compliance-frameworks", "CIS-*,,PCI-*", temp.toString());

    assertThat(aggregate.exit()).isEqualTo(2);
    assertThat(aggregate.err()).contains("--compliance-frameworks", "CIS-*,,PCI-*", "CIS-*,PCI-*");
    assertThat(temp.resolve("site")).doesNotExist();
  }
}
