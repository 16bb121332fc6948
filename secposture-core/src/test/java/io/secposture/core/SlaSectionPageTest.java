package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AgedFinding;
import io.secposture.api.CloudProvider;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The front page's "Age and SLA" section, rendered from a report's {@code sla} and {@code owners} sections. */
class SlaSectionPageTest {
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";

  private static AgedFinding aged(String rule, Severity severity, String owner, long days, boolean breached,
      Instant reopened) {
    return new AgedFinding(CloudProvider.AWS, "111122223333", "scoutsuite", owner, severity, "s3", rule,
        "Title of " + rule, "arn:aws:s3:::" + rule, "eu-west-1", rule + "-fingerprint",
        GENERATED.minus(Duration.ofDays(days)), reopened, days, breached);
  }

  private static PostureReport report() {
    SlaSummary sla = new SlaSummary(SlaPolicy.DEFAULT, Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 3L),
        Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 1L),
        List.of(aged("old-high", Severity.HIGH, "payments", 45, true, null),
            aged("reopened-critical", Severity.CRITICAL, HOSTILE, 12, true, GENERATED),
            aged("young-high", Severity.HIGH, "payments", 3, false, null)),
        new TreeMap<>(Map.of("aws/111122223333/scoutsuite", 2L)), new TreeMap<>(Map.of("payments", 1L, HOSTILE, 1L)));
    OwnerSummary owners = new OwnerSummary("team", new TreeMap<>(Map.of(
        "payments", new OwnerSummary.Counts(3, 1, 0, 1, 2),
        OwnerSummary.UNOWNED, new OwnerSummary.Counts(1, 0, 1, 0, 0))));
    return PostureReport.builder("run-2", GENERATED).sla(sla).owners(owners).build();
  }

  @Test
  void render_slaSection_showsBreachesOldestFindingsAndOwners() {
    String page = IndexPage.render(report(), List.of());

    assertThat(page).contains("<section id=\"sla-section\"");
    assertThat(page).contains("2 open findings are past their SLA.");
    assertThat(page).contains("<code>critical=7d,high=30d,medium=90d,low=180d</code>");
    assertThat(row(page, "sla-critical")).contains("7 days").contains("data-value=\"1\"").contains("sla-breached");
    assertThat(row(page, "sla-informational")).contains("none");
    String oldest = table(page, "sla-oldest");
    assertThat(oldest.indexOf("old-high")).isLessThan(oldest.indexOf("reopened-critical"));
    assertThat(oldest).contains("<td class=\"num\" data-value=\"45\">45</td>").contains("past SLA")
        .contains("(reopened ").contains("data-owner=\"payments\"").contains("arn:aws:s3:::young-high");
    String owners = table(page, "sla-owners");
    assertThat(owners).contains("account label <code>team</code>").contains("<tr data-owner=\"payments\">")
        .contains("<tr data-owner=\"unowned\">");
    assertThat(owners.indexOf("payments")).isLessThan(owners.indexOf("unowned"));
  }

  @Test
  void render_hostileOwner_isEscapedInTextAndAttribute() {
    String page = IndexPage.render(report(), List.of());

    assertThat(page).doesNotContain(HOSTILE).contains("data-owner=\"&lt;img src=x onerror=alert(1)&gt;\"");
  }

  @Test
  void render_reportWithoutTrackedFindings_hasNoSlaSection() {
    String page = IndexPage.render(PostureReport.builder("run-1", GENERATED).build(), List.of());

    assertThat(page).doesNotContain("sla-section").doesNotContain("Age and SLA");
  }

  @Test
  void render_noBreaches_saysSo() {
    SlaSummary sla = new SlaSummary(SlaPolicy.DEFAULT, Map.of(), Map.of(), List.of(), new TreeMap<>(),
        new TreeMap<>());
    String page = IndexPage.render(PostureReport.builder("run-1", GENERATED).sla(sla).build(), List.of());

    assertThat(page).contains("No open finding is past its SLA.").contains("No open findings.")
        .doesNotContain("sla-owners");
  }

  private static String row(String page, String id) {
    Matcher matcher = Pattern.compile("<tr id=\"" + id + "\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
    assertThat(matcher.find()).as("row %s", id).isTrue();
    return matcher.group(1);
  }

  private static String table(String page, String id) {
    Matcher matcher = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(page);
    assertThat(matcher.find()).as("table %s", id).isTrue();
    return matcher.group(1);
  }
}
