package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.Suppression;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The front page's list of accepted risks, from the report's suppressions section. */
class AcceptedRisksPageTest {
  private static final Instant GENERATED = Instant.parse("2027-03-01T02:00:00Z");
  private static final Pattern ROW = Pattern.compile("<tr data-suppression=\"([^\"]*)\">(.*?)</tr>");

  private static Suppression entry(String id, String rule, String resource, String owner, String ticket,
      LocalDate expires, long matched, boolean expired) {
    return new Suppression(id, rule, "prowler", CloudProvider.AWS, List.of("prod"),
        new TreeMap<>(Map.of("team", "payments")), null, "s3", resource, "Reason of " + id, owner, ticket, expires,
        matched, expired);
  }

  private static PostureReport report(List<Suppression> entries) {
    return PostureReport.builder("r1", GENERATED).suppressions(entries).build();
  }

  @Test
  void render_suppressions_listsEachWithOwnerTicketDaysToExpiryAndStateMostUrgentFirst() {
    String page = IndexPage.render(report(List.of(
        entry("later", "s3_*", "arn:aws:s3:::logs*", "network-team", "SEC-1", LocalDate.of(2027, 6, 1), 4, false),
        entry("soon", "iam_root", null, "platform", null, LocalDate.of(2027, 3, 10), 1, false),
        entry("never", "ec2_*", null, "platform", "SEC-3", null, 2, false),
        entry("gone", "gke_*", null, "platform", "SEC-4", LocalDate.of(2027, 2, 1), 0, true),
        entry("idle", "rds_*", null, "data", "SEC-5", LocalDate.of(2027, 12, 31), 0, false))), List.of());

    assertThat(page).contains("<h2 id=\"accepted-risks-title\">Accepted risks</h2>");
    assertThat(page).contains("5 suppressions muted 7 findings (counted as muted, not flagged); 1 expired and muted"
        + " nothing; 1 matched nothing.");
    Map<String, String> rows = rows(page);
    assertThat(rows.keySet()).containsExactly("gone", "idle", "soon", "later", "never");
    assertThat(rows.get("later")).contains("<code>s3_*</code> on <code class=\"resource\">arn:aws:s3:::logs*</code>")
        .contains("id later · prowler · AWS · accounts prod · team=payments · service s3")
        .contains("<td>network-team</td><td>SEC-1</td>").contains("Reason of later")
        .contains("data-value=\"92\"><time datetime=\"2027-06-01\"").contains("<td class=\"num\" data-value=\"4\">4</td>")
        .contains("In force");
    assertThat(rows.get("soon")).contains("data-value=\"9\"").contains("Expires soon")
        .contains("<td><span class=\"meta\">–</span></td>");
    assertThat(rows.get("never")).contains(">never</td>").contains("In force");
    assertThat(rows.get("gone")).contains("data-value=\"-28\"").contains("Expired");
    assertThat(rows.get("idle")).contains("Unused");
  }

  @Test
  void render_withoutSuppressions_hasNoSection() {
    assertThat(IndexPage.render(report(List.of()), List.of())).doesNotContain("accepted-risks");
  }

  @Test
  void render_hostileTexts_areEscaped() {
    String hostile = "<img src=x onerror=alert(1)>";
    String page = IndexPage.render(report(List.of(new Suppression("x", hostile, null, null, List.of(hostile),
        new TreeMap<>(Map.of(hostile, hostile)), hostile, hostile, hostile, hostile, hostile, hostile, null, 1,
        false))), List.of());

    assertThat(page).doesNotContain(hostile).contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  private static Map<String, String> rows(String page) {
    Map<String, String> rows = new java.util.LinkedHashMap<>();
    Matcher matcher = ROW.matcher(page);
    List<String> ids = new ArrayList<>();
    while (matcher.find()) {
      ids.add(matcher.group(1));
      rows.put(matcher.group(1), matcher.group(2));
    }
    assertThat(ids).doesNotHaveDuplicates();
    return rows;
  }
}
