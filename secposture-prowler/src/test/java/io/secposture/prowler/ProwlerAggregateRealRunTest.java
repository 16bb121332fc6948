package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ServiceStats;
import io.secposture.core.Pipeline;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.samples.ProwlerSampleWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aggregate} over the folders real Prowler 5.7.5 runs wrote ({@code shared/fixtures/real-runs}, read in
 * place): each folder holds one run's results three times (JSON-OCSF, CSV, ASFF), which count once, from the
 * JSON-OCSF file, giving exactly the tool's own totals (issue 11, item 4). Skipped, saying why, when the shared folder
 * is missing.
 */
class ProwlerAggregateRealRunTest {
  @TempDir
  Path work;

  private static Path realRun(String name) {
    String shared = System.getProperty("secposture.shared.dir");
    Path folder = shared == null ? null : Path.of(shared, "fixtures", "real-runs", "prowler-5.7.5", name);
    assumeTrue(folder != null && Files.isDirectory(folder), "the real Prowler runs are not at " + shared
        + "/fixtures/real-runs/prowler-5.7.5; set -Dsecposture.shared.dir to the shared folder to run this test");
    return folder;
  }

  private int runs;

  private RunOutcome aggregate(Path... inputs) {
    return Pipeline.builder(Plugins.discover()).workDirectory(work.resolve("work")).build()
        .aggregate("agg-" + ++runs, List.of(inputs));
  }

  private static ServiceStats total(RunOutcome outcome) {
    return outcome.report().accounts().stream().map(AccountSummary::total).reduce(ServiceStats.ZERO,
        ServiceStats::plus);
  }

  @Test
  void aggregate_iamS3Ec2Run_threeFormatsCountOnceWithTheToolsTotals() {
    Path folder = realRun("iam-s3-ec2-us-east-1");

    RunOutcome outcome = aggregate(folder);

    assertThat(outcome.hasFailedInputs()).isFalse();
    assertThat(outcome.report().findings().failed()).isEqualTo(82);
    assertThat(outcome.report().findings().passed()).isEqualTo(74);
    assertThat(outcome.report().findings().muted()).isZero();
    assertThat(total(outcome)).isEqualTo(new ServiceStats(156, 82, 22));
    assertThat(outcome.report().accounts()).singleElement().satisfies(row -> {
      assertThat(row.accountId()).isEqualTo("123456789012");
      assertThat(row.provider()).isEqualTo(CloudProvider.AWS);
    });
    String ocsf = folder.resolve("prowler-aws-123456789012.ocsf.json").toString();
    assertThat(outcome.manifest().inputs()).extracting(RunManifest.Input::source, RunManifest.Input::parser,
        RunManifest.Input::findings).containsExactly(
            org.assertj.core.groups.Tuple.tuple(folder.resolve("prowler-aws-123456789012.asff.json").toString(),
                "prowler-asff", 0L),
            org.assertj.core.groups.Tuple.tuple(folder.resolve("prowler-aws-123456789012.csv").toString(),
                "prowler-csv", 0L),
            org.assertj.core.groups.Tuple.tuple(ocsf, "prowler-ocsf", 156L));
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.findings() == 0)
        .allSatisfy(input -> assertThat(input.skipped()).startsWith("same run as " + ocsf + ", not counted"));
  }

  @Test
  void aggregate_mutelistRun_threeFormatsCountOnceWithTheToolsTotals() {
    Path folder = realRun("s3-mutelist-severity-status");

    RunOutcome outcome = aggregate(folder);

    assertThat(outcome.hasFailedInputs()).isFalse();
    assertThat(outcome.report().findings().failed()).isEqualTo(31);
    assertThat(outcome.report().findings().muted()).isEqualTo(1);
    assertThat(outcome.report().findings().passed()).isEqualTo(12);
    assertThat(total(outcome)).isEqualTo(new ServiceStats(43, 30, 4));
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.skipped() == null)
        .singleElement().satisfies(input -> assertThat(input.source()).endsWith("pw-opts.ocsf.json"));
  }

  @Test
  void aggregate_bothRunsAtOnce_eachCountedOnce() {
    RunOutcome outcome = aggregate(realRun("iam-s3-ec2-us-east-1"), realRun("s3-mutelist-severity-status"));

    assertThat(outcome.report().findings().failed()).isEqualTo(82 + 31);
    assertThat(outcome.report().findings().passed()).isEqualTo(74 + 12);
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.skipped() != null).hasSize(4);
  }

  @Test
  void aggregate_onlyTheCsvAndAsffOfARun_theCsvCounts() throws IOException {
    Path folder = realRun("iam-s3-ec2-us-east-1");
    Path copy = Files.createDirectories(work.resolve("copy"));
    Files.copy(folder.resolve("prowler-aws-123456789012.csv"), copy.resolve("prowler-aws-123456789012.csv"));
    Files.copy(folder.resolve("prowler-aws-123456789012.asff.json"),
        copy.resolve("prowler-aws-123456789012.asff.json"));

    RunOutcome outcome = aggregate(copy);

    assertThat(outcome.report().findings().failed()).isEqualTo(82);
    assertThat(outcome.report().findings().passed()).isEqualTo(74);
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.skipped() == null)
        .singleElement().satisfies(input -> assertThat(input.parser()).isEqualTo("prowler-csv"));
  }

  @Test
  void aggregate_complianceCsvsOfTheSameRun_notCountedBesideTheOcsf() {
    Path folder = work.resolve("out");
    String name = "prowler-output-123456789012-20260101000000";
    TestFiles.sample(folder, name + ".ocsf.json", ProwlerSampleWriter.Format.OCSF, CloudProvider.AWS,
        "123456789012");
    TestFiles.sample(folder.resolve("compliance"), name + "_cis_2.0_aws.csv", ProwlerSampleWriter.Format.COMPLIANCE_CSV,
        CloudProvider.AWS, "123456789012");
    TestFiles.sample(folder.resolve("compliance"), name + "_cis_3.0_aws.csv", ProwlerSampleWriter.Format.COMPLIANCE_CSV,
        CloudProvider.AWS, "123456789012");
    RunOutcome ocsfAlone = aggregate(folder.resolve(name + ".ocsf.json"));

    RunOutcome outcome = aggregate(folder);

    assertThat(outcome.report().findings()).isEqualTo(ocsfAlone.report().findings());
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.skipped() != null)
        .extracting(RunManifest.Input::source).containsExactly(
            folder.resolve("compliance/" + name + "_cis_2.0_aws.csv").toString(),
            folder.resolve("compliance/" + name + "_cis_3.0_aws.csv").toString());
  }

  @Test
  void aggregate_twoDifferentRunsInOneFolder_bothCounted() {
    Path folder = work.resolve("two-runs");
    TestFiles.sample(folder, "prowler-output-111111111111-20260101000000.ocsf.json", ProwlerSampleWriter.Format.OCSF,
        CloudProvider.AWS, "111111111111");
    TestFiles.sample(folder, "prowler-output-222222222222-20260101000000.ocsf.json", ProwlerSampleWriter.Format.OCSF,
        CloudProvider.AWS, "222222222222");

    RunOutcome outcome = aggregate(folder);

    assertThat(outcome.report().accounts()).extracting(AccountSummary::accountId)
        .containsExactlyInAnyOrder("111111111111", "222222222222");
    assertThat(outcome.manifest().inputs()).allSatisfy(input -> assertThat(input.skipped()).isNull());
  }
}
