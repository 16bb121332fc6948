package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.samples.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code merge} given inputs that would count scans twice or that are not reports: refused with exit 2, naming the
 * files and the scans, and nothing is published.
 */
class HostileMergeInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  /** Aggregates a sample Prowler output of the given accounts into a report; returns its report_latest.json. */
  private Path report(String name, String runId, String... accounts) throws Exception {
    Path outputs = Files.createDirectories(temp.resolve("outputs-" + name));
    for (int i = 0; i < accounts.length; i++) {
      SampleData.prowler(Files.createDirectories(outputs.resolve(accounts[i])), CloudProvider.AWS, accounts[i], i,
          0, 0);
    }
    Path site = temp.resolve("site-" + name);
    Result aggregate = job("aggregate", "--output", site.toString(), "--run-id", runId, outputs.toString());
    assertThat(aggregate.exit()).as(aggregate.err()).isZero();
    Path report = temp.resolve(name + ".json");
    Files.copy(site.resolve("reports/report_latest.json"), report);
    return report;
  }

  @Test
  void merge_reportWithItself_refusedNamingTheReportAndItsScansAndPublishesNothing() throws Exception {
    Path report = report("a", "run-1", "111111111111");
    Path merged = temp.resolve("merged");

    Result merge = job("merge", "--output", merged.toString(), report.toString(), report.toString());

    assertThat(merge.exit()).as(merge.err()).isEqualTo(2);
    assertThat(merge.err()).contains("the report " + report + " is named twice: the scan aws/111111111111/prowler"
        + " would be counted twice");
    assertThat(merged).doesNotExist();
  }

  @Test
  void merge_twoRunsOverTheSameAccounts_refusedNamingBothFilesTheScansAndTheRuns() throws Exception {
    Path week1 = report("week1", "run-1", "111111111111", "222222222222");
    Path week2 = report("week2", "run-2", "111111111111", "222222222222");
    Path merged = temp.resolve("merged");

    Result merge = job("merge", "--output", merged.toString(), week1.toString(), week2.toString());

    assertThat(merge.exit()).as(merge.err()).isEqualTo(2);
    assertThat(merge.err()).contains("2 scans (aws/111111111111/prowler, aws/222222222222/prowler) are in both "
        + week1 + " and " + week2 + ": they would be counted twice")
        .contains("the reports come from 2 different runs (" + week1 + " is run run-1, " + week2 + " is run run-2)")
        .contains("--run-id");
    assertThat(merged).doesNotExist();
  }

  @Test
  void merge_sameRowInTwoInputs_refusedEvenWithAnExplicitRunId() throws Exception {
    Path first = report("first", "run-1", "111111111111", "333333333333");
    Path second = report("second", "run-2", "111111111111");

    Result merge = job("merge", "--run-id", "combined", "--output", temp.resolve("merged").toString(),
        first.toString(), second.toString());

    assertThat(merge.exit()).as(merge.err()).isEqualTo(2);
    assertThat(merge.err()).contains("the scan aws/111111111111/prowler is in both " + first + " and " + second)
        .doesNotContain("different runs");
  }

  @Test
  void merge_disjointReportsOfDifferentRuns_needAnExplicitRunIdAndThenSumOnce() throws Exception {
    Path aws1 = report("one", "run-1", "111111111111");
    Path aws2 = report("two", "run-2", "222222222222");
    Path merged = temp.resolve("merged");

    Result refused = job("merge", "--output", merged.toString(), aws1.toString(), aws2.toString());
    assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("different runs").doesNotContain("counted twice");
    assertThat(merged).doesNotExist();

    Result merge = job("merge", "--run-id", "combined-1", "--output", merged.toString(), aws1.toString(),
        aws2.toString());

    assertThat(merge.exit()).as(merge.err()).isZero();
    JsonNode report = JSON.readTree(merged.resolve("reports/report_latest.json").toFile());
    assertThat(report.get("run_id").asText()).isEqualTo("combined-1");
    assertThat(report.get("accounts")).hasSize(2);
    long flagged = JSON.readTree(aws1.toFile()).get("total").get("flagged_items").asLong()
        + JSON.readTree(aws2.toFile()).get("total").get("flagged_items").asLong();
    assertThat(report.get("total").get("flagged_items").asLong()).isEqualTo(flagged).isPositive();
  }

  @Test
  void merge_corruptReport_isExitTwoNamingTheFileAndPublishesNothing() throws Exception {
    Path good = report("good", "run-1", "111111111111");
    Path corrupt = Files.writeString(temp.resolve("corrupt.json"), "{\"report_date\": \"11-22-2026\", \"aws\": {");
    Path notJson = Files.write(temp.resolve("binary.json"), new byte[] {0, 1, 2, (byte) 0xff});
    Path merged = temp.resolve("merged");

    Result merge = job("merge", "--output", merged.toString(), good.toString(), corrupt.toString(),
        notJson.toString());

    assertThat(merge.exit()).as(merge.err()).isEqualTo(2);
    assertThat(merge.err()).contains("2 configuration problems")
        .contains("report " + corrupt + " is not a readable secposture report")
        .contains("report " + notJson + " is not a readable secposture report")
        .doesNotContain("internal error");
    assertThat(merged).doesNotExist();
  }

  @Test
  void mergeShards_corruptPartialReport_isExitTwoNamingItsKey() throws Exception {
    Path site = temp.resolve("site");
    Files.createDirectories(site.resolve("runs/ci-1/shards"));
    Files.writeString(site.resolve("runs/ci-1/shards/0-of-1.json"), "not json at all");

    Result merge = job("merge", "--shards", "--run-id", "ci-1", "--shard-count", "1", "--output", site.toString());

    assertThat(merge.exit()).as(merge.err()).isEqualTo(2);
    assertThat(merge.err()).contains("the partial report of shard 0-of-1 (runs/ci-1/shards/0-of-1.json at ")
        .contains("is not a readable report").contains("run that shard again");
    assertThat(site.resolve("reports/report_latest.json")).doesNotExist();
  }
}
