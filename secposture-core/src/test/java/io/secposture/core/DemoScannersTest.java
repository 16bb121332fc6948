package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.enginetest.TestScanner;
import io.secposture.samples.DemoScanners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's stand-in scanners. The tests marked "needs SampleData" run the ScoutSuite and Prowler sample writers
 * and pass once those are implemented.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoScannersTest {
  @TempDir
  Path dir;

  private static Scanner demo(String name) {
    return DemoScanners.create(42, Duration.ZERO).stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static CloudAccount account(CloudProvider provider, String id, Map<String, String> labels) {
    return CloudAccount.builder(provider, id).labels(labels).build();
  }

  private ScanRequest request(String directory, CloudAccount account) throws IOException {
    return ScanRequest.of("run-1", account, Files.createDirectories(dir.resolve(directory)), Duration.ofMinutes(1));
  }

  @Test
  void create_scoutsuiteAndProwlerStandIns() {
    List<Scanner> scanners = DemoScanners.create(1, Duration.ofMillis(10));

    assertThat(scanners).extracting(Scanner::name).containsExactly("scoutsuite", "prowler");
    assertThat(scanners.get(0).providers()).containsExactlyInAnyOrder(CloudProvider.AWS, CloudProvider.AZURE,
        CloudProvider.GCP);
    assertThat(scanners.get(1).providers()).contains(CloudProvider.KUBERNETES);
  }

  @Test
  void scan_succeeds_writesSampleResultsInsideTheOutputDirectory_needsSampleData() throws IOException {
    for (String name : List.of("scoutsuite", "prowler")) {
      ScanRequest request = request(name, account(CloudProvider.AWS, "123456789012", Map.of()));

      ScanResult result = demo(name).scan(request);

      assertThat(result.status()).as(name).isEqualTo(ScanStatus.SUCCEEDED);
      assertThat(result.exitCode()).isZero();
      assertThat(result.artifacts(ArtifactRole.RESULTS)).as(name).isNotEmpty();
      assertThat(result.artifacts(ArtifactRole.LOG)).singleElement()
          .satisfies(log -> assertThat(log.name()).isEqualTo("demo-scan.log"));
      for (Artifact artifact : result.artifacts()) {
        assertThat(artifact.file()).startsWith(request.outputDirectory()).isRegularFile();
      }
    }
  }

  @Test
  void scan_sameAccountTwice_sameBytes_needsSampleData() throws IOException {
    CloudAccount account = account(CloudProvider.GCP, "payments-prod-1234", Map.of());

    Artifact first = demo("prowler").scan(request("one", account)).artifacts(ArtifactRole.RESULTS).get(0);
    Artifact second = demo("prowler").scan(request("two", account)).artifacts(ArtifactRole.RESULTS).get(0);

    assertThat(Files.readAllBytes(first.file())).isEqualTo(Files.readAllBytes(second.file()));
  }

  @Test
  void scan_generationLabel_selectsALaterGeneration_needsSampleData() throws IOException {
    Artifact week0 = demo("scoutsuite").scan(request("g0", account(CloudProvider.AWS, "123456789012", Map.of())))
        .artifacts(ArtifactRole.RESULTS).get(0);
    Artifact week3 = demo("scoutsuite").scan(request("g3", account(CloudProvider.AWS, "123456789012",
        Map.of(DemoScanners.GENERATION_LABEL, "3")))).artifacts(ArtifactRole.RESULTS).get(0);

    assertThat(Files.readAllBytes(week0.file())).isNotEqualTo(Files.readAllBytes(week3.file()));
  }

  @Test
  void scan_partialLabel_partialWithWarningAndResults_needsSampleData() throws IOException {
    ScanResult result = demo("scoutsuite").scan(request("partial", account(CloudProvider.AZURE,
        "0a1b2c3d-0000-4000-8000-123456789abc", Map.of(DemoScanners.OUTCOME_LABEL, "partial"))));

    assertThat(result.status()).isEqualTo(ScanStatus.PARTIAL);
    assertThat(result.exitCode()).isEqualTo(200);
    assertThat(result.warnings()).containsExactly("12 collection errors: AccessDenied x12 (iam 8, s3 4)");
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isNotEmpty();
  }

  @Test
  void scan_failedLabel_authenticationFailedWithExit101AndNoResults() throws IOException {
    ScanResult result = demo("prowler").scan(request("failed", account(CloudProvider.AWS, "123456789012",
        Map.of(DemoScanners.OUTCOME_LABEL, "failed"))));

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(101);
    assertThat(result.reason()).isEqualTo("authentication failed");
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isEmpty();
    assertThat(result.logTail()).last().asString().startsWith("ERROR authentication failed");
  }

  @Test
  void scan_timeoutLabel_hangsUntilInterrupted() throws Exception {
    ScanRequest request = request("hang", account(CloudProvider.AWS, "123456789012",
        Map.of(DemoScanners.OUTCOME_LABEL, "timeout")));
    AtomicReference<ScanResult> result = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread scan = new Thread(() -> {
      result.set(demo("scoutsuite").scan(request));
      interruptedAfter.set(Thread.currentThread().isInterrupted());
    });

    scan.start();
    scan.join(500);
    assertThat(scan.isAlive()).as("still hanging").isTrue();
    scan.interrupt();
    scan.join(10_000);

    assertThat(result.get().status()).isEqualTo(ScanStatus.TIMED_OUT);
    assertThat(interruptedAfter).isTrue();
  }

  @Test
  void scan_malformedGenerationOrUnsupportedProvider_clearOutcome() throws IOException {
    ScanRequest malformed = request("bad", account(CloudProvider.AWS, "123456789012",
        Map.of(DemoScanners.GENERATION_LABEL, "last week")));
    assertThatThrownBy(() -> demo("scoutsuite").scan(malformed)).isInstanceOf(ConfigurationException.class)
        .hasMessage("label demo.generation of account aws/123456789012 is 'last week'; expected a whole number from 0");

    ScanResult skipped = demo("scoutsuite").scan(request("k8s", account(CloudProvider.KUBERNETES, "cluster", Map.of())));
    assertThat(skipped.status()).isEqualTo(ScanStatus.SKIPPED);
    assertThat(skipped.reason()).contains("kubernetes");
  }

  @Test
  void scan_interruptedWhileWorking_failsQuicklyAndKeepsTheInterrupt() throws Exception {
    Scanner slow = DemoScanners.create(1, Duration.ofSeconds(30)).get(0);
    ScanRequest request = request("slow", account(CloudProvider.AWS, "123456789012", Map.of()));
    AtomicReference<ScanResult> result = new AtomicReference<>();
    Thread scan = new Thread(() -> result.set(slow.scan(request)));

    scan.start();
    Thread.sleep(200);
    scan.interrupt();
    scan.join(10_000);

    assertThat(result.get().status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.get().reason()).isEqualTo("the demo scan was interrupted");
  }

  @Test
  void plugins_replaceDiscoveredScannersAndKeepEverythingElse() {
    Scanner real = new TestScanner("scoutsuite", Set.of(CloudProvider.AWS), request -> null);
    Plugins discovered = Plugins.of(List.of(real, new LinesParser(), new TestAggregator()));

    Plugins demo = DemoScanners.plugins(discovered, 7, Duration.ZERO);

    assertThat(demo.scanners().keySet()).containsExactly("prowler", "scoutsuite");
    assertThat(demo.scanner("scoutsuite")).isNotSameAs(real);
    assertThat(demo.parsers().keySet()).containsExactly("test-lines");
    assertThat(demo.aggregators().keySet()).containsExactly("test");
  }

  @Test
  void accounts_stableAndShowFailureIsolation() {
    List<CloudAccount> accounts = DemoScanners.accounts(8, 3);

    assertThat(accounts).hasSize(8).isEqualTo(DemoScanners.accounts(8, 3));
    assertThat(accounts.get(1).labels()).containsEntry(DemoScanners.OUTCOME_LABEL, "failed");
    assertThat(accounts.get(4).labels()).containsEntry(DemoScanners.OUTCOME_LABEL, "partial");
    assertThat(accounts).filteredOn(a -> a.labels().containsKey(DemoScanners.OUTCOME_LABEL)).hasSize(2);
    assertThat(DemoScanners.accounts(3, 3)).noneMatch(a -> a.labels().containsKey(DemoScanners.OUTCOME_LABEL));
  }
}
