package io.secposture.benchmarks;

import io.secposture.api.AccountStats;
import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.core.HistoryRow;
import io.secposture.core.IndexPage;
import io.secposture.core.ReportJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The report side of a run: how fast the default aggregator folds findings, how long merging a run's per-scan
 * partial reports takes, and how long writing, reading and rendering the final report take, for a run of
 * {@code accounts} scans.
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -jar secposture-benchmarks/target/benchmarks.jar ReportBenchmark -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>{@code aggregateFindings} reports findings per second into one aggregation (ops = findings); the others report
 * milliseconds per operation on the whole run's report.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReportBenchmark {
  private static final int FINDINGS = 100_000;
  private static final RunInfo RUN = new RunInfo("bench-run", Instant.parse("2026-11-22T02:00:00Z"));
  private static final String[] SERVICES = {"ec2", "s3", "iam", "rds", "lambda", "kms", "cloudtrail", "vpc",
      "elb", "sns", "sqs", "cloudwatch", "config", "guardduty", "redshift", "efs", "emr", "route53", "ses", "acm"};

  /** How many scans the run has. */
  @Param({"1000"})
  public int accounts;

  private Aggregator aggregator;
  private List<Finding> findings;
  private List<PostureReport> partials;
  private PostureReport report;
  private byte[] json;
  private List<HistoryRow> history;

  /** Builds the inputs once: findings of one account, one partial report per scan, the merged report. */
  @Setup(Level.Trial)
  public void setUp() {
    aggregator = Plugins.discover().aggregator("default");
    Random random = new Random(42);
    findings = new ArrayList<>(FINDINGS);
    for (int i = 0; i < FINDINGS; i++) {
      findings.add(finding(CloudProvider.AWS, "123456789012", random));
    }
    partials = new ArrayList<>(accounts);
    for (int i = 0; i < accounts; i++) {
      partials.add(scanReport(i, random));
    }
    report = aggregator.merge(partials);
    json = ReportJson.toBytes(report);
    history = new ArrayList<>();
    for (int i = 0; i < 52; i++) {
      history.add(HistoryRow.of(report.toBuilder().runId("run-" + i)
          .generatedAt(RUN.startedAt().minus(Duration.ofDays(7L * (52 - i)))).build()));
    }
  }

  /**
   * Folds findings into one aggregation.
   *
   * @return the report, so the work is not eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(FINDINGS)
  public PostureReport aggregateFindings() {
    Aggregation aggregation = aggregator.start(RUN);
    for (Finding finding : findings) {
      aggregation.accept(finding);
    }
    return aggregation.finish();
  }

  /**
   * Merges one partial report per scan into the run's report.
   *
   * @return the merged report
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public PostureReport mergeRun() {
    return aggregator.merge(partials);
  }

  /**
   * Writes the run's report as JSON.
   *
   * @return the bytes
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public byte[] writeReport() {
    return ReportJson.toBytes(report);
  }

  /**
   * Reads the run's report back.
   *
   * @return the report
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public PostureReport readReport() {
    return ReportJson.read(new ByteArrayInputStream(json), "bench");
  }

  /**
   * Renders the front page with a year of weekly history.
   *
   * @return the page
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public String renderIndex() {
    return IndexPage.render(report, history);
  }

  private PostureReport scanReport(int index, Random random) {
    CloudProvider provider = index % 3 == 0 ? CloudProvider.AWS : index % 3 == 1 ? CloudProvider.AZURE
        : CloudProvider.GCP;
    String accountId = String.format(java.util.Locale.ROOT, "%012d", index);
    CloudAccount account = CloudAccount.builder(provider, accountId).name("account-" + index)
        .labels(Map.of("team", "team-" + index % 7, "stage", index % 2 == 0 ? "prod" : "dev")).build();
    ScanStatus status = index % 50 == 7 ? ScanStatus.FAILED : index % 20 == 3 ? ScanStatus.PARTIAL
        : ScanStatus.SUCCEEDED;
    Aggregation aggregation = aggregator.start(RUN);
    aggregation.add(ScanResult.builder("scoutsuite", account, status).exitCode(status == ScanStatus.FAILED ? 1 : 0)
        .reason(status == ScanStatus.SUCCEEDED ? null : "AccessDenied on some APIs")
        .duration(Duration.ofSeconds(60 + random.nextInt(3600)))
        .artifact(new Artifact(Path.of("r.js"), "scoutsuite-results/r.js", "text/javascript", ArtifactRole.RESULTS))
        .artifact(new Artifact(Path.of("r.html"), "report.html", "text/html", ArtifactRole.HTML)).build());
    if (status.hasResults()) {
      TreeMap<String, ServiceStats> services = new TreeMap<>();
      for (String service : SERVICES) {
        long checked = 10 + random.nextInt(500);
        services.put(service, new ServiceStats(checked, random.nextInt((int) checked), 5 + random.nextInt(100)));
      }
      aggregation.add(new ParsedReport("scoutsuite", "r.js", "scoutsuite", "5.14.0", RUN.startedAt(),
          List.of(AccountStats.of(provider, accountId, services)), 0, List.of()));
      for (int i = 0; i < 200; i++) {
        aggregation.accept(finding(provider, accountId, random));
      }
    }
    return aggregation.finish();
  }

  private static Finding finding(CloudProvider provider, String accountId, Random random) {
    String service = SERVICES[random.nextInt(SERVICES.length)];
    int rule = random.nextInt(60);
    return Finding.builder().tool("scoutsuite").provider(provider).accountId(accountId).service(service)
        .ruleId(service + "-rule-" + rule).title("Rule " + rule + " of " + service)
        .severity(Severity.values()[rule % Severity.values().length])
        .status(random.nextInt(4) == 0 ? FindingStatus.PASS : FindingStatus.FAIL).muted(random.nextInt(20) == 0)
        .resourceId("arn:aws:" + service + ":::" + random.nextInt(10_000)).build();
  }
}
