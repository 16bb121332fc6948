package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.core.RunManifest;
import io.secposture.core.Shard;
import io.secposture.core.SiteLayout;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four shards of one run, each in its own JVM as CI would start them, over the same accounts with a stand-in
 * ScoutSuite: their merge is exactly the report one run over every account gives (apart from run ids and times).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ShardedJobTest {
  private static final int SHARDS = 4;
  private static final List<JobFixture.Account> ACCOUNTS = List.of(
      new JobFixture.Account("prod", CloudProvider.AWS, "100000000001", true),
      new JobFixture.Account("staging", CloudProvider.AWS, "100000000002", true),
      new JobFixture.Account("data", CloudProvider.AWS, "100000000003", true),
      new JobFixture.Account("broken", CloudProvider.AWS, "100000000004", true),
      new JobFixture.Account("ml", CloudProvider.AWS, "100000000005", true),
      new JobFixture.Account("web", CloudProvider.AWS, "100000000006", true),
      new JobFixture.Account("retired", CloudProvider.AWS, "100000000007", false),
      new JobFixture.Account("pay-gcp", CloudProvider.GCP, "payments-prod", true),
      new JobFixture.Account("data-gcp", CloudProvider.GCP, "data-lake", true),
      new JobFixture.Account("ml-gcp", CloudProvider.GCP, "ml-training", true),
      new JobFixture.Account("web-gcp", CloudProvider.GCP, "web-frontend", true),
      new JobFixture.Account("corp-az", CloudProvider.AZURE, "0b1f6472-1e5b-4a4f-9a5e-2f1b2c3d4e5f", true),
      new JobFixture.Account("dev-az", CloudProvider.AZURE, "6e0d2c1b-7a8f-4b9c-8d7e-1a2b3c4d5e6f", true));

  @TempDir
  Path dir;

  private Map<String, String> environment(Path site, String runId, Path work) throws Exception {
    Path templates = dir.resolve("templates");
    if (!Files.isDirectory(templates)) {
      JobFixture.templates(templates, ACCOUNTS);
    }
    Path scout = JobFixture.standInScout(dir.resolve("bin"), templates, dir.resolve("record"),
        List.of("aws-100000000004"), 0);
    Map<String, String> environment = new HashMap<>(JobFixture.inventory(ACCOUNTS));
    environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
    environment.put("SECPOSTURE_PUBLISH", site.toString());
    environment.put("SECPOSTURE_RUN_ID", runId);
    environment.put("SECPOSTURE_WORK_DIR", work.toString());
    environment.put("SECPOSTURE_CONCURRENCY", "3");
    return environment;
  }

  @Test
  void run_fourShardsInTheirOwnJvms_mergeEqualsOneRunOverEveryAccount() throws Exception {
    Path single = dir.resolve("single-site");
    JobFixture.Result whole = JobFixture.run(environment(single, "single-run", dir.resolve("work-single")), "run");
    assertThat(whole.exitCode()).as(whole.all()).isEqualTo(3);
    PostureReport expected = JobFixture.report(single.resolve(SiteLayout.LATEST_REPORT));

    Path site = dir.resolve("sharded-site");
    String runId = "ci-4242-1";
    List<Process> shards = new ArrayList<>();
    for (int index = 0; index < SHARDS; index++) {
      Map<String, String> environment = environment(site, runId, dir.resolve("work-" + index));
      environment.put("JOB_COMPLETION_INDEX", String.valueOf(index));
      shards.add(JobFixture.start(environment, "run", "--shard", "auto/" + SHARDS, "--merge-when-complete"));
    }
    List<JobFixture.Result> results = new ArrayList<>();
    for (Process shard : shards) {
      results.add(JobFixture.finish(shard));
    }

    for (JobFixture.Result result : results) {
      assertThat(result.exitCode()).as(result.all()).isIn(0, 3);
      assertThat(result.stdout()).contains("of run " + runId + " published its partial report");
    }
    assertThat(String.join("\n", results.stream().map(JobFixture.Result::stdout).toList()))
        .contains("every shard of run " + runId + " has published: merged");
    PostureReport merged = JobFixture.report(site.resolve(SiteLayout.LATEST_REPORT));
    assertThat(merged.runId()).isEqualTo(runId);
    assertThat(JobFixture.normalised(merged)).isEqualTo(JobFixture.normalised(expected));
    assertThat(merged.accounts()).hasSize(ACCOUNTS.size());
    assertThat(merged.accounts(ScanStatus.FAILED)).singleElement()
        .satisfies(row -> assertThat(row.accountId()).isEqualTo("100000000004"));
    assertThat(merged.accounts(ScanStatus.SKIPPED)).singleElement()
        .satisfies(row -> assertThat(row.accountId()).isEqualTo("100000000007"));
    for (int index = 0; index < SHARDS; index++) {
      assertThat(site.resolve(SiteLayout.shardReport(runId, new Shard(index, SHARDS)))).exists();
    }
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.manifest(runId)))) {
      assertThat(RunManifest.read(in, "manifest").scans()).hasSize(ACCOUNTS.size());
    }
    assertThat(Files.readString(site.resolve(SiteLayout.HISTORY))).containsOnlyOnce("\"" + runId + "\"");

    // merging again (the CI merge job after --merge-when-complete already did) publishes the same run once
    Map<String, String> environment = environment(site, runId, dir.resolve("work-merge"));
    JobFixture.Result again = JobFixture.run(environment, "merge", "--shards", "--shard-count",
        String.valueOf(SHARDS));
    assertThat(again.exitCode()).as(again.all()).isEqualTo(3);
    assertThat(JobFixture.normalised(JobFixture.report(site.resolve(SiteLayout.LATEST_REPORT))))
        .isEqualTo(JobFixture.normalised(expected));
    assertThat(Files.readString(site.resolve(SiteLayout.HISTORY))).containsOnlyOnce("\"" + runId + "\"");
  }

  @Test
  void merge_aShardMissing_exitsWithAConfigurationProblemNamingItAndPublishesNothing() throws Exception {
    Path site = dir.resolve("site");
    Map<String, String> environment = environment(site, "ci-7", dir.resolve("work-0"));
    JobFixture.Result shard = JobFixture.run(environment, "run", "--shard", "0/2");
    assertThat(shard.exitCode()).as(shard.all()).isIn(0, 3);

    JobFixture.Result merge = JobFixture.run(environment(site, "ci-7", dir.resolve("work-m")), "merge", "--shards",
        "--shard-count", "2");

    assertThat(merge.exitCode()).as(merge.all()).isEqualTo(2);
    assertThat(merge.stderr()).contains("1 of 2 shards of run ci-7 have not published their partial report")
        .contains("1-of-2 (runs/ci-7/shards/1-of-2.json)");
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  @Test
  void run_shardAutoOutsideAnOrchestrator_configurationProblemsAllAtOnce() throws Exception {
    Map<String, String> environment = environment(dir.resolve("site"), "ci-8", dir.resolve("work"));
    environment.remove("SECPOSTURE_RUN_ID");

    JobFixture.Result result = JobFixture.run(environment, "run", "--shard", "auto", "--merge-when-complete");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--shard is auto, but neither JOB_COMPLETION_INDEX nor"
        + " AWS_BATCH_JOB_ARRAY_INDEX is set").contains("--merge-when-complete needs --shard");
  }
}
