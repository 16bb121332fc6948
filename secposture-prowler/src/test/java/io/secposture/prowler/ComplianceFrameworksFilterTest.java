package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.FrameworkCompliance;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.HistoryRow;
import io.secposture.core.Pipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.compliance.frameworks} on a real Prowler 5.7.5 run aggregated through the pipeline: only the
 * matching frameworks reach the report and its history row, unchanged.
 */
class ComplianceFrameworksFilterTest {
  @TempDir
  Path temp;

  private PostureReport aggregate(ComplianceFrameworks frameworks, String runId) {
    Path ocsf = TestFiles.realRun("prowler-5.7.5/iam-s3-ec2-us-east-1").resolve("prowler-aws-123456789012.ocsf.json");
    Pipeline pipeline = Pipeline.builder(Plugins.discover()).workDirectory(temp).complianceFrameworks(frameworks)
        .build();
    return pipeline.aggregate(runId, List.of(ocsf)).report();
  }

  @Test
  void aggregate_withFrameworkGlobs_keepsOnlyTheMatchingFrameworksAsTheyWere() {
    PostureReport all = aggregate(ComplianceFrameworks.all(), "all");
    PostureReport filtered = aggregate(ComplianceFrameworks.parse("CIS-*,pci-*"), "filtered");

    List<FrameworkCompliance> expected = all.compliance().stream()
        .filter(framework -> framework.framework().startsWith("CIS-") || framework.framework().startsWith("PCI-"))
        .toList();
    assertThat(all.compliance().size()).isGreaterThan(expected.size() + 5);
    assertThat(expected).isNotEmpty();
    assertThat(filtered.compliance()).isEqualTo(expected);
    assertThat(HistoryRow.of(filtered).compliance()).extracting(HistoryRow.FrameworkRate::framework)
        .containsExactlyElementsOf(expected.stream().map(FrameworkCompliance::framework).toList());
    assertThat(filtered.findings()).isEqualTo(all.findings());
  }
}
