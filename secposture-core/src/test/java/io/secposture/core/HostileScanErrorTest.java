package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.InputFailure;
import io.secposture.api.Plugins;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.enginetest.GreedyParser;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.enginetest.TestScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} while one account's results are read (out of memory, stack overflow) fails that account, or that
 * file in {@code aggregate}, with a reason that says what to do; every other account is reported and published
 * (issue 12, item 5).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileScanErrorTest {
  @TempDir
  Path work;

  private static String header(String id, String behaviour) {
    return "LINES v1 provider=aws account=" + id + " tool=test" + (behaviour.isEmpty() ? "" : " " + behaviour)
        + "\nrule-a,high,FAIL,bucket-" + id + "\nrule-b,low,PASS,b\n";
  }

  private Pipeline pipeline(Object... scanners) {
    List<Object> plugins = new java.util.ArrayList<>(List.of(scanners));
    plugins.add(new GreedyParser());
    plugins.add(new TestAggregator());
    return Pipeline.builder(Plugins.of(plugins)).aggregator("test").workDirectory(work.resolve("work"))
        .defaultScanners(List.of("test")).heartbeat(Duration.ZERO).build();
  }

  @Test
  void run_parserThrowsOutOfMemoryOrOverflowsItsStackForOneAccount_onlyThatAccountFails() {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      String id = request.account().id();
      String behaviour = id.endsWith("2") ? "oom" : id.endsWith("3") ? "deep" : "";
      Path file = Files.writeString(request.outputDirectory().resolve("results.lines"), header(id, behaviour));
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new io.secposture.api.Artifact(file, "results.lines", "text/plain",
              io.secposture.api.ArtifactRole.RESULTS)).build();
    });
    List<CloudAccount> accounts = List.of(CloudAccount.builder(CloudProvider.AWS, "000000000001").build(),
        CloudAccount.builder(CloudProvider.AWS, "000000000002").build(),
        CloudAccount.builder(CloudProvider.AWS, "000000000003").build());

    RunOutcome outcome = pipeline(scanner).run("run-1", accounts);

    assertThat(outcome.scans()).extracting(ScanResult::status)
        .containsExactly(ScanStatus.SUCCEEDED, ScanStatus.FAILED, ScanStatus.FAILED);
    assertThat(outcome.scans().get(1).reason()).startsWith("its results file could not be parsed: parser"
        + " 'greedy-lines' failed: OutOfMemoryError: Java heap space; the job's Java heap ran out of memory while"
        + " reading results file results.lines (").contains("-Xmx");
    assertThat(outcome.scans().get(2).reason()).contains("StackOverflowError")
        .contains("while reading results file results.lines").contains("-Xss");
    assertThat(outcome.report().accounts()).extracting(AccountSummary::accountId)
        .containsExactly("000000000001", "000000000002", "000000000003");
    assertThat(outcome.report().findings().failed()).isEqualTo(1);
  }

  @Test
  void aggregate_oneFileThrowsAnError_thatFileFailsAndTheOthersAreCounted() throws IOException {
    Path folder = Files.createDirectories(work.resolve("in"));
    Files.writeString(folder.resolve("a.lines"), header("000000000001", ""));
    Files.writeString(folder.resolve("b.lines"), header("000000000002", "oom"));
    Files.writeString(folder.resolve("c.lines"), header("000000000003", "deep"));

    RunOutcome outcome = pipeline().aggregate("agg-1", List.of(folder));

    assertThat(outcome.report().findings().failed()).isEqualTo(1);
    assertThat(outcome.failedInputs()).extracting(InputFailure::source)
        .containsExactly(folder.resolve("b.lines").toString(), folder.resolve("c.lines").toString());
    assertThat(outcome.failedInputs().get(0).reason()).startsWith("parser 'greedy-lines' failed: OutOfMemoryError:"
        + " Java heap space; the job's Java heap ran out of memory while reading " + folder.resolve("b.lines"))
        .contains("-Xmx");
    assertThat(outcome.failedInputs().get(1).reason()).contains("StackOverflowError").contains("-Xss");
  }

  /**
   * A real {@link OutOfMemoryError} in a 48 MB heap, in a forked JVM: the parser of the second account allocates
   * until the heap is gone; the first and third accounts are still reported and published, in run and aggregate.
   */
  @Test
  void runAndAggregate_realOutOfMemoryInASmallHeap_otherAccountsReportedAndPublished() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessSpec spec = ProcessSpec.builder(List.of(java.toString(), "-Xmx48m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "io.secposture.core.enginetest.OutOfMemoryProbe", work.toString()))
        .workingDirectory(work).timeout(Duration.ofMinutes(2)).tailLines(200).build();

    ProcessResult result = new ProcessRunner().run(spec);

    assertThat(result.exitCode()).as("probe output: %s", result.tail()).isZero();
    assertThat(result.tail()).contains("scan 000000000001 SUCCEEDED null", "scan 000000000003 SUCCEEDED null",
        "aggregated accounts 2")
        .anySatisfy(line -> assertThat(line).matches("max heap 4[0-8] MiB"))
        .anySatisfy(line -> assertThat(line).startsWith("scan 000000000002 FAILED its results file could not be"
            + " parsed: parser 'greedy-lines' failed: OutOfMemoryError").contains("-Xmx"))
        .anySatisfy(line -> assertThat(line).startsWith("failed 000000000002.lines parser 'greedy-lines' failed:"
            + " OutOfMemoryError").contains("-Xmx"));
    String report = Files.readString(work.resolve("site-run/reports/report_latest.json"));
    assertThat(report).contains("\"000000000001\"", "\"000000000002\"", "\"000000000003\"");
    assertThat(Files.readString(work.resolve("site-aggregate/reports/report_latest.json")))
        .contains("\"000000000001\"", "\"000000000003\"");
    assertThat(work.resolve("site-run/runs/run-1/aws/000000000001/test/findings.jsonl.gz")).exists();
  }
}
