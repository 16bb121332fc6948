package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's commands end to end, through {@link SecpostureJob#execute}, with the real plugins on the classpath. */
class JobCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURES = Path.of(System.getProperty("secposture.shared.dir", "../../shared"), "fixtures");

  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void help_listsEveryCommandAndTheExitCodes() {
    Result help = job(Map.of(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("demo", "run", "aggregate", "merge", "Exit codes:", "3    published, but some scans");
  }

  @Test
  void unknownCommand_isAUsageError() {
    Result result = job(Map.of(), "scan-everything");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("scan-everything");
  }

  @Test
  void run_withoutAccounts_exitsTwoNamingTheVariablesToSet() {
    Result run = job(Map.of(), "run", "--publish", temp.resolve("site").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no accounts configured", "SECPOSTURE_ACCOUNTS", "--accounts-file");
    assertThat(temp.resolve("site")).doesNotExist();
  }

  @Test
  void run_withSeveralProblems_reportsThemAllAtOnceAndNoSecret() {
    Map<String, String> environment = Map.of(
        "SECPOSTURE_ACCOUNTS", "prod,dev",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_PROD_CREDENTIALS", "aws-keys",
        "SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "SECPOSTURE_ACCOUNT_DEV_PROVIDER", "gcp",
        "SECPOSTURE_ACCOUNT_DEV_ID", "dev-project",
        "SECPOSTURE_CONCURRENCY", "lots",
        "SECPOSTURE_SCAN_TIMEOUT", "soon");
    Result run = job(environment, "run");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("SECPOSTURE_CONCURRENCY", "SECPOSTURE_SCAN_TIMEOUT", "SECPOSTURE_ACCOUNT_PROD_ID",
            "SECPOSTURE_ACCOUNT_PROD_AWS_ACCESS_KEY_ID")
        .doesNotContain("wJalrXUtnFEMI");
    assertThat(run.out()).doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void run_withStandInScoutSuite_publishesEveryAccountAndExitsThreeWhenOneFails() throws Exception {
    Path template = Files.createDirectories(temp.resolve("template"));
    SampleData.scoutSuite(template, CloudProvider.AWS, "000000000000", 7, 0, 0);
    Path scout = standInScout(template);
    String secret = "Sup3rS3cretAccessKeyForTheTest0123456789";
    Map<String, String> environment = new HashMap<>(Map.of(
        "SECPOSTURE_ACCOUNTS", "good,bad",
        "SECPOSTURE_ACCOUNT_GOOD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_GOOD_ID", "111111111111",
        "SECPOSTURE_ACCOUNT_GOOD_CREDENTIALS", "aws-keys",
        "SECPOSTURE_ACCOUNT_GOOD_AWS_ACCESS_KEY_ID", "AKIAEXAMPLEGOOD00001",
        "SECPOSTURE_ACCOUNT_GOOD_AWS_SECRET_ACCESS_KEY", secret,
        "SECPOSTURE_ACCOUNT_BAD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_BAD_ID", "666666666666"));
    Path site = temp.resolve("site");
    Result run = job(environment, "run", "--publish", site.toString(), "--option",
        "scoutsuite.executable=" + scout, "--work-dir", temp.resolve("work").toString(), "--run-id", "test-run-1");
    assertThat(run.exit()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).contains("1 succeeded", "1 failed", "FAILED    aws/666666666666", "authentication failed",
        "open " + site.toUri());
    JsonNode report = JSON.readTree(site.resolve("reports/report_latest.json").toFile());
    assertThat(report.get("run_id").asText()).isEqualTo("test-run-1");
    assertThat(report.get("coverage").get("missing").get(0).get("account_id").asText()).isEqualTo("666666666666");
    assertThat(report.get("aws").get("total").get("checked_items").asLong()).isPositive();
    assertThat(site.resolve("index.html")).exists();
    assertThat(site.resolve("runs/test-run-1/aws/111111111111/scoutsuite/aws-111111111111.html")).exists();
    try (Stream<Path> files = Files.walk(site)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as("%s", file)
            .doesNotContain(secret);
      }
    }
    assertThat(run.out() + run.err()).doesNotContain(secret);
  }

  @Test
  void aggregate_scoutSuiteFixtures_perServiceNumbersEqualTheFilesSummaries() throws Exception {
    Path fixtures = FIXTURES.resolve("scoutsuite");
    assumeTrue(Files.isDirectory(fixtures), "the shared ScoutSuite fixtures are not beside the repository");
    Path site = temp.resolve("site");
    Result aggregate = job(Map.of(), "aggregate", "--output", site.toString(), fixtures.toString());
    assertThat(aggregate.exit()).as(aggregate.err()).isZero();
    JsonNode report = JSON.readTree(site.resolve("reports/report_latest.json").toFile());

    Map<String, Map<String, long[]>> expected = new HashMap<>();
    try (Stream<Path> files = Files.walk(fixtures)) {
      for (Path file : files.filter(f -> f.getFileName().toString().contains("scoutsuite_results")).toList()) {
        String text = Files.readString(file);
        JsonNode results = JSON.readTree(text.substring(text.indexOf('{')));
        String provider = results.get("provider_code").asText();
        for (Map.Entry<String, JsonNode> service : results.get("last_run").get("summary").properties()) {
          long[] sums = expected.computeIfAbsent(provider, p -> new HashMap<>())
              .computeIfAbsent(service.getKey(), s -> new long[3]);
          sums[0] += service.getValue().get("checked_items").asLong();
          sums[1] += service.getValue().get("flagged_items").asLong();
          sums[2] += service.getValue().get("resources_count").asLong();
        }
      }
    }
    assertThat(expected).containsOnlyKeys("aws", "gcp");
    expected.forEach((provider, services) -> services.forEach((service, sums) -> {
      JsonNode stats = report.get(provider).get(service);
      assertThat(stats).as("%s.%s", provider, service).isNotNull();
      assertThat(new long[] {stats.get("checked_items").asLong(), stats.get("flagged_items").asLong(),
          stats.get("resources_count").asLong()}).as("%s.%s", provider, service).containsExactly(sums);
    }));
    assertThat(report.get("total").get("flagged_items").asLong()).isEqualTo(356 + 306 + 4);
  }

  @Test
  void aggregate_prowlerFixtures_reportsEverythingAndFailsOnlyOnTheInvalidSnippet() throws Exception {
    Path fixtures = FIXTURES.resolve("prowler");
    assumeTrue(Files.isDirectory(fixtures), "the shared Prowler fixtures are not beside the repository");
    Path site = temp.resolve("site");
    Result aggregate = job(Map.of(), "aggregate", "--output", site.toString(), fixtures.toString());
    assertThat(aggregate.exit()).as(aggregate.err()).isEqualTo(3);
    JsonNode report = JSON.readTree(site.resolve("reports/report_latest.json").toFile());
    JsonNode failed = report.get("failed_inputs");
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).get("source").asText()).endsWith("v4.2.4_docs_json-ocsf.json");
    assertThat(report.get("accounts").size()).isGreaterThan(5);
    assertThat(report.get("kubernetes")).isNotNull();
    assertThat(aggregate.out()).contains("UNREADABLE", "v4.2.4_docs_json-ocsf.json");
  }

  @Test
  void aggregate_missingInput_isAConfigurationError() {
    Result aggregate = job(Map.of(), "aggregate", "--output", temp.resolve("site").toString(),
        temp.resolve("nope").toString());
    assertThat(aggregate.exit()).isEqualTo(2);
    assertThat(aggregate.err()).contains("does not exist");
  }

  @Test
  void merge_partialReports_publishesTheirSum() throws Exception {
    List<Path> latest = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path outputs = Files.createDirectories(temp.resolve("outputs-" + i));
      SampleData.prowler(outputs, CloudProvider.AWS, "12345678901" + i, i, 0, 0);
      Path site = temp.resolve("part-" + i);
      assertThat(job(Map.of(), "aggregate", "--output", site.toString(), "--run-id", "shard-run", outputs.toString())
          .exit()).isZero();
      latest.add(site.resolve("reports/report_latest.json"));
    }
    Path merged = temp.resolve("merged");
    Result merge = job(Map.of(), "merge", "--output", merged.toString(), latest.get(0).toString(),
        latest.get(1).toString());
    assertThat(merge.exit()).as(merge.err()).isZero();
    long flagged = 0;
    for (Path part : latest) {
      flagged += JSON.readTree(part.toFile()).get("total").get("flagged_items").asLong();
    }
    JsonNode report = JSON.readTree(merged.resolve("reports/report_latest.json").toFile());
    assertThat(report.get("total").get("flagged_items").asLong()).isEqualTo(flagged).isPositive();
    assertThat(report.get("accounts")).hasSize(2);
    assertThat(merged.resolve("index.html")).exists();
  }

  /**
   * Writes a stand-in {@code scout}: it reads --report-dir and --report-name as ScoutSuite does, copies a sample
   * report there under that name, and fails authentication (exit 101) for account 666666666666.
   */
  private Path standInScout(Path template) throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path script = bin.resolve("scout");
    Files.writeString(script, String.join("\n",
        "#!/usr/bin/env bash",
        "set -eu",
        "dir=''; name=''",
        "while [ $# -gt 0 ]; do",
        "  case \"$1\" in",
        "    --report-dir) dir=\"$2\"; shift 2;;",
        "    --report-name) name=\"$2\"; shift 2;;",
        "    *) shift;;",
        "  esac",
        "done",
        "echo \"$(date '+%Y-%m-%d %H:%M:%S') host scout[$$] INFO Launching Scout\" >&2",
        "case \"$name\" in *666666666666*)",
        "  echo \"$(date '+%Y-%m-%d %H:%M:%S') host scout[$$] ERROR Authentication failure: InvalidClientTokenId\" >&2",
        "  exit 101;;",
        "esac",
        "cp -R '" + template + "'/. \"$dir\"/",
        "cd \"$dir\"",
        "mv scoutsuite-results/scoutsuite_results_*.js \"scoutsuite-results/scoutsuite_results_$name.js\"",
        "mv scoutsuite-results/scoutsuite_exceptions_*.js \"scoutsuite-results/scoutsuite_exceptions_$name.js\" 2>/dev/null || true",
        "rm -f scoutsuite-results/scoutsuite_errors_*.json",
        "for f in *.html; do mv \"$f\" \"$name.html\"; done",
        "exit 0",
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
