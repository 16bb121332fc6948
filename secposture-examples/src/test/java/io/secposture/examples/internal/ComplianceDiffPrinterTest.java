package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compliance lines of the {@code diff} command's output and of the brief diff after a run. */
class ComplianceDiffPrinterTest {
  private static final Instant AT = Instant.parse("2026-11-08T02:00:00Z");

  private static RunDiff diff() {
    return new RunDiff("run-1", AT.minusSeconds(604_800), RunDiff.Counts.ZERO, Map.of(), new TreeMap<>(),
        new TreeMap<>()).withCompliance(List.of(new ComplianceChanges("CIS-2.0", CloudProvider.AWS, 3, 1, List.of(
            new ComplianceChanges.Change("1.10", "Ensure MFA\u001b[31m", "111111111111", true),
            new ComplianceChanges.Change("1.10", "Ensure MFA\u001b[31m", "222222222222", true),
            new ComplianceChanges.Change("2.1", null, "111111111111", true),
            new ComplianceChanges.Change("3.1", "Log", "333333333333", false)))));
  }

  private static String print(boolean full, int top) {
    StringWriter text = new StringWriter();
    DiffPrinter printer = new DiffPrinter(new PrintWriter(text, true));
    PostureReport report = PostureReport.builder("run-2", AT).build();
    if (full) {
      printer.full(report, diff(), top);
    } else {
      printer.brief(report, diff(), top);
    }
    return text.toString();
  }

  @Test
  void full_listsEachFrameworksCountsThenRequirementsWithTheirAccountsCleaned() {
    String out = print(true, 10);

    assertThat(out).contains("CIS-2.0 (aws): 3 newly failing, 1 newly passing")
        .contains("newly fails  1.10 Ensure MFA?[31m in 111111111111, 222222222222")
        .contains("newly fails  2.1 in 111111111111")
        .contains("newly passes 3.1 Log in 333333333333")
        .doesNotContain("\u001b");
  }

  @Test
  void full_top_boundsTheRequirementsNamedPerFramework() {
    String out = print(true, 1);

    assertThat(out).contains("newly fails  1.10").contains("... and 1 more requirement(s)").doesNotContain("2.1 in");
  }

  @Test
  void brief_printsTheCountsOnly() {
    String out = print(false, 5);

    assertThat(out).contains("CIS-2.0 (aws): 3 newly failing, 1 newly passing").doesNotContain("newly fails ");
  }
}
