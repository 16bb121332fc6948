package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.PublishResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import java.io.IOException;
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

/**
 * {@link ExportRunner} on runs published for real to a local site: each finding's change since the previous run
 * (new, unchanged, reopened, resolved; unknown when a row cannot be compared), the lifecycle fields read from the
 * findings lines, file-publishing exporters' files published with the run, and one failing exporter (an exception
 * or an error) reported with its name, secrets masked, while the others run and the run stays published.
 */
class ExportRunnerTest {
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  @TempDir
  Path temp;
  private URI destination;
  private int week;

  @BeforeEach
  void site() {
    destination = temp.resolve("site").toUri();
  }

  private DiffRun run() {
    week++;
    return new DiffRun(temp.resolve("work"), "run-" + week, FIRST.plus(Duration.ofDays(7L * (week - 1))));
  }

  /** Records what it is given: "account:rule:change" per finding, and per resolved finding. */
  static final class Recording implements FindingExporter {
    final String name;
    final List<String> findings = new ArrayList<>();
    final List<String> resolved = new ArrayList<>();
    final List<ExportedFinding> raw = new ArrayList<>();
    ExportedRun seen;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ExportResult export(ExportedRun run, Settings options) {
      seen = run;
      findings.clear();
      resolved.clear();
      raw.clear();
      run.forEachFinding(found -> {
        raw.add(found);
        findings.add(found.finding().accountId().substring(0, 1) + ":" + found.finding().ruleId() + ":"
            + found.change());
      });
      run.forEachResolved(found -> resolved.add(found.finding().accountId().substring(0, 1) + ":"
          + found.finding().ruleId() + ":" + found.change()));
      return ExportResult.of(name, findings.size());
    }
  }

  private ExportRunner.Outcome publish(DiffRun run, ExportRunner runner) {
    ExportRunner.Staged staged = runner.stage(run.outcome(), destination, Settings.empty());
    PublishResult result = DiffRun.PUBLISHER.publish(staged.outcome(), destination, Settings.empty());
    return staged.exports().plus(runner.afterPublish(staged.outcome(), result, destination, Settings.empty()));
  }

  private static ExportRunner runner(FindingExporter... exporters) {
    return ExportRunner.builder(DiffRun.PLUGINS).exporters(List.of(exporters)).build();
  }

  @Test
  void afterPublish_threeRuns_streamEachFindingsChangeAndTheFindingsResolved() {
    Recording recording = new Recording("recording");
    ExportRunner runner = runner(recording);

    ExportRunner.Outcome first = publish(run().ok(A, "r1:high", "r2:low", "p1:medium:pass").ok(B, "q1:critical"),
        runner);
    assertThat(first.failures()).isEmpty();
    assertThat(first.results()).extracting(ExportResult::exporter, ExportResult::exported)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("recording", 4L));
    assertThat(recording.findings).containsExactly("1:r1:NEW", "1:r2:NEW", "1:p1:NOT_FLAGGED", "2:q1:NEW");
    assertThat(recording.resolved).isEmpty();
    assertThat(recording.seen.diff()).isEmpty();

    publish(run().ok(A, "r2:low", "r1:high:muted").failed(B, ScanStatus.FAILED), runner);
    assertThat(recording.findings).containsExactly("1:r2:UNCHANGED", "1:r1:NOT_FLAGGED");
    assertThat(recording.resolved).as("B failed: what it flagged is unknown, never resolved")
        .containsExactly("1:r1:RESOLVED");
    assertThat(recording.seen.diff()).isPresent();
    assertThat(recording.seen.scopes()).extracting(ScanScope::key, ScanScope::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("aws/" + A + "/test", ScanStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("aws/" + B + "/test", ScanStatus.FAILED));

    publish(run().ok(A, "r1:high", "r2:low", "r3:low").ok(B), runner);
    assertThat(recording.findings).containsExactly("1:r1:REOPENED", "1:r2:UNCHANGED", "1:r3:NEW");
    assertThat(recording.resolved).as("B compares with its last results, two runs back").containsExactly(
        "2:q1:RESOLVED");
    assertThat(recording.seen.site()).hasValueSatisfying(site -> assertThat(site.toString())
        .endsWith("/site/index.html"));
  }

  @Test
  void afterPublish_previousFindingsFileCorrupt_findingsOfThatRowAreUnknownNotNew() throws Exception {
    Recording recording = new Recording("recording");
    publish(run().ok(A, "r1:high").ok(B, "q1:low"), runner(recording));
    Path previous = temp.resolve("site").resolve(SiteLayout.scanPrefix("run-1", io.secposture.api.CloudProvider.AWS,
        A, DiffRun.SCANNER) + FindingsFile.FILE_NAME);
    Files.writeString(previous, "not gzip");

    publish(run().ok(A, "r1:high", "r9:low").ok(B, "q1:low"), runner(recording));

    assertThat(recording.findings).containsExactly("1:r1:UNKNOWN", "1:r9:UNKNOWN", "2:q1:UNCHANGED");
  }

  @Test
  void forEachFinding_linesWithLifecycleFields_carryFirstSeenReopenedOwnerAndSuppression() throws Exception {
    DiffRun run = run().ok(A, "r1:high", "r2:low");
    RunOutcome outcome = run.outcome();
    Path file = outcome.files().get(0).file();
    String lines;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] split = lines.split("\n");
    split[0] = split[0].replace("\"fingerprint\":", "\"first_seen\":\"2026-09-01T02:00:00Z\",\"reopened_at\":"
        + "\"2026-10-25T02:00:00Z\",\"owner\":\"payments\",\"suppressed_by\":null,\"future_key\":{\"x\":[1]},"
        + "\"fingerprint\":");
    split[1] = split[1].replace("\"fingerprint\":", "\"suppressed_by\":\"S3\",\"fingerprint\":");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", split) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Recording recording = new Recording("recording");

    publish(run, runner(recording));

    ExportedFinding first = recording.raw.get(0);
    assertThat(first.firstSeen()).isEqualTo(Instant.parse("2026-09-01T02:00:00Z"));
    assertThat(first.reopenedAt()).isEqualTo(Instant.parse("2026-10-25T02:00:00Z"));
    assertThat(first.owner()).isEqualTo("payments");
    assertThat(first.suppressedBy()).isNull();
    ExportedFinding second = recording.raw.get(1);
    assertThat(second.firstSeen()).isNull();
    assertThat(second.owner()).as("no owner on the line and no team label on the account").isNull();
    assertThat(second.suppressedBy()).isEqualTo("S3");
    assertThat(second.finding()).isEqualTo(DiffRun.finding(A, "r2:low"));
  }

  @Test
  void oneExporterFails_othersStillRun_failureNamedWithSecretsMasked_runPublished() throws Exception {
    String secret = "https://hooks.example.com/T0/B0/s3cr3t-p4th";
    FindingExporter throwing = new FindingExporter() {
      @Override
      public String name() {
        return "throwing";
      }

      @Override
      public ExportResult export(ExportedRun run, Settings options) {
        throw new IllegalStateException("cannot reach " + options.getString("throwing.url"));
      }
    };
    FindingExporter erring = new FindingExporter() {
      @Override
      public String name() {
        return "erring";
      }

      @Override
      public ExportResult export(ExportedRun run, Settings options) {
        throw new StackOverflowError();
      }
    };
    Recording after = new Recording("after");
    ExportRunner runner = ExportRunner.builder(DiffRun.PLUGINS).exporters(List.of(throwing, erring, after))
        .options(Settings.of(Map.of("throwing.url", secret))).build();

    ExportRunner.Outcome outcome = publish(run().ok(A, "r1:high"), runner);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.failures()).extracting(ExportRunner.Failure::exporter).containsExactly("throwing", "erring");
    assertThat(outcome.failures().get(0).message())
        .isEqualTo("java.lang.IllegalStateException: cannot reach ****");
    assertThat(outcome.failures().get(1).message()).isEqualTo("java.lang.StackOverflowError");
    assertThat(outcome.results()).extracting(ExportResult::exporter).containsExactly("after");
    assertThat(after.findings).containsExactly("1:r1:NEW");
    assertThat(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT)).exists();
  }

  @Test
  void stage_fileExporter_fileIsPublishedWithTheRun_aFailedOnesHalfFileIsDropped() throws Exception {
    FindingExporter writer = new FileWriter("writer", false);
    FindingExporter broken = new FileWriter("broken", true);
    Recording sender = new Recording("sender");
    ExportRunner runner = runner(writer, broken, sender);

    ExportRunner.Outcome outcome = publish(run().ok(A, "r1:high"), runner);

    Path site = temp.resolve("site");
    assertThat(site.resolve("runs/run-1/writer.txt")).hasContent("1 finding(s)");
    assertThat(site.resolve("runs/run-1/broken.txt")).doesNotExist();
    assertThat(outcome.failures()).extracting(ExportRunner.Failure::exporter).containsExactly("broken");
    assertThat(outcome.results()).extracting(ExportResult::exporter).containsExactly("writer", "sender");
  }

  @Test
  void validate_collectsEveryExportersProblemsAndABadSiteUrl() {
    FindingExporter picky = new FindingExporter() {
      @Override
      public String name() {
        return "picky";
      }

      @Override
      public io.secposture.api.Preflight validate(Settings options) {
        return io.secposture.api.Preflight.problem("setting 'picky.url' is missing");
      }

      @Override
      public ExportResult export(ExportedRun run, Settings options) {
        return ExportResult.of(name(), 0);
      }
    };
    ExportRunner runner = ExportRunner.builder(DiffRun.PLUGINS).exporters(List.of(picky))
        .options(Settings.of(Map.of(ExportRunner.SITE_URL, "not a url"))).build();
    assertThat(runner.validate()).containsExactly("setting 'export.site-url' has value 'not a url'; expected the"
        + " front page address for people, such as https://security.example.com/",
        "exporter picky: setting 'picky.url' is missing");
  }

  @Test
  void shardedRun_fileExportersWriteOneFilePerShard_messagesOnceOnTheMergedRunWithEveryShardsChanges() {
    io.secposture.api.Plugins plugins = io.secposture.api.Plugins.of(List.of(
        new io.secposture.core.internal.publish.LocalArtifactPublisher(),
        new io.secposture.core.internal.aggregate.DefaultAggregator()));
    FindingExporter writer = new FileWriter("writer", false);
    Recording sender = new Recording("sender");
    ExportRunner runner = ExportRunner.builder(plugins).exporters(List.of(writer, sender)).build();
    publish(run().ok(A, "r1:high", "r2:low").ok(B, "q1:critical"), runner);
    DiffRun second = run();
    second.ok(A, "r2:low", "r3:medium").ok(B, "q1:critical", "q2:high");
    RunOutcome whole = second.outcome();
    Settings shardOptions = Settings.of(Map.of(RunDiffer.SCOPE, "shard"));
    List<ExportRunner.Outcome> shardExports = new ArrayList<>();
    for (int index = 0; index < 2; index++) {
      Shard shard = new Shard(index, 2);
      String account = index == 0 ? A : B;
      RunOutcome part = new RunOutcome(whole.report().toBuilder().accounts(whole.report().accounts().stream()
          .filter(row -> row.accountId().equals(account)).toList()).build(), List.of(), whole.manifest(),
          whole.files().stream().filter(file -> file.key().contains("/" + account + "/")).toList(),
          whole.runDirectory(), shard);
      ExportRunner.Staged staged = runner.stage(part, destination, shardOptions);
      PublishResult published = new RunPublisher(plugins).publish(staged.outcome(), destination, shardOptions);
      shardExports.add(staged.exports().plus(runner.afterPublish(staged.outcome(), published, destination,
          shardOptions)));
    }
    sender.findings.clear();
    ShardMerge.Merged merged = ShardMerge.merge(plugins, destination, "run-2", 2, "default", Settings.empty());

    ExportRunner.Outcome messages = runner.afterMerge(merged, destination, Settings.empty());

    Path site = temp.resolve("site");
    assertThat(site.resolve("runs/run-2/writer.0-of-2.txt")).hasContent("2 finding(s)");
    assertThat(site.resolve("runs/run-2/writer.1-of-2.txt")).hasContent("2 finding(s)");
    assertThat(shardExports).allSatisfy(outcome -> assertThat(outcome.results()).extracting(ExportResult::exporter)
        .containsExactly("writer"));
    assertThat(messages.results()).extracting(ExportResult::exporter).containsExactly("sender");
    assertThat(sender.findings).containsExactly("1:r2:UNCHANGED", "1:r3:NEW", "2:q1:UNCHANGED", "2:q2:NEW");
    assertThat(sender.resolved).containsExactly("1:r1:RESOLVED");
    assertThat(sender.seen.scopes()).allSatisfy(scope -> assertThat(scope.filtersKnown()).isFalse());
  }

  @Test
  void scopes_ofARunsScans_holdTheirRegionServiceAndCheckLimits_unknownWithExclusionsOrFilters() {
    Recording recording = new Recording("recording");
    DiffRun run = run().ok(A, "r1:high").ok(B, "q1:low");
    RunOutcome plain = run.outcome();
    io.secposture.api.CloudAccount limited = io.secposture.api.CloudAccount.builder(
        io.secposture.api.CloudProvider.AWS, A).options(Settings.of(Map.of("test.region", "eu-west-1",
            "test.services", "s3,iam"))).build();
    io.secposture.api.CloudAccount excluding = io.secposture.api.CloudAccount.builder(
        io.secposture.api.CloudProvider.AWS, B).options(Settings.of(Map.of("test.excluded-services", "ec2")))
        .build();
    RunOutcome outcome = new RunOutcome(plain.report(), List.of(
        io.secposture.api.ScanResult.builder(DiffRun.SCANNER, limited, ScanStatus.SUCCEEDED).build(),
        io.secposture.api.ScanResult.builder(DiffRun.SCANNER, excluding, ScanStatus.SUCCEEDED).build()),
        plain.manifest(), plain.files(), plain.runDirectory());
    ExportRunner runner = ExportRunner.builder(DiffRun.PLUGINS).exporters(List.of(recording))
        .scannerOptions(Settings.of(Map.of("test.checks", "c1"))).build();

    ExportRunner.Staged staged = runner.stage(outcome, destination, Settings.empty());
    PublishResult result = DiffRun.PUBLISHER.publish(staged.outcome(), destination, Settings.empty());
    runner.afterPublish(staged.outcome(), result, destination, Settings.empty());

    ScanScope a = recording.seen.scopes().get(0);
    assertThat(a.regions()).containsExactly("eu-west-1");
    assertThat(a.services()).containsExactly("s3", "iam");
    assertThat(a.checks()).containsExactly("c1");
    assertThat(a.filtersKnown()).isTrue();
    assertThat(a.covers("eu-west-1", "s3")).isTrue();
    assertThat(a.covers("us-east-1", "s3")).isFalse();
    assertThat(a.covers(null, "ec2")).isFalse();
    ScanScope b = recording.seen.scopes().get(1);
    assertThat(b.filtersKnown()).isFalse();
    assertThat(b.covers("eu-west-1", "s3")).isFalse();
  }

  /** Adds one file to the run, then fails if asked to. */
  static final class FileWriter implements FindingExporter {
    private final String name;
    private final boolean fail;

    FileWriter(String name, boolean fail) {
      this.name = name;
      this.fail = fail;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean publishesFiles() {
      return true;
    }

    @Override
    public ExportResult export(ExportedRun run, Settings options) {
      long[] count = {0};
      run.forEachFinding(found -> count[0]++);
      Path file = run.addFile(name + ".txt", "text/plain");
      try {
        Files.writeString(file, count[0] + " finding(s)");
      } catch (IOException e) {
        throw new ExportException(name, e.getMessage());
      }
      if (fail) {
        throw new ExportException(name, name + ": failed after writing half a file");
      }
      return ExportResult.of(name, count[0]);
    }
  }
}
