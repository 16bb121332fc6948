package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProwlerJsonV3ParserTest extends ReportParserContract {
  private final ProwlerJsonV3Parser parser = new ProwlerJsonV3Parser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.json", Format.JSON_V3, CloudProvider.GCP, "shop-prod-0042", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "gcp.json", Format.JSON_V3, CloudProvider.GCP,
        "shop-prod-0042"));
    samples.addAll(TestFiles.fixturesIfPresent("v3-v4/many_vuln.json", "docs-snippets/v3.16.17_docs_json.json"));
    return samples;
  }

  @Test
  void parse_azureSubscriptionsAndLegacyStatuses_mapOntoAccountsMutedAndManual() {
    String template = "{\"AssessmentStartTime\": \"2023-05-01T10:00:00\", \"FindingUniqueId\": \"prowler-azure-%1$s\", "
        + "\"Provider\": \"azure\", \"CheckID\": \"%1$s\", \"CheckTitle\": \"T\", \"ServiceName\": \"storage\", "
        + "\"Status\": \"%2$s\", \"StatusExtended\": \"E\", \"Severity\": \"medium\", \"ResourceType\": \"X\", "
        + "\"Compliance\": {\"CIS-2.0\": [\"3.1\"]}, \"Tenant_Domain\": \"contoso\", \"Subscription\": \"%3$s\", "
        + "\"ResourceId\": \"/subscriptions/%3$s/r\", \"ResourceName\": \"r\"}";
    String content = "[" + String.join(",", template.formatted("storage_a", "FAIL", "sub-1"),
        template.formatted("storage_b", "WARNING", "sub-1"), template.formatted("storage_c", "INFO", "sub-2"),
        template.formatted("storage_d", "PASS", "sub-2")) + "]";
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "azure.json", content)),
        findings::add);

    assertThat(findings).extracting(Finding::status).containsExactly(FindingStatus.FAIL, FindingStatus.FAIL,
        FindingStatus.MANUAL, FindingStatus.PASS);
    assertThat(findings).extracting(Finding::muted).containsExactly(false, true, false, false);
    assertThat(findings.get(0).provider()).isEqualTo(CloudProvider.AZURE);
    assertThat(findings.get(0).resourceId()).isEqualTo("/subscriptions/sub-1/r");
    assertThat(report.accounts()).extracting(AccountStats::accountId).containsExactly("sub-1", "sub-2");
    assertThat(report.accounts()).extracting(stats -> stats.total().flaggedItems()).containsExactly(1L, 0L);
    assertThat(report.accounts()).extracting(stats -> stats.total().checkedItems()).containsExactly(2L, 1L);
  }
}
