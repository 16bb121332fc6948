package io.secposture.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.Settings;
import io.secposture.prowler.ProwlerOcsfParser;
import io.secposture.testkit.InMemoryExportedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSF file stays close to what Prowler writes: secposture's own Prowler OCSF parser (proven on real Prowler
 * files) reads every finding back with its rule, severity, result, muting, account, resource and compliance (its
 * sniffer leaves the file alone: it claims only files whose product is Prowler).
 */
class OcsfReadByProwlerParserTest {
  @TempDir
  Path temp;

  @Test
  void ocsfFile_isReadBackByTheProwlerOcsfParser() {
    InMemoryExportedRun run = InMemoryExportedRun.sample(temp);
    new OcsfExporter().export(run, Settings.of(Map.of("ocsf.include-resolved", "false")));
    Path file = run.addedFiles().get(OcsfExporter.FILE_NAME);
    ProwlerOcsfParser parser = new ProwlerOcsfParser();
    ReportSource source = ReportSource.of(file);

    assertThat(parser.accepts(source)).as("the parser claims only files whose product is Prowler").isFalse();
    List<Finding> read = new ArrayList<>();
    ParsedReport parsed = parser.parse(source, read::add);

    assertThat(parsed.findings()).isEqualTo(6);
    List<Finding> original = new ArrayList<>();
    run.forEachFinding(exported -> original.add(exported.finding()));
    assertThat(read).extracting(Finding::ruleId).containsExactlyElementsOf(
        original.stream().map(Finding::ruleId).toList());
    assertThat(read).extracting(Finding::severity).containsExactlyElementsOf(
        original.stream().map(Finding::severity).toList());
    assertThat(read).extracting(Finding::status).containsExactlyElementsOf(
        original.stream().map(Finding::status).toList());
    assertThat(read).extracting(Finding::muted).containsExactlyElementsOf(
        original.stream().map(Finding::muted).toList());
    assertThat(read).extracting(Finding::accountId).containsExactlyElementsOf(
        original.stream().map(Finding::accountId).toList());
    assertThat(read).extracting(Finding::resourceId).containsExactlyElementsOf(
        original.stream().map(Finding::resourceId).toList());
    assertThat(read.get(0).compliance()).isEqualTo(original.get(0).compliance());
    assertThat(read.stream().filter(finding -> finding.status() == FindingStatus.FAIL && !finding.muted()).count())
        .isEqualTo(4);
  }
}
