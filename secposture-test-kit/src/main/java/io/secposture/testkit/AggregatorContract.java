package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountStats;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The promises every {@link Aggregator} keeps. Extend it and return the aggregator; the inherited tests check its
 * name and discovery, how an aggregation reports one scan, and, with generated scans, parsed reports and findings
 * fed through {@link Aggregator#start(RunInfo)}, the merge laws the pipeline and shard merging rely on:
 * <ul>
 *   <li>{@code merge} is commutative and associative, and merging one report returns an equal report;
 *   <li>the per-scan partial reports of a run merge to the same report in any grouping and order;
 *   <li>files aggregated in any partition merge to what one aggregation of all of them gives.
 * </ul>
 *
 * <p>Uses JUnit 5 and jqwik; both engines must be on the test class path (the {@code net.jqwik:jqwik} artifact
 * brings its engine). Generated data draws ids, services and rules from small pools so that rows, services and
 * rules of different scans collide, which is where merging goes wrong. Subclasses may override
 * {@link #scenarios()} or {@link #files()} to feed their own data.
 */
public abstract class AggregatorContract {

  /** The run every contract aggregation belongs to. */
  protected static final RunInfo RUN = new RunInfo("contract-run", Instant.parse("2026-11-22T02:00:00Z"));

  /**
   * Returns the aggregator under test. Called once per test or property try.
   *
   * @return the aggregator
   */
  protected abstract Aggregator aggregator();

  /**
   * What the pipeline gives one aggregation for one scan.
   *
   * @param scan the scan result
   * @param reports the reports parsed from its results
   * @param findings the findings the parser streamed
   * @param failures results files that could not be parsed
   */
  protected record ScanScenario(ScanResult scan, List<ParsedReport> reports, List<Finding> findings,
      List<InputFailure> failures) {
  }

  /**
   * One file given to the {@code aggregate} command: parsed with its findings, or failed.
   *
   * @param report the parsed report, or {@code null} if it failed
   * @param findings its findings
   * @param failure why it failed, or {@code null}
   */
  protected record FileScenario(ParsedReport report, List<Finding> findings, InputFailure failure) {
  }

  // ---- examples ----

  @Test
  @DisplayName("its name is lower-case letters, digits and dashes")
  void name_isValid() {
    assertThat(aggregator().name()).matches("[a-z0-9][a-z0-9-]*");
  }

  @Test
  @DisplayName("it is discovered through ServiceLoader under its name")
  void discovery_findsAggregatorByName() {
    assertThat(Plugins.discover().aggregator(aggregator().name())).isInstanceOf(aggregator().getClass());
  }

  @Test
  @DisplayName("merging no reports is refused with IllegalArgumentException")
  void merge_emptyList_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> aggregator().merge(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("merging reports of different schema versions is refused with IllegalArgumentException")
  void merge_differentSchemaVersions_throwsIllegalArgumentException() {
    PostureReport report = aggregator().start(RUN).finish();
    PostureReport newer = report.toBuilder().schemaVersion(report.schemaVersion() + 1).build();

    assertThatThrownBy(() -> aggregator().merge(List.of(report, newer)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an empty aggregation reports the run and nothing else")
  void finish_nothingAdded_reportsTheRunOnly() {
    PostureReport report = aggregator().start(RUN).finish();

    assertThat(report.runId()).isEqualTo(RUN.runId());
    assertThat(report.schemaVersion()).isEqualTo(PostureReport.SCHEMA_VERSION);
    assertThat(report.accounts()).isEmpty();
    assertThat(report.findings()).isEqualTo(FindingTally.ZERO);
  }

  @Test
  @DisplayName("a scan of any status gives exactly one row for its account and scanner, with that status")
  void finish_scanOfEachStatus_givesOneRowWithThatStatus() {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").name("prod").build();
    for (ScanStatus status : ScanStatus.values()) {
      Aggregation aggregation = aggregator().start(RUN);
      aggregation.add(ScanResult.builder("contract-scanner", account, status).exitCode(status.ordinal())
          .reason(status == ScanStatus.SUCCEEDED ? null : "because " + status).build());

      PostureReport report = aggregation.finish();

      assertThat(report.accounts()).as("rows for a %s scan", status).singleElement().satisfies(row -> {
        assertThat(row.key()).isEqualTo("aws/123456789012/contract-scanner");
        assertThat(row.status()).isEqualTo(status);
        if (status != ScanStatus.SUCCEEDED) {
          assertThat(row.reason()).isEqualTo("because " + status);
        }
      });
    }
  }

  @Test
  @DisplayName("a second scan in one aggregation is refused with IllegalStateException")
  void add_secondScan_throwsIllegalStateException() {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
    Aggregation aggregation = aggregator().start(RUN);
    aggregation.add(ScanResult.builder("contract-scanner", account, ScanStatus.SUCCEEDED).build());

    assertThatThrownBy(() -> aggregation.add(ScanResult.builder("contract-scanner", account,
        ScanStatus.SUCCEEDED).build())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("failed inputs are listed in the report")
  void addFailedInput_isListed() {
    Aggregation aggregation = aggregator().start(RUN);
    aggregation.addFailedInput(new InputFailure("broken.json", "truncated"));

    assertThat(aggregation.finish().failedInputs()).containsExactly(new InputFailure("broken.json", "truncated"));
  }

  // ---- properties ----

  @Property(tries = 200)
  @Label("finish reports the same thing when called twice, and counts every finding")
  void finish_anyScan_isRepeatableAndCountsEveryFinding(@ForAll("scenarios") ScanScenario scenario) {
    Aggregation aggregation = aggregate(scenario);

    PostureReport first = aggregation.finish();

    assertThat(aggregation.finish()).isEqualTo(first);
    FindingTally expected = FindingTally.ZERO;
    for (Finding finding : scenario.findings()) {
      expected = expected.plus(finding);
    }
    assertThat(first.findings()).isEqualTo(expected);
    assertThat(first.accounts()).extracting(row -> row.key()).containsExactly(scenario.scan().account().provider().id()
        + "/" + scenario.scan().account().id() + "/" + scenario.scan().scanner());
  }

  @Property(tries = 200)
  @Label("merge is commutative")
  void merge_isCommutative(@ForAll("scenarios") ScanScenario a, @ForAll("scenarios") ScanScenario b) {
    PostureReport x = aggregate(a).finish();
    PostureReport y = aggregate(b).finish();

    assertThat(aggregator().merge(List.of(x, y))).isEqualTo(aggregator().merge(List.of(y, x)));
  }

  @Property(tries = 200)
  @Label("merge is associative")
  void merge_isAssociative(@ForAll("scenarios") ScanScenario a, @ForAll("scenarios") ScanScenario b,
      @ForAll("scenarios") ScanScenario c) {
    Aggregator aggregator = aggregator();
    PostureReport x = aggregate(a).finish();
    PostureReport y = aggregate(b).finish();
    PostureReport z = aggregate(c).finish();

    PostureReport left = aggregator.merge(List.of(aggregator.merge(List.of(x, y)), z));
    PostureReport right = aggregator.merge(List.of(x, aggregator.merge(List.of(y, z))));

    assertThat(left).isEqualTo(right).isEqualTo(aggregator.merge(List.of(x, y, z)));
  }

  @Property(tries = 200)
  @Label("merging a single report returns an equal report")
  void merge_singleReport_returnsAnEqualReport(@ForAll("scenarios") ScanScenario scenario,
      @ForAll("fileLists") List<FileScenario> files) {
    PostureReport ofScan = aggregate(scenario).finish();
    PostureReport ofFiles = aggregateFiles(files);

    assertThat(aggregator().merge(List.of(ofScan))).isEqualTo(ofScan);
    assertThat(aggregator().merge(List.of(ofFiles))).isEqualTo(ofFiles);
  }

  @Property(tries = 200)
  @Label("per-scan partial reports merge to the same report in any grouping and order")
  void merge_scanPartialsInAnyGrouping_giveTheSameReport(@ForAll("scenarioLists") List<ScanScenario> scenarios,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> groupOf, @ForAll Random random) {
    Aggregator aggregator = aggregator();
    List<PostureReport> partials = new ArrayList<>();
    for (ScanScenario scenario : scenarios) {
      partials.add(aggregate(scenario).finish());
    }
    PostureReport flat = aggregator.merge(partials);

    List<PostureReport> groupMerges = new ArrayList<>();
    for (List<PostureReport> group : partition(partials, groupOf)) {
      Collections.shuffle(group, random);
      groupMerges.add(aggregator.merge(group));
    }
    Collections.shuffle(groupMerges, random);

    assertThat(aggregator.merge(groupMerges)).isEqualTo(flat);
  }

  @Property(tries = 200)
  @Label("files aggregated in any partition merge to what one aggregation of all of them gives")
  void merge_filePartitions_equalOneAggregationOfAll(@ForAll("fileLists") List<FileScenario> files,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> groupOf, @ForAll Random random) {
    PostureReport everything = aggregateFiles(files);

    List<PostureReport> partials = new ArrayList<>();
    for (List<FileScenario> group : partition(files, groupOf)) {
      partials.add(aggregateFiles(group));
    }
    Collections.shuffle(partials, random);

    assertThat(aggregator().merge(partials)).isEqualTo(everything);
  }

  // ---- generators ----

  /**
   * Generates scans with what their aggregation receives.
   *
   * @return the arbitrary
   */
  @Provide
  protected Arbitrary<ScanScenario> scenarios() {
    return Combinators.combine(scanResults(), parsedReports().list().ofMaxSize(2), findings().list().ofMaxSize(6),
        Combinators.combine(Arbitraries.of("x.json", "y.json"), Arbitraries.of("truncated", "not JSON"))
            .as(InputFailure::new).list().ofMaxSize(1))
        .as(ScanScenario::new);
  }

  /**
   * Generates files given to the {@code aggregate} command.
   *
   * @return the arbitrary
   */
  @Provide
  protected Arbitrary<FileScenario> files() {
    Arbitrary<FileScenario> parsed = Combinators.combine(parsedReports(), findings().list().ofMaxSize(6))
        .as((report, findings) -> new FileScenario(report, findings, null));
    Arbitrary<FileScenario> failed = Arbitraries.of("x.json", "y.json")
        .map(source -> new FileScenario(null, List.of(), new InputFailure(source, "not JSON")));
    return Arbitraries.oneOf(parsed, parsed, parsed, failed);
  }

  @Provide
  Arbitrary<List<ScanScenario>> scenarioLists() {
    return scenarios().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<FileScenario>> fileLists() {
    return files().list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<CloudProvider> providers() {
    return Arbitraries.of(CloudProvider.AWS, CloudProvider.GCP, CloudProvider.of("in-house-cloud"));
  }

  private static Arbitrary<String> accountIds() {
    return Arbitraries.of("111122223333", "project-a", "odd/../id");
  }

  private static Arbitrary<String> tools() {
    return Arbitraries.of("contract-scanner", "other-scanner");
  }

  private static Arbitrary<Finding> findings() {
    return Builders.withBuilder(Finding::builder)
        .use(tools()).in(Finding.Builder::tool)
        .use(providers()).in(Finding.Builder::provider)
        .use(accountIds()).in(Finding.Builder::accountId)
        .use(Arbitraries.of("s3", "iam", "total")).in(Finding.Builder::service)
        .use(Arbitraries.of("rule-1", "rule-2")).in(Finding.Builder::ruleId)
        .use(Arbitraries.of("First title", "Second title")).in(Finding.Builder::title)
        .use(Arbitraries.of(Severity.class)).in(Finding.Builder::severity)
        .use(Arbitraries.of(FindingStatus.class)).in(Finding.Builder::status)
        .use(Arbitraries.of(true, false, false)).in(Finding.Builder::muted)
        .use(Arbitraries.of("resource-1", "resource-2")).in(Finding.Builder::resourceId)
        .build(Finding.Builder::build);
  }

  private static Arbitrary<ParsedReport> parsedReports() {
    Arbitrary<ServiceStats> stats = Combinators.combine(Arbitraries.longs().between(0, 500),
        Arbitraries.longs().between(0, 500), Arbitraries.longs().between(0, 500)).as(ServiceStats::new);
    Arbitrary<AccountStats> accounts = Combinators.combine(providers(), accountIds(),
        Arbitraries.maps(Arbitraries.of("s3", "iam", "total"), stats).ofMaxSize(2)).as(AccountStats::of);
    Arbitrary<Instant> scannedAt = Arbitraries.longs().between(0, 86_400).map(RUN.startedAt()::minusSeconds);
    return Combinators.combine(tools(), scannedAt.injectNull(0.3), accounts.list().ofMaxSize(2),
        Arbitraries.of("warning-1", "warning-2").list().ofMaxSize(1))
        .as((tool, at, accountStats, warnings) ->
            new ParsedReport(tool + "-parser", "results.json", tool, null, at, accountStats, 0, warnings));
  }

  private static Arbitrary<ScanResult> scanResults() {
    Arbitrary<CloudAccount> accounts = Combinators.combine(providers(), accountIds(),
        Arbitraries.of("prod", "staging").injectNull(0.3),
        Arbitraries.maps(Arbitraries.of("team"), Arbitraries.of("a", "b")).ofMaxSize(1))
        .as((provider, id, name, labels) -> CloudAccount.builder(provider, id).name(name).labels(labels).build());
    return Combinators.combine(tools(), accounts, Arbitraries.of(ScanStatus.class),
        Arbitraries.integers().between(0, 2).injectNull(0.3), Arbitraries.longs().between(0, 3600),
        Arbitraries.of("denied", "crashed").injectNull(0.3), Arbitraries.of("slow API").list().ofMaxSize(1))
        .as((scanner, account, status, exitCode, seconds, reason, warnings) -> {
          ScanResult.Builder builder = ScanResult.builder(scanner, account, status).exitCode(exitCode)
              .startedAt(RUN.startedAt().plusSeconds(seconds)).duration(Duration.ofSeconds(seconds))
              .reason(status == ScanStatus.SUCCEEDED ? reason : reason == null ? "failed" : reason);
          warnings.forEach(builder::warning);
          return builder.build();
        });
  }

  // ---- helpers ----

  /**
   * Feeds a scenario to a fresh aggregation, in the order the pipeline uses.
   *
   * @param scenario the scan and its data
   * @return the aggregation, not yet finished
   */
  protected Aggregation aggregate(ScanScenario scenario) {
    Aggregation aggregation = aggregator().start(RUN);
    aggregation.add(scenario.scan());
    scenario.reports().forEach(aggregation::add);
    scenario.findings().forEach(aggregation::accept);
    scenario.failures().forEach(aggregation::addFailedInput);
    return aggregation;
  }

  /**
   * Aggregates files in one aggregation without a scan, as the {@code aggregate} command does.
   *
   * @param files the files
   * @return the report
   */
  protected PostureReport aggregateFiles(List<FileScenario> files) {
    Aggregation aggregation = aggregator().start(RUN);
    for (FileScenario file : files) {
      if (file.failure() != null) {
        aggregation.addFailedInput(file.failure());
      } else {
        aggregation.add(file.report());
        file.findings().forEach(aggregation::accept);
      }
    }
    return aggregation.finish();
  }

  private static <T> List<List<T>> partition(List<T> items, List<Integer> groupOf) {
    List<List<T>> groups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      groups.get(groupOf.get(i % groupOf.size())).add(items.get(i));
    }
    groups.removeIf(List::isEmpty);
    return groups;
  }
}
