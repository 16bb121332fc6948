package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Finding;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.Plugins;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.LogCapture;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.enginetest.TestScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineTest {
  private static final List<String> ROWS = List.of("s3-public,high,FAIL,bucket-a", "s3-public,high,PASS,bucket-b",
      "iam-root,critical,FAIL,root");

  @TempDir
  Path work;

  private static CloudAccount aws(String id, String name) {
    return CloudAccount.builder(CloudProvider.AWS, id).name(name).build();
  }

  private static List<CloudAccount> awsAccounts(int count) {
    List<CloudAccount> accounts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      accounts.add(aws(String.format("%012d", i), "acct-" + i));
    }
    return accounts;
  }

  private Pipeline.Builder pipeline(Object... scanners) {
    List<Object> plugins = new ArrayList<>(List.of(scanners));
    plugins.add(new LinesParser());
    plugins.add(new TestAggregator());
    return Pipeline.builder(Plugins.of(plugins)).aggregator("test").workDirectory(work)
        .defaultScanners(List.of("test")).heartbeat(Duration.ZERO);
  }

  private static TestScanner succeeding() {
    return new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));
  }

  @Test
  void run_manyAccounts_neverRunsMoreScansAtOnceThanTheConcurrency() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Thread.sleep(150);
      return TestScanner.succeeded("test", request, ROWS);
    });

    RunOutcome outcome = pipeline(scanner).concurrency(3).build().run("run-1", awsAccounts(10));

    assertThat(scanner.maxRunning()).isEqualTo(3);
    assertThat(outcome.scans()).hasSize(10).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(outcome.report().accounts()).hasSize(10);
    assertThat(outcome.report().findings().failed()).isEqualTo(20);
  }

  @Test
  void run_resultsFileWithMoreFindingsThanAreKeptInMemory_everyFindingCountedOnceAsForASmallFile() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      many.add("rule-" + (i % 7) + ",high," + (i % 5 == 0 ? "PASS" : "FAIL") + ",resource-" + i);
    }
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> TestScanner.succeeded("test",
        request, request.account().id().endsWith("1") ? many : ROWS));

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(2));

    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(outcome.report().findings().failed()).isEqualTo(2_000 + 2);
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::findings)
        .containsExactlyInAnyOrder(2_500L, 3L);
  }

  @Test
  void run_fewFindingsWithLongTextsBeyondTheMemoryBudget_everyFindingCountedOnceAsForASmallFile() {
    List<String> longTexts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      longTexts.add("rule-" + i + ",high,FAIL,resource-" + i + "-" + "x".repeat(64 * 1024));
    }
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> TestScanner.succeeded("test",
        request, request.account().id().endsWith("1") ? longTexts : ROWS));

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(2));

    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(outcome.report().findings().failed()).isEqualTo(30 + 2);
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::findings)
        .containsExactlyInAnyOrder(30L, 3L);
  }

  @Test
  void run_scannerIgnoresItsTimeout_watchdogReportsTimedOutAndOthersFinish() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("2")) {
        Thread.sleep(60_000);
      }
      return TestScanner.succeeded("test", request, ROWS);
    });

    RunOutcome outcome = pipeline(scanner).scanTimeout(Duration.ofMillis(300)).timeoutGrace(Duration.ofSeconds(1))
        .build().run("run-1", awsAccounts(3));

    assertThat(outcome.scans()).extracting(ScanResult::status)
        .containsExactly(ScanStatus.SUCCEEDED, ScanStatus.TIMED_OUT, ScanStatus.SUCCEEDED);
    assertThat(outcome.scans().get(1).reason()).startsWith("scanner 'test' did not stop at its timeout of 0.3s;"
        + " the pipeline interrupted it after 1.3s; the scanner reported: scanner 'test' failed for account"
        + " aws/000000000002: IllegalStateException");
  }

  @Test
  void run_scannerFinishesWithResultsAfterTheWatchdogInterrupt_resultsKeptWithAWarning() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        // finishes its work anyway, well within the second grace period
      }
      return TestScanner.succeeded("test", request, ROWS);
    });

    RunOutcome outcome = pipeline(scanner).scanTimeout(Duration.ofMillis(200)).timeoutGrace(Duration.ofSeconds(2))
        .build().run("run-1", awsAccounts(1));

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(scan.warnings()).containsExactly("scanner 'test' did not stop at its timeout of 0.2s; the pipeline"
        + " interrupted it after 2.2s, and it still finished with results");
    assertThat(scan.artifacts(ArtifactRole.FINDINGS)).hasSize(1);
  }

  @Test
  void run_scannerIgnoresTimeoutAndInterrupt_abandonedAndRunStillFinishes() throws Exception {
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch abandonedReturned = new CountDownLatch(1);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("1")) {
        try {
          while (!release.get()) {
            Thread.onSpinWait();
            Thread.interrupted();
          }
          return TestScanner.succeeded("test", request, ROWS);
        } finally {
          abandonedReturned.countDown();
        }
      }
      return TestScanner.succeeded("test", request, ROWS);
    });
    try {
      RunOutcome outcome = pipeline(scanner).scanTimeout(Duration.ofMillis(200)).timeoutGrace(Duration.ofMillis(200))
          .build().run("run-1", awsAccounts(2));

      assertThat(outcome.scans().get(0).status()).isEqualTo(ScanStatus.TIMED_OUT);
      assertThat(outcome.scans().get(0).reason()).contains("nor when interrupted").contains("abandoned");
      assertThat(outcome.scans().get(1).status()).isEqualTo(ScanStatus.SUCCEEDED);
    } finally {
      release.set(true);
      assertThat(abandonedReturned.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void run_oneScannerCrashes_failedRowNamesAccountAndScannerAndTheRestAreReported() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("2")) {
        throw new IllegalStateException("boom while listing buckets");
      }
      return TestScanner.succeeded("test", request, ROWS);
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(4));

    ScanResult crashed = outcome.scans().get(1);
    assertThat(crashed.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(crashed.reason()).isEqualTo("scanner 'test' failed for account aws/000000000002: "
        + "IllegalStateException: boom while listing buckets");
    assertThat(outcome.scans()).filteredOn(scan -> scan.status() == ScanStatus.SUCCEEDED).hasSize(3);
    assertThat(outcome.report().accounts()).extracting(AccountSummary::status).containsExactly(
        ScanStatus.SUCCEEDED, ScanStatus.FAILED, ScanStatus.SUCCEEDED, ScanStatus.SUCCEEDED);
    assertThat(outcome.manifest().scans().get(1).reason()).isEqualTo(crashed.reason());
  }

  @Test
  void run_scannerReturnsNull_failedWithReason() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> null);

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(1));

    assertThat(outcome.scans().get(0).status()).isEqualTo(ScanStatus.FAILED);
    assertThat(outcome.scans().get(0).reason()).isEqualTo("scanner 'test' returned no result for account aws/000000000001");
  }

  @Test
  void run_disabledAccount_oneSkippedResultPerScannerAndNoScan() {
    TestScanner first = succeeding();
    TestScanner second = new TestScanner("other", Set.of(CloudProvider.AWS), TestScanner.writesLines("other", ROWS));
    CloudAccount disabled = aws("000000000009", "off").toBuilder().enabled(false)
        .scanners(List.of("test", "other")).build();

    RunOutcome outcome = pipeline(first, second).build().run("run-1", List.of(disabled, aws("000000000001", "on")));

    assertThat(outcome.scans()).hasSize(3);
    assertThat(outcome.scans().subList(0, 2)).allSatisfy(scan -> {
      assertThat(scan.status()).isEqualTo(ScanStatus.SKIPPED);
      assertThat(scan.reason()).isEqualTo("account disabled in configuration");
      assertThat(scan.account().id()).isEqualTo("000000000009");
    });
    assertThat(outcome.scans()).extracting(ScanResult::scanner).containsExactly("test", "other", "test");
    assertThat(first.requests()).extracting(request -> request.account().id()).containsExactly("000000000001");
    assertThat(second.calls()).isZero();
    assertThat(Files.exists(outcome.runDirectory().resolve("aws/000000000009"))).isFalse();
  }

  @Test
  void run_scannerDoesNotSupportProvider_skippedWithReasonNamingBoth() {
    TestScanner scanner = succeeding();
    CloudAccount gcp = CloudAccount.builder(CloudProvider.GCP, "payments-prod-1234").build();

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(gcp, aws("000000000001", "a")));

    assertThat(outcome.scans().get(0).status()).isEqualTo(ScanStatus.SKIPPED);
    assertThat(outcome.scans().get(0).reason()).isEqualTo("scanner 'test' does not support provider 'gcp' (it scans [aws])");
    assertThat(outcome.scans().get(1).status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(scanner.calls()).isEqualTo(1);
  }

  @Test
  void run_unknownScannersAndAggregator_everyProblemReportedBeforeAnythingRuns() {
    TestScanner scanner = succeeding();
    CloudAccount typo = aws("000000000001", "a").toBuilder().scanners(List.of("tset", "prowler")).build();
    CloudAccount duplicate = aws("000000000001", "again");

    assertThatThrownBy(() -> pipeline(scanner).aggregator("fancy").build().run("run-1",
        List.of(typo, duplicate, aws("000000000002", "b"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "no aggregator 'fancy'; available: [test]",
            "no scanner 'tset'; available: [test]; did you mean 'test'? (used by account aws/000000000001)",
            "no scanner 'prowler'; available: [test]; 'prowler' is provided by io.secposture:secposture-prowler:"
                + " add it to the classpath (used by account aws/000000000001)",
            "account aws/000000000001 is listed twice (a and again); list each account once"));
    assertThat(scanner.calls()).isZero();
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void run_scannerWithoutProviders_configurationException() {
    TestScanner broken = new TestScanner("test", Set.of(), TestScanner.writesLines("test", ROWS));

    assertThatThrownBy(() -> pipeline(broken).build().run("run-1", awsAccounts(2)))
        .isInstanceOf(ConfigurationException.class).hasMessage("scanner 'test' ("
            + TestScanner.class.getName() + ") names no provider it can scan; its providers() must return at least one");
  }

  @Test
  void run_invalidRunIdOrNoAccounts_configurationException() {
    Pipeline pipeline = pipeline(succeeding()).build();

    assertThatThrownBy(() -> pipeline.run("../etc", awsAccounts(1))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("run id '../etc' is not valid");
    assertThatThrownBy(() -> pipeline.run("run-1", List.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("there are no accounts to scan");
  }

  @Test
  void run_runDirectoryAlreadyUsed_configurationException() throws IOException {
    Files.createDirectories(work.resolve("run-1/aws"));

    assertThatThrownBy(() -> pipeline(succeeding()).build().run("run-1", awsAccounts(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already holds files of an earlier run");
  }

  @Test
  void run_eachScanGetsAFreshDirectoryTimeoutAndOptionsWithAccountOptionsWinning() {
    List<Boolean> emptyAtStart = Collections.synchronizedList(new ArrayList<>());
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      try (Stream<Path> files = Files.list(request.outputDirectory())) {
        emptyAtStart.add(files.findAny().isEmpty());
      }
      return TestScanner.succeeded("test", request, ROWS);
    });
    CloudAccount account = aws("000000000001", "a").toBuilder()
        .options(Settings.of(Map.of("test.regions", "eu-west-1", "test.only-account", "yes"))).build();

    RunOutcome outcome = pipeline(scanner).scanTimeout(Duration.ofMinutes(7))
        .scannerOptions(Settings.of(Map.of("test.regions", "us-east-1", "test.max-workers", "4")))
        .build().run("run-1", List.of(account, aws("000000000002", "b")));

    ScanRequest first = scanner.requests().stream().filter(r -> r.account().equals(account)).findFirst().orElseThrow();
    assertThat(first.outputDirectory()).isEqualTo(work.resolve("run-1/aws/000000000001/test"));
    assertThat(first.timeout()).isEqualTo(Duration.ofMinutes(7));
    assertThat(first.runId()).isEqualTo("run-1");
    assertThat(first.options().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("test.regions", "eu-west-1",
        "test.only-account", "yes", "test.max-workers", "4"));
    assertThat(emptyAtStart).containsExactly(true, true);
    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
  }

  @Test
  void run_scanWithResults_findingsFileWrittenAndStagedWithRoleFindings() {
    RunOutcome outcome = pipeline(succeeding()).build().run("run-1", awsAccounts(1));

    ScanResult scan = outcome.scans().get(0);
    List<Artifact> findings = scan.artifacts(ArtifactRole.FINDINGS);
    assertThat(findings).singleElement().satisfies(artifact -> {
      assertThat(artifact.name()).isEqualTo("findings.jsonl.gz");
      assertThat(artifact.mediaType()).isEqualTo("application/gzip");
    });
    List<Finding> read = new ArrayList<>();
    FindingsFile.read(findings.get(0).file(), read::add);
    assertThat(read).extracting(Finding::ruleId).containsExactly("s3-public", "s3-public", "iam-root");
    assertThat(outcome.files()).extracting(StagedFile::key).containsExactly(
        "runs/run-1/aws/000000000001/test/results.lines",
        "runs/run-1/aws/000000000001/test/findings.jsonl.gz",
        "runs/run-1/manifest.json");
    assertThat(outcome.report().services(CloudProvider.AWS)).containsKey("svc");
    try (Stream<Path> files = Files.list(outcome.runDirectory().resolve("aws/000000000001/test"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.lines",
          "findings.jsonl.gz");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void run_oneOfTwoResultsFilesBroken_countsOnlyTheGoodFileWholeAndWarns() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path good = LinesParser.write(request.outputDirectory().resolve("good.lines"), "aws", request.account().id(),
          ROWS);
      Path broken = LinesParser.write(request.outputDirectory().resolve("broken.lines"), "aws",
          request.account().id(), List.of("half-read,low,FAIL,r1", "BROKEN"));
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(broken, "broken.lines", "text/plain", ArtifactRole.RESULTS))
          .artifact(new Artifact(good, "good.lines", "text/plain", ArtifactRole.RESULTS)).build();
    });
    List<InputFailure> reported = Collections.synchronizedList(new ArrayList<>());

    RunOutcome outcome = pipeline(scanner).listener(new PipelineListener() {
      @Override
      public void parseFailed(RunInfo run, CloudAccount account, String scannerName, InputFailure failure) {
        reported.add(failure);
      }
    }).build().run("run-1", awsAccounts(1));

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(scan.warnings()).singleElement().asString().startsWith("could not parse broken.lines: cannot parse ")
        .contains("at line 3, column 1: expected a finding row");
    assertThat(outcome.report().findings().failed()).as("the half-read file contributes nothing").isEqualTo(2);
    assertThat(outcome.report().failedInputs()).singleElement().satisfies(failure ->
        assertThat(failure.source()).isEqualTo("runs/run-1/aws/000000000001/test/broken.lines"));
    assertThat(reported).containsExactlyElementsOf(outcome.report().failedInputs());
    List<Finding> findings = new ArrayList<>();
    FindingsFile.read(scan.artifacts(ArtifactRole.FINDINGS).get(0).file(), findings::add);
    assertThat(findings).hasSize(3).noneMatch(finding -> finding.ruleId().equals("half-read"));
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::findings).containsExactly(0L, 3L);
  }

  @Test
  void run_noResultsFileCanBeParsed_scanFailedButRawFilesStillStaged() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path unknown = Files.writeString(request.outputDirectory().resolve("results.xml"), "<results/>");
      Path html = Files.writeString(request.outputDirectory().resolve("report.html"), "<html></html>");
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED).exitCode(0)
          .artifact(new Artifact(unknown, "results.xml", "application/xml", ArtifactRole.RESULTS))
          .artifact(new Artifact(html, "report.html", "text/html", ArtifactRole.HTML)).build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(1));

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(scan.exitCode()).isZero();
    assertThat(scan.reason()).isEqualTo("its results file could not be parsed: no parser reads this file; known"
        + " formats: [test-lines]");
    assertThat(scan.artifacts(ArtifactRole.FINDINGS)).isEmpty();
    assertThat(outcome.files()).extracting(StagedFile::key).contains(
        "runs/run-1/aws/000000000001/test/results.xml", "runs/run-1/aws/000000000001/test/report.html");
  }

  @Test
  void run_scannerSucceedsWithoutResultsFile_failed() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS),
        request -> ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED).build());

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(1));

    assertThat(outcome.scans().get(0).status()).isEqualTo(ScanStatus.FAILED);
    assertThat(outcome.scans().get(0).reason()).isEqualTo("scanner 'test' reported SUCCEEDED but returned no results file");
  }

  @Test
  void run_artifactsOutsideTheOutputDirectoryOrMissing_droppedWithWarnings() throws IOException {
    Path outside = Files.writeString(work.resolve("outside.txt"), "not mine");
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      ScanResult ok = TestScanner.succeeded("test", request, ROWS);
      return ok.toBuilder()
          .artifact(new Artifact(outside, "outside.txt", "text/plain", ArtifactRole.ASSET))
          .artifact(new Artifact(request.outputDirectory().resolve("ghost.log"), "ghost.log", "text/plain",
              ArtifactRole.LOG)).build();
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(1));

    assertThat(outcome.scans().get(0).warnings()).hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("artifact 'outside.txt'").endsWith("is outside the scan's output"
            + " directory; not published"))
        .anySatisfy(w -> assertThat(w).startsWith("artifact 'ghost.log'").endsWith("does not exist; not published"));
    assertThat(outcome.files()).extracting(StagedFile::key).noneMatch(key -> key.contains("outside")
        || key.contains("ghost"));
  }

  @Test
  void run_hostileAccountIds_stagedKeysAndDirectoriesStaySafe() {
    CloudAccount traversal = CloudAccount.builder(CloudProvider.of("onprem"), "../../etc/passwd").build();
    CloudAccount html = CloudAccount.builder(CloudProvider.of("onprem"), "<img src=x onerror=alert(1)>").build();
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.of("onprem")),
        TestScanner.writesLines("test", ROWS));

    RunOutcome outcome = pipeline(scanner).build().run("run-1", List.of(traversal, html));

    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(outcome.files()).hasSize(5).allSatisfy(file -> {
      assertThat(SiteLayout.requireSafeKey(file.key())).startsWith("runs/run-1/");
      assertThat(file.key()).doesNotContain("..").doesNotContain("<").doesNotContain(">").doesNotContain(" ");
      assertThat(file.file().toAbsolutePath().normalize()).startsWith(work.toAbsolutePath().resolve("run-1"));
    });
    assertThat(scanner.requests()).allSatisfy(request -> assertThat(request.outputDirectory().normalize())
        .startsWith(work.resolve("run-1/onprem")));
    assertThat(outcome.manifest().scans()).extracting(RunManifest.Scan::accountId)
        .containsExactly("../../etc/passwd", "<img src=x onerror=alert(1)>");
  }

  @Test
  void run_secretsInEveryTextAScannerReturns_maskedInResultsManifestLogsAndReport() throws IOException {
    String secretValue = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    CloudAccount account = aws("000000000001", "prod").toBuilder().credentials(new Credentials.AwsKeys(
        Secret.of("AKIAIOSFODNN7EXAMPLE"), Secret.of(secretValue), null)).build();
    CloudAccount crashing = aws("000000000002", "crash").toBuilder().credentials(new Credentials.AwsKeys(
        Secret.of("AKIAIOSFODNN7EXAMPLE"), Secret.of(secretValue), null)).build();
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().equals(crashing)) {
        throw new IllegalStateException("login with " + secretValue + " refused");
      }
      return ScanResult.builder("test", request.account(), ScanStatus.FAILED).exitCode(1)
          .reason("bad key " + secretValue).warning("warned about " + secretValue)
          .logTail(List.of("export AWS_SECRET_ACCESS_KEY=" + secretValue)).build();
    });

    RunOutcome outcome;
    String logs;
    try (LogCapture capture = new LogCapture()) {
      outcome = pipeline(scanner).build().run("run-1", List.of(account, crashing));
      logs = capture.text();
    }

    String manifest = Files.readString(outcome.runDirectory().resolve("manifest.json"));
    assertThat(manifest).contains("bad key ****", "warned about ****", "AWS_SECRET_ACCESS_KEY=****",
        "login with **** refused");
    assertThat(logs).contains("bad key ****");
    for (String text : List.of(manifest, logs, outcome.scans().toString(), outcome.report().toString(),
        outcome.toString(), account.toString())) {
      assertThat(text).doesNotContain(secretValue).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }
  }

  @Test
  void run_cancelled_runningScanInterruptedQueuedSkippedAndInterruptFlagSet() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
        return TestScanner.succeeded("test", request, ROWS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ScanResult.builder("test", request.account(), ScanStatus.FAILED).reason("interrupted").build();
      }
    });
    Pipeline pipeline = pipeline(scanner).concurrency(1).build();
    AtomicReference<RunOutcome> outcome = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread runner = new Thread(() -> {
      outcome.set(pipeline.run("run-1", awsAccounts(3)));
      interruptedAfter.set(Thread.currentThread().isInterrupted());
    });

    runner.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    runner.interrupt();
    runner.join(20_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(interruptedAfter).isTrue();
    assertThat(outcome.get().cancelled()).isTrue();
    assertThat(outcome.get().scans()).extracting(ScanResult::status)
        .containsExactly(ScanStatus.FAILED, ScanStatus.SKIPPED, ScanStatus.SKIPPED);
    assertThat(outcome.get().scans().get(0).reason()).isEqualTo("run cancelled: interrupted");
    assertThat(outcome.get().scans().get(1).reason()).isEqualTo("run cancelled");
    assertThat(scanner.calls()).isEqualTo(1);
    assertThat(outcome.get().manifest().cancelled()).isTrue();
  }

  @Test
  void run_errorInOneAccountsScanner_failsThatAccountOnlyWithAdviceAndTheOthersAreReported() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      switch (request.account().id()) {
        case "000000000002":
          throw new OutOfMemoryError("simulated");
        case "000000000003":
          throw new StackOverflowError();
        default:
          return TestScanner.succeeded("test", request, ROWS);
      }
    });

    RunOutcome outcome = pipeline(scanner).build().run("run-1", awsAccounts(4));

    assertThat(outcome.scans()).extracting(ScanResult::status).containsExactly(ScanStatus.SUCCEEDED,
        ScanStatus.FAILED, ScanStatus.FAILED, ScanStatus.SUCCEEDED);
    assertThat(outcome.scans().get(1).reason()).startsWith("scanner 'test' failed for account aws/000000000002:"
        + " OutOfMemoryError: simulated; the job's Java heap ran out of memory").contains("-Xmx");
    assertThat(outcome.scans().get(2).reason()).contains("StackOverflowError").contains("-Xss");
    assertThat(outcome.report().accounts()).hasSize(4);
    assertThat(outcome.report().findings().failed()).isEqualTo(4);
  }

  @Test
  void run_listeners_receiveEveryEventInOrderAndAFailingListenerIsIgnored() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("2")) {
        return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
            .artifact(new Artifact(LinesParser.write(request.outputDirectory().resolve("x.lines"), "aws",
                request.account().id(), List.of("BROKEN")), "x.lines", "text/plain", ArtifactRole.RESULTS)).build();
      }
      return TestScanner.succeeded("test", request, ROWS);
    });
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    PipelineListener recorder = new PipelineListener() {
      @Override
      public void runStarted(RunInfo run, int scans) {
        events.add("runStarted " + run.runId() + " " + scans);
      }

      @Override
      public void scanStarted(RunInfo run, CloudAccount account, String scannerName) {
        events.add("scanStarted " + account.id());
      }

      @Override
      public void scanFinished(RunInfo run, ScanResult result, Progress progress) {
        events.add("scanFinished " + result.account().id() + " " + result.status() + " " + progress.done() + "/"
            + progress.total() + " failed=" + progress.failed());
      }

      @Override
      public void parseFailed(RunInfo run, CloudAccount account, String scannerName, InputFailure failure) {
        events.add("parseFailed " + account.id() + " " + scannerName);
      }

      @Override
      public void runFinished(RunOutcome outcome) {
        events.add("runFinished " + outcome.scans().size());
      }
    };
    PipelineListener broken = new PipelineListener() {
      @Override
      public void scanFinished(RunInfo run, ScanResult result, Progress progress) {
        throw new IllegalStateException("listener bug");
      }
    };
    CloudAccount disabled = aws("000000000009", "off").toBuilder().enabled(false).build();

    RunOutcome outcome = pipeline(scanner).concurrency(1).listener(broken).listener(recorder).build()
        .run("run-1", List.of(aws("000000000001", "a"), disabled, aws("000000000002", "b")));

    assertThat(outcome.scans()).extracting(ScanResult::status)
        .containsExactly(ScanStatus.SUCCEEDED, ScanStatus.SKIPPED, ScanStatus.FAILED);
    assertThat(events).containsExactly(
        "runStarted run-1 3",
        "scanFinished 000000000009 SKIPPED 1/3 failed=0",
        "scanStarted 000000000001",
        "scanFinished 000000000001 SUCCEEDED 2/3 failed=0",
        "scanStarted 000000000002",
        "parseFailed 000000000002 test",
        "scanFinished 000000000002 FAILED 3/3 failed=1",
        "runFinished 3");
  }

  @Test
  void run_progress_loggedPerScanWithHeartbeatAndSummary() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("2")) {
        return ScanResult.builder("test", request.account(), ScanStatus.FAILED).exitCode(101)
            .reason("authentication failed").build();
      }
      Thread.sleep(400);
      return TestScanner.succeeded("test", request, ROWS);
    });
    List<String> lines;
    try (LogCapture capture = new LogCapture()) {
      pipeline(scanner).concurrency(1).heartbeat(Duration.ofMillis(100)).build().run("run-log", awsAccounts(3));
      lines = capture.lines();
    }

    assertThat(lines).anySatisfy(line -> assertThat(line).contains("INFO io.secposture.core.Pipeline - run run-log:"
        + " starting 3 scans on 3 accounts, at most 1 at a time"));
    assertThat(lines).anySatisfy(line -> assertThat(line).matches(".*INFO io\\.secposture\\.core\\.Pipeline - run"
        + " run-log: 1/3 scans done, 0 failed, elapsed [0-9.]+s: aws/000000000001 \\(acct-1\\) test SUCCEEDED in"
        + " [0-9.]+s"));
    assertThat(lines).anySatisfy(line -> assertThat(line).matches(".*WARN io\\.secposture\\.core\\.Pipeline - run"
        + " run-log: 2/3 scans done, 1 failed, elapsed [0-9.]+s: aws/000000000002 \\(acct-2\\) test FAILED in"
        + " [0-9.]+s \\(exit 101\\): authentication failed"));
    assertThat(lines).anySatisfy(line -> assertThat(line).matches(".*INFO io\\.secposture\\.core\\.Pipeline - run"
        + " run-log: [0-2]/3 scans done, [01] failed, 1 running \\(aws/00000000000[13] \\(acct-[13]\\) test"
        + " [0-9.]+s\\), elapsed [0-9.]+s"));
    assertThat(lines).anySatisfy(line -> assertThat(line).matches(".*INFO io\\.secposture\\.core\\.Pipeline - run"
        + " run-log: finished in [0-9.]+s: 3 scans, 2 succeeded, 1 failed; 4 findings flagged"));
  }

  @Test
  void run_manifest_recordsEveryScanAsPlainJsonAndReadsBack() throws IOException {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      if (request.account().id().endsWith("2")) {
        return ScanResult.builder("test", request.account(), ScanStatus.FAILED).exitCode(101)
            .reason("authentication failed").logTail(List.of("line 1", "ERROR auth")).build();
      }
      return TestScanner.succeeded("test", request, ROWS).toBuilder().warning("3 regions skipped").build();
    });
    Clock clock = new TickingClock(Instant.parse("2026-11-22T02:00:00Z"), Duration.ofSeconds(1));

    RunOutcome outcome = pipeline(scanner).clock(clock).concurrency(1).build().run("run-1", awsAccounts(2));

    JsonNode root;
    try (InputStream in = Files.newInputStream(outcome.runDirectory().resolve("manifest.json"))) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(root.get("schema_version").asInt()).isEqualTo(1);
    assertThat(root.get("run_id").asText()).isEqualTo("run-1");
    assertThat(root.get("started_at").asText()).isEqualTo("2026-11-22T02:00:00Z");
    assertThat(Instant.parse(root.get("finished_at").asText())).isAfter(Instant.parse("2026-11-22T02:00:00Z"));
    assertThat(root.get("cancelled").asBoolean()).isFalse();
    JsonNode ok = root.get("scans").get(0);
    assertThat(ok.get("provider").asText()).isEqualTo("aws");
    assertThat(ok.get("account_id").asText()).isEqualTo("000000000001");
    assertThat(ok.get("name").asText()).isEqualTo("acct-1");
    assertThat(ok.get("scanner").asText()).isEqualTo("test");
    assertThat(ok.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(ok.get("exit_code").asInt()).isZero();
    assertThat(ok.get("reason").isNull()).isTrue();
    assertThat(ok.get("duration_seconds").isNumber()).isTrue();
    assertThat(ok.get("warnings").get(0).asText()).isEqualTo("3 regions skipped");
    assertThat(ok.get("artifacts")).extracting(JsonNode::asText).containsExactly(
        "runs/run-1/aws/000000000001/test/results.lines", "runs/run-1/aws/000000000001/test/findings.jsonl.gz");
    JsonNode failed = root.get("scans").get(1);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("exit_code").asInt()).isEqualTo(101);
    assertThat(failed.get("reason").asText()).isEqualTo("authentication failed");
    assertThat(failed.get("log_tail")).extracting(JsonNode::asText).containsExactly("line 1", "ERROR auth");
    assertThat(root.get("inputs").get(0).get("parser").asText()).isEqualTo("test-lines");
    assertThat(root.get("inputs").get(0).get("findings").asLong()).isEqualTo(3);

    try (InputStream in = Files.newInputStream(outcome.runDirectory().resolve("manifest.json"))) {
      assertThat(RunManifest.read(in, "manifest.json")).isEqualTo(outcome.manifest());
    }
    assertThat(outcome.report().generatedAt()).isEqualTo(outcome.manifest().finishedAt());
    assertThat(outcome.files()).last().satisfies(file -> {
      assertThat(file.key()).isEqualTo("runs/run-1/manifest.json");
      assertThat(file.mediaType()).isEqualTo("application/json");
    });
  }

  @Test
  void aggregate_filesAndFolders_parsesWhatItCanListsFailuresAndIgnoresForeignFilesInFolders() throws IOException {
    Path folder = Files.createDirectories(work.resolve("outputs"));
    LinesParser.write(Files.createDirectories(folder.resolve("b")).resolve("two.lines"), "aws", "000000000002", ROWS);
    LinesParser.write(folder.resolve("a.lines"), "aws", "000000000001", ROWS);
    LinesParser.write(Files.createDirectories(folder.resolve(".hidden")).resolve("secret.lines"), "aws",
        "000000000003", ROWS);
    Files.writeString(folder.resolve("notes.txt"), "not a scanner output");
    Path broken = LinesParser.write(work.resolve("broken.lines"), "aws", "000000000004",
        List.of("x,low,FAIL,r", "BROKEN"));
    Path foreign = Files.writeString(work.resolve("foreign.json"), "{}");
    Pipeline pipeline = pipeline().workDirectory(work.resolve("work")).build();

    RunOutcome outcome = pipeline.aggregate("agg-1", List.of(folder, broken, foreign));

    assertThat(outcome.hasFailedInputs()).isTrue();
    assertThat(outcome.scans()).isEmpty();
    assertThat(outcome.report().accounts()).extracting(AccountSummary::accountId)
        .containsExactly("000000000001", "000000000002");
    assertThat(outcome.failedInputs()).extracting(InputFailure::source)
        .containsExactly(broken.toString(), foreign.toString());
    assertThat(outcome.failedInputs().get(0).reason()).contains("at line 3").contains("expected a finding row");
    assertThat(outcome.failedInputs().get(1).reason())
        .isEqualTo("no parser reads this file; known formats: [test-lines]");
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source).containsExactly(
        broken.toString(), foreign.toString(), folder.resolve("a.lines").toString(),
        folder.resolve("b/two.lines").toString());
    assertThat(outcome.files()).extracting(StagedFile::key).containsExactly("runs/agg-1/manifest.json");
  }

  @Test
  void aggregate_parserThrowsWhileSniffingOrReturnsNothing_filesListedAsFailedAndTheRestReported() throws IOException {
    ReportParser bomb = new ReportParser() {
      @Override
      public String name() {
        return "a-bomb";
      }

      @Override
      public boolean accepts(ReportSource source) {
        if (source.fileName().endsWith(".bomb")) {
          throw new IllegalStateException("sniffing exploded");
        }
        return source.fileName().endsWith(".null");
      }

      @Override
      public ParsedReport parse(ReportSource source, io.secposture.api.FindingSink sink) {
        return null;
      }
    };
    Path folder = Files.createDirectories(work.resolve("in"));
    LinesParser.write(folder.resolve("ok.lines"), "aws", "000000000001", ROWS);
    Files.writeString(folder.resolve("x.bomb"), "boom");
    Files.writeString(folder.resolve("y.null"), "nothing");
    Pipeline pipeline = Pipeline.builder(Plugins.of(List.of(bomb, new LinesParser(), new TestAggregator())))
        .aggregator("test").workDirectory(work.resolve("work")).build();

    RunOutcome outcome = pipeline.aggregate("agg-1", List.of(folder));

    assertThat(outcome.report().accounts()).extracting(AccountSummary::accountId).containsExactly("000000000001");
    assertThat(outcome.failedInputs()).extracting(InputFailure::reason).containsExactly(
        "a parser failed while looking at the file: IllegalStateException: sniffing exploded",
        "parser 'a-bomb' failed: IllegalStateException: parser 'a-bomb' returned no report");
  }

  @Test
  void aggregate_missingInput_configurationExceptionNamingIt() {
    Path missing = work.resolve("nope.json");

    assertThatThrownBy(() -> pipeline().build().aggregate("agg-1", List.of(missing)))
        .isInstanceOf(ConfigurationException.class).hasMessage("input " + missing + " does not exist");
  }

  @Test
  void aggregate_everyInputParses_noFailedInputs() throws IOException {
    Path file = LinesParser.write(work.resolve("a.lines"), "aws", "000000000001", ROWS);

    RunOutcome outcome = pipeline().workDirectory(work.resolve("work")).build().aggregate("agg-1", List.of(file));

    assertThat(outcome.hasFailedInputs()).isFalse();
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.report().findings().flagged()).isEqualTo(2);
  }

  /** A clock that moves forward by a fixed step on every read. */
  private static final class TickingClock extends Clock {
    private Instant now;
    private final Duration step;

    TickingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }
  }
}
