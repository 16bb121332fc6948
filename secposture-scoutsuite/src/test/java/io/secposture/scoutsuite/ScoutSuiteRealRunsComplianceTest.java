package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.AccountCompliance;
import io.secposture.api.Aggregation;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compliance section of a report aggregated from the real ScoutSuite 5.14.0 runs in
 * {@code shared/fixtures/real-runs/scoutsuite-5.14.0} and the ScoutSuite outputs in {@code shared/fixtures/scoutsuite}
 * (AWS 5.10.2 and 5.14.0, GCP; read in place, skipped saying why when absent), against a
 * computation written here from the results file's own tree: each rule's {@code compliance} entries fail where the
 * rule lists flagged items, pass where it checked items and flagged none; CIS versions {@code x.y.z} are
 * {@code CIS-x.y}; a requirement's title is the smallest description of the rules that assessed it.
 */
class ScoutSuiteRealRunsComplianceTest {
  private static final String RESULTS = "scoutsuite_results_aws-123456789012.js";
  private static final String ACCOUNT = "123456789012";

  @ParameterizedTest
  @ValueSource(strings = {"clean-us-east-1-s3-cloudtrail-kms-vpc", "partial-default-all-regions"})
  void aggregate_realRun_complianceMatchesTheRulesOfTheFile(String run) throws IOException {
    Path results = ScoutSuiteRealRunsConformanceTest.realRun(run).resolve(RESULTS);
    assertThat(expectedFrom(tree(results))).containsKey("CIS-1.2");
    check(results, ACCOUNT, CloudProvider.AWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws-5.10.2-pretty_scoutsuite_results_new2.js",
      "aws-5.14.0-full/scoutsuite-results/scoutsuite_results_aws-default.js",
      "aws-5.14.0-s3-only/scoutsuite-results/scoutsuite_results_aws-default.js",
      "gcp-pretty_scoutsuite_results_no_vuln.js", "gcp-pretty_scoutsuite_results_two_findings.js"})
  void aggregate_fixture_complianceMatchesTheRulesOfTheFile(String name) throws IOException {
    String shared = System.getProperty("secposture.shared.dir");
    Path results = shared == null ? null : Path.of(shared, "fixtures", "scoutsuite", name);
    org.junit.jupiter.api.Assumptions.assumeTrue(results != null && Files.isRegularFile(results),
        "the ScoutSuite fixture " + name + " is not here (" + results + "); it lives in shared/fixtures");
    JsonNode root = tree(results);
    check(results, root.path("account_id").asText(), CloudProvider.of(root.path("provider_code").asText()));
  }

  private static void check(Path results, String account, CloudProvider provider) throws IOException {
    // framework -> requirement -> {failed (0/1), passed (0/1), flagged items}
    Map<String, Map<String, long[]>> expected = expectedFrom(tree(results));
    Map<String, String> titles = titlesFrom(tree(results));

    Aggregation aggregation = Plugins.discover().aggregator("default")
        .start(new RunInfo("real-run", Instant.parse("2026-11-22T02:00:00Z")));
    ParsedReport parsed = new ScoutSuiteParser().parse(ReportSource.of(results), aggregation);
    aggregation.add(parsed);
    PostureReport report = aggregation.finish();

    assertThat(report.compliance()).extracting(FrameworkCompliance::framework)
        .containsExactlyElementsOf(expected.keySet());
    for (FrameworkCompliance framework : report.compliance()) {
      assertThat(framework.provider()).isEqualTo(provider);
      Map<String, long[]> requirements = expected.get(framework.framework());
      assertThat(framework.requirements()).extracting(ComplianceRequirement::id)
          .containsExactlyInAnyOrderElementsOf(requirements.keySet());
      long failed = 0;
      long passed = 0;
      for (ComplianceRequirement requirement : framework.requirements()) {
        long[] counts = requirements.get(requirement.id());
        boolean fails = counts[0] == 1;
        failed += fails ? 1 : 0;
        passed += fails ? 0 : 1;
        assertThat(requirement.failingAccounts()).as(framework.framework() + " " + requirement.id())
            .isEqualTo(fails ? List.of(account) : List.of());
        assertThat(requirement.passingAccounts()).as(framework.framework() + " " + requirement.id())
            .isEqualTo(fails ? List.of() : List.of(account));
        assertThat(requirement.flagged()).as(framework.framework() + " " + requirement.id()).isEqualTo(counts[2]);
        assertThat(requirement.title()).as(framework.framework() + " " + requirement.id())
            .isEqualTo(titles.get(framework.framework() + " " + requirement.id()));
      }
      assertThat(framework.failed()).isEqualTo(failed);
      assertThat(framework.passed()).isEqualTo(passed);
      assertThat(framework.manual()).isZero();
      assertThat(framework.passRate()).isEqualTo((double) passed / (passed + failed));
      assertThat(framework.accounts()).containsExactly(new AccountCompliance(account, passed, failed, 0));
    }
  }

  private static Map<String, Map<String, long[]>> expectedFrom(JsonNode root) {
    Map<String, Map<String, long[]>> expected = new TreeMap<>();
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().path("findings").properties()) {
        JsonNode body = rule.getValue();
        long listed = body.path("items").size();
        boolean fails = listed > 0 || body.path("flagged_items").asLong() > 0;
        boolean passes = !fails && body.path("checked_items").asLong() > 0;
        if (!fails && !passes) {
          continue;
        }
        for (JsonNode entry : body.path("compliance")) {
          String name = entry.get("name").asText();
          String version = entry.get("version").asText();
          String[] parts = version.split("\\.");
          String framework = name.startsWith("CIS ") ? "CIS-" + parts[0] + "." + parts[1] : name + " " + version;
          long[] counts = expected.computeIfAbsent(framework, k -> new TreeMap<>())
              .computeIfAbsent(entry.get("reference").asText(), k -> new long[3]);
          counts[fails ? 0 : 1] = 1;
          counts[2] += listed;
        }
      }
    }
    return expected;
  }

  /** The title of each assessed requirement: the smallest description of the rules that assessed it. */
  private static Map<String, String> titlesFrom(JsonNode root) {
    Map<String, String> titles = new TreeMap<>();
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().path("findings").properties()) {
        JsonNode body = rule.getValue();
        boolean assessed = body.path("items").size() > 0 || body.path("flagged_items").asLong() > 0
            || body.path("checked_items").asLong() > 0;
        String description = body.path("description").asText("").strip();
        if (!assessed || description.isEmpty()) {
          continue;
        }
        for (JsonNode entry : body.path("compliance")) {
          String version = entry.get("version").asText();
          String[] parts = version.split("\\.");
          String name = entry.get("name").asText();
          String framework = name.startsWith("CIS ") ? "CIS-" + parts[0] + "." + parts[1] : name + " " + version;
          titles.merge(framework + " " + entry.get("reference").asText(), description,
              (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
      }
    }
    return titles;
  }

  private static JsonNode tree(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int start = text.startsWith("[") ? 0 : text.indexOf('\n') + 1;
    return ResultsDocuments.JSON.readTree(text.substring(start));
  }
}
