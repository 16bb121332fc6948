package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The parser on the whole runs of real ScoutSuite 5.14.0 in {@code shared/fixtures/real-runs/scoutsuite-5.14.0}
 * (against an emulated AWS account; see the fixtures README), read in place and skipped, saying why, when the folder
 * is missing. The totals the README states are checked, and recomputed here from the files themselves.
 */
class ScoutSuiteRealRunsConformanceTest {
  private static final String RESULTS = "scoutsuite_results_aws-123456789012.js";
  private static final String ERRORS = "scoutsuite_errors_aws-123456789012.json";

  private final ScoutSuiteParser parser = new ScoutSuiteParser();

  /** A real-run folder, or the test is skipped. */
  static Path realRun(String name) {
    String shared = System.getProperty("secposture.shared.dir");
    Path folder = shared == null ? null : Path.of(shared, "fixtures", "real-runs", "scoutsuite-5.14.0", name);
    assumeTrue(folder != null && Files.isRegularFile(folder.resolve(RESULTS)), "the real ScoutSuite 5.14.0 run "
        + name + " is not here (" + folder + "); it lives in shared/fixtures/real-runs beside the repository");
    return folder;
  }

  private record Parsed(ParsedReport report, List<Finding> findings) {
  }

  private Parsed parse(Path file) {
    List<Finding> findings = new ArrayList<>();
    ParsedReport report = parser.parse(ReportSource.of(file), findings::add);
    return new Parsed(report, findings);
  }

  private static JsonNode tree(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int start = text.startsWith("[") ? 0 : text.indexOf('\n') + 1;
    return ResultsDocuments.JSON.readTree(text.substring(start));
  }

  /** Checks the parse against the file's own summary and items, and returns the summed totals. */
  private static long[] checkAgainstTheFile(Path results, Parsed parsed) throws IOException {
    JsonNode root = tree(results);
    TreeMap<String, ServiceStats> summary = new TreeMap<>();
    root.get("last_run").get("summary").properties().forEach(entry -> summary.put(entry.getKey(), new ServiceStats(
        entry.getValue().get("checked_items").asLong(), entry.getValue().get("flagged_items").asLong(),
        entry.getValue().get("resources_count").asLong())));
    long items = 0;
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        items += rule.getValue().path("items").size();
      }
    }
    assertThat(parsed.report().accounts()).singleElement().satisfies(account -> {
      assertThat(account.provider()).isEqualTo(CloudProvider.AWS);
      assertThat(account.accountId()).isEqualTo("123456789012");
      assertThat(account.services()).containsExactlyEntriesOf(summary);
    });
    assertThat(parsed.findings()).hasSize((int) items);
    assertThat(parsed.report().findings()).isEqualTo(items);
    assertThat(parsed.report().toolVersion()).isEqualTo("5.14.0");
    Set<String> fingerprints = new HashSet<>();
    parsed.findings().forEach(finding -> assertThat(fingerprints.add(finding.fingerprint())).isTrue());
    return new long[] {
        summary.values().stream().mapToLong(ServiceStats::checkedItems).sum(),
        summary.values().stream().mapToLong(ServiceStats::flaggedItems).sum(),
        summary.values().stream().mapToLong(ServiceStats::resourcesCount).sum()};
  }

  private static long[] totals(ParsedReport report) {
    Map<String, ServiceStats> services = report.accounts().get(0).services();
    return new long[] {
        services.values().stream().mapToLong(ServiceStats::checkedItems).sum(),
        services.values().stream().mapToLong(ServiceStats::flaggedItems).sum(),
        services.values().stream().mapToLong(ServiceStats::resourcesCount).sum()};
  }

  @Test
  void cleanRun_exit0WithoutErrorsFile_parsesToTheToolsTotalsWithNoWarning() throws IOException {
    Path folder = realRun("clean-us-east-1-s3-cloudtrail-kms-vpc");
    assertThat(folder.resolve(ERRORS)).doesNotExist();

    Parsed parsed = parse(folder.resolve(RESULTS));

    assertThat(totals(parsed.report())).containsExactly(85, 42, 5)
        .containsExactly(checkAgainstTheFile(folder.resolve(RESULTS), parsed));
    assertThat(parsed.findings()).hasSize(42);
    assertThat(parsed.report().warnings()).isEmpty();
    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse("2026-12-06T03:38:21Z"));
    assertThat(parsed.findings()).extracting(Finding::service).containsOnly("cloudtrail", "kms", "s3", "vpc");
  }

  @Test
  void partialRun_exit200_parsesToTheToolsTotalsAndNamesEachExceptionOfTheErrorsFile() throws IOException {
    Path folder = realRun("partial-default-all-regions");

    Parsed parsed = parse(folder.resolve(RESULTS));

    assertThat(totals(parsed.report())).containsExactly(1007, 315, 97)
        .containsExactly(checkAgainstTheFile(folder.resolve(RESULTS), parsed));
    assertThat(parsed.findings()).hasSize(315);
    assertThat(parsed.report().warnings()).containsExactly("183 collection errors in " + ERRORS + " (ScoutSuite"
        + " could not read everything; findings may be incomplete): ResponseParserError x140 (elasticache 80,"
        + " cloudformation 20, ec2 20, redshift 20); ClientError 500 x21 (directconnect 20, route53 1); TypeError x21"
        + " (ec2 20, preprocessing 1); ParserError x1 (rule engine 1)");
    // the kinds recomputed from the file: the class on the line after each last traceback's frames
    JsonNode errors = tree(folder.resolve(ERRORS));
    assertThat(errors).hasSize(183);
    Map<String, Integer> classes = new TreeMap<>();
    for (JsonNode entry : errors) {
      String traceback = entry.get("traceback").asText();
      String last = traceback.substring(traceback.lastIndexOf("Traceback (most recent call last):"));
      String line = last.lines().skip(1).filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
          .findFirst().orElseThrow();
      classes.merge(line.substring(0, line.indexOf(':')), 1, Integer::sum);
    }
    assertThat(classes).containsExactlyInAnyOrderEntriesOf(Map.of("botocore.parsers.ResponseParserError", 140,
        "botocore.exceptions.ClientError", 21, "TypeError", 21, "dateutil.parser._parser.ParserError", 1));
    assertThat(errors.findValuesAsText("exception")).filteredOn(text -> text.contains("An error occurred (500)"))
        .hasSize(21);
  }
}
