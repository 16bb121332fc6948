package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.PublishResult;
import io.secposture.api.RunDiff;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A findings file the diff cannot read (deleted from the bucket, truncated, corrupt) never makes a row's findings
 * vanish from the diff: what cannot be told is counted unknown, and a warning names the file.
 */
class HostileDiffInputTest {
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String C = "333333333333";
  private static final String D = "444444444444";

  @TempDir
  Path temp;

  private DiffRun run(int week) {
    return new DiffRun(temp.resolve("work"), "run-" + week, FIRST.plus(Duration.ofDays(7L * (week - 1))));
  }

  private Path findings(Path site, int week, String account) {
    return site.resolve("runs/run-" + week + "/aws/" + account + "/test/" + FindingsFile.FILE_NAME);
  }

  private static void corrupt(Path file) throws Exception {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("{\"fingerprint\":".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void compare_currentFindingsFileCorruptOrMissing_countsWhatCannotBeToldAsUnknown() throws Exception {
    Path site = temp.resolve("site");
    URI destination = site.toUri();
    DiffRun.PUBLISHER.publish(run(1).ok(A, "r1:high", "r2:low").ok(B, "q1:critical").ok(D, "d1:low").outcome(),
        destination, Settings.empty());
    DiffRun.PUBLISHER.publish(run(2).ok(A, "r1:high", "r3:medium").ok(B, "q1:critical")
        .ok(C, "c1:high", "c2:high", "c3:low").ok(D, "d1:low", "d2:high").outcome(), destination, Settings.empty());
    corrupt(findings(site, 2, A));
    Files.delete(findings(site, 2, B));
    Files.writeString(findings(site, 2, C), "not gzip");
    LocalArtifactPublisher publisher = new LocalArtifactPublisher();
    PublishedRun current = PublishedRun.read(publisher, destination, SiteLayout.LATEST_REPORT, Settings.empty())
        .orElseThrow();
    PublishedRun previous = PublishedRun.before(publisher, destination, "run-2", current.report().generatedAt(),
        Settings.empty()).orElseThrow();

    RunDiff diff = RunDiffer.compare(previous, current);

    // A: r1 and r2 flagged before, now unreadable: both unknown (not resolved, not unchanged)
    assertThat(diff.byAccount()).containsEntry("aws/" + A + "/test", new RunDiff.Counts(0, 0, 0, 0, 2))
        // B: its file is gone: q1 unknown
        .containsEntry("aws/" + B + "/test", new RunDiff.Counts(0, 0, 0, 0, 1))
        // C is new in run 2 and unreadable: the 3 findings the report counts for it are unknown, not new
        .containsEntry("aws/" + C + "/test", new RunDiff.Counts(0, 0, 0, 0, 3))
        // D reads fine and is compared as usual
        .containsEntry("aws/" + D + "/test", new RunDiff.Counts(1, 0, 0, 1, 0));
    assertThat(diff.total()).isEqualTo(new RunDiff.Counts(1, 0, 0, 1, 6));
    assertThat(diff.bySeverity().get(Severity.HIGH)).isEqualTo(new RunDiff.Counts(1, 0, 0, 0, 3));
    assertThat(diff.notCompared().get("aws/" + A + "/test")).contains(findings(site, 2, A).toUri().toString()
        .substring("file://".length())).contains("cannot be read")
        .contains("the 2 findings flagged in run run-1 are unknown");
    assertThat(diff.notCompared().get("aws/" + B + "/test")).contains("is missing")
        .contains("the 1 finding flagged in run run-1 is unknown");
    assertThat(diff.notCompared().get("aws/" + C + "/test"))
        .contains("the 3 findings this run's report counts for it are unknown");
    // nothing read from a file that turned out unreadable is listed as new: only D's d2
    assertThat(diff.newFindings()).extracting(RunDiff.NewFinding::ruleId).containsExactly("d2");
  }

  @Test
  void publish_previousFindingsFileUnreadable_warnsNamingTheFileAndCountsThisRunsFindingsUnknown()
      throws Exception {
    Path site = temp.resolve("site");
    URI destination = site.toUri();
    DiffRun.PUBLISHER.publish(run(1).ok(A, "r1:high").ok(B, "q1:low").outcome(), destination, Settings.empty());
    corrupt(findings(site, 1, A));

    PublishResult result = DiffRun.PUBLISHER.publish(run(2).ok(A, "r1:high", "r2:critical").ok(B, "q1:low").outcome(),
        destination, Settings.empty());

    assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("the diff of aws/" + A + "/test cannot read its previous findings file")
        .contains("runs/run-1/aws/" + A + "/test/" + FindingsFile.FILE_NAME)
        .contains("its 2 findings flagged in this run are counted as unknown"));
    RunDiff diff = read(site).diff();
    assertThat(diff.byAccount()).containsEntry("aws/" + A + "/test", new RunDiff.Counts(0, 0, 0, 0, 2))
        .containsEntry("aws/" + B + "/test", new RunDiff.Counts(0, 0, 0, 1, 0));
    assertThat(diff.bySeverity().get(Severity.CRITICAL)).isEqualTo(new RunDiff.Counts(0, 0, 0, 0, 1));
  }

  @Test
  void publish_failedScanWhoseLastFindingsAreUnreadable_warnsNamingTheFile() throws Exception {
    Path site = temp.resolve("site");
    URI destination = site.toUri();
    DiffRun.PUBLISHER.publish(run(1).ok(A, "r1:high").outcome(), destination, Settings.empty());
    DiffRun.PUBLISHER.publish(run(2).failed(A, io.secposture.api.ScanStatus.FAILED).outcome(), destination,
        Settings.empty());
    corrupt(findings(site, 1, A));

    PublishResult result = DiffRun.PUBLISHER.publish(run(3).failed(A, io.secposture.api.ScanStatus.TIMED_OUT)
        .outcome(), destination, Settings.empty());

    assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("the diff of aws/" + A + "/test cannot read the findings file of its last scan with results")
        .contains("runs/run-1/aws/" + A + "/test/" + FindingsFile.FILE_NAME));
  }

  private static io.secposture.api.PostureReport read(Path site) throws Exception {
    try (var in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, "latest");
    }
  }
}
