package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Plugins;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import io.secposture.api.StagedFile;
import io.secposture.core.enginetest.LinesParser;
import io.secposture.core.enginetest.TestAggregator;
import io.secposture.core.enginetest.TestScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's hooks for many accounts: credential brokers, shards and the shared rate budget. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineScaleTest {
  private static final List<String> ROWS = List.of("s3-public,high,FAIL,bucket-a", "iam-root,critical,PASS,root");
  private static final String ROLE = "arn:aws:iam::%s:role/SecpostureAudit";

  @TempDir
  Path work;

  private Pipeline.Builder pipeline(TestScanner scanner) {
    return Pipeline.builder(Plugins.of(List.of(scanner, new LinesParser(), new TestAggregator()))).aggregator("test")
        .workDirectory(work).defaultScanners(List.of("test")).heartbeat(Duration.ZERO);
  }

  private static List<CloudAccount> roleAccounts(int count) {
    List<CloudAccount> accounts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = String.format("%012d", i);
      accounts.add(CloudAccount.builder(CloudProvider.AWS, id)
          .credentials(new Credentials.AwsRole(String.format(ROLE, id), Secret.of("external-" + id), null, null))
          .build());
    }
    return accounts;
  }

  /** A broker for aws-role that hands out an environment with a per-lease token and records what happens. */
  private static final class RecordingBroker implements CredentialBroker {
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final String failFor;

    RecordingBroker(String failFor) {
      this.failFor = failFor;
    }

    @Override
    public Set<String> kinds() {
      return Set.of(Credentials.AwsRole.KIND);
    }

    @Override
    public CredentialLease lease(CloudAccount account, Credentials credentials) {
      Credentials.AwsRole awsRole = (Credentials.AwsRole) credentials;
      String role = awsRole.roleArn();
      if (account.id().equals(failFor)) {
        // a careless broker quoting the external id: the pipeline masks the account's secrets anyway
        throw new SecpostureException("AccessDenied: the job may not assume " + role + " with external id "
            + awsRole.externalId().reveal());
      }
      String token = "lease-token-" + account.id();
      tokens.put(account.id(), token);
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      Credentials.Environment environment = new Credentials.Environment(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN",
          Secret.of(token)), "assumed " + role);
      return new CredentialLease() {
        @Override
        public Credentials credentials() {
          return environment;
        }

        @Override
        public List<Secret> secrets() {
          return List.of(Secret.of(token), Secret.of("served-key-" + account.id()));
        }

        @Override
        public void close() {
          open.decrementAndGet();
          closed.add(account.id());
        }
      };
    }

    @Override
    public void close() {
    }
  }

  @Test
  void run_brokerChainsTheKind_scannerGetsTheLeaseAndTheLeaseEndsWithTheScan() {
    RecordingBroker broker = new RecordingBroker(null);
    List<Integer> openWhileScanning = new CopyOnWriteArrayList<>();
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      openWhileScanning.add(broker.open.get());
      return TestScanner.succeeded("test", request, ROWS);
    });

    RunOutcome outcome = pipeline(scanner).concurrency(2).credentialBroker(broker).build()
        .run("run-1", roleAccounts(5));

    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(scanner.requests()).allSatisfy(request -> {
      assertThat(request.credentials()).isInstanceOf(Credentials.Environment.class);
      assertThat(((Credentials.Environment) request.credentials()).variables().get(
          "AWS_CONTAINER_AUTHORIZATION_TOKEN").reveal()).isEqualTo("lease-token-" + request.account().id());
      assertThat(request.account().credentials()).isInstanceOf(Credentials.AwsRole.class);
    });
    assertThat(broker.closed).containsExactlyInAnyOrderElementsOf(broker.tokens.keySet()).hasSize(5);
    assertThat(broker.open).hasValue(0);
    assertThat(broker.maxOpen.get()).isLessThanOrEqualTo(2);
    assertThat(openWhileScanning).allMatch(open -> open >= 1);
  }

  @Test
  void run_leaseFails_thatScanFailedWithTheAccountsSecretsMaskedAndTheOthersSucceed() {
    RecordingBroker broker = new RecordingBroker("000000000002");
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));

    RunOutcome outcome = pipeline(scanner).credentialBroker(broker).build().run("run-1", roleAccounts(3));

    assertThat(outcome.scans()).extracting(ScanResult::status)
        .containsExactly(ScanStatus.SUCCEEDED, ScanStatus.FAILED, ScanStatus.SUCCEEDED);
    assertThat(outcome.scans().get(1).reason()).isEqualTo("could not obtain aws-role credentials for account"
        + " aws/000000000002: SecpostureException: AccessDenied: the job may not assume"
        + " arn:aws:iam::000000000002:role/SecpostureAudit with external id ****");
    assertThat(scanner.calls()).isEqualTo(2);
  }

  @Test
  void run_scannerPrintsWhatTheLeaseServed_maskedInTheResult() {
    RecordingBroker broker = new RecordingBroker(null);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> ScanResult.builder("test",
        request.account(), ScanStatus.FAILED).reason("boto3 said: invalid key served-key-" + request.account().id()
            + " with token lease-token-" + request.account().id()).build());

    RunOutcome outcome = pipeline(scanner).credentialBroker(broker).build().run("run-1", roleAccounts(1));

    assertThat(outcome.scans().get(0).reason()).isEqualTo("boto3 said: invalid key **** with token ****");
  }

  @Test
  void run_scannerLogsWhatTheEndpointServed_maskedInThePublishedLog() throws Exception {
    RecordingBroker broker = new RecordingBroker(null);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      Path log = request.outputDirectory().resolve("scanner.log");
      Files.writeString(log, "DEBUG signing with served-key-" + request.account().id() + "\nINFO done\n");
      ScanResult result = TestScanner.succeeded("test", request, ROWS);
      return result.toBuilder().artifact(new io.secposture.api.Artifact(log, "scanner.log", "text/plain",
          io.secposture.api.ArtifactRole.LOG)).build();
    });

    RunOutcome outcome = pipeline(scanner).credentialBroker(broker).build().run("run-1", roleAccounts(1));

    Path log = outcome.scans().get(0).artifacts(io.secposture.api.ArtifactRole.LOG).get(0).file();
    assertThat(Files.readString(log)).isEqualTo("DEBUG signing with ****\nINFO done\n");
  }

  @Test
  void run_otherKindsWithABroker_scannerGetsTheAccountsOwnCredentials() {
    RecordingBroker broker = new RecordingBroker(null);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));
    CloudAccount profile = CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .credentials(new Credentials.AwsProfile("audit")).build();

    pipeline(scanner).credentialBroker(broker).build().run("run-1", List.of(profile));

    assertThat(scanner.requests().get(0).credentials()).isEqualTo(new Credentials.AwsProfile("audit"));
    assertThat(broker.tokens).isEmpty();
  }

  @Test
  void run_shards_eachScansItsOwnAccountsAndTogetherEveryAccountOnce() {
    List<CloudAccount> accounts = roleAccounts(12);
    List<String> scanned = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));
      Shard shard = new Shard(index, 3);
      RunOutcome outcome = pipeline(scanner).shard(shard).workDirectory(work.resolve("shard-" + index)).build()
          .run("run-1", accounts);

      List<String> ids = scanner.requests().stream().map(request -> request.account().id()).sorted().toList();
      assertThat(ids).containsExactlyElementsOf(shard.select(accounts).stream().map(CloudAccount::id).sorted()
          .toList());
      assertThat(outcome.shard()).isEqualTo(shard);
      assertThat(outcome.report().accounts()).hasSize(ids.size());
      assertThat(outcome.files()).extracting(StagedFile::key).contains("runs/run-1/shards/" + index
          + "-of-3.manifest.json").doesNotContain("runs/run-1/manifest.json");
      scanned.addAll(ids);
    }
    assertThat(scanned).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void run_shardOwningNoAccount_emptyReportInsteadOfAConfigurationProblem() {
    List<CloudAccount> one = roleAccounts(1);
    int owner = Shard.indexOf(CloudProvider.AWS, one.get(0).id(), 2);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));

    RunOutcome outcome = pipeline(scanner).shard(new Shard(1 - owner, 2)).build().run("run-1", one);

    assertThat(outcome.scans()).isEmpty();
    assertThat(outcome.report().accounts()).isEmpty();
    assertThat(scanner.calls()).isZero();
  }

  @Test
  void run_rateBudget_scansRunningTogetherNeverExceedIt() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<String> shares = new CopyOnWriteArrayList<>();
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      int share = Integer.parseInt(request.options().getString(RateBudget.SHARE_OPTION));
      shares.add(request.options().getString("scoutsuite.max-rate"));
      maxInFlight.accumulateAndGet(inFlight.addAndGet(share), Math::max);
      try {
        Thread.sleep(40);
        return TestScanner.succeeded("test", request, ROWS);
      } finally {
        inFlight.addAndGet(-share);
      }
    });
    RateBudget budget = RateBudget.builder().requestsPerSecond(CloudProvider.AWS, 100).build();

    RunOutcome outcome = pipeline(scanner).concurrency(4).rateBudget(budget).build().run("run-1", roleAccounts(10));

    assertThat(outcome.scans()).allMatch(scan -> scan.status() == ScanStatus.SUCCEEDED);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(50);
    assertThat(shares).contains("25").allMatch(share -> List.of("25", "33", "50", "100").contains(share));
    assertThat(scanner.requests()).extracting(ScanRequest::options)
        .allMatch(options -> "10".equals(options.getString("prowler.aws-retries-max-attempts")));
  }

  @Test
  void run_withoutBudget_optionsCarryNoShare() throws Exception {
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), TestScanner.writesLines("test", ROWS));

    RunOutcome outcome = pipeline(scanner).build().run("run-1", roleAccounts(1));

    assertThat(scanner.requests().get(0).options().contains(RateBudget.SHARE_OPTION)).isFalse();
    assertThat(Files.exists(outcome.runDirectory().resolve("manifest.json"))).isTrue();
  }
}
