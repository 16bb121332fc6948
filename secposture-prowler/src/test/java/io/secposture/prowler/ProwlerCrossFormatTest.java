package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same scan written in each format Prowler has for the provider gives the same counts and the same fingerprints
 * as its JSON-OCSF: what makes run-to-run diffs work whichever format a team keeps. The differences the formats
 * themselves impose are stated: ASFF drops MANUAL results and marks every muted result WARNING; v2/v3 only mark muted
 * failures (allowlisted = WARNING).
 */
class ProwlerCrossFormatTest {
  private static final Plugins PLUGINS = Plugins.discover();

  @TempDir
  Path directory;

  @ParameterizedTest(name = "{0} {1} generation {2}")
  @CsvSource({
      "aws, CSV, 0", "aws, CSV, 3", "aws, ASFF, 0", "aws, ASFF, 2", "aws, JSON_V3, 1", "aws, OCSF_V3, 0",
      "aws, JSON_V2, 0", "aws, CSV_V2, 2",
      "azure, CSV, 0", "azure, JSON_V3, 0", "azure, OCSF_V3, 1",
      "gcp, CSV, 2", "gcp, JSON_V3, 0", "gcp, OCSF_V3, 0",
      "kubernetes, CSV, 0", "kubernetes, CSV, 1"})
  void parse_sameScanInAnotherFormat_givesTheSameCountsAndFingerprints(String providerId, Format format,
      int generation) {
    CloudProvider provider = CloudProvider.of(providerId);
    String account = providerId.equals("azure") ? "6d1f2c3e-1111-4000-8000-00000000beef" : "acct-" + providerId;
    Path ocsfFile = directory.resolve("scan.ocsf.json");
    Path otherFile = directory.resolve("scan" + extension(format));
    ProwlerSampleWriter.writeFormat(ocsfFile, Format.OCSF, provider, account, 99, generation, 0);
    ProwlerSampleWriter.writeFormat(otherFile, format, provider, account, 99, generation, 0);
    List<Finding> ocsf = new ArrayList<>();
    List<Finding> other = new ArrayList<>();

    ParsedReport ocsfReport = parse(ocsfFile, "prowler-ocsf", ocsf);
    ParsedReport otherReport = parse(otherFile, parserOf(format), other);

    assertThat(nonEmptyServices(otherReport)).isEqualTo(nonEmptyServices(ocsfReport));
    assertThat(prints(other, format == Format.ASFF)).isEqualTo(prints(ocsf, format == Format.ASFF));
    assertThat(flagged(other)).isEqualTo(flagged(ocsf));
    if (format == Format.CSV) {
      assertThat(other).as("v5 CSV carries every field the OCSF file does").isEqualTo(ocsf);
    }
  }

  private static ParsedReport parse(Path file, String expectedParser, List<Finding> into) {
    ReportSource source = ReportSource.of(file);
    ReportParser parser = PLUGINS.parserFor(source).orElseThrow();
    assertThat(parser.name()).isEqualTo(expectedParser);
    return parser.parse(source, into::add);
  }

  private static Map<String, Map<String, ServiceStats>> nonEmptyServices(ParsedReport report) {
    Map<String, Map<String, ServiceStats>> services = new TreeMap<>();
    for (AccountStats account : report.accounts()) {
      Map<String, ServiceStats> counted = new TreeMap<>(account.services());
      counted.values().removeIf(ServiceStats.ZERO::equals);
      services.put(account.provider() + "/" + account.accountId(), counted);
    }
    return services;
  }

  private static Set<String> prints(List<Finding> findings, boolean withoutManual) {
    return findings.stream().filter(f -> !withoutManual || f.status() != FindingStatus.MANUAL)
        .map(Finding::fingerprint).collect(Collectors.toSet());
  }

  private static Set<String> flagged(List<Finding> findings) {
    return findings.stream().filter(Finding::flagged).map(Finding::fingerprint).collect(Collectors.toSet());
  }

  private static String extension(Format format) {
    switch (format) {
      case CSV: case CSV_V2: return ".csv";
      case ASFF: return ".asff.json";
      case OCSF_V3: return "-v3.ocsf.json";
      default: return ".json";
    }
  }

  private static String parserOf(Format format) {
    switch (format) {
      case CSV: return "prowler-csv";
      case CSV_V2: return "prowler-v2-csv";
      case ASFF: return "prowler-asff";
      case OCSF_V3: return "prowler-ocsf-v3";
      case JSON_V3: return "prowler-json-v3";
      case JSON_V2: return "prowler-v2-json";
      default: throw new IllegalArgumentException(format.toString());
    }
  }
}
