package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The front page's "Needs attention" box shows the warnings a "(see the warnings)" reason points at. */
class IndexPageWarningsTest {

  private static AccountSummary row(String id, ScanStatus status, List<String> warnings) {
    return new AccountSummary(CloudProvider.AWS, id, "acct-" + id, "scoutsuite", status, null, null, Duration.ZERO,
        "some data could not be collected (see the warnings)", new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO,
        new TreeMap<>(), warnings);
  }

  private static String attention(AccountSummary... rows) {
    String page = IndexPage.render(PostureReport.builder("run-1", Instant.parse("2026-11-22T02:00:00Z"))
        .accounts(List.of(rows)).build(), List.of());
    int start = page.indexOf("<section class=\"attention\"");
    return start < 0 ? "" : page.substring(start, page.indexOf("</section>", start));
  }

  @Test
  void attention_partialScan_listsEveryWarningEscapedUnderIt() {
    String box = attention(row("000000000001", ScanStatus.PARTIAL, List.of(
        "ResponseParserError x80 (elasticache 80)", "<script>alert(1)</script> x1 (ec2 1)")),
        row("000000000002", ScanStatus.SUCCEEDED, List.of("No Shodan API Key")));

    assertThat(box).contains("<li data-attention-key=\"aws/000000000001/scoutsuite\">")
        .contains("<ul class=\"warnings\" aria-label=\"Warnings\"><li>&lt;script&gt;alert(1)&lt;/script&gt; x1 (ec2 1)"
            + "</li><li>ResponseParserError x80 (elasticache 80)</li></ul>")
        .doesNotContain("<script>").doesNotContain("Shodan");
  }

  @Test
  void attention_aScannerWithThousandsOfWarnings_showsTheFirstHundredAndCountsTheRest() {
    List<String> many = IntStream.range(0, 1234).mapToObj(i -> String.format("warning %04d", i)).toList();
    String box = attention(row("000000000003", ScanStatus.FAILED, many));

    assertThat(box).contains("<li>warning 0000</li>", "<li>warning 0099</li>",
        "<li class=\"meta\">and 1,134 more in the report JSON</li>").doesNotContain("warning 0100");
  }

  @Test
  void attention_troubledScanWithoutWarnings_hasNoEmptyList() {
    assertThat(attention(row("000000000004", ScanStatus.FAILED, List.of()))).contains("Needs attention")
        .doesNotContain("class=\"warnings\"");
  }
}
