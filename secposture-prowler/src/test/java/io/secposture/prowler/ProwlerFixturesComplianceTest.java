package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.secposture.api.Aggregation;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportSource;
import io.secposture.api.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compliance section of a report aggregated from each Prowler example output in {@code shared/fixtures/prowler}
 * that carries compliance references (Prowler 5 OCSF and CSV of four providers, 4.x OCSF, 3.x JSON, the 731-finding
 * ASFF file), against a computation written here from each file's own tree, per framework, requirement and account:
 * a requirement fails in an account when a FAIL that is not muted maps to it there, else passes when a PASS does,
 * else is manual (MANUAL results, ASFF {@code NOT_AVAILABLE}); a result without an account counts for
 * {@code unknown}. Read in place; skipped saying why when the shared folder is absent. The real runs are covered by
 * {@link ProwlerRealRunsComplianceTest}.
 */
class ProwlerFixturesComplianceTest {
  private static final Plugins PLUGINS = Plugins.discover();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FAIL = 0;
  private static final int PASS = 1;
  private static final int FLAGGED = 2;
  private static final int MANUAL = 3;

  /** framework -> requirement -> account -> {fail, pass, flagged}. */
  private static final class Expected extends TreeMap<String, Map<String, Map<String, long[]>>> {
    private static final long serialVersionUID = 1L;

    void see(String framework, String id, String account, String status, boolean muted) {
      if (muted && status.equals("FAIL")) {
        return;
      }
      long[] seen = computeIfAbsent(framework, k -> new TreeMap<>()).computeIfAbsent(id, k -> new TreeMap<>())
          .computeIfAbsent(account.isBlank() ? "unknown" : account, k -> new long[4]);
      if (status.equals("FAIL")) {
        seen[FAIL] = 1;
        seen[FLAGGED]++;
      } else if (status.equals("PASS")) {
        seen[PASS] = 1;
      } else {
        seen[MANUAL] = 1;
      }
    }
  }

  static Stream<Arguments> files() {
    List<Arguments> files = new ArrayList<>();
    for (String provider : List.of("aws", "azure", "gcp", "kubernetes")) {
      files.add(Arguments.of("v5-examples/example_output_" + provider + ".ocsf.json"));
      files.add(Arguments.of("v5-examples/example_output_" + provider + ".csv"));
    }
    files.add(Arguments.of("v3-v4/many_vuln.ocsf.json"));
    files.add(Arguments.of("v3-v4/many_vuln_after_4_5_0.ocsf.json"));
    files.add(Arguments.of("v3-v4/many_vuln.json"));
    files.add(Arguments.of("v3-v4/one_vuln.json"));
    files.add(Arguments.of("asff/prowler-output.asff.json"));
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void aggregate_exampleOutput_complianceMatchesTheResultsOfTheFile(String name) throws IOException {
    Path file = TestFiles.fixtures().resolve(name);
    Expected expected = name.endsWith(".ocsf.json") ? fromOcsf(file) : name.endsWith(".csv") ? fromCsv(file)
        : name.endsWith(".asff.json") ? fromAsff(file) : fromJsonV3(file);

    PostureReport report = aggregate(file);

    assertThat(expected).as("the file has compliance references").isNotEmpty();
    assertThat(report.compliance()).extracting(FrameworkCompliance::framework)
        .containsExactlyElementsOf(expected.keySet());
    for (FrameworkCompliance framework : report.compliance()) {
      String what = framework.framework();
      Map<String, Map<String, long[]>> requirements = expected.get(what);
      assertThat(framework.requirements()).as(what).extracting(ComplianceRequirement::id)
          .containsExactlyInAnyOrderElementsOf(requirements.keySet());
      long failed = 0;
      long passed = 0;
      long manual = 0;
      for (ComplianceRequirement requirement : framework.requirements()) {
        Map<String, long[]> accounts = requirements.get(requirement.id());
        assertThat(requirement.accounts()).as(what + " " + requirement.id())
            .containsExactlyInAnyOrderElementsOf(accounts.keySet());
        boolean failsSomewhere = false;
        boolean passesSomewhere = false;
        long flagged = 0;
        for (Map.Entry<String, long[]> account : accounts.entrySet()) {
          long[] seen = account.getValue();
          FindingStatus status = seen[FAIL] == 1 ? FindingStatus.FAIL
              : seen[PASS] == 1 ? FindingStatus.PASS : FindingStatus.MANUAL;
          failsSomewhere |= status == FindingStatus.FAIL;
          passesSomewhere |= status == FindingStatus.PASS;
          flagged += seen[FLAGGED];
          assertThat(requirement.status(account.getKey())).as(what + " " + requirement.id() + " " + account.getKey())
              .isEqualTo(status);
        }
        assertThat(requirement.flagged()).as(what + " " + requirement.id()).isEqualTo(flagged);
        failed += failsSomewhere ? 1 : 0;
        passed += !failsSomewhere && passesSomewhere ? 1 : 0;
        manual += !failsSomewhere && !passesSomewhere ? 1 : 0;
      }
      assertThat(framework.failed()).as(what).isEqualTo(failed);
      assertThat(framework.passed()).as(what).isEqualTo(passed);
      assertThat(framework.manual()).as(what).isEqualTo(manual);
    }
  }

  private static PostureReport aggregate(Path file) {
    Aggregation aggregation = PLUGINS.aggregator("default")
        .start(new RunInfo("fixture", Instant.parse("2026-11-22T02:00:00Z")));
    ReportSource source = ReportSource.of(file);
    aggregation.add(PLUGINS.parserFor(source).orElseThrow().parse(source, aggregation));
    return aggregation.finish();
  }

  private static Expected fromOcsf(Path file) throws IOException {
    Expected expected = new Expected();
    for (JsonNode result : JSON.readTree(file.toFile())) {
      boolean muted = "Suppressed".equals(result.path("status").asText()) || result.path("unmapped").path("muted")
          .asBoolean(false);
      String status = result.path("status_code").asText();
      String account = result.path("cloud").path("account").path("uid").asText();
      result.path("unmapped").path("compliance").properties().forEach(framework -> {
        for (JsonNode id : framework.getValue()) {
          expected.see(framework.getKey(), id.asText(), account, status, muted);
        }
      });
    }
    return expected;
  }

  private static Expected fromJsonV3(Path file) throws IOException {
    Expected expected = new Expected();
    for (JsonNode result : JSON.readTree(file.toFile())) {
      String status = result.path("Status").asText();
      String account = result.path("AccountId").asText();
      result.path("Compliance").properties().forEach(framework -> {
        for (JsonNode id : framework.getValue()) {
          expected.see(framework.getKey(), id.asText(), account, status, false);
        }
      });
    }
    return expected;
  }

  private static Expected fromCsv(Path file) throws IOException {
    Expected expected = new Expected();
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(';');
    try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(schema)
        .readValues(file.toFile())) {
      while (rows.hasNext()) {
        Map<String, String> row = rows.next();
        boolean muted = "true".equalsIgnoreCase(row.get("MUTED"));
        for (String part : row.get("COMPLIANCE").split("\\|")) {
          int colon = part.indexOf(':');
          if (colon < 0) {
            continue;
          }
          for (String id : part.substring(colon + 1).split(",")) {
            if (!id.isBlank()) {
              expected.see(part.substring(0, colon).trim(), id.trim(), row.get("ACCOUNT_UID"), row.get("STATUS"),
                  muted);
            }
          }
        }
      }
    }
    return expected;
  }

  private static Expected fromAsff(Path file) throws IOException {
    Expected expected = new Expected();
    for (JsonNode finding : JSON.readTree(file.toFile())) {
      String status = finding.path("Compliance").path("Status").asText();
      boolean muted = status.equals("WARNING");
      String result = status.equals("PASSED") ? "PASS" : status.equals("FAILED") || muted ? "FAIL" : "MANUAL";
      String account = finding.path("AwsAccountId").asText();
      for (JsonNode entry : finding.path("Compliance").path("RelatedRequirements")) {
        // Prowler cuts each entry to 63 characters: the last id of a cut entry may be a fragment
        String[] tokens = entry.asText().trim().split("\\s+");
        int complete = entry.asText().length() >= 63 && !entry.asText().endsWith(" ") ? tokens.length - 1
            : tokens.length;
        for (int i = 1; i < complete; i++) {
          expected.see(tokens[0], tokens[i], account, result, muted);
        }
      }
    }
    return expected;
  }
}
