package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.secposture.api.AccountStats;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with real Prowler 5.7.5 runs ({@code shared/fixtures/real-runs/prowler-5.7.5/*}, read in place, skipped
 * saying why when the shared folder is missing): each format of a run (JSON-OCSF, CSV, JSON-ASFF), parsed alone
 * through parser discovery, gives the tool's own totals, which an independent reader in this test (Jackson trees and
 * rows, no secposture code) computes from the same file and which the fixtures README states: 156 results (FAIL 82,
 * PASS 74, 22 resources) and 43 results (FAIL 31 of which 1 muted, PASS 12, 4 resources); per service too. The three
 * formats of one run describe the same results: the same fingerprints, the same muted one.
 */
class ProwlerRealRunsConformanceTest {
  private static final Plugins PLUGINS = Plugins.discover();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CloudAccount ACCOUNT = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();

  /**
   * A run and what its README says.
   *
   * @param folder below real-runs
   * @param base the files' base name
   * @param results results in each format
   * @param failed FAIL results, muted included
   * @param passed PASS results
   * @param muted muted results
   * @param resources distinct resources
   */
  record Run(String folder, String base, long results, long failed, long passed, long muted, long resources) {
  }

  static Stream<Arguments> formats() {
    List<Run> runs = List.of(
        new Run("prowler-5.7.5/iam-s3-ec2-us-east-1", "prowler-aws-123456789012", 156, 82, 74, 0, 22),
        new Run("prowler-5.7.5/s3-mutelist-severity-status", "prowler-output-123456789012-pw-opts", 43, 31, 12, 1,
            4));
    List<Arguments> arguments = new ArrayList<>();
    for (Run run : runs) {
      arguments.add(Arguments.of(run, ".ocsf.json", "prowler-ocsf"));
      arguments.add(Arguments.of(run, ".csv", "prowler-csv"));
      arguments.add(Arguments.of(run, ".asff.json", "prowler-asff"));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formats")
  void parse_eachFormatAlone_givesTheToolsOwnTotals(Run run, String extension, String parserName)
      throws IOException {
    Path file = TestFiles.realRun(run.folder()).resolve(run.base() + extension);
    Oracle oracle = Oracle.of(file, extension);
    assertThat(oracle.results).as("the README's results").isEqualTo(run.results());
    assertThat(oracle.failed).as("the README's FAIL").isEqualTo(run.failed());
    assertThat(oracle.passed).as("the README's PASS").isEqualTo(run.passed());
    assertThat(oracle.muted).as("the README's muted").isEqualTo(run.muted());
    assertThat(oracle.resources()).as("the README's resources").isEqualTo(run.resources());
    ReportSource source = ReportSource.of(file, ACCOUNT);
    ReportParser parser = PLUGINS.parserFor(source).orElseThrow();
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(source, findings::add);

    assertThat(parser.name()).isEqualTo(parserName);
    assertThat(report.findings()).isEqualTo(run.results()).isEqualTo(findings.size());
    assertThat(findings).filteredOn(f -> f.status() == FindingStatus.FAIL).hasSize((int) run.failed());
    assertThat(findings).filteredOn(f -> f.status() == FindingStatus.PASS).hasSize((int) run.passed());
    assertThat(findings).filteredOn(Finding::muted).hasSize((int) run.muted());
    assertThat(findings).filteredOn(Finding::flagged).hasSize((int) (run.failed() - run.muted()));
    assertThat(report.accounts()).singleElement().satisfies(account -> {
      assertThat(account.accountId()).isEqualTo("123456789012");
      Map<String, ServiceStats> expected = new TreeMap<>();
      oracle.checked.forEach((service, checked) -> expected.put(service, new ServiceStats(checked,
          oracle.flagged.getOrDefault(service, 0L), oracle.resourcesByService.get(service).size())));
      assertThat(account.services()).isEqualTo(expected);
      assertThat(account.total()).isEqualTo(new ServiceStats(run.results(), run.failed() - run.muted(),
          run.resources()));
    });
    assertThat(report.accounts()).extracting(AccountStats::provider).containsExactly(CloudProvider.AWS);
    assertThat(report.toolVersion()).isEqualTo("5.7.5");
    assertThat(report.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void parse_theThreeFormatsOfOneRun_describeTheSameResults(String folder, String base) {
    Path run = TestFiles.realRun(folder);
    Map<String, Set<String>> fingerprints = new HashMap<>();
    Map<String, Set<String>> mutedRules = new HashMap<>();
    for (String extension : List.of(".ocsf.json", ".csv", ".asff.json")) {
      ReportSource source = ReportSource.of(run.resolve(base + extension), ACCOUNT);
      Set<String> prints = new HashSet<>();
      Set<String> muted = new HashSet<>();
      PLUGINS.parserFor(source).orElseThrow().parse(source, finding -> {
        prints.add(finding.fingerprint() + " " + finding.status());
        if (finding.muted()) {
          muted.add(finding.ruleId() + " " + finding.resourceId());
        }
      });
      fingerprints.put(extension, prints);
      mutedRules.put(extension, muted);
    }

    assertThat(fingerprints.get(".csv")).isEqualTo(fingerprints.get(".ocsf.json"));
    assertThat(fingerprints.get(".asff.json")).isEqualTo(fingerprints.get(".ocsf.json"));
    assertThat(mutedRules.get(".csv")).isEqualTo(mutedRules.get(".ocsf.json"))
        .isEqualTo(mutedRules.get(".asff.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void sniffing_aRunsFolder_givesEveryResultFileToExactlyOneParser(String folder, String base) throws IOException {
    Path run = TestFiles.realRun(folder);
    Map<String, List<String>> claims = new TreeMap<>();
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : files.sorted().toList()) {
        ReportSource source = ReportSource.of(file);
        claims.put(file.getFileName().toString(), PLUGINS.parsers().values().stream()
            .filter(parser -> parser.accepts(source)).map(ReportParser::name).toList());
      }
    }

    Map<String, List<String>> expected = new TreeMap<>(Map.of(base + ".ocsf.json", List.of("prowler-ocsf"),
        base + ".csv", List.of("prowler-csv"), base + ".asff.json", List.of("prowler-asff")));
    if (claims.containsKey("input-mutelist.yaml")) {
      expected.put("input-mutelist.yaml", List.of());
    }
    assertThat(claims).isEqualTo(expected);
  }

  static Stream<Arguments> runs() {
    return Stream.of(Arguments.of("prowler-5.7.5/iam-s3-ec2-us-east-1", "prowler-aws-123456789012"),
        Arguments.of("prowler-5.7.5/s3-mutelist-severity-status", "prowler-output-123456789012-pw-opts"));
  }

  /** Counts a file with Jackson alone: status, muted, service and resource of each result. */
  private static final class Oracle {
    long results;
    long failed;
    long passed;
    long muted;
    final Map<String, Long> checked = new TreeMap<>();
    final Map<String, Long> flagged = new TreeMap<>();
    final Map<String, Set<String>> resourcesByService = new HashMap<>();

    long resources() {
      return resourcesByService.values().stream().mapToLong(Set::size).sum();
    }

    static Oracle of(Path file, String extension) throws IOException {
      Oracle oracle = new Oracle();
      if (extension.equals(".csv")) {
        for (Map<String, String> row : csvRows(file)) {
          oracle.add(row.get("STATUS"), "True".equals(row.get("MUTED")), row.get("SERVICE_NAME"),
              row.get("RESOURCE_UID"));
        }
      } else if (extension.equals(".ocsf.json")) {
        for (JsonNode finding : JSON.readTree(file.toFile())) {
          JsonNode resource = finding.get("resources").get(0);
          oracle.add(finding.get("status_code").asText(), "Suppressed".equals(finding.get("status").asText()),
              resource.get("group").get("name").asText(), resource.get("uid").asText());
        }
      } else {
        for (JsonNode finding : JSON.readTree(file.toFile())) {
          String status = finding.get("Compliance").get("Status").asText();
          String checkId = finding.get("GeneratorId").asText().substring("prowler-".length());
          oracle.add(status.equals("PASSED") ? "PASS" : "FAIL", status.equals("WARNING"),
              checkId.substring(0, checkId.indexOf('_')), finding.get("Resources").get(0).get("Id").asText());
        }
      }
      return oracle;
    }

    private void add(String status, boolean isMuted, String service, String resource) {
      results++;
      if (isMuted) {
        muted++;
      }
      if (status.equals("FAIL")) {
        failed++;
        if (!isMuted) {
          flagged.merge(service, 1L, Long::sum);
        }
      } else if (status.equals("PASS")) {
        passed++;
      }
      checked.merge(service, 1L, Long::sum);
      resourcesByService.computeIfAbsent(service, key -> new HashSet<>()).add(resource);
    }

    private static List<Map<String, String>> csvRows(Path file) throws IOException {
      List<Map<String, String>> rows = new ArrayList<>();
      try (CsvParser parser = new CsvFactory().createParser(file.toFile())) {
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(';'));
        parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        parser.nextToken();
        List<String> header = null;
        while (parser.nextToken() == JsonToken.START_ARRAY) {
          List<String> cells = new ArrayList<>();
          while (parser.nextToken() == JsonToken.VALUE_STRING) {
            cells.add(parser.getText());
          }
          if (header == null) {
            header = cells;
          } else if (cells.size() > 1) {
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
              row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
          }
        }
      }
      return rows;
    }
  }
}
