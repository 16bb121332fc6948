package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import io.secposture.core.FindingsFile;
import io.secposture.core.HistoryRow;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly story end to end, through {@link SecpostureJob#execute}: the demo run three times into one folder picks
 * the next sample generation each time (the history it finds), and each run's diff, history row and {@code diff}
 * command agree with a plain computation over the findings files both runs published, which hold exactly what the
 * sample generations flag.
 */
class DemoHistoryAndDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void demoTwice_secondRunsDiffHistoryAndDiffCommandMatchTheSampleGenerations() throws Exception {
    Path site = temp.resolve("site");

    Result first = job("demo", "--output", site.toString(), "--work-dir", temp.resolve("work").toString());
    PostureReport week1 = latest(site);
    Result second = job("demo", "--output", site.toString(), "--work-dir", temp.resolve("work").toString());
    PostureReport week2 = latest(site);

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(first.out()).contains("week 1 of their history").contains("no previous run to compare with");
    assertThat(second.out()).contains("week 2 of their history").contains("changes since run " + week1.runId());
    assertThat(week1.diff()).isNull();
    assertThat(week2.generatedAt()).as("the demo's second run is dated a week after the first")
        .isAfterOrEqualTo(week1.generatedAt().plus(java.time.Duration.ofDays(7)))
        .isBefore(week1.generatedAt().plus(java.time.Duration.ofDays(7)).plusSeconds(600));
    assertThat(week2.runId()).startsWith(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
        .withZone(java.time.ZoneOffset.UTC).format(week2.generatedAt()));
    RunDiff diff = week2.diff();
    assertThat(diff.previousRunId()).isEqualTo(week1.runId());
    Expected expected = expected(site, week1, week2, Set.of());
    assertThat(diff.byAccount()).isEqualTo(expected.byAccount);
    assertThat(diff.total()).isEqualTo(expected.total);
    assertThat(diff.bySeverity()).isEqualTo(expected.bySeverity);
    assertThat(diff.total().added()).as("the second generation flags new findings").isPositive();
    assertThat(diff.total().resolved()).as("the second generation fixes findings").isPositive();
    assertThat(diff.total().reopened()).as("nothing can reopen in a second run").isZero();
    assertThat(diff.newFindings()).hasSize((int) Math.min(RunDiff.NEW_FINDINGS_LIMIT, diff.total().added()));
    AccountSummary failed = week2.accounts(ScanStatus.FAILED).get(0);
    assertThat(diff.notCompared()).containsOnlyKeys(failed.key());
    assertThat(diff.notCompared().get(failed.key())).startsWith("FAILED in this run (authentication failed)");
    assertThat(week2.accounts(ScanStatus.PARTIAL))
        .allSatisfy(row -> assertThat(diff.byAccount()).containsKey(row.key()));

    List<HistoryRow> history = history(site);
    assertThat(history).extracting(HistoryRow::runId).containsExactly(week1.runId(), week2.runId());
    assertThat(history.get(0).diff()).isNull();
    assertThat(history.get(1).diff()).isEqualTo(diff.total());
    assertThat(history.get(1).total()).isEqualTo(week2.total());
    assertThat(history.get(0).total()).isEqualTo(week1.total());
    assertThat(history.get(1).flaggedBySeverity()).isEqualTo(week2.findings().flaggedBySeverity());
    assertThat(history.get(1).accountsByStatus().get(ScanStatus.FAILED)).isEqualTo(1);
    assertThat(history.get(1).providers()).containsKeys(io.secposture.api.CloudProvider.AWS,
        io.secposture.api.CloudProvider.AZURE, io.secposture.api.CloudProvider.GCP);

    Result text = job("diff", site.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("run " + week2.runId()).contains("compared with run " + week1.runId())
        .containsPattern("total\\s+" + diff.total().added() + "\\s+" + diff.total().resolved() + "\\s+0\\s+"
            + diff.total().unchanged() + "\\s+0")
        .contains("not compared: 1 row(s)").contains("new findings, most severe first (10 of "
            + diff.total().added() + ")");
    Result json = job("diff", site.toString(), "--json");
    assertThat(json.exit()).isZero();
    assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree(ReportJson.toBytes(week2)).get("diff"));
    Result gate = job("diff", site.toString(), "--fail-on", "new:any");
    assertThat(gate.exit()).isEqualTo(5);
    assertThat(gate.out()).contains("gate tripped: " + diff.total().added() + " new findings (--fail-on new:any)");
    Result passes = job("diff", "--previous", site.resolve(SiteLayout.datedReport(week1)).toString(),
        site.resolve(SiteLayout.LATEST_REPORT).toString(), "--fail-on", "reopened:any");
    assertThat(passes.exit()).as(passes.out() + passes.err()).isZero();
    assertThat(passes.out()).contains("gate passed: --fail-on reopened:any");
  }

  @Test
  void demoThreeTimes_thirdRunCountsFindingsFixedInTheSecondAndBackAsReopened() throws Exception {
    Path site = temp.resolve("site");
    String work = temp.resolve("work").toString();
    // 24 accounts: enough findings that the sample's random walk flags again some it fixed a week before
    String[] demo = {"demo", "--output", site.toString(), "--work-dir", work, "--accounts", "24", "--concurrency", "8"};
    assertThat(job(demo).exit()).isZero();
    PostureReport week1 = latest(site);
    assertThat(job(demo).exit()).isZero();
    PostureReport week2 = latest(site);

    Result third = job(concat(demo, "--fail-on", "reopened:any"));
    PostureReport week3 = latest(site);

    Set<String> resolvedInWeek2 = new HashSet<>();
    for (AccountSummary row : week2.accounts()) {
      AccountSummary before = row(week1, row.key());
      if (before != null && row.links().containsKey("findings") && before.links().containsKey("findings")) {
        Set<String> gone = flagged(site, before.links().get("findings")).keySet();
        gone.removeAll(flagged(site, row.links().get("findings")).keySet());
        gone.forEach(print -> resolvedInWeek2.add(row.key() + "#" + print));
      }
    }
    Expected expected = expected(site, week2, week3, resolvedInWeek2);
    assertThat(week3.diff().byAccount()).isEqualTo(expected.byAccount);
    assertThat(week3.diff().total()).isEqualTo(expected.total);
    assertThat(week3.diff().total().reopened()).as("the third generation flags again some the second fixed")
        .isPositive();
    assertThat(week3.diff().newFindings()).anySatisfy(finding -> assertThat(finding.reopened()).isTrue());
    assertThat(third.exit()).isEqualTo(5);
    assertThat(third.out()).contains("gate tripped: " + week3.diff().total().reopened() + " reopened finding");
    assertThat(history(site)).hasSize(3);
  }

  /** Counts a plain computation expects: sets of flagged fingerprints per row, from the published findings files. */
  private record Expected(Map<String, RunDiff.Counts> byAccount, RunDiff.Counts total,
      Map<Severity, RunDiff.Counts> bySeverity) {
  }

  private static Expected expected(Path site, PostureReport before, PostureReport after, Set<String> remembered) {
    Map<String, RunDiff.Counts> byAccount = new HashMap<>();
    Map<Severity, long[]> bySeverity = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity, new long[4]);
    }
    for (AccountSummary row : after.accounts()) {
      AccountSummary previous = row(before, row.key());
      if (!row.links().containsKey("findings") || previous == null || !previous.links().containsKey("findings")) {
        continue;
      }
      Map<String, Severity> now = flagged(site, row.links().get("findings"));
      Map<String, Severity> then = flagged(site, previous.links().get("findings"));
      long added = 0;
      long reopened = 0;
      long unchanged = 0;
      for (Map.Entry<String, Severity> finding : now.entrySet()) {
        long[] counts = bySeverity.get(finding.getValue());
        if (then.containsKey(finding.getKey())) {
          unchanged++;
          counts[3]++;
        } else if (remembered.contains(row.key() + "#" + finding.getKey())) {
          reopened++;
          counts[2]++;
        } else {
          added++;
          counts[0]++;
        }
      }
      long resolved = 0;
      for (Map.Entry<String, Severity> finding : then.entrySet()) {
        if (!now.containsKey(finding.getKey())) {
          resolved++;
          bySeverity.get(finding.getValue())[1]++;
        }
      }
      byAccount.put(row.key(), new RunDiff.Counts(added, resolved, reopened, unchanged, 0));
    }
    RunDiff.Counts total = byAccount.values().stream().reduce(RunDiff.Counts.ZERO, RunDiff.Counts::plus);
    Map<Severity, RunDiff.Counts> severities = new EnumMap<>(Severity.class);
    bySeverity.forEach((severity, c) -> severities.put(severity, new RunDiff.Counts(c[0], c[1], c[2], c[3], 0)));
    return new Expected(byAccount, total, severities);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static AccountSummary row(PostureReport report, String key) {
    return report.accounts().stream().filter(row -> row.key().equals(key)).findFirst().orElse(null);
  }

  private static Map<String, Severity> flagged(Path site, String key) {
    Map<String, Severity> flagged = new HashMap<>();
    FindingsFile.read(site.resolve(key), finding -> {
      if (finding.flagged()) {
        flagged.merge(finding.fingerprint(), finding.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    });
    return flagged;
  }

  private static PostureReport latest(Path site) {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, SiteLayout.LATEST_REPORT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HistoryRow> history(Path site) throws IOException {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.HISTORY))) {
      return ReportJson.readHistory(in, SiteLayout.HISTORY);
    }
  }

  static JsonNode tree(byte[] json) throws IOException {
    return JSON.readTree(new String(json, StandardCharsets.UTF_8));
  }
}
