package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishResult;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDifferTest {
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String ROW_A = "aws/" + A + "/test";
  private static final String ROW_B = "aws/" + B + "/test";

  @TempDir
  Path temp;
  private Path site;
  private URI destination;
  private int week;

  @BeforeEach
  void site() {
    site = temp.resolve("site");
    destination = site.toUri();
  }

  private DiffRun run() {
    week++;
    return new DiffRun(temp.resolve("work"), "run-" + week, FIRST.plus(Duration.ofDays(7L * (week - 1))));
  }

  private PostureReport publish(DiffRun run) {
    return publish(run, Settings.empty());
  }

  private PostureReport publish(DiffRun run, Settings options) {
    DiffRun.PUBLISHER.publish(run.outcome(), destination, options);
    return latest();
  }

  private PostureReport latest() {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, "latest");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void publish_firstRun_hasNoDiff() {
    PostureReport report = publish(run().ok(A, "r1:high"));

    assertThat(report.diff()).isNull();
    assertThat(report.accounts().get(0).links()).containsOnlyKeys("findings");
  }

  @Test
  void publish_secondRun_countsNewResolvedAndUnchangedPerSeverityAndRow() {
    publish(run().ok(A, "r1:high", "r2:low", "r3:medium:pass").ok(B, "q1:critical"));

    PostureReport report = publish(run().ok(A, "r1:high", "r2:low:pass", "r4:critical", "r5:medium:muted")
        .ok(B, "q1:critical", "q2:high"));

    RunDiff diff = report.diff();
    assertThat(diff.previousRunId()).isEqualTo("run-1");
    assertThat(diff.previousGeneratedAt()).isEqualTo(FIRST);
    assertThat(diff.total()).isEqualTo(new RunDiff.Counts(2, 1, 0, 2, 0));
    assertThat(diff.bySeverity().get(Severity.CRITICAL)).isEqualTo(new RunDiff.Counts(1, 0, 0, 1, 0));
    assertThat(diff.bySeverity().get(Severity.HIGH)).isEqualTo(new RunDiff.Counts(1, 0, 0, 1, 0));
    assertThat(diff.bySeverity().get(Severity.LOW)).isEqualTo(new RunDiff.Counts(0, 1, 0, 0, 0));
    assertThat(diff.bySeverity().get(Severity.MEDIUM)).isEqualTo(RunDiff.Counts.ZERO);
    assertThat(diff.byAccount()).containsEntry(ROW_A, new RunDiff.Counts(1, 1, 0, 1, 0))
        .containsEntry(ROW_B, new RunDiff.Counts(1, 0, 0, 1, 0));
    assertThat(diff.byProvider()).containsOnlyKeys(io.secposture.api.CloudProvider.AWS);
    assertThat(diff.notCompared()).isEmpty();
    assertThat(diff.newFindings()).extracting(RunDiff.NewFinding::ruleId).containsExactly("r4", "q2");
    RunDiff.NewFinding first = diff.newFindings().get(0);
    assertThat(first.rowKey()).isEqualTo(ROW_A);
    assertThat(first.title()).isEqualTo("Title of r4");
    assertThat(first.service()).isEqualTo("svc-r");
    assertThat(first.resourceId()).isEqualTo("res-r4");
    assertThat(first.region()).isEqualTo("eu-west-1");
    assertThat(first.reopened()).isFalse();
    assertThat(first.fingerprint()).isEqualTo(DiffRun.finding(A, "r4:critical").fingerprint());
  }

  @Test
  void publish_secondRun_historyRowAndFrontPageShowTheDiff() throws Exception {
    publish(run().ok(A, "r1:high"));
    publish(run().ok(A, "r2:high"));

    List<HistoryRow> history;
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.HISTORY))) {
      history = ReportJson.readHistory(in, "history");
    }
    assertThat(history).hasSize(2);
    assertThat(history.get(0).diff()).isNull();
    assertThat(history.get(1).diff()).isEqualTo(new RunDiff.Counts(1, 1, 0, 0, 0));
    String page = Files.readString(site.resolve(SiteLayout.INDEX));
    assertThat(page).contains("Title of r2").contains("res-r2").contains("id=\"total-new\"");
  }

  @Test
  void publish_findingResolvedThenFlaggedAgain_isReopenedNotNew() {
    publish(run().ok(A, "r1:high", "r2:low"));
    PostureReport second = publish(run().ok(A, "r2:low"));
    assertThat(second.accounts().get(0).links()).containsKeys("findings", "resolved");
    assertThat(second.accounts().get(0).links().get("resolved"))
        .isEqualTo("runs/run-2/aws/" + A + "/test/" + RunDiffer.RESOLVED_FILE_NAME);

    PostureReport third = publish(run().ok(A, "r1:high", "r2:low", "r3:low"));

    assertThat(third.diff().total()).isEqualTo(new RunDiff.Counts(1, 0, 1, 1, 0));
    assertThat(third.diff().newFindings()).extracting(RunDiff.NewFinding::ruleId, RunDiff.NewFinding::reopened)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", true), org.assertj.core.groups.Tuple.tuple("r3",
            false));
    assertThat(third.accounts().get(0).links()).doesNotContainKey("resolved");
  }

  @Test
  void publish_failedScan_countsItsFindingsUnknownAndTheNextRunComparesWithItsLastResults() {
    publish(run().ok(A, "r1:high", "r2:low").ok(B, "q1:low"));
    PostureReport second = publish(run().failed(A, ScanStatus.FAILED).ok(B, "q1:low"));

    assertThat(second.diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 0, 1, 2));
    assertThat(second.diff().byAccount()).containsEntry(ROW_A, new RunDiff.Counts(0, 0, 0, 0, 2));
    assertThat(second.diff().bySeverity().get(Severity.HIGH)).isEqualTo(new RunDiff.Counts(0, 0, 0, 0, 1));
    assertThat(second.diff().notCompared().get(ROW_A)).isEqualTo("FAILED in this run (authentication failed): the 2"
        + " findings flagged in run run-1 are unknown, not counted as resolved");
    assertThat(second.accounts().get(0).links())
        .containsEntry("last_findings", "runs/run-1/aws/" + A + "/test/findings.jsonl.gz")
        .doesNotContainKey("findings");

    PostureReport third = publish(run().failed(A, ScanStatus.TIMED_OUT).ok(B, "q1:low"));
    assertThat(third.diff().notCompared().get(ROW_A)).startsWith("TIMED_OUT in this run").contains("run run-1");
    assertThat(third.diff().total().unknown()).isEqualTo(2);

    PostureReport fourth = publish(run().ok(A, "r1:high", "r3:medium").ok(B, "q1:low"));
    assertThat(fourth.diff().byAccount()).containsEntry(ROW_A, new RunDiff.Counts(1, 1, 0, 1, 0));
    assertThat(fourth.diff().notCompared()).isEmpty();
  }

  @Test
  void publish_accountGone_countsUnknownInARunButNotInAShard() {
    publish(run().ok(A, "r1:high").ok(B, "q1:low", "q2:low"));

    PostureReport run = publish(run().ok(A, "r1:high"));
    assertThat(run.diff().byAccount()).containsEntry(ROW_B, new RunDiff.Counts(0, 0, 0, 0, 2));
    assertThat(run.diff().notCompared().get(ROW_B)).startsWith("Not in this run (the account was removed");

    PostureReport shard = publish(run().ok(A, "r1:high"), Settings.of(Map.of(RunDiffer.SCOPE, "shard")));
    assertThat(shard.diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 0, 1, 0));
    assertThat(shard.diff().byAccount()).containsOnlyKeys(ROW_A);
  }

  @Test
  void publish_newAccount_hasEverythingNew() {
    publish(run().ok(A, "r1:high"));

    PostureReport report = publish(run().ok(A, "r1:high").ok(B, "q1:low", "q2:medium"));

    assertThat(report.diff().byAccount()).containsEntry(ROW_B, new RunDiff.Counts(2, 0, 0, 0, 0));
  }

  @Test
  void publish_duplicatesMutedPassedAndManual_countEachFlaggedFingerprintOnce() {
    publish(run().ok(A, "r1:high", "r1:high", "r2:low:muted", "r3:low:manual"));

    PostureReport report = publish(run().ok(A, "r1:high", "r1:high", "r2:low", "r2:low", "r3:low:pass"));

    assertThat(report.diff().total()).isEqualTo(new RunDiff.Counts(1, 0, 0, 1, 0));
  }

  @Test
  void publish_previousFindingsFileMissingOrCorrupt_rowIsNotComparedAndTheOthersAre() throws Exception {
    publish(run().ok(A, "r1:high").ok(B, "q1:low"));
    Files.delete(site.resolve("runs/run-1/aws/" + A + "/test/findings.jsonl.gz"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
        site.resolve("runs/run-1/aws/" + B + "/test/findings.jsonl.gz")))) {
      out.write("{\"fingerprint\":\"x\",\"severity\":\"loud\",\"status\":\"fail\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    PostureReport report = publish(run().ok(A, "r1:high").ok(B, "q1:low"));

    assertThat(report.diff().notCompared().get(ROW_A)).contains("runs/run-1/aws/" + A
        + "/test/findings.jsonl.gz is missing").contains("compared from the next run on");
    assertThat(report.diff().notCompared().get(ROW_B)).contains("line 1").contains("severity").contains("'loud'");
    // new or unchanged cannot be told: each row's finding flagged in this run counts as unknown, not as nothing
    assertThat(report.diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 0, 0, 2));
    assertThat(report.diff().byAccount()).containsEntry(ROW_A, new RunDiff.Counts(0, 0, 0, 0, 1))
        .containsEntry(ROW_B, new RunDiff.Counts(0, 0, 0, 0, 1));
    assertThat(report.diff().notCompared().get(ROW_A)).contains("the 1 finding it flags in this run is unknown");

    PostureReport next = publish(run().ok(A, "r1:high").ok(B, "q1:low"));
    assertThat(next.diff().notCompared()).isEmpty();
    assertThat(next.diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 0, 2, 0));
  }

  @Test
  void publish_corruptMemoryOfResolvedFindings_warnsAndCountsFlaggedAgainAsNew() throws Exception {
    publish(run().ok(A, "r1:high"));
    publish(run().ok(A));
    Files.writeString(site.resolve("runs/run-2/aws/" + A + "/test/" + RunDiffer.RESOLVED_FILE_NAME), "not gzip");

    DiffRun third = run().ok(A, "r1:high");
    PublishResult result = DiffRun.PUBLISHER.publish(third.outcome(), destination, Settings.empty());

    assertThat(latest().diff().total()).isEqualTo(new RunDiff.Counts(1, 0, 0, 0, 0));
    assertThat(result.warnings()).anyMatch(w -> w.contains("resolved findings of " + ROW_A) && w.contains("gzip"));
  }

  @Test
  void publish_sameRunTwice_comparesWithTheRunBeforeAndWritesTheSameBytes() throws Exception {
    publish(run().ok(A, "r1:high", "r2:low"));
    DiffRun second = run().ok(A, "r2:low", "r3:low");
    DiffRun.PUBLISHER.publish(second.outcome(), destination, Settings.empty());
    PostureReport once = latest();
    Path resolved = site.resolve("runs/run-2/aws/" + A + "/test/" + RunDiffer.RESOLVED_FILE_NAME);
    byte[] stateOnce = Files.readAllBytes(resolved);

    DiffRun.PUBLISHER.publish(second.outcome(), destination, Settings.empty());

    assertThat(latest()).isEqualTo(once);
    assertThat(latest().diff().previousRunId()).isEqualTo("run-1");
    assertThat(Files.readAllBytes(resolved)).isEqualTo(stateOnce);
  }

  @Test
  void publish_lateRun_isComparedWithTheRunBeforeItNotTheLatest() {
    publish(run().ok(A, "r1:high"));
    DiffRun second = run().ok(A, "r1:high", "r2:high");
    publish(run().ok(A, "r3:high"));

    PublishResult late = DiffRun.PUBLISHER.publish(second.outcome(), destination, Settings.empty());

    assertThat(latest().runId()).isEqualTo("run-3");
    assertThat(late.warnings()).anyMatch(warning -> warning.contains("run run-3 is newer than run run-2"));
    PostureReport dated;
    try (InputStream in = Files.newInputStream(site.resolve("reports/report_2026-11-08_run-2.json"))) {
      dated = ReportJson.read(in, "dated");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(dated.diff().previousRunId()).isEqualTo("run-1");
    assertThat(dated.diff().total()).isEqualTo(new RunDiff.Counts(1, 0, 0, 1, 0));
  }

  @Test
  void publish_resolvedFindingOlderThanTheRetention_isForgottenAndCountsAsNew() {
    Settings keepOne = Settings.of(Map.of(RunDiffer.RESOLVED_RETENTION, "1"));
    Settings keepTwo = Settings.of(Map.of(RunDiffer.RESOLVED_RETENTION, "2"));
    publish(run().ok(A, "r1:high", "r2:high"), keepOne);
    publish(run().ok(A), keepOne);
    publish(run().ok(A), keepOne);

    PostureReport fourth = publish(run().ok(A, "r1:high"), keepTwo);

    assertThat(fourth.diff().total()).isEqualTo(new RunDiff.Counts(1, 0, 0, 0, 0));
    week = 0;
    site = temp.resolve("other");
    destination = site.toUri();
    publish(run().ok(A, "r1:high"), keepTwo);
    publish(run().ok(A), keepTwo);
    publish(run().ok(A), keepTwo);
    assertThat(publish(run().ok(A, "r1:high"), keepTwo).diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 1, 0, 0));
  }

  @Test
  void publish_resolvedFile_holdsFingerprintSeverityRunAgeAndFirstSighting() throws Exception {
    publish(run().ok(A, "r1:high"));
    publish(run().ok(A));
    publish(run().ok(A));

    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        site.resolve("runs/run-3/aws/" + A + "/test/" + RunDiffer.RESOLVED_FILE_NAME)))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).isEqualTo("{\"fingerprint\":\"" + DiffRun.finding(A, "r1:high").fingerprint()
        + "\",\"severity\":\"high\",\"resolved_run_id\":\"run-2\",\"resolved_at\":\"2026-11-08T02:00:00Z\","
        + "\"runs_since\":1,\"first_seen\":\"2026-11-01T02:00:00Z\"}\n");
  }

  @Test
  void publish_diffDisabled_publishesNoDiff() {
    publish(run().ok(A, "r1:high"));

    PostureReport report = publish(run().ok(A), Settings.of(Map.of(RunDiffer.ENABLED, "false")));

    assertThat(report.diff()).isNull();
    assertThat(report.accounts().get(0).links()).doesNotContainKey("resolved");
  }

  @Test
  void publish_corruptPreviousReport_publishesWithoutADiffAndWarns() throws Exception {
    publish(run().ok(A, "r1:high"));
    Files.writeString(site.resolve(SiteLayout.LATEST_REPORT), "{\"schema_version\": 1, \"run_id\": ");

    PublishResult result = DiffRun.PUBLISHER.publish(run().ok(A).outcome(), destination, Settings.empty());

    assertThat(latest().diff()).isNull();
    assertThat(result.warnings()).anyMatch(w -> w.startsWith("cannot read the previous run at ")
        && w.contains("report_latest.json") && w.endsWith("is published without a diff"));
  }

  @Test
  void publish_badOptions_failBeforeAnythingIsWritten() {
    publish(run().ok(A, "r1:high"));
    DiffRun second = run().ok(A);

    assertThatThrownBy(() -> DiffRun.PUBLISHER.publish(second.outcome(), destination,
        Settings.of(Map.of(RunDiffer.SCOPE, "all"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("diff.scope").hasMessageContaining("'all'");
    assertThatThrownBy(() -> DiffRun.PUBLISHER.publish(second.outcome(), destination,
        Settings.of(Map.of(RunDiffer.RESOLVED_RETENTION, "-1")))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("0 to 10000");
    assertThat(latest().runId()).isEqualTo("run-1");
  }

  @Test
  void publish_previousSiteElsewhere_comparesWithItAndCarriesNoLinks() {
    Path other = temp.resolve("previous-site");
    DiffRun.PUBLISHER.publish(new DiffRun(temp.resolve("w0"), "run-0", FIRST.minus(Duration.ofDays(7)))
        .ok(A, "r1:high").failed(B, ScanStatus.FAILED).outcome(), other.toUri(), Settings.empty());
    DiffRun.PUBLISHER.publish(new DiffRun(temp.resolve("w0"), "run-00", FIRST.minus(Duration.ofDays(6)))
        .ok(A, "r1:high").ok(B, "q1:low").outcome(), other.toUri(), Settings.empty());

    PostureReport report = publish(run().ok(A, "r1:high", "r2:low").failed(B, ScanStatus.FAILED),
        Settings.of(Map.of(RunDiffer.PREVIOUS, other.toString())));

    assertThat(report.diff().previousRunId()).isEqualTo("run-00");
    assertThat(report.diff().byAccount()).containsEntry(ROW_A, new RunDiff.Counts(1, 0, 0, 1, 0))
        .containsEntry(ROW_B, new RunDiff.Counts(0, 0, 0, 0, 1));
    assertThat(report.accounts()).allSatisfy(row -> assertThat(row.links()).doesNotContainKey("last_findings"));
  }

  @Test
  void compare_publishedRuns_givesTheDiffPublishedWithTheRun() {
    publish(run().ok(A, "r1:high", "r2:low").ok(B, "q1:low"));
    publish(run().ok(A, "r2:low").failed(B, ScanStatus.FAILED));
    PostureReport third = publish(run().ok(A, "r1:high", "r4:critical").ok(B, "q1:low", "q9:high"));
    LocalArtifactPublisher publisher = new LocalArtifactPublisher();

    PublishedRun current = PublishedRun.read(publisher, destination, SiteLayout.LATEST_REPORT, Settings.empty())
        .orElseThrow();
    PublishedRun previous = PublishedRun.before(publisher, destination, current.report().runId(),
        current.report().generatedAt(), Settings.empty()).orElseThrow();

    assertThat(previous.report().runId()).isEqualTo("run-2");
    assertThat(RunDiffer.compare(previous, current)).isEqualTo(third.diff());
    assertThat(third.diff().byAccount()).containsEntry(ROW_A, new RunDiff.Counts(1, 1, 1, 0, 0))
        .containsEntry(ROW_B, new RunDiff.Counts(1, 0, 0, 1, 0));
  }

  @Test
  void withDiff_beforePublishing_showsTheDiffThatIsPublished() {
    publish(run().ok(A, "r1:high"));
    RunOutcome outcome = run().ok(A, "r2:high").outcome();

    RunOutcome compared = DiffRun.PUBLISHER.compare(outcome, destination, Settings.empty());

    assertThat(compared.report().diff().total()).isEqualTo(new RunDiff.Counts(1, 1, 0, 0, 0));
    assertThat(DiffRun.PUBLISHER.compare(compared, destination, Settings.empty())).isSameAs(compared);
    assertThat(compared.files()).extracting(io.secposture.api.StagedFile::key)
        .contains("runs/run-2/aws/" + A + "/test/" + RunDiffer.RESOLVED_FILE_NAME);
    DiffRun.PUBLISHER.publish(compared, destination, Settings.empty());
    assertThat(latest()).isEqualTo(compared.report());
  }

  @Test
  void withDiff_shardsOfARun_combineToTheDiffOfTheWholeRun() {
    publish(run().ok(A, "r1:high", "r2:low").ok(B, "q1:critical", "q2:low").ok("333333333333", "z1:low"));
    publish(run().ok(A, "r2:low").ok(B, "q1:critical").failed("333333333333", ScanStatus.FAILED));
    Settings shard = Settings.of(Map.of(RunDiffer.SCOPE, "shard"));

    RunDiff whole = DiffRun.PUBLISHER.compare(run().ok(A, "r1:high", "r3:medium").ok(B, "q2:low")
        .failed("333333333333", ScanStatus.FAILED).outcome(), destination, Settings.empty()).report().diff();
    week--;
    RunDiff first = DiffRun.PUBLISHER.compare(run().ok(A, "r1:high", "r3:medium").outcome(), destination, shard)
        .report().diff();
    week--;
    RunDiff second = DiffRun.PUBLISHER.compare(run().ok(B, "q2:low").failed("333333333333", ScanStatus.FAILED)
        .outcome(), destination, shard).report().diff();

    assertThat(RunDiff.combine(List.of(first, second))).isEqualTo(whole);
    assertThat(whole.total()).isEqualTo(new RunDiff.Counts(1, 2, 2, 0, 1));
  }

  @Test
  void publish_runAggregatedFromFiles_isPublishedWithoutADiff() {
    publish(run().ok(A, "r1:high"));

    PostureReport report = publish(run().aggregated(A).aggregated(B));

    assertThat(report.diff()).isNull();
  }

  @Test
  void publish_everyScanFailed_countsEverythingUnknownAndTheNextRunStillCompares() {
    publish(run().ok(A, "r1:high", "r2:low"));

    PostureReport failed = publish(run().failed(A, ScanStatus.FAILED));
    assertThat(failed.diff().total()).isEqualTo(new RunDiff.Counts(0, 0, 0, 0, 2));

    PostureReport next = publish(run().ok(A, "r1:high"));
    assertThat(next.diff().total()).isEqualTo(new RunDiff.Counts(0, 1, 0, 1, 0));
  }

  @Test
  void publish_rowsOfManyAccounts_newFindingsAreBoundedAndMostSevereFirst() {
    publish(run().ok(A));
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      findings.add("low" + i + ":low");
    }
    findings.add("worst:critical");

    PostureReport report = publish(run().ok(A, findings.toArray(String[]::new)));

    assertThat(report.diff().total().added()).isEqualTo(151);
    assertThat(report.diff().newFindings()).hasSize(RunDiff.NEW_FINDINGS_LIMIT);
    assertThat(report.diff().newFindings().get(0).ruleId()).isEqualTo("worst");
  }
}
