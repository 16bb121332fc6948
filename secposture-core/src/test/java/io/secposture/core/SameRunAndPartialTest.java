package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestScanner;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scanner run written in several formats counts once ({@link ReportParser#runOf}), a file whose parser says the
 * scanner's run was incomplete gives PARTIAL in {@code aggregate} as in {@code run}, and a results file of another
 * account than the configured one is warned about.
 */
class SameRunAndPartialTest {
  private static final List<String> ROWS = List.of("s3-public,high,FAIL,bucket-a", "s3-public,high,PASS,bucket-b",
      "iam-root,critical,FAIL,root");

  @TempDir
  Path work;

  /**
   * Reads {@code .lines} files like {@link LinesParser}; {@code <run>.a.lines} and {@code <run>.b.lines} are two
   * formats of one run (a preferred), and a file with a {@code .partial} file beside it says its run was incomplete.
   */
  static final class RunAwareParser implements ReportParser {
    private final LinesParser lines = new LinesParser();

    @Override
    public String name() {
      return "run-aware-lines";
    }

    @Override
    public boolean accepts(ReportSource source) {
      return lines.accepts(source);
    }

    @Override
    public ParsedReport parse(ReportSource source, FindingSink sink) {
      ParsedReport parsed = lines.parse(source, sink);
      Path marker = source.path().resolveSibling(source.fileName() + ".partial");
      String partial = Files.exists(marker) ? "the scanner recorded 12 collection errors (AccessDenied x12)" : null;
      return new ParsedReport(name(), parsed.source(), parsed.tool(), parsed.toolVersion(), parsed.scannedAt(),
          parsed.accounts(), parsed.findings(), parsed.warnings(), partial);
    }

    @Override
    public ReportRun runOf(ReportSource source) {
      String name = source.fileName();
      if (name.endsWith(".a.lines") || name.endsWith(".b.lines")) {
        return new ReportRun("test:" + source.path().getParent() + "/" + name.substring(0, name.length() - 8),
            name.endsWith(".a.lines") ? 0 : 1);
      }
      return null;
    }
  }

  private Pipeline.Builder pipeline(Object... scanners) {
    List<Object> plugins = new java.util.ArrayList<>(List.of(scanners));
    plugins.add(new RunAwareParser());
    plugins.add(new DefaultAggregator());
    return Pipeline.builder(Plugins.of(plugins)).workDirectory(work.resolve("work")).defaultScanners(List.of("test"))
        .heartbeat(Duration.ZERO);
  }

  private static CloudAccount account(String id) {
    return CloudAccount.builder(CloudProvider.AWS, id).build();
  }

  @Test
  void aggregate_oneRunInTwoFormats_countedOnceFromThePreferredAndTheOtherListedAsNotCounted() throws IOException {
    Path folder = Files.createDirectories(work.resolve("outputs"));
    // the less preferred format sorts first by name, so the choice is by rank, not by order
    LinesParser.write(folder.resolve("run1.b.lines"), "aws", "000000000001", ROWS);
    LinesParser.write(folder.resolve("run1.a.lines"), "aws", "000000000001", ROWS);
    LinesParser.write(folder.resolve("alone.lines"), "aws", "000000000002", ROWS);

    RunOutcome outcome = pipeline().build().aggregate("agg-1", List.of(folder));

    assertThat(outcome.report().findings().failed()).isEqualTo(4);
    assertThat(outcome.report().findings().passed()).isEqualTo(2);
    assertThat(outcome.hasFailedInputs()).isFalse();
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source, RunManifest.Input::findings,
        RunManifest.Input::skipped).containsExactly(
            org.assertj.core.groups.Tuple.tuple(folder.resolve("alone.lines").toString(), 3L, null),
            org.assertj.core.groups.Tuple.tuple(folder.resolve("run1.a.lines").toString(), 3L, null),
            org.assertj.core.groups.Tuple.tuple(folder.resolve("run1.b.lines").toString(), 0L,
                "same run as " + folder.resolve("run1.a.lines") + ", not counted: run-aware-lines holds the same"
                    + " results as run-aware-lines, which is preferred"));
  }

  @Test
  void run_scannerReturnsOneRunInTwoFormatsAsResults_countedOnce() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path out = request.outputDirectory();
      LinesParser.write(out.resolve("r.a.lines"), "aws", request.account().id(), ROWS);
      LinesParser.write(out.resolve("r.b.lines"), "aws", request.account().id(), ROWS);
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(out.resolve("r.b.lines"), "r.b.lines", "text/plain", ArtifactRole.RESULTS))
          .artifact(new Artifact(out.resolve("r.a.lines"), "r.a.lines", "text/plain", ArtifactRole.RESULTS))
          .build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(account("000000000001")));

    assertThat(outcome.scans().get(0).status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(outcome.report().findings().failed()).isEqualTo(2);
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source, RunManifest.Input::skipped)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("runs/run-1/aws/000000000001/test/r.b.lines",
                "same run as runs/run-1/aws/000000000001/test/r.a.lines, not counted: run-aware-lines holds the"
                    + " same results as run-aware-lines, which is preferred"),
            org.assertj.core.groups.Tuple.tuple("runs/run-1/aws/000000000001/test/r.a.lines", null));
  }

  @Test
  void aggregateAndRun_parserSaysTheScannersRunWasIncomplete_bothPartialWithTheReason() throws IOException {
    Path folder = Files.createDirectories(work.resolve("outputs"));
    LinesParser.write(folder.resolve("x.lines"), "aws", "000000000001", ROWS);
    Files.writeString(folder.resolve("x.lines.partial"), "");
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      ScanResult result = TestScanner.succeeded("test", request, ROWS);
      Files.writeString(request.outputDirectory().resolve("results.lines.partial"), "");
      return result;
    });

    RunOutcome aggregated = pipeline().build().aggregate("agg-1", List.of(folder));
    RunOutcome scanned = pipeline(scanner).build().run("run-1", List.of(account("000000000001")));

    AccountSummary fileRow = aggregated.report().accounts().get(0);
    assertThat(fileRow.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(fileRow.reason()).isEqualTo("the scanner recorded 12 collection errors (AccessDenied x12)");
    ScanResult scan = scanned.scans().get(0);
    assertThat(scan.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(scan.reason()).isEqualTo("the scanner's results say its run was incomplete: the scanner recorded 12"
        + " collection errors (AccessDenied x12)");
    assertThat(scanned.report().accounts().get(0).status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(aggregated.report().findings()).isEqualTo(scanned.report().findings());
  }

  @Test
  void aggregate_sameFilesWithoutIncompleteRun_succeeded() throws IOException {
    Path folder = Files.createDirectories(work.resolve("outputs"));
    LinesParser.write(folder.resolve("x.lines"), "aws", "000000000001", ROWS);

    RunOutcome aggregated = pipeline().build().aggregate("agg-1", List.of(folder));

    assertThat(aggregated.report().accounts().get(0).status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(aggregated.report().accounts().get(0).reason()).isNull();
  }

  @Test
  void run_resultsFileOfAnotherAccount_warnedOnTheRowNamingBothIds() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path file = LinesParser.write(request.outputDirectory().resolve("results.lines"), "aws", "999999999999",
          ROWS);
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(file, "results.lines", "text/plain", ArtifactRole.RESULTS)).build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(account("000000000001")));

    String expected = "results file 'results.lines' holds results of aws account '999999999999', not of the"
        + " configured account '000000000001' (aws)";
    assertThat(outcome.scans().get(0).warnings()).anySatisfy(w -> assertThat(w).startsWith(expected));
    assertThat(outcome.report().accounts()).singleElement().satisfies(row -> {
      assertThat(row.accountId()).isEqualTo("000000000001");
      assertThat(row.warnings()).anySatisfy(w -> assertThat(w).startsWith(expected));
    });
  }

  @Test
  void run_resultsFileOfAnotherProvider_warned() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path file = LinesParser.write(request.outputDirectory().resolve("results.lines"), "gcp", "my-project", ROWS);
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(file, "results.lines", "text/plain", ArtifactRole.RESULTS)).build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(account("000000000001")));

    assertThat(outcome.scans().get(0).warnings()).anySatisfy(w -> assertThat(w).startsWith("results file"
        + " 'results.lines' holds results of gcp account 'my-project', not of the configured account '000000000001'"
        + " (aws)"));
  }

  @Test
  void run_azureFileNamingTheTenantForASubscription_notWarnedSinceToolsNameAzureAccountsDifferently() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AZURE), request -> {
      Path file = LinesParser.write(request.outputDirectory().resolve("results.lines"), "azure",
          "b3c1f5a4-tenant", ROWS);
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(file, "results.lines", "text/plain", ArtifactRole.RESULTS)).build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1",
        List.of(CloudAccount.builder(CloudProvider.AZURE, "0b1f6471-subscription").build()));

    assertThat(outcome.scans().get(0).warnings()).noneMatch(w -> w.contains("configured account"));
  }

  @Test
  void run_resultsFileOfTheConfiguredAccount_noAccountWarning() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(account("000000000001")));

    assertThat(outcome.scans().get(0).warnings()).noneMatch(w -> w.contains("configured account"));
  }
}
