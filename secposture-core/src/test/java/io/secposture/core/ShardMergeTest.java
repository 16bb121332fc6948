package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestScanner;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Partial publishing by shards and the merge that folds them, with the real default aggregator and file store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardMergeTest {
  private static final String RUN = "run-7";

  @TempDir
  Path work;

  private final Plugins plugins = Plugins.of(List.of(scanner(), new LinesParser(), new DefaultAggregator(),
      new LocalArtifactPublisher()));
  private final RunPublisher publisher = new RunPublisher(plugins);

  /** Every account gets its own findings (some fail), so a wrong merge shows in the counts. */
  private static TestScanner scanner() {
    return new TestScanner("test", Set.of(CloudProvider.AWS, CloudProvider.GCP), request -> {
      String id = request.account().id();
      if (id.endsWith("7")) {
        return ScanResult.builder("test", request.account(), ScanStatus.FAILED).exitCode(1).reason("boom " + id)
            .build();
      }
      int n = Math.abs(id.hashCode() % 5) + 1;
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add("rule-" + i + "," + (i % 2 == 0 ? "high" : "low") + "," + (i % 3 == 0 ? "PASS" : "FAIL") + ",res-"
            + id + "-" + i + ",svc" + (i % 2));
      }
      return TestScanner.succeeded("test", request, rows);
    });
  }

  private static List<CloudAccount> accounts() {
    List<CloudAccount> accounts = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      accounts.add(CloudAccount.builder(i % 3 == 0 ? CloudProvider.GCP : CloudProvider.AWS,
          String.format("%012d", i * 13)).name("acct-" + i).labels(Map.of("team", "t" + (i % 4))).build());
    }
    return accounts;
  }

  private RunOutcome run(String runId, Shard shard) {
    return Pipeline.builder(plugins).workDirectory(work.resolve("work-" + shard.id())).defaultScanners(List.of("test"))
        .heartbeat(Duration.ZERO).shard(shard).build().run(runId, accounts());
  }

  @Test
  void merge_threeShards_sameReportAsOneRunOverEveryAccount() throws IOException {
    Path whole = work.resolve("whole-site");
    Path site = work.resolve("site");
    publisher.publish(run("whole-run", Shard.whole()), whole);
    PostureReport single = read(whole.resolve(SiteLayout.LATEST_REPORT));

    for (int index = 0; index < 3; index++) {
      publisher.publish(run(RUN, new Shard(index, 3)), site);
    }
    ShardMerge.Merged merged = ShardMerge.merge(plugins, site.toUri(), RUN, 3, "default", Settings.empty());

    assertThat(normalised(merged.report())).isEqualTo(normalised(single));
    assertThat(normalised(read(site.resolve(SiteLayout.LATEST_REPORT)))).isEqualTo(normalised(single));
    assertThat(merged.manifest().scans()).hasSize(20);
    assertThat(Files.exists(site.resolve(SiteLayout.manifest(RUN)))).isTrue();
    assertThat(Files.exists(site.resolve(SiteLayout.INDEX))).isTrue();
    assertThat(Files.readString(site.resolve(SiteLayout.HISTORY))).contains(RUN);
  }

  @Test
  void publish_shard_writesItsFilesAndPartialReportButNoLatestHistoryOrIndex() throws IOException {
    Path site = work.resolve("site");

    RunOutcome outcome = run(RUN, new Shard(1, 3));
    publisher.publish(outcome, site);

    assertThat(site.resolve("runs/" + RUN + "/shards/1-of-3.json")).exists();
    assertThat(site.resolve("runs/" + RUN + "/shards/1-of-3.manifest.json")).exists();
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
    assertThat(site.resolve(SiteLayout.HISTORY)).doesNotExist();
    assertThat(site.resolve(SiteLayout.INDEX)).doesNotExist();
    assertThat(site.resolve(SiteLayout.manifest(RUN))).doesNotExist();
    assertThat(read(site.resolve("runs/" + RUN + "/shards/1-of-3.json")).accounts())
        .hasSize(outcome.report().accounts().size());
  }

  @Test
  void merge_shardMissing_namesItsKeyAndWritesNothing() {
    Path site = work.resolve("site");
    publisher.publish(run(RUN, new Shard(0, 3)), site);
    publisher.publish(run(RUN, new Shard(2, 3)), site);
    URI destination = site.toUri();

    assertThat(ShardMerge.missing(plugins.publisherFor(destination), destination, RUN, 3, Settings.empty()))
        .containsExactly(new Shard(1, 3));
    assertThat(ShardMerge.mergeIfComplete(plugins, destination, RUN, 3, "default", Settings.empty())).isEmpty();
    assertThatThrownBy(() -> ShardMerge.merge(plugins, destination, RUN, 3, "default", Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("1 of 3 shards of run run-7 have not published their partial report to " + destination + ": 1-of-3"
            + " (runs/run-7/shards/1-of-3.json); they may have failed or still be running: run them again with the"
            + " same run id and shard count, then merge");
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  @Test
  void mergeIfComplete_lastShardPublished_mergesOnceEveryShardIsThere() {
    Path site = work.resolve("site");
    for (int index = 0; index < 2; index++) {
      publisher.publish(run(RUN, new Shard(index, 2)), site);
    }

    assertThat(ShardMerge.mergeIfComplete(plugins, site.toUri(), RUN, 2, "default", Settings.empty()))
        .hasValueSatisfying(merged -> assertThat(merged.report().accounts()).hasSize(20));
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).exists();
  }

  @Test
  void merge_shardsStartedWithDifferentCounts_refusedNamingTheAccountInTwoShards() {
    Path site = work.resolve("site");
    publisher.publish(run(RUN, new Shard(0, 2)), site);
    publisher.publish(run(RUN, new Shard(1, 2)), site);
    // a shard of a 3-way split published under the 2-way key by mistake overlaps the others
    RunOutcome stray = run(RUN, new Shard(0, 3));
    Path partial = site.resolve("runs/" + RUN + "/shards/1-of-2.json");
    try (var out = Files.newOutputStream(partial)) {
      ReportJson.write(stray.report(), out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> ShardMerge.merge(plugins, site.toUri(), RUN, 2, "default", Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("appears in shards 0-of-2 and 1-of-2 of run run-7; were the shards started with"
            + " different counts?");
  }

  @Test
  void merge_partialOfAnotherRun_refusedNamingBothRunIds() {
    Path site = work.resolve("site");
    RunOutcome other = run("other-run", new Shard(0, 1));
    Path partial = site.resolve("runs/" + RUN + "/shards/0-of-1.json");
    try {
      Files.createDirectories(partial.getParent());
      Files.write(partial, ReportJson.toBytes(other.report()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> ShardMerge.merge(plugins, site.toUri(), RUN, 1, "default", Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("belongs to run 'other-run', not 'run-7'; give every shard and the merge the same run"
            + " id");
  }

  @Test
  void merge_corruptPartialAndMissingShard_bothNamedAtOnceAsConfigurationProblems() throws IOException {
    Path site = work.resolve("site");
    publisher.publish(run(RUN, new Shard(0, 3)), site);
    Path corrupt = site.resolve("runs/" + RUN + "/shards/2-of-3.json");
    Files.writeString(corrupt, "{\"schema_version\": 1, \"run_id\": ");

    assertThatThrownBy(() -> ShardMerge.merge(plugins, site.toUri(), RUN, 3, "default", Settings.empty()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0)).startsWith("the partial report of shard 2-of-3 (runs/run-7/shards/2-of-3.json"
              + " at " + site.toUri() + ") is not a readable report").contains("run that shard again");
          assertThat(e.problems().get(1)).startsWith("1 of 3 shards of run run-7 have not published");
        });
    assertThat(ShardMerge.mergeIfComplete(plugins, site.toUri(), RUN, 3, "default", Settings.empty())).isEmpty();
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  private static PostureReport read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ReportJson.read(in, file.toString());
    }
  }

  /** The report without what differs between runs: run ids (also in links), times and durations. */
  static PostureReport normalised(PostureReport report) {
    List<AccountSummary> rows = report.accounts().stream().map(row -> new AccountSummary(row.provider(),
        row.accountId(), row.name(), row.scanner(), row.status(), row.exitCode(), null, Duration.ZERO, row.reason(),
        row.labels(), row.services(), row.findings(), new TreeMap<>(row.links().entrySet().stream().collect(
            Collectors.toMap(Map.Entry::getKey, link -> link.getValue().replace(report.runId(), "RUN")))),
        row.warnings())).toList();
    // each shard ran at its own time, so its findings were first seen then: the oldest list compares by counts only
    io.secposture.api.SlaSummary sla = report.sla() == null ? null : new io.secposture.api.SlaSummary(
        report.sla().policy(), report.sla().open(), report.sla().breached(), List.of(), report.sla().byAccount(),
        report.sla().byOwner());
    return report.toBuilder().runId("RUN").generatedAt(Instant.EPOCH).accounts(rows).sla(sla).build();
  }
}
