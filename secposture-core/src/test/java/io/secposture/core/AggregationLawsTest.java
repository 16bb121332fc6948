package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.ComplianceRef;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RequirementResult;
import io.secposture.api.RunDiff;
import io.secposture.api.RunInfo;
import io.secposture.core.ReportArbitraries.FileInput;
import io.secposture.core.ReportArbitraries.ScanInput;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The laws that let the pipeline aggregate per scan and per file, and shards merge into one report: merge is
 * associative and commutative, a partition of the inputs merges to what one aggregation of everything gives, and
 * the order of calls within an aggregation does not matter.
 */
class AggregationLawsTest {
  private static final RunInfo RUN = new RunInfo("run-1", ReportArbitraries.RUN_START);

  private final Aggregator aggregator = new DefaultAggregator();

  @Provide
  Arbitrary<ScanInput> scans() {
    return ReportArbitraries.scanInputs();
  }

  @Provide
  Arbitrary<List<ScanInput>> scanLists() {
    return ReportArbitraries.scanInputs().list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<FileInput>> fileLists() {
    return ReportArbitraries.fileInputs().list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<RunDiff> diffs() {
    return ReportArbitraries.diffs().injectNull(0.4);
  }

  @Property(tries = 300)
  void merge_twoReports_isCommutative(@ForAll("scans") ScanInput a, @ForAll("scans") ScanInput b,
      @ForAll("diffs") RunDiff diffA, @ForAll("diffs") RunDiff diffB) {
    PostureReport first = withDiff(aggregate(a), diffA);
    PostureReport second = withDiff(aggregate(b), diffB);

    assertThat(aggregator.merge(List.of(first, second))).isEqualTo(aggregator.merge(List.of(second, first)));
  }

  @Property(tries = 300)
  void merge_threeReports_isAssociative(@ForAll("scans") ScanInput a, @ForAll("scans") ScanInput b,
      @ForAll("scans") ScanInput c, @ForAll("diffs") RunDiff diffA, @ForAll("diffs") RunDiff diffC) {
    PostureReport x = withDiff(aggregate(a), diffA);
    PostureReport y = aggregate(b);
    PostureReport z = withDiff(aggregate(c), diffC);

    PostureReport left = aggregator.merge(List.of(aggregator.merge(List.of(x, y)), z));
    PostureReport right = aggregator.merge(List.of(x, aggregator.merge(List.of(y, z))));

    assertThat(left).isEqualTo(right).isEqualTo(aggregator.merge(List.of(x, y, z)));
  }

  @Property(tries = 300)
  void merge_reportsOfDifferentRuns_takesSmallestRunIdAndLatestTime(@ForAll("scans") ScanInput a,
      @ForAll("scans") ScanInput b) {
    PostureReport early = aggregate(a);
    PostureReport late = aggregate(b).toBuilder().runId("run-0")
        .generatedAt(ReportArbitraries.RUN_START.plusSeconds(60)).build();

    PostureReport merged = aggregator.merge(List.of(early, late));

    assertThat(merged.runId()).isEqualTo("run-0");
    assertThat(merged.generatedAt()).isEqualTo(ReportArbitraries.RUN_START.plusSeconds(60));
    assertThat(merged).isEqualTo(aggregator.merge(List.of(late, early)));
  }

  @Property(tries = 300)
  void merge_scanPartialsInAnyGroupingAndOrder_givesTheSameReport(@ForAll("scanLists") List<ScanInput> scans,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> groupOf, @ForAll Random random) {
    List<PostureReport> partials = scans.stream().map(this::aggregate).toList();
    PostureReport flat = aggregator.merge(partials);

    List<PostureReport> grouped = mergeGroups(partials, groupOf, random);

    assertThat(aggregator.merge(grouped)).isEqualTo(flat);
  }

  @Property(tries = 300)
  void aggregate_filesSplitIntoAnyPartition_equalsOneAggregationOfAll(@ForAll("fileLists") List<FileInput> files,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> groupOf, @ForAll Random random) {
    PostureReport everything = aggregateFiles(files);

    List<List<FileInput>> groups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < files.size(); i++) {
      groups.get(groupOf.get(i % groupOf.size())).add(files.get(i));
    }
    List<PostureReport> partials = new ArrayList<>();
    for (List<FileInput> group : groups) {
      if (!group.isEmpty()) {
        partials.add(aggregateFiles(group));
      }
    }
    Collections.shuffle(partials, random);

    assertThat(aggregator.merge(partials)).isEqualTo(everything);
  }

  @Property(tries = 300)
  void aggregate_filesOnePerAggregation_mergeEqualsOneAggregationOfAll(@ForAll("fileLists") List<FileInput> files) {
    List<PostureReport> perFile = files.stream().map(file -> aggregateFiles(List.of(file))).toList();

    assertThat(aggregator.merge(perFile)).isEqualTo(aggregateFiles(files));
  }

  @Property(tries = 300)
  void aggregate_callsInAnyOrder_giveTheSameReport(@ForAll("scans") ScanInput scan, @ForAll Random random) {
    List<Runnable> calls = new ArrayList<>();
    Aggregation shuffled = aggregator.start(RUN);
    calls.add(() -> shuffled.add(scan.scan()));
    scan.reports().forEach(report -> calls.add(() -> shuffled.add(report)));
    scan.findings().forEach(finding -> calls.add(() -> shuffled.accept(finding)));
    scan.failures().forEach(failure -> calls.add(() -> shuffled.addFailedInput(failure)));
    Collections.shuffle(calls, random);
    calls.forEach(Runnable::run);

    assertThat(shuffled.finish()).isEqualTo(aggregate(scan));
  }

  @Property(tries = 300)
  void merge_singleReport_returnsAnEqualReport(@ForAll("scans") ScanInput scan,
      @ForAll("fileLists") List<FileInput> files, @ForAll("diffs") RunDiff diff) {
    PostureReport ofScan = withDiff(aggregate(scan), diff);
    PostureReport ofFiles = aggregateFiles(files);

    assertThat(aggregator.merge(List.of(ofScan))).isEqualTo(ofScan);
    assertThat(aggregator.merge(List.of(ofFiles))).isEqualTo(ofFiles);
  }

  @Property(tries = 300)
  void aggregate_findings_tallyEqualsTheSumOfEachFinding(@ForAll("scans") ScanInput scan) {
    FindingTally expected = FindingTally.ZERO;
    for (Finding finding : scan.findings()) {
      expected = expected.plus(finding);
    }

    PostureReport report = aggregate(scan);

    assertThat(report.findings()).isEqualTo(expected);
    assertThat(report.accounts()).singleElement().extracting(row -> row.findings()).isEqualTo(expected);
    long flagged = scan.findings().stream().filter(Finding::flagged).count();
    assertThat(report.rules().stream().mapToLong(rule -> rule.flagged()).sum()).isEqualTo(flagged);
  }

  @Property(tries = 300)
  void aggregate_scan_providerSectionsAreTheSumOfEveryFilesServices(@ForAll("scans") ScanInput scan) {
    TreeMap<String, Long> checkedByProviderAndService = new TreeMap<>();
    for (ParsedReport report : scan.reports()) {
      report.accounts().forEach(account -> account.services().forEach((service, stats) ->
          checkedByProviderAndService.merge(account.provider().id() + "/"
              + io.secposture.core.internal.aggregate.ServiceKeys.of(account.provider(), service),
              stats.checkedItems(), Long::sum)));
    }

    PostureReport report = aggregate(scan);

    TreeMap<String, Long> actual = new TreeMap<>();
    report.services().forEach((provider, byService) -> byService.forEach((service, stats) ->
        actual.put(provider.id() + "/" + service, stats.checkedItems())));
    assertThat(actual).isEqualTo(checkedByProviderAndService);
    assertThat(report.services().keySet()).doesNotContainNull();
    assertThat(report.services().values()).allSatisfy(byService -> assertThat(byService).isNotEmpty()
        .doesNotContainKey("total"));
  }

  @Property(tries = 300)
  void aggregate_files_complianceEqualsAStatusPerRequirementAndAccountComputedApart(
      @ForAll("fileLists") List<FileInput> files) {
    // framework|provider|requirement -> account -> [non-muted FAIL, PASS, MANUAL, flagged]
    TreeMap<String, TreeMap<String, long[]>> expected = new TreeMap<>();
    for (FileInput file : files) {
      if (file.failure() != null) {
        continue;
      }
      for (Finding finding : file.findings()) {
        if (finding.status() == FindingStatus.FAIL && finding.muted()) {
          continue;
        }
        for (ComplianceRef ref : finding.compliance()) {
          long[] seen = expected.computeIfAbsent(ref.framework() + "|" + finding.provider().id() + "|"
              + ref.requirement(), k -> new TreeMap<>()).computeIfAbsent(finding.accountId(), k -> new long[4]);
          seen[finding.status().ordinal()] = 1;
          seen[3] += finding.status() == FindingStatus.FAIL ? 1 : 0;
        }
      }
      for (RequirementResult result : file.report().requirementResults()) {
        expected.computeIfAbsent(result.requirement().framework() + "|" + result.provider().id() + "|"
            + result.requirement().requirement(), k -> new TreeMap<>())
            .computeIfAbsent(result.accountId(), k -> new long[4])[result.status().ordinal()] = 1;
      }
    }

    PostureReport report = aggregateFiles(files);

    TreeMap<String, TreeMap<String, long[]>> actual = new TreeMap<>();
    for (FrameworkCompliance framework : report.compliance()) {
      for (ComplianceRequirement requirement : framework.requirements()) {
        TreeMap<String, long[]> accounts = actual.computeIfAbsent(framework.framework() + "|"
            + framework.provider().id() + "|" + requirement.id(), k -> new TreeMap<>());
        requirement.accounts().forEach(account -> accounts.put(account, new long[] {
            requirement.status(account).ordinal()}));
        accounts.put("#flagged", new long[] {requirement.flagged()});
      }
    }
    TreeMap<String, TreeMap<String, long[]>> expectedStatuses = new TreeMap<>();
    expected.forEach((key, accounts) -> {
      TreeMap<String, long[]> statuses = new TreeMap<>();
      long flagged = 0;
      for (var entry : accounts.entrySet()) {
        long[] seen = entry.getValue();
        FindingStatus status = seen[0] == 1 ? FindingStatus.FAIL : seen[1] == 1 ? FindingStatus.PASS
            : FindingStatus.MANUAL;
        statuses.put(entry.getKey(), new long[] {status.ordinal()});
        flagged += seen[3];
      }
      statuses.put("#flagged", new long[] {flagged});
      expectedStatuses.put(key, statuses);
    });
    assertThat(actual.keySet()).isEqualTo(expectedStatuses.keySet());
    actual.forEach((key, accounts) -> {
      assertThat(accounts.keySet()).as(key).isEqualTo(expectedStatuses.get(key).keySet());
      accounts.forEach((account, value) ->
          assertThat(value).as(key + " " + account).isEqualTo(expectedStatuses.get(key).get(account)));
    });
  }

  private List<PostureReport> mergeGroups(List<PostureReport> partials, List<Integer> groupOf, Random random) {
    List<List<PostureReport>> groups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < partials.size(); i++) {
      groups.get(groupOf.get(i % groupOf.size())).add(partials.get(i));
    }
    List<PostureReport> merged = new ArrayList<>();
    for (List<PostureReport> group : groups) {
      if (!group.isEmpty()) {
        Collections.shuffle(group, random);
        merged.add(aggregator.merge(group));
      }
    }
    Collections.shuffle(merged, random);
    return merged;
  }

  private PostureReport aggregate(ScanInput input) {
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(input.scan());
    input.reports().forEach(aggregation::add);
    input.findings().forEach(aggregation::accept);
    input.failures().forEach(aggregation::addFailedInput);
    return aggregation.finish();
  }

  private PostureReport aggregateFiles(List<FileInput> files) {
    Aggregation aggregation = aggregator.start(RUN);
    for (FileInput file : files) {
      if (file.failure() != null) {
        aggregation.addFailedInput(file.failure());
      } else {
        aggregation.add(file.report());
        file.findings().forEach(aggregation::accept);
      }
    }
    return aggregation.finish();
  }

  private static PostureReport withDiff(PostureReport report, RunDiff diff) {
    return report.toBuilder().diff(diff).build();
  }
}
