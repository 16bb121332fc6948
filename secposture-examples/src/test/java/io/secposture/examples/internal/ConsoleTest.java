package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsoleTest {

  private static AccountSummary row(String id, ScanStatus status, String reason, List<String> warnings) {
    return new AccountSummary(CloudProvider.AWS, id, "acct-" + id, "scoutsuite", status, null, null, Duration.ZERO,
        reason, new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO, new TreeMap<>(), warnings);
  }

  private static String summary(AccountSummary... rows) {
    StringWriter text = new StringWriter();
    new Console(new PrintWriter(text, true)).summary(PostureReport.builder("run-1", Instant.EPOCH)
        .accounts(List.of(rows)).build());
    return text.toString();
  }

  @Test
  void summary_partialScan_showsItsFirstWarningsUnderTheReasonAndCountsTheRest() {
    String text = summary(row("000000000001", ScanStatus.PARTIAL,
        "ScoutSuite finished but some data could not be collected (see the warnings)",
        List.of("a: ResponseParserError x80 (elasticache 80)", "b: AccessDenied x3 (iam 3)", "c: third",
            "d: fourth", "e: fifth")));

    assertThat(text).contains("PARTIAL   aws/000000000001 (acct-000000000001) scoutsuite: ScoutSuite finished but"
        + " some data could not be collected (see the warnings)\n"
        + "            warning: a: ResponseParserError x80 (elasticache 80)\n"
        + "            warning: b: AccessDenied x3 (iam 3)\n"
        + "            warning: c: third\n"
        + "            (2 more warnings on the front page and in the report)\n");
    assertThat(text).doesNotContain("d: fourth");
  }

  @Test
  void summary_failedScanWithAMultiLineWarning_printsItOnOneShortenedLine() {
    String traceback = "Traceback (most recent call last):\n  File \"x.py\"\n" + "y".repeat(1000);
    String text = summary(row("000000000002", ScanStatus.FAILED, "crashed", List.of(traceback)));

    assertThat(text).contains("warning: Traceback (most recent call last): File \"x.py\" yyy");
    String line = text.lines().filter(l -> l.contains("warning: Traceback")).findFirst().orElseThrow();
    assertThat(line).endsWith("...").hasSizeLessThan(330);
  }

  @Test
  void summary_succeededScanWithWarnings_printsNoLineForIt() {
    String text = summary(row("000000000003", ScanStatus.SUCCEEDED, null, List.of("No Shodan API Key")));

    assertThat(text).doesNotContain("Shodan").contains("1 succeeded");
  }
}
