package io.secposture.core.enginetest;

import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingTally;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small, honest aggregator for engine tests (the real one is tested on its own): one row per scan (or per
 * provider/account/tool for files), services summed, findings tallied, failed inputs kept; merge concatenates rows
 * and sums.
 */
public final class TestAggregator implements Aggregator {
  @Override
  public String name() {
    return "test";
  }

  @Override
  public Aggregation start(RunInfo run) {
    return new TestAggregation(run);
  }

  @Override
  public PostureReport merge(List<PostureReport> partials) {
    if (partials.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    Map<CloudProvider, Map<String, ServiceStats>> services = new TreeMap<>();
    Map<String, AccountSummary> rows = new LinkedHashMap<>();
    FindingTally tally = FindingTally.ZERO;
    List<InputFailure> failures = new ArrayList<>();
    Instant generated = Instant.MIN;
    String runId = null;
    for (PostureReport partial : partials) {
      partial.services().forEach((provider, byService) -> byService.forEach((service, stats) ->
          services.computeIfAbsent(provider, p -> new TreeMap<>()).merge(service, stats, ServiceStats::plus)));
      for (AccountSummary row : partial.accounts()) {
        rows.merge(row.key(), row, TestAggregator::combine);
      }
      tally = tally.plus(partial.findings());
      failures.addAll(partial.failedInputs());
      generated = partial.generatedAt().isAfter(generated) ? partial.generatedAt() : generated;
      runId = runId == null || partial.runId().compareTo(runId) < 0 ? partial.runId() : runId;
    }
    return PostureReport.builder(runId, generated).services(services).accounts(new ArrayList<>(rows.values()))
        .findings(tally).failedInputs(failures).build();
  }

  private static AccountSummary combine(AccountSummary a, AccountSummary b) {
    Map<String, ServiceStats> services = new TreeMap<>(a.services());
    b.services().forEach((service, stats) -> services.merge(service, stats, ServiceStats::plus));
    return new AccountSummary(a.provider(), a.accountId(), a.name(), a.scanner(), a.status(), a.exitCode(),
        a.startedAt(), a.duration().plus(b.duration()), a.reason(), a.labels(), new TreeMap<>(services),
        a.findings().plus(b.findings()), a.links(), a.warnings());
  }

  private static final class TestAggregation implements Aggregation {
    private final RunInfo run;
    private ScanResult scan;
    private final List<ParsedReport> reports = new ArrayList<>();
    private final List<InputFailure> failures = new ArrayList<>();
    private final Map<String, FindingTally> tallies = new LinkedHashMap<>();

    TestAggregation(RunInfo run) {
      this.run = run;
    }

    @Override
    public void accept(Finding finding) {
      String key = scan != null ? "scan" : finding.provider().id() + "/" + finding.accountId() + "/" + finding.tool();
      tallies.merge(key, FindingTally.ZERO.plus(finding), FindingTally::plus);
    }

    @Override
    public void add(ScanResult result) {
      if (scan != null) {
        throw new IllegalStateException("a scan was already added");
      }
      scan = result;
    }

    @Override
    public void add(ParsedReport report) {
      reports.add(report);
    }

    @Override
    public void addFailedInput(InputFailure failure) {
      failures.add(failure);
    }

    @Override
    public PostureReport finish() {
      Map<CloudProvider, Map<String, ServiceStats>> services = new TreeMap<>();
      Map<String, Map<String, ServiceStats>> byRow = new LinkedHashMap<>();
      for (ParsedReport report : reports) {
        for (AccountStats stats : report.accounts()) {
          stats.services().forEach((service, counts) -> {
            services.computeIfAbsent(stats.provider(), p -> new TreeMap<>()).merge(service, counts, ServiceStats::plus);
            String row = scan != null ? "scan" : stats.provider().id() + "/" + stats.accountId() + "/" + report.tool();
            byRow.computeIfAbsent(row, r -> new TreeMap<>()).merge(service, counts, ServiceStats::plus);
          });
        }
      }
      List<AccountSummary> rows = new ArrayList<>();
      FindingTally total = FindingTally.ZERO;
      for (FindingTally tally : tallies.values()) {
        total = total.plus(tally);
      }
      if (scan != null) {
        rows.add(new AccountSummary(scan.account().provider(), scan.account().id(), scan.account().name(),
            scan.scanner(), scan.status(), scan.exitCode(), scan.startedAt(), scan.duration(), scan.reason(),
            new TreeMap<>(scan.account().labels()), new TreeMap<>(byRow.getOrDefault("scan", Map.of())),
            tallies.getOrDefault("scan", FindingTally.ZERO), new TreeMap<>(), scan.warnings()));
      } else {
        byRow.forEach((key, counts) -> {
          String[] parts = key.split("/", 3);
          rows.add(new AccountSummary(CloudProvider.of(parts[0]), parts[1], parts[1], parts[2], ScanStatus.SUCCEEDED,
              null, null, Duration.ZERO, null, new TreeMap<>(), new TreeMap<>(counts),
              tallies.getOrDefault(key, FindingTally.ZERO), new TreeMap<>(), List.of()));
        });
      }
      rows.sort(Comparator.comparing(AccountSummary::key));
      return PostureReport.builder(run.runId(), run.startedAt()).services(services).accounts(rows)
          .findings(total).failedInputs(failures).build();
    }
  }
}
