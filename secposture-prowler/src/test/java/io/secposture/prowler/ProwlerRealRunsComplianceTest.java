package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.secposture.api.Aggregation;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
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
 * The compliance section of a report aggregated from each format of the real Prowler 5.7.5 runs in
 * {@code shared/fixtures/real-runs/prowler-5.7.5} (read in place, skipped saying why when absent), against a
 * computation written here from each file's own tree: every result's framework references (OCSF
 * {@code unmapped.compliance}, CSV {@code COMPLIANCE}, ASFF {@code Compliance.RelatedRequirements}) fail a
 * requirement when the result is a FAIL that is not muted, pass it when it is a PASS. ASFF entries are cut to 63
 * characters by Prowler, so the last id of a cut entry is not counted.
 */
class ProwlerRealRunsComplianceTest {
  private static final Plugins PLUGINS = Plugins.discover();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";
  private static final int FAIL = 0;
  private static final int PASS = 1;
  private static final int FLAGGED = 2;

  static Stream<Arguments> files() {
    List<Arguments> arguments = new ArrayList<>();
    for (String[] run : new String[][] {{"prowler-5.7.5/iam-s3-ec2-us-east-1", "prowler-aws-123456789012"},
        {"prowler-5.7.5/s3-mutelist-severity-status", "prowler-output-123456789012-pw-opts"}}) {
      for (String extension : List.of(".ocsf.json", ".csv", ".asff.json")) {
        arguments.add(Arguments.of(run[0], run[1] + extension));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("files")
  void aggregate_realRun_complianceMatchesTheResultsOfTheFile(String folder, String name) throws IOException {
    Path file = TestFiles.realRun(folder).resolve(name);
    Map<String, Map<String, long[]>> expected = name.endsWith(".ocsf.json") ? fromOcsf(file)
        : name.endsWith(".csv") ? fromCsv(file) : fromAsff(file);

    PostureReport report = aggregate(file);

    assertThat(expected).containsKeys("CIS-2.0", "AWS-Foundational-Security-Best-Practices");
    assertThat(report.compliance()).extracting(FrameworkCompliance::framework)
        .containsExactlyElementsOf(expected.keySet());
    for (FrameworkCompliance framework : report.compliance()) {
      String what = framework.framework();
      assertThat(framework.provider()).isEqualTo(CloudProvider.AWS);
      Map<String, long[]> requirements = expected.get(framework.framework());
      assertThat(framework.requirements()).as(what).extracting(ComplianceRequirement::id)
          .containsExactlyInAnyOrderElementsOf(requirements.keySet());
      long failed = 0;
      long passed = 0;
      for (ComplianceRequirement requirement : framework.requirements()) {
        long[] seen = requirements.get(requirement.id());
        FindingStatus status = seen[FAIL] == 1 ? FindingStatus.FAIL : FindingStatus.PASS;
        failed += status == FindingStatus.FAIL ? 1 : 0;
        passed += status == FindingStatus.PASS ? 1 : 0;
        assertThat(requirement.status(ACCOUNT)).as(what + " " + requirement.id()).isEqualTo(status);
        assertThat(requirement.flagged()).as(what + " " + requirement.id()).isEqualTo(seen[FLAGGED]);
      }
      assertThat(framework.failed()).as(what).isEqualTo(failed);
      assertThat(framework.passed()).as(what).isEqualTo(passed);
      assertThat(framework.passRate()).as(what).isEqualTo((double) passed / (passed + failed));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("files")
  void aggregate_csvAndOcsfOfTheSameRun_giveTheSameComplianceSection(String folder, String name) {
    if (!name.endsWith(".csv")) {
      return;
    }
    Path csv = TestFiles.realRun(folder).resolve(name);
    Path ocsf = csv.resolveSibling(name.replace(".csv", ".ocsf.json"));

    assertThat(aggregate(csv).compliance()).isNotEmpty().isEqualTo(aggregate(ocsf).compliance());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("files")
  void aggregate_asff_reportsNoRequirementCutShortByTheEntryLimit(String folder, String name) {
    if (!name.endsWith(".asff.json")) {
      return;
    }
    Path asff = TestFiles.realRun(folder).resolve(name);
    PostureReport ocsf = aggregate(asff.resolveSibling(name.replace(".asff.json", ".ocsf.json")));
    Map<String, List<String>> complete = new TreeMap<>();
    ocsf.compliance().forEach(framework -> complete.put(framework.framework(),
        framework.requirements().stream().map(ComplianceRequirement::id).toList()));

    for (FrameworkCompliance framework : aggregate(asff).compliance()) {
      if (complete.get(framework.framework()).stream().anyMatch(id -> id.contains(" "))) {
        continue; // ids with spaces ("Predefine IAM Roles") are split into words: ASFF cannot tell them apart
      }
      assertThat(complete.get(framework.framework())).as(framework.framework())
          .containsAll(framework.requirements().stream().map(ComplianceRequirement::id).toList());
    }
  }

  private static PostureReport aggregate(Path file) {
    Aggregation aggregation = PLUGINS.aggregator("default")
        .start(new RunInfo("real-run", Instant.parse("2026-11-22T02:00:00Z")));
    ReportSource source = ReportSource.of(file, CloudAccount.builder(CloudProvider.AWS, ACCOUNT).build());
    aggregation.add(PLUGINS.parserFor(source).orElseThrow().parse(source, aggregation));
    return aggregation.finish();
  }

  private static Map<String, Map<String, long[]>> fromOcsf(Path file) throws IOException {
    Map<String, Map<String, long[]>> expected = new TreeMap<>();
    for (JsonNode result : JSON.readTree(file.toFile())) {
      boolean muted = "Suppressed".equals(result.path("status").asText());
      String status = result.get("status_code").asText();
      result.path("unmapped").path("compliance").properties().forEach(framework -> {
        for (JsonNode id : framework.getValue()) {
          see(expected, framework.getKey(), id.asText(), status, muted);
        }
      });
    }
    return expected;
  }

  private static Map<String, Map<String, long[]>> fromCsv(Path file) throws IOException {
    Map<String, Map<String, long[]>> expected = new TreeMap<>();
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
              see(expected, part.substring(0, colon).trim(), id.trim(), row.get("STATUS"), muted);
            }
          }
        }
      }
    }
    return expected;
  }

  private static Map<String, Map<String, long[]>> fromAsff(Path file) throws IOException {
    Map<String, Map<String, long[]>> expected = new TreeMap<>();
    for (JsonNode finding : JSON.readTree(file.toFile())) {
      String status = finding.path("Compliance").path("Status").asText();
      boolean muted = status.equals("WARNING");
      String result = status.equals("PASSED") ? "PASS" : "FAIL";
      for (JsonNode entry : finding.path("Compliance").path("RelatedRequirements")) {
        // Prowler cuts each entry to 63 characters: the last id of a cut entry may be a fragment
        String[] tokens = entry.asText().trim().split("\\s+");
        int complete = entry.asText().length() >= 63 && !entry.asText().endsWith(" ") ? tokens.length - 1
            : tokens.length;
        for (int i = 1; i < complete; i++) {
          see(expected, tokens[0], tokens[i], result, muted);
        }
      }
    }
    return expected;
  }

  private static void see(Map<String, Map<String, long[]>> expected, String framework, String id, String status,
      boolean muted) {
    if (muted && status.equals("FAIL")) {
      return;
    }
    long[] seen = expected.computeIfAbsent(framework, k -> new TreeMap<>()).computeIfAbsent(id, k -> new long[3]);
    if (status.equals("FAIL")) {
      seen[FAIL] = 1;
      seen[FLAGGED]++;
    } else if (status.equals("PASS")) {
      seen[PASS] = 1;
    }
  }
}
