package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultAggregatorTest {
  private static final Instant START = Instant.parse("2026-11-22T02:00:00Z");
  private static final RunInfo RUN = new RunInfo("2026-11-22T0200Z", START);
  private static final CloudAccount PROD = CloudAccount.builder(CloudProvider.AWS, "123456789012").name("prod")
      .labels(Map.of("team", "payments", "stage", "prod")).build();

  private final Aggregator aggregator = new DefaultAggregator();

  @Test
  void discover_defaultName_findsThisAggregator() {
    assertThat(Plugins.discover().aggregator("default")).isInstanceOf(DefaultAggregator.class);
    assertThat(aggregator.name()).isEqualTo("default");
  }

  @Test
  void finish_scanWithFilesAndFindings_givesOneRowWithEverything() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("scoutsuite", PROD, ScanStatus.PARTIAL).exitCode(0)
        .startedAt(START.plusSeconds(5)).duration(Duration.ofMillis(12_500)).reason("AccessDenied on rds")
        .warning("120 collection errors").build());
    aggregation.add(report("scoutsuite", Instant.parse("2026-11-22T02:00:07Z"), List.of("skipped 2 records"),
        stats(CloudProvider.AWS, "123456789012", Map.of("s3", new ServiceStats(10, 2, 4),
            "iam", new ServiceStats(5, 1, 5)))));
    aggregation.accept(finding("s3", "s3-public", Severity.HIGH, FindingStatus.FAIL, false));
    aggregation.accept(finding("s3", "s3-public", Severity.HIGH, FindingStatus.FAIL, true));
    aggregation.accept(finding("iam", "iam-mfa", Severity.MEDIUM, FindingStatus.PASS, false));
    aggregation.accept(finding("iam", "iam-review", Severity.LOW, FindingStatus.MANUAL, false));

    PostureReport report = aggregation.finish();

    assertThat(report.runId()).isEqualTo(RUN.runId());
    assertThat(report.generatedAt()).isEqualTo(START);
    assertThat(report.diff()).isNull();
    AccountSummary row = report.accounts().get(0);
    assertThat(report.accounts()).hasSize(1);
    assertThat(row.key()).isEqualTo("aws/123456789012/scoutsuite");
    assertThat(row.name()).isEqualTo("prod");
    assertThat(row.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(row.exitCode()).isZero();
    assertThat(row.startedAt()).isEqualTo(START.plusSeconds(5));
    assertThat(row.duration()).isEqualTo(Duration.ofMillis(12_500));
    assertThat(row.reason()).isEqualTo("AccessDenied on rds");
    assertThat(row.labels()).containsExactly(Map.entry("stage", "prod"), Map.entry("team", "payments"));
    assertThat(row.warnings()).containsExactly("120 collection errors", "skipped 2 records");
    assertThat(row.services()).containsExactly(Map.entry("iam", new ServiceStats(5, 1, 5)),
        Map.entry("s3", new ServiceStats(10, 2, 4)));
    FindingTally expected = new FindingTally(Map.of(Severity.HIGH, 1L), 2, 1, 1, 1);
    assertThat(row.findings()).isEqualTo(expected);
    assertThat(report.findings()).isEqualTo(expected);
    assertThat(report.services()).containsOnlyKeys(CloudProvider.AWS);
    assertThat(report.total()).isEqualTo(new ServiceStats(15, 3, 9));
    assertThat(report.rules()).containsExactly(
        new RuleSummary("scoutsuite", CloudProvider.AWS, "s3", "s3-public", "Title of s3-public", Severity.HIGH, 1));
  }

  @Test
  void finish_scan_linksPointToTheFirstArtifactOfEachRoleUnderTheScanPrefix() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("scoutsuite", PROD, ScanStatus.SUCCEEDED)
        .artifact(artifact("scoutsuite-results/scoutsuite_results_aws.js", ArtifactRole.RESULTS))
        .artifact(artifact("scoutsuite-results/scoutsuite_exceptions.js", ArtifactRole.RESULTS))
        .artifact(artifact("inc-scoutsuite/main.js", ArtifactRole.ASSET))
        .artifact(artifact("aws-123456789012.html", ArtifactRole.HTML))
        .artifact(artifact("scoutsuite.log", ArtifactRole.LOG))
        .artifact(artifact("findings.jsonl.gz", ArtifactRole.FINDINGS)).build());

    AccountSummary row = aggregation.finish().accounts().get(0);

    String prefix = "runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/";
    assertThat(row.links()).containsExactly(
        Map.entry("findings", prefix + "findings.jsonl.gz"),
        Map.entry("html", prefix + "aws-123456789012.html"),
        Map.entry("log", prefix + "scoutsuite.log"),
        Map.entry("results", prefix + "scoutsuite-results/scoutsuite_results_aws.js"));
  }

  @Test
  void finish_scanOfAccountWithUnsafeIdAndFileName_linksAreSafeRelativeKeys() {
    CloudAccount odd = CloudAccount.builder(CloudProvider.GCP, "../../etc/passwd").build();
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("prowler", odd, ScanStatus.SUCCEEDED)
        .artifact(artifact("out/../x y.html", ArtifactRole.HTML)).build());

    String link = aggregation.finish().accounts().get(0).links().get("html");

    assertThat(SiteLayout.requireSafeKey(link)).startsWith("runs/2026-11-22T0200Z/gcp/");
    assertThat(link).doesNotContain("..").doesNotContain(" ");
  }

  @Test
  void finish_scan_attributesFilesAndFindingsNamingOtherAccountsToTheScanRow() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("prowler", PROD, ScanStatus.SUCCEEDED).build());
    aggregation.add(report("prowler", null, List.of(),
        stats(CloudProvider.AWS, "999999999999", Map.of("ec2", new ServiceStats(3, 1, 2)))));
    aggregation.accept(Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("999999999999")
        .service("ec2").ruleId("ec2_open").severity(Severity.CRITICAL).build());

    PostureReport report = aggregation.finish();

    assertThat(report.accounts()).singleElement().satisfies(row -> {
      assertThat(row.key()).isEqualTo("aws/123456789012/prowler");
      assertThat(row.services()).containsExactly(Map.entry("ec2", new ServiceStats(3, 1, 2)));
      assertThat(row.findings().flaggedBySeverity()).containsEntry(Severity.CRITICAL, 1L);
    });
  }

  @Test
  void finish_failedScanWithoutFiles_givesARowWithStatusAndReasonAndNoProviderSection() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("scoutsuite", PROD, ScanStatus.FAILED).exitCode(2)
        .reason("InvalidClientTokenId: the security token is invalid").build());

    PostureReport report = aggregation.finish();

    assertThat(report.accounts(ScanStatus.FAILED)).singleElement()
        .satisfies(row -> {
          assertThat(row.exitCode()).isEqualTo(2);
          assertThat(row.reason()).contains("InvalidClientTokenId");
          assertThat(row.services()).isEmpty();
        });
    assertThat(report.services()).isEmpty();
  }

  @Test
  void finish_filesWithoutScan_giveOneSucceededRowPerProviderAccountAndTool() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(report("scoutsuite", Instant.parse("2026-11-21T10:00:00Z"), List.of("w"),
        stats(CloudProvider.AWS, "111", Map.of("s3", new ServiceStats(1, 1, 1))),
        stats(CloudProvider.AWS, "222", Map.of("s3", new ServiceStats(2, 0, 2)))));
    aggregation.add(report("scoutsuite", Instant.parse("2026-11-20T10:00:00Z"), List.of(),
        stats(CloudProvider.AWS, "111", Map.of("iam", new ServiceStats(4, 0, 1)))));
    aggregation.accept(Finding.builder().tool("prowler").provider(CloudProvider.AZURE).accountId("sub-1")
        .service("storage").ruleId("r").severity(Severity.LOW).build());

    PostureReport report = aggregation.finish();

    assertThat(report.accounts()).extracting(AccountSummary::key)
        .containsExactly("aws/111/scoutsuite", "aws/222/scoutsuite", "azure/sub-1/prowler");
    AccountSummary first = report.accounts().get(0);
    assertThat(first.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(first.name()).isEqualTo("111");
    assertThat(first.startedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(first.duration()).isZero();
    assertThat(first.exitCode()).isNull();
    assertThat(first.warnings()).containsExactly("w");
    assertThat(first.services()).containsOnlyKeys("iam", "s3");
    assertThat(report.accounts().get(2).findings().flagged()).isEqualTo(1);
    assertThat(report.services(CloudProvider.AWS)).containsExactly(Map.entry("iam", new ServiceStats(4, 0, 1)),
        Map.entry("s3", new ServiceStats(3, 1, 3)));
  }

  @Test
  void finish_serviceNamedTotal_isStoredAsTotalServiceAndTheJsonKeepsBoth() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("inhouse", PROD, ScanStatus.SUCCEEDED).build());
    aggregation.add(report("inhouse", null, List.of(), stats(CloudProvider.AWS, "123456789012",
        Map.of("total", new ServiceStats(7, 3, 2), "s3", new ServiceStats(1, 1, 1)))));

    PostureReport report = aggregation.finish();

    assertThat(report.services(CloudProvider.AWS)).containsOnlyKeys("s3", "total-service");
    assertThat(report.services(CloudProvider.AWS).get("total-service")).isEqualTo(new ServiceStats(7, 3, 2));
    assertThat(report.accounts().get(0).services()).containsOnlyKeys("s3", "total-service");
    PostureReport read = ReportJson.read(new ByteArrayInputStream(ReportJson.toBytes(report)), "mem");
    assertThat(read.services(CloudProvider.AWS).get("total-service")).isEqualTo(new ServiceStats(7, 3, 2));
    assertThat(read.total(CloudProvider.AWS)).isEqualTo(new ServiceStats(8, 4, 3));
  }

  @Test
  void finish_ruleSeenWithDifferentDescriptions_takesHighestSeverityThenSmallestTitle() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(ruleFinding("Zeta title", Severity.MEDIUM, "svc-b"));
    aggregation.accept(ruleFinding("Beta title", Severity.HIGH, "svc-b"));
    aggregation.accept(ruleFinding("Alpha title", Severity.HIGH, "svc-c"));
    aggregation.accept(ruleFinding("Alpha title", Severity.HIGH, "svc-a"));
    aggregation.accept(ruleFinding("Aardvark", Severity.LOW, "svc-a"));

    List<RuleSummary> rules = aggregation.finish().rules();

    assertThat(rules).containsExactly(
        new RuleSummary("prowler", CloudProvider.AWS, "svc-a", "rule-1", "Alpha title", Severity.HIGH, 5));
  }

  @Test
  void finish_rules_listsEveryFlaggedRuleMostFlaggedFirstAndNoPassingOrMutedOnes() {
    Aggregation aggregation = aggregator.start(RUN);
    for (int i = 0; i < 3; i++) {
      aggregation.accept(finding("s3", "s3-a", Severity.LOW, FindingStatus.FAIL, false));
    }
    aggregation.accept(finding("iam", "iam-b", Severity.CRITICAL, FindingStatus.FAIL, false));
    aggregation.accept(finding("iam", "iam-muted", Severity.CRITICAL, FindingStatus.FAIL, true));
    aggregation.accept(finding("iam", "iam-pass", Severity.CRITICAL, FindingStatus.PASS, false));

    assertThat(aggregation.finish().rules()).extracting(RuleSummary::ruleId, RuleSummary::flagged)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s3-a", 3L),
            org.assertj.core.groups.Tuple.tuple("iam-b", 1L));
  }

  @Test
  void addFailedInput_sameFailureTwice_isListedOnce() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.addFailedInput(new InputFailure("b.json", "truncated"));
    aggregation.addFailedInput(new InputFailure("a.json", "not JSON"));
    aggregation.addFailedInput(new InputFailure("b.json", "truncated"));

    assertThat(aggregation.finish().failedInputs()).containsExactly(new InputFailure("a.json", "not JSON"),
        new InputFailure("b.json", "truncated"));
  }

  @Test
  void add_secondScan_throwsIllegalStateNamingBoth() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("scoutsuite", PROD, ScanStatus.SUCCEEDED).build());

    assertThatThrownBy(() -> aggregation.add(ScanResult.builder("prowler", PROD, ScanStatus.SUCCEEDED).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aws/123456789012 by scoutsuite")
        .hasMessageContaining("aws/123456789012 by prowler");
  }

  @Test
  void finish_calledAgainAfterMoreInput_reportsEverythingAddedByThen() {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.accept(finding("s3", "s3-a", Severity.LOW, FindingStatus.FAIL, false));
    PostureReport first = aggregation.finish();
    assertThat(aggregation.finish()).isEqualTo(first);

    aggregation.accept(finding("s3", "s3-a", Severity.LOW, FindingStatus.FAIL, false));

    assertThat(aggregation.finish().findings().flagged()).isEqualTo(2);
    assertThat(first.findings().flagged()).isEqualTo(1);
  }

  @Test
  void finish_nothingAdded_givesAnEmptyReportOfTheRun() {
    assertThat(aggregator.start(RUN).finish()).isEqualTo(PostureReport.empty(RUN));
  }

  @Test
  void merge_emptyList_throwsIllegalArgument() {
    assertThatThrownBy(() -> aggregator.merge(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one report");
  }

  @Test
  void merge_differentSchemaVersions_throwsIllegalArgumentNamingBoth() {
    PostureReport v1 = PostureReport.empty(RUN);
    PostureReport v2 = v1.toBuilder().schemaVersion(2).runId("shard-2").build();

    assertThatThrownBy(() -> aggregator.merge(List.of(v1, v2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema_version 1").hasMessageContaining("shard-2").hasMessageContaining("has 2");
  }

  @Test
  void merge_rowsOfTheSameKey_takeTheWorstStatusWithItsExitCodeAndReason() {
    PostureReport succeeded = scanReport(ScanResult.builder("scoutsuite", PROD, ScanStatus.SUCCEEDED).exitCode(0)
        .startedAt(START.plusSeconds(60)).duration(Duration.ofSeconds(30)).warning("w-ok").build());
    PostureReport timedOut = scanReport(ScanResult.builder("scoutsuite", PROD, ScanStatus.TIMED_OUT)
        .startedAt(START.plusSeconds(10)).duration(Duration.ofSeconds(7200)).reason("ran past 2h").build());
    PostureReport partial = scanReport(ScanResult.builder("scoutsuite", PROD, ScanStatus.PARTIAL).exitCode(0)
        .startedAt(START.plusSeconds(20)).duration(Duration.ofSeconds(5)).reason("denied").warning("w-p").build());

    AccountSummary row = aggregator.merge(List.of(succeeded, timedOut, partial)).accounts().get(0);

    assertThat(row.status()).isEqualTo(ScanStatus.TIMED_OUT);
    assertThat(row.exitCode()).isNull();
    assertThat(row.reason()).isEqualTo("ran past 2h");
    assertThat(row.startedAt()).isEqualTo(START.plusSeconds(10));
    assertThat(row.duration()).isEqualTo(Duration.ofSeconds(7235));
    assertThat(row.warnings()).containsExactly("w-ok", "w-p");
  }

  @Test
  void merge_statusOrder_isFailedThenTimedOutThenPartialThenSucceededThenSkipped() {
    List<ScanStatus> worstFirst = List.of(ScanStatus.FAILED, ScanStatus.TIMED_OUT, ScanStatus.PARTIAL,
        ScanStatus.SUCCEEDED, ScanStatus.SKIPPED);
    for (int worse = 0; worse < worstFirst.size(); worse++) {
      for (int better = worse + 1; better < worstFirst.size(); better++) {
        PostureReport a = scanReport(ScanResult.builder("s", PROD, worstFirst.get(worse)).reason("a").build());
        PostureReport b = scanReport(ScanResult.builder("s", PROD, worstFirst.get(better)).reason("b").build());

        assertThat(aggregator.merge(List.of(b, a)).accounts().get(0).status()).isEqualTo(worstFirst.get(worse));
      }
    }
  }

  @Test
  void merge_conflictingLabelsLinksAndNames_takeADeterministicChoice() {
    CloudAccount unnamed = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .labels(Map.of("team", "zeta", "cost", "42")).build();
    PostureReport named = scanReport(ScanResult.builder("s", PROD, ScanStatus.SUCCEEDED)
        .artifact(artifact("b.html", ArtifactRole.HTML)).build());
    PostureReport plain = scanReport(ScanResult.builder("s", unnamed, ScanStatus.SUCCEEDED)
        .artifact(artifact("a.html", ArtifactRole.HTML)).build());

    AccountSummary row = aggregator.merge(List.of(plain, named)).accounts().get(0);

    assertThat(row.name()).isEqualTo("prod");
    assertThat(row.labels()).containsExactly(Map.entry("cost", "42"), Map.entry("stage", "prod"),
        Map.entry("team", "payments"));
    assertThat(row.links().get("html")).endsWith("/a.html");
    assertThat(aggregator.merge(List.of(named, plain))).isEqualTo(aggregator.merge(List.of(plain, named)));
  }

  @Test
  void merge_reports_sumsSectionsAndUnitesFailedInputsAndCombinesDiffs() {
    Aggregation one = aggregator.start(RUN);
    one.add(report("scoutsuite", null, List.of(), stats(CloudProvider.AWS, "1", Map.of("s3", new ServiceStats(1, 1, 1)))));
    one.addFailedInput(new InputFailure("x.json", "bad"));
    Aggregation two = aggregator.start(RUN);
    two.add(report("scoutsuite", null, List.of(), stats(CloudProvider.AWS, "2", Map.of("s3", new ServiceStats(2, 0, 2)))));
    two.add(report("scoutsuite", null, List.of(), stats(CloudProvider.GCP, "p", Map.of("gcs", new ServiceStats(5, 5, 5)))));
    two.addFailedInput(new InputFailure("x.json", "bad"));
    RunDiff diffOne = new RunDiff("prev", START.minusSeconds(604_800), new RunDiff.Counts(1, 2, 0, 3), Map.of(),
        new java.util.TreeMap<>(Map.of(CloudProvider.AWS, new RunDiff.Counts(1, 2, 0, 3))), new java.util.TreeMap<>());
    RunDiff diffTwo = new RunDiff("prev", START.minusSeconds(604_800), new RunDiff.Counts(4, 0, 1, 0), Map.of(),
        new java.util.TreeMap<>(Map.of(CloudProvider.AWS, new RunDiff.Counts(4, 0, 1, 0))), new java.util.TreeMap<>());

    PostureReport merged = aggregator.merge(List.of(one.finish().toBuilder().diff(diffOne).build(),
        two.finish().toBuilder().diff(diffTwo).build()));

    assertThat(merged.services(CloudProvider.AWS)).containsExactly(Map.entry("s3", new ServiceStats(3, 1, 3)));
    assertThat(merged.services(CloudProvider.GCP)).containsExactly(Map.entry("gcs", new ServiceStats(5, 5, 5)));
    assertThat(merged.failedInputs()).containsExactly(new InputFailure("x.json", "bad"));
    assertThat(merged.diff().total()).isEqualTo(new RunDiff.Counts(5, 2, 1, 3));
    assertThat(merged.diff().byProvider()).containsEntry(CloudProvider.AWS, new RunDiff.Counts(5, 2, 1, 3));
  }

  @Test
  void merge_rowsWhoseKeyTextsCoincide_stayApart() {
    CloudAccount eks = CloudAccount.builder(CloudProvider.KUBERNETES, "arn:aws:eks:eu-west-1:1:cluster/prod").build();
    CloudAccount prefix = CloudAccount.builder(CloudProvider.KUBERNETES, "arn:aws:eks:eu-west-1:1:cluster").build();
    PostureReport a = scanReport(ScanResult.builder("kube-bench", eks, ScanStatus.SUCCEEDED).build());
    PostureReport b = scanReport(ScanResult.builder("prod/kube-bench", prefix, ScanStatus.FAILED).reason("x").build());
    assertThat(a.accounts().get(0).key()).isEqualTo(b.accounts().get(0).key());

    PostureReport merged = aggregator.merge(List.of(a, b));

    assertThat(merged.accounts()).extracting(AccountSummary::accountId, AccountSummary::status)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(eks.id(), ScanStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(prefix.id(), ScanStatus.FAILED));
  }

  @Test
  void merge_partialWithServiceNamedTotal_isRenamedLikeTheAggregationDoes() {
    PostureReport foreign = PostureReport.builder("r", START)
        .services(Map.of(CloudProvider.AWS, Map.of("total", new ServiceStats(1, 1, 1)))).build();

    PostureReport merged = aggregator.merge(List.of(foreign));

    assertThat(merged.services(CloudProvider.AWS)).containsOnlyKeys("total-service");
  }

  private PostureReport scanReport(ScanResult scan) {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(scan);
    return aggregation.finish();
  }

  private static ParsedReport report(String tool, Instant scannedAt, List<String> warnings, AccountStats... accounts) {
    return new ParsedReport(tool + "-parser", tool + ".json", tool, "1.0", scannedAt, List.of(accounts), 0, warnings);
  }

  private static AccountStats stats(CloudProvider provider, String accountId, Map<String, ServiceStats> services) {
    return AccountStats.of(provider, accountId, services);
  }

  private static Finding finding(String service, String rule, Severity severity, FindingStatus status, boolean muted) {
    return Finding.builder().tool("scoutsuite").provider(CloudProvider.AWS).accountId("123456789012")
        .service(service).ruleId(rule).title("Title of " + rule).severity(severity).status(status).muted(muted)
        .resourceId("arn:aws:s3:::bucket").build();
  }

  private static Finding ruleFinding(String title, Severity severity, String service) {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("123456789012").service(service)
        .ruleId("rule-1").title(title).severity(severity).build();
  }

  private static Artifact artifact(String name, ArtifactRole role) {
    return new Artifact(Path.of("/tmp/scan").resolve(name.replace("/", "_")), name, "application/octet-stream", role);
  }
}
