package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner against a stand-in {@code scout} that replays exactly what real ScoutSuite 5.14.0 did in the runs of
 * {@code shared/fixtures/real-runs} (README there): exit 0 with the clean run's files, exit 200 with the partial
 * run's files and its errors file (both copied at scan time from the fixtures folder into the stand-in's report
 * directory; skipped, saying why, when the folder is missing), and exit 101 with each message the real tool printed
 * for a wrong key and for an endpoint it could not reach.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ScoutSuiteRealRunReplayTest {
  private static final String ACCOUNT = "123456789012";
  private static final Secret ACCESS_KEY = Secret.of("AKIAIOSFODNN7EXAMPLE");
  private static final Secret SECRET_KEY = Secret.of("wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY");
  /** What real ScoutSuite 5.14.0 printed, as the fixtures README quotes it. */
  private static final String WRONG_KEY = "Authentication failure: An error occurred (InvalidClientTokenId) when"
      + " calling the GetCallerIdentity operation: ...";
  private static final String NO_ENDPOINT = "Authentication failure: Could not connect to the endpoint URL: \"...\"";

  @TempDir
  Path work;
  private Path record;
  private Path output;

  @BeforeEach
  void directories() throws IOException {
    record = Files.createDirectories(work.resolve("record"));
    output = Files.createDirectories(work.resolve("output"));
  }

  private ScanResult scan(StandInScout behaviour) throws IOException {
    Path executable = behaviour.write(work.resolve("bin"), Files.createDirectories(work.resolve("no-template")),
        record);
    return ScoutSuiteScanner.builder().executable(executable).gracePeriod(Duration.ofSeconds(2)).build()
        .scan(new ScanRequest("run-1", CloudAccount.builder(CloudProvider.AWS, ACCOUNT).build(),
            new Credentials.AwsKeys(ACCESS_KEY, SECRET_KEY, null), output, Duration.ofMinutes(1), Settings.empty()));
  }

  private static ParsedReport parseResults(ScanResult result) {
    Artifact results = result.artifacts(ArtifactRole.RESULTS).get(0);
    return new ScoutSuiteParser().parse(ReportSource.of(results.file()), finding -> { });
  }

  private static long[] totals(ParsedReport report) {
    Collection<ServiceStats> services = report.accounts().get(0).services().values();
    return new long[] {services.stream().mapToLong(ServiceStats::checkedItems).sum(),
        services.stream().mapToLong(ServiceStats::flaggedItems).sum(),
        services.stream().mapToLong(ServiceStats::resourcesCount).sum()};
  }

  @Test
  void exit0_cleanRealRun_succeedsAndItsResultsParseToTheToolsTotals() throws IOException {
    Path run = ScoutSuiteRealRunsConformanceTest.realRun("clean-us-east-1-s3-cloudtrail-kms-vpc");

    ScanResult result = scan(StandInScout.exiting(0).replaying(run));

    assertThat(result.status()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(result.reason()).isNull();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.artifacts()).extracting(Artifact::name).contains(
        "scoutsuite-results/scoutsuite_results_aws-123456789012.js",
        "scoutsuite-results/scoutsuite_exceptions_aws-123456789012.js")
        .doesNotContain("scoutsuite-results/scoutsuite_errors_aws-123456789012.json");
    ParsedReport report = parseResults(result);
    assertThat(totals(report)).containsExactly(85, 42, 5);
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void exit200_partialRealRun_isPartialWithEachExceptionNamed() throws IOException {
    Path run = ScoutSuiteRealRunsConformanceTest.realRun("partial-default-all-regions");
    String summary = "183 collection errors in scoutsuite_errors_aws-123456789012.json (ScoutSuite could not read"
        + " everything; findings may be incomplete): ResponseParserError x140 (elasticache 80, cloudformation 20,"
        + " ec2 20, redshift 20); ClientError 500 x21 (directconnect 20, route53 1); TypeError x21 (ec2 20,"
        + " preprocessing 1); ParserError x1 (rule engine 1)";

    ScanResult result = scan(StandInScout.exiting(200).replaying(run));

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.exitCode()).isEqualTo(200);
    assertThat(result.reason()).contains("exited 200").contains("incomplete");
    assertThat(result.warnings()).containsExactly(summary);
    assertThat(result.artifacts()).extracting(Artifact::name)
        .contains("scoutsuite-results/scoutsuite_errors_aws-123456789012.json");
    ParsedReport report = parseResults(result);
    assertThat(totals(report)).containsExactly(1007, 315, 97);
    assertThat(report.warnings()).containsExactly(summary);
  }

  @Test
  void exit101_wrongKey_isACredentialsProblem() throws IOException {
    ScanResult result = scan(StandInScout.exiting(101).withoutResults().stderr(WRONG_KEY));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).isEqualTo("authentication failed: check the credentials of aws/123456789012"
        + " (aws-keys): " + WRONG_KEY);
  }

  @Test
  void exit101_endpointNotReachable_isANetworkProblemNotTheCredentials() throws IOException {
    ScanResult result = scan(StandInScout.exiting(101).withoutResults().stderr(NO_ENDPOINT));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(101);
    assertThat(result.reason()).startsWith("could not reach the cloud API from this machine: check the network,")
        .endsWith(NO_ENDPOINT).doesNotContain("check the credentials");
  }
}
