package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.PostureReport;
import io.secposture.api.PublishResult;
import io.secposture.api.ReportParseException;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the tracking fields of findings lines ({@link FindingsFile#readTracked}), their history rows, and what
 * tracking does with a findings file it cannot read.
 */
class TrackedFindingsTest {
  private static final Instant DAY_0 = Instant.parse("2026-11-01T02:00:00Z");

  @TempDir
  Path temp;

  private static void gzip(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String line(String extra) {
    return "{\"tool\":\"t\",\"provider\":\"aws\",\"account_id\":\"1\",\"region\":null,\"service\":\"s3\","
        + "\"rule_id\":\"r\",\"title\":\"T\",\"severity\":\"high\",\"status\":\"fail\",\"muted\":false,"
        + "\"resource_id\":\"x\",\"fingerprint\":\"f\"" + extra + "}\n";
  }

  @Test
  void readTracked_linesWithAndWithoutTheFields_giveThemOrNull() throws IOException {
    Path file = temp.resolve("findings.jsonl.gz");
    gzip(file, line(",\"first_seen\":\"2026-10-01T02:00:00Z\",\"reopened_at\":\"2026-11-01T02:00:00Z\","
        + "\"owner\":\"payments\",\"suppressed_by\":\"S3\",\"unknown\":{\"a\":[1]}") + line(""));
    List<TrackedFinding> read = new ArrayList<>();

    long count = FindingsFile.readTracked(file, read::add);

    assertThat(count).isEqualTo(2);
    assertThat(read.get(0)).extracting(TrackedFinding::firstSeen, TrackedFinding::reopenedAt, TrackedFinding::owner,
        TrackedFinding::suppressedBy).containsExactly(Instant.parse("2026-10-01T02:00:00Z"), DAY_0, "payments", "S3");
    assertThat(read.get(0).finding().ruleId()).isEqualTo("r");
    assertThat(read.get(1)).extracting(TrackedFinding::firstSeen, TrackedFinding::owner).containsExactly(null, null);
  }

  @Test
  void readTracked_malformedFirstSeen_namesTheFileAndLine() throws IOException {
    Path file = temp.resolve("findings.jsonl.gz");
    gzip(file, line("") + line(",\"first_seen\":\"last tuesday\""));

    assertThatThrownBy(() -> FindingsFile.readTracked(file, finding -> { }))
        .isInstanceOf(ReportParseException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("line 2").hasMessageContaining("an ISO-8601 instant for 'first_seen'");
  }

  @Test
  void publish_unreadableFindingsFile_isLeftAsItWasAndCountedNowhereWithAWarning() throws IOException {
    DiffRun run = new DiffRun(temp.resolve("work"), "run-1", DAY_0).ok("111111111111", "r1:high")
        .ok("222222222222", "r2:critical");
    RunOutcome outcome = run.outcome();
    Path broken = outcome.files().stream().filter(file -> file.key().contains("222222222222")).findFirst()
        .orElseThrow().file();
    Files.write(broken, "not gzip".getBytes(StandardCharsets.UTF_8));

    PublishResult result = DiffRun.PUBLISHER.publish(outcome, temp.resolve("site").toUri(),
        Settings.of(Map.of(SlaPolicy.SETTING, "high=0d,critical=0d")));

    assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("cannot add first_seen and owner to the findings of aws/222222222222/test"));
    assertThat(Files.readString(broken)).isEqualTo("not gzip");
    PostureReport report = ReportJson.read(Files.newInputStream(temp.resolve("site")
        .resolve(SiteLayout.LATEST_REPORT)), "latest");
    assertThat(report.sla().breached()).containsEntry(Severity.HIGH, 1L).containsEntry(Severity.CRITICAL, 0L);
    assertThat(report.sla().byAccount()).containsOnlyKeys("aws/111111111111/test");
  }

  @Test
  void historyRow_keepsTheBreachesOfItsRun_throughTheCodec() {
    io.secposture.api.SlaSummary sla = new io.secposture.api.SlaSummary(SlaPolicy.DEFAULT, Map.of(),
        Map.of(Severity.HIGH, 2L, Severity.LOW, 1L), List.of(), new java.util.TreeMap<>(), new java.util.TreeMap<>());
    PostureReport tracked = PostureReport.builder("run-2", DAY_0.plus(Duration.ofDays(7))).sla(sla).build();
    PostureReport untracked = PostureReport.builder("run-1", DAY_0).build();
    List<HistoryRow> rows = List.of(HistoryRow.of(untracked), HistoryRow.of(tracked));

    byte[] json = ReportJson.historyToBytes(rows);
    List<HistoryRow> read = ReportJson.readHistory(new java.io.ByteArrayInputStream(json), "history");

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"sla_breached\":{\"critical\":0,\"high\":2,"
        + "\"medium\":0,\"low\":1,\"informational\":0,\"total\":3}");
    assertThat(read).isEqualTo(rows);
    assertThat(read.get(0).slaBreached()).isNull();
    assertThat(read.get(1).slaBreached()).containsEntry(Severity.HIGH, 2L);
  }
}
