package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.enginetest.TestScanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pipeline#plan} and the provider check every run makes before its first scan. */
class PipelinePlanTest {
  @TempDir
  Path work;

  private final TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS, CloudProvider.of("onprem")),
      TestScanner.writesLines("test", List.of("s3-public,high,FAIL,bucket-a")));

  private Pipeline.Builder pipeline() {
    return Pipeline.builder(Plugins.of(List.of(scanner, new LinesParser(), new TestAggregator()))).aggregator("test")
        .workDirectory(work).defaultScanners(List.of("test")).heartbeat(Duration.ZERO);
  }

  private static CloudAccount account(String provider, String id) {
    return CloudAccount.builder(CloudProvider.of(provider), id).build();
  }

  @Test
  void run_misspeltProvider_isAConfigurationErrorWithTheKnownProvidersAndAGuess_andNothingRuns() {
    List<CloudAccount> accounts = List.of(account("awz", "000000000001"), account("awz", "000000000002"),
        account("aws", "000000000003"));

    assertThatThrownBy(() -> pipeline().build().run("run-1", accounts))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "provider 'awz' (accounts awz/000000000001, awz/000000000002) is scanned by no scanner; known providers:"
                + " [aws, azure, gcp, kubernetes, onprem]; did you mean 'aws'?"));
    assertThat(scanner.calls()).isZero();
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void plan_providerNoScannerKnows_namesItAndSaysToAddThePlugin() {
    assertThatThrownBy(() -> pipeline().build().plan("run-1", List.of(account("github", "org-1"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("provider 'github' (account github/org-1) is scanned by no scanner")
        .hasMessageContaining("add the plugin that scans it to the class path");
  }

  @Test
  void plan_wellKnownProviderNoScannerOnTheClassPathScans_isSkippedNotAnError() {
    List<ScanPlan> plan = pipeline().build().plan("run-1", List.of(account("gcp", "payments-1234"),
        account("aws", "000000000001"), account("onprem", "rack-7").toBuilder().enabled(false).build()));

    assertThat(plan).extracting(ScanPlan::runs).containsExactly(false, true, false);
    assertThat(plan.get(0).skipReason()).isEqualTo("scanner 'test' does not support provider 'gcp' (it scans [aws,"
        + " onprem])");
    assertThat(plan.get(2).skipReason()).isEqualTo("account disabled in configuration");
    assertThat(scanner.calls()).isZero();
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void plan_disabledAccountWithAnUnknownProvider_isNotAnError() {
    assertThat(pipeline().build().plan("run-1", List.of(account("awz", "000000000001").toBuilder().enabled(false)
        .build()))).singleElement().satisfies(scan -> assertThat(scan.runs()).isFalse());
  }

  @Test
  void plan_shard_keepsOnlyTheAccountsItOwns() {
    List<CloudAccount> accounts = List.of(account("aws", "000000000001"), account("aws", "000000000002"),
        account("aws", "000000000003"), account("aws", "000000000004"));
    Shard first = new Shard(0, 2);

    List<ScanPlan> plan = pipeline().shard(first).build().plan("run-1", accounts);

    assertThat(plan).extracting(ScanPlan::account).containsExactlyElementsOf(accounts.stream()
        .filter(first::owns).toList());
    assertThat(pipeline().shard(new Shard(1, 2)).build().plan("run-1", accounts)).hasSize(4 - plan.size());
  }
}
