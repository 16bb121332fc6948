package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingTally;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishResult;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.ExportRunner;
import io.secposture.core.FindingsFile;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.SiteLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The archive scope as the job builds it: two runs published for real to a local site and exported by core's
 * {@link ExportRunner} (which makes each scan's {@code ScanScope} from the options it ran with) into a local Security
 * Hub. A run limited by a job-wide scanner option ({@code prowler.service=s3}, as {@code SECPOSTURE_OPTIONS} sets it)
 * archives the s3 finding it resolved and leaves the iam finding it never looked at ACTIVE.
 */
class SecurityHubRunScopeTest {
  private static final String PROD = "111122223333";
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");

  @TempDir
  Path temp;

  @Test
  void a_run_limited_by_a_job_wide_service_option_archives_nothing_outside_that_service() throws Exception {
    try (FakeSecurityHub hub = new FakeSecurityHub()) {
      Plugins plugins = Plugins.discover();
      URI site = temp.resolve("site").toUri();
      CloudAccount account = SecurityHubExporterTest.keys(PROD, "AKIDPROD");
      Finding s3 = SecurityHubExporterTest.flagged(PROD, "eu-west-1", "s3", "s3_bucket_public", "arn:aws:s3:::b");
      Finding iam = SecurityHubExporterTest.flagged(PROD, "eu-west-1", "iam", "iam_old_key", "arn:aws:iam::k");

      export(runner(hub, account, Settings.empty()), plugins, site,
          run("run-1", FIRST, account, List.of(s3, iam)));
      // a week later, SECPOSTURE_OPTIONS=prowler.service=s3: the scan looks at s3 only and flags nothing
      export(runner(hub, account, Settings.of(Map.of("prowler.service", "s3"))), plugins, site,
          run("run-2", FIRST.plus(Duration.ofDays(7)), account, List.of()));

      Map<String, String> states = new TreeMap<>();
      for (JsonNode asff : hub.stored().values()) {
        states.put(asff.path("ProductFields").path("secposture/RuleId").asText(), asff.path("RecordState").asText());
      }
      assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("s3_bucket_public", "ARCHIVED",
          "iam_old_key", "ACTIVE"));
    }
  }

  private static ExportRunner runner(FakeSecurityHub hub, CloudAccount account, Settings scannerOptions) {
    SecurityHubExporter exporter = new SecurityHubExporter(new FakeTicker(), Clock.fixed(FIRST, ZoneOffset.UTC),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDAMBIENT", "s")), () -> "eu-west-1");
    return ExportRunner.builder(Plugins.discover()).exporters(List.of(exporter))
        .options(Settings.of(Map.of("securityhub.endpoint", hub.endpoint().toString())))
        .accounts(List.of(account)).scannerOptions(scannerOptions).build();
  }

  private static void export(ExportRunner runner, Plugins plugins, URI site, RunOutcome outcome) {
    ExportRunner.Staged staged = runner.stage(outcome, site, Settings.empty());
    PublishResult published = new RunPublisher(plugins).publish(staged.outcome(), site, Settings.empty());
    ExportRunner.Outcome exports = runner.afterPublish(staged.outcome(), published, site, Settings.empty());
    assertThat(exports.failures()).isEmpty();
  }

  private RunOutcome run(String runId, Instant at, CloudAccount account, List<Finding> findings) {
    Path runDirectory = temp.resolve("work").resolve(runId);
    Path file = SiteLayout.scanDirectory(runDirectory, CloudProvider.AWS, PROD, "prowler")
        .resolve(FindingsFile.FILE_NAME);
    String key = SiteLayout.scanPrefix(runId, CloudProvider.AWS, PROD, "prowler") + FindingsFile.FILE_NAME;
    FindingTally tally = FindingTally.ZERO;
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      for (Finding finding : findings) {
        writer.accept(finding);
        tally = tally.plus(finding);
      }
    }
    AccountSummary row = new AccountSummary(CloudProvider.AWS, PROD, "prod", "prowler", ScanStatus.SUCCEEDED, 0,
        at.minusSeconds(60), Duration.ofSeconds(60), null, new TreeMap<>(),
        new TreeMap<>(Map.of("s3", new ServiceStats(10, tally.flagged(), 5))), tally,
        new TreeMap<>(Map.of("findings", key)), List.of());
    PostureReport report = PostureReport.builder(runId, at).accounts(List.of(row)).findings(tally).build();
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, runId, at.minusSeconds(120), at, false,
        List.of(), List.of());
    return new RunOutcome(report, List.of(ScanResult.builder("prowler", account, ScanStatus.SUCCEEDED).build()),
        manifest, List.of(new StagedFile(key, file, FindingsFile.MEDIA_TYPE)), runDirectory);
  }
}
