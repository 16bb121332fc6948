package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.secposture.api.AgedFinding;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.OwnerSummary;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.SlaSummary;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestScanner;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real pipeline against one local site with a clock the test sets (day 0, day 10, day 40), with and
 * without a suppressions file whose entry expires between runs:
 * findings keep their first sighting across runs, a resolved finding that comes back keeps it and gets
 * {@code reopened_at}, ages cross the SLA between runs, and the report breaks it all down by owner.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FindingLifecycleTest {
  private static final Instant DAY_0 = Instant.parse("2026-10-01T02:00:00Z");
  private static final String PAYMENTS = "000000000001";
  private static final String LOOSE = "000000000002";
  private static final String PAYMENTS_ROW = "aws/" + PAYMENTS + "/test";

  @TempDir
  Path temp;

  /** What the scanner reports per account in the current run. */
  private final Map<String, List<String>> rows = new HashMap<>();

  private final TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS),
      request -> TestScanner.succeeded("test", request, rows.get(request.account().id())));
  private final Plugins plugins = Plugins.of(List.of(scanner, new LinesParser(), new DefaultAggregator(),
      new LocalArtifactPublisher()));

  private PostureReport run(String runId, Instant at, Settings options) {
    return run(runId, at, options, Suppressions.none());
  }

  private PostureReport run(String runId, Instant at, Settings options, Suppressions suppressions) {
    Pipeline pipeline = Pipeline.builder(plugins).workDirectory(temp.resolve("work-" + runId))
        .defaultScanners(List.of("test")).heartbeat(Duration.ZERO).clock(Clock.fixed(at, ZoneOffset.UTC))
        .suppressions(suppressions).build();
    List<CloudAccount> accounts = List.of(
        CloudAccount.builder(CloudProvider.AWS, PAYMENTS).name("pay").labels(Map.of("team", "payments")).build(),
        CloudAccount.builder(CloudProvider.AWS, LOOSE).name("loose").build());
    RunOutcome outcome = pipeline.run(runId, accounts);
    new RunPublisher(plugins).publish(outcome, site(), options);
    return latest();
  }

  private URI site() {
    return temp.resolve("site").toUri();
  }

  private PostureReport latest() {
    try (InputStream in = Files.newInputStream(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, "latest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, TrackedFinding> published(String runId, String account) {
    Path file = temp.resolve("site").resolve(SiteLayout.scanPrefix(runId, CloudProvider.AWS, account, "test")
        + FindingsFile.FILE_NAME);
    Map<String, TrackedFinding> byRule = new HashMap<>();
    FindingsFile.readTracked(file, finding -> byRule.put(finding.finding().ruleId() + "/"
        + finding.finding().status(), finding));
    return byRule;
  }

  @Test
  void threeRuns_keepFirstSightings_markReopenings_andCountSlaBreachesByOwner() {
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1", "r2,critical,FAIL,res-2", "r3,medium,PASS,res-3"));
    rows.put(LOOSE, List.of("r4,low,FAIL,res-4"));
    PostureReport first = run("run-1", DAY_0, Settings.empty());

    assertThat(first.diff()).isNull();
    assertThat(first.sla().open()).containsEntry(Severity.HIGH, 1L).containsEntry(Severity.CRITICAL, 1L)
        .containsEntry(Severity.LOW, 1L);
    assertThat(first.sla().totalBreached()).isZero();
    assertThat(first.owners().owners()).containsOnlyKeys("payments", OwnerSummary.UNOWNED);
    assertThat(first.owners().owners().get("payments")).isEqualTo(new OwnerSummary.Counts(2, 0, 0, 0, 0));
    Map<String, TrackedFinding> firstLines = published("run-1", PAYMENTS);
    assertThat(firstLines.get("r1/FAIL").firstSeen()).isEqualTo(DAY_0);
    assertThat(firstLines.get("r1/FAIL").owner()).isEqualTo("payments");
    assertThat(firstLines.get("r3/PASS").firstSeen()).as("a passed check was never flagged").isNull();
    assertThat(firstLines.get("r3/PASS").owner()).isEqualTo("payments");
    assertThat(published("run-1", LOOSE).get("r4/FAIL").owner()).isEqualTo(OwnerSummary.UNOWNED);

    Instant day10 = DAY_0.plus(Duration.ofDays(10));
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1", "r5,high,FAIL,res-5", "r3,medium,PASS,res-3"));
    PostureReport second = run("run-2", day10, Settings.empty());

    assertThat(second.diff().total().resolved()).isEqualTo(1);
    Map<String, TrackedFinding> secondLines = published("run-2", PAYMENTS);
    assertThat(secondLines.get("r1/FAIL").firstSeen()).as("kept from run 1").isEqualTo(DAY_0);
    assertThat(secondLines.get("r1/FAIL").reopenedAt()).isNull();
    assertThat(secondLines.get("r5/FAIL").firstSeen()).isEqualTo(day10);
    assertThat(second.sla().totalBreached()).as("10 days is within every SLA but critical's 7, and the critical"
        + " one was resolved").isZero();
    assertThat(second.owners().owners().get("payments")).isEqualTo(new OwnerSummary.Counts(2, 1, 0, 0, 0));

    Instant day40 = DAY_0.plus(Duration.ofDays(40));
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1", "r2,critical,FAIL,res-2", "r5,high,FAIL,res-5"));
    PostureReport third = run("run-3", day40, Settings.empty());

    Map<String, TrackedFinding> thirdLines = published("run-3", PAYMENTS);
    assertThat(thirdLines.get("r2/FAIL").firstSeen()).as("a reopened finding keeps its first sighting")
        .isEqualTo(DAY_0);
    assertThat(thirdLines.get("r2/FAIL").reopenedAt()).isEqualTo(day40);
    assertThat(thirdLines.get("r5/FAIL").firstSeen()).isEqualTo(day10);
    assertThat(published("run-3", LOOSE).get("r4/FAIL").firstSeen()).isEqualTo(DAY_0);

    SlaSummary sla = third.sla();
    assertThat(sla.policy()).isEqualTo(io.secposture.api.SlaPolicy.DEFAULT);
    // r1: high, 40 days >= 30; r5: high, exactly 30 days; r2: critical, 40 days >= 7; r4: low, 40 < 180
    assertThat(sla.breached()).containsEntry(Severity.CRITICAL, 1L).containsEntry(Severity.HIGH, 2L)
        .containsEntry(Severity.LOW, 0L);
    assertThat(sla.breachedAtOrAbove(Severity.HIGH)).isEqualTo(3);
    assertThat(sla.byAccount()).containsExactly(Map.entry(PAYMENTS_ROW, 3L));
    assertThat(sla.byOwner()).containsExactly(Map.entry("payments", 3L));
    assertThat(sla.oldest()).extracting(AgedFinding::ruleId, AgedFinding::ageDays, AgedFinding::breached,
        AgedFinding::owner).containsExactly(
            tuple("r2", 40L, true, "payments"),
            tuple("r1", 40L, true, "payments"),
            tuple("r4", 40L, false, OwnerSummary.UNOWNED),
            tuple("r5", 30L, true, "payments"));
    assertThat(sla.oldest().get(0).reopenedAt()).isEqualTo(day40);
    assertThat(third.owners().owners().get("payments")).isEqualTo(new OwnerSummary.Counts(3, 0, 1, 3, 0));
    assertThat(third.owners().owners().get(OwnerSummary.UNOWNED)).isEqualTo(new OwnerSummary.Counts(1, 0, 0, 0, 0));
  }

  @Test
  void secondRun_showsAgesBreachesAndSuppressions_asTheClockMovesPastAnExpiry() {
    Suppressions accepted = Suppressions.parse(String.join("\n",
        "suppressions:",
        "  - id: legacy-bucket",
        "    rule: r1",
        "    resource: res-*",
        "    accounts: [pay]",
        "    reason: Public by design until the migration",
        "    owner: payments",
        "    ticket: SEC-7",
        "    expires: 2026-10-05",
        "  - id: accepted-critical",
        "    rule: r2",
        "    reason: Compensating control",
        "    owner: security",
        "  - id: unused",
        "    rule: gke_*",
        "    reason: Nothing matches",
        "    owner: platform",
        "").getBytes(java.nio.charset.StandardCharsets.UTF_8), "suppressions.yaml");
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1", "r2,critical,FAIL,res-2", "r6,high,FAIL,res-6"));
    rows.put(LOOSE, List.of("r4,low,FAIL,res-4"));

    PostureReport first = run("run-1", DAY_0, Settings.empty(), accepted);

    assertThat(first.findings().flagged()).as("r6 and r4; r1 and r2 are accepted").isEqualTo(2);
    assertThat(first.sla().open()).containsEntry(Severity.HIGH, 1L).doesNotContainEntry(Severity.CRITICAL, 1L);
    assertThat(first.owners().owners().get("payments").suppressed()).isEqualTo(2);
    assertThat(first.suppressions()).extracting(io.secposture.api.Suppression::id,
        io.secposture.api.Suppression::matched, io.secposture.api.Suppression::expired).containsExactly(
            tuple("accepted-critical", 1L, false), tuple("legacy-bucket", 1L, false), tuple("unused", 0L, false));
    Map<String, TrackedFinding> firstLines = published("run-1", PAYMENTS);
    assertThat(firstLines.get("r1/FAIL").suppressedBy()).isEqualTo("legacy-bucket");
    assertThat(firstLines.get("r1/FAIL").firstSeen()).as("an accepted finding is not open, so it has no age")
        .isNull();
    assertThat(firstLines.get("r6/FAIL").firstSeen()).isEqualTo(DAY_0);

    Instant day35 = DAY_0.plus(Duration.ofDays(35));
    PostureReport second = run("run-2", day35, Settings.empty(), accepted);

    assertThat(second.suppressions()).extracting(io.secposture.api.Suppression::id,
        io.secposture.api.Suppression::matched, io.secposture.api.Suppression::expired).containsExactly(
            tuple("accepted-critical", 1L, false), tuple("legacy-bucket", 0L, true), tuple("unused", 0L, false));
    Map<String, TrackedFinding> secondLines = published("run-2", PAYMENTS);
    assertThat(secondLines.get("r1/FAIL").suppressedBy()).as("its entry expired on day 4").isNull();
    assertThat(secondLines.get("r1/FAIL").firstSeen()).as("open from the first run after the expiry")
        .isEqualTo(day35);
    assertThat(secondLines.get("r2/FAIL").suppressedBy()).isEqualTo("accepted-critical");
    assertThat(secondLines.get("r6/FAIL").firstSeen()).isEqualTo(DAY_0);
    assertThat(second.diff().total().added()).as("r1 is flagged again once its acceptance ends").isEqualTo(1);
    // r6: high, open 35 days >= 30 breaches; r1: high, 0 days; r4: low, 35 < 180; r2 accepted
    assertThat(second.sla().breached()).containsEntry(Severity.HIGH, 1L).containsEntry(Severity.CRITICAL, 0L)
        .containsEntry(Severity.LOW, 0L);
    assertThat(second.sla().oldest()).extracting(AgedFinding::ruleId, AgedFinding::ageDays, AgedFinding::breached)
        .containsExactly(tuple("r6", 35L, true), tuple("r4", 35L, false), tuple("r1", 0L, false));
    assertThat(second.owners().owners().get("payments")).isEqualTo(new OwnerSummary.Counts(2, 1, 0, 1, 1));
  }

  @Test
  void policyAndOwnerLabel_comeFromThePublicationOptions() {
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1"));
    rows.put(LOOSE, List.of("r4,low,FAIL,res-4"));
    Settings options = Settings.of(Map.of(io.secposture.api.SlaPolicy.SETTING, "high=0d,low=none",
        OwnerSummary.LABEL_SETTING, "cost-center"));

    PostureReport report = run("run-1", DAY_0, options);

    assertThat(report.sla().breached()).containsEntry(Severity.HIGH, 1L).containsEntry(Severity.LOW, 0L);
    assertThat(report.sla().policy().limits()).containsOnlyKeys(Severity.HIGH);
    assertThat(report.owners().label()).isEqualTo("cost-center");
    assertThat(report.owners().owners()).containsOnlyKeys(OwnerSummary.UNOWNED);
  }

  @Test
  void aReportWithSections_roundTripsThroughTheCodec() {
    rows.put(PAYMENTS, List.of("r1,high,FAIL,res-1"));
    rows.put(LOOSE, List.of());
    PostureReport report = run("run-1", DAY_0, Settings.empty());

    PostureReport again = ReportJson.read(new java.io.ByteArrayInputStream(ReportJson.toBytes(report)), "again");

    assertThat(again.sla()).isEqualTo(report.sla());
    assertThat(again.owners()).isEqualTo(report.owners());
    assertThat(new ArrayList<>(again.sla().oldest())).hasSize(1);
  }
}
