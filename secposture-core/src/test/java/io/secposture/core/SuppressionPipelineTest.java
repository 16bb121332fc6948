package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.Suppression;
import io.secposture.core.enginetest.TestScanner;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suppressions applied by the pipeline, in {@code run} and {@code aggregate}, with the real default aggregator: what
 * moves from flagged to muted, what stops failing compliance, what the findings files and the report section say.
 */
class SuppressionPipelineTest {
  /** rule, severity, status, resource, service, compliance requirement of CIS-2.0 (or -). */
  private static final List<String> ROWS = List.of(
      "s3_bucket_public_access,high,FAIL,arn:aws:s3:::legacy-logs-2019,s3,2.1",
      "s3_bucket_public_access,high,FAIL,arn:aws:s3:::customer-data,s3,2.1",
      "iam_root_mfa_enabled,critical,FAIL,root,iam,1.4",
      "iam_password_policy,low,PASS,policy,iam,1.4",
      "ec2_open_ssh,medium,FAIL,sg-1,ec2,-");
  private static final String SUPPRESSIONS = String.join("\n",
      "suppressions:",
      "  - id: legacy-logs",
      "    rule: s3_bucket_*",
      "    resource: \"arn:aws:s3:::legacy-logs*\"",
      "    reason: Public by design",
      "    owner: network-team",
      "    ticket: SEC-1",
      "    expires: 2027-03-31",
      "  - id: sandbox-root",
      "    rule: iam_root_*",
      "    accounts: [sandbox]",
      "    labels: {env: dev}",
      "    reason: No root use in the sandbox",
      "    owner: platform",
      "  - id: old-ssh",
      "    rule: ec2_open_ssh",
      "    reason: Bastion",
      "    owner: platform",
      "    expires: 2027-01-31",
      "  - id: nothing",
      "    rule: gke_*",
      "    reason: Never matches",
      "    owner: platform",
      "");
  private static final Instant RUN_AT = Instant.parse("2027-02-10T02:00:00Z");
  private static final CloudAccount SANDBOX = CloudAccount.builder(CloudProvider.AWS, "111122223333")
      .name("sandbox").labels(Map.of("env", "dev")).build();
  private static final CloudAccount PROD = CloudAccount.builder(CloudProvider.AWS, "444455556666")
      .name("prod").labels(Map.of("env", "prod")).build();

  @TempDir
  Path work;

  private Suppressions suppressions() throws IOException {
    return Suppressions.read(Files.writeString(work.resolve("suppressions.yaml"), SUPPRESSIONS));
  }

  private Pipeline pipeline(Suppressions suppressions, String workName) {
    TestScanner scanner = new TestScanner("prowler", Set.of(CloudProvider.AWS), request -> {
      Path file = request.outputDirectory().resolve("results.sup");
      Files.writeString(file, String.join("\n", ROWS) + "\n");
      return ScanResult.builder("prowler", request.account(), ScanStatus.SUCCEEDED).exitCode(0)
          .artifact(new Artifact(file, "results.sup", "text/plain", ArtifactRole.RESULTS)).build();
    });
    return Pipeline.builder(Plugins.of(List.of(scanner, new RowsParser(), new DefaultAggregator())))
        .workDirectory(work.resolve(workName)).defaultScanners(List.of("prowler")).heartbeat(Duration.ZERO)
        .clock(Clock.fixed(RUN_AT, ZoneOffset.UTC)).suppressions(suppressions).build();
  }

  @Test
  void run_suppressedFindings_moveFromFlaggedToMutedEverywhereAndCheckedItemsStay() throws IOException {
    PostureReport without = pipeline(Suppressions.none(), "plain").run("r1", List.of(SANDBOX, PROD)).report();
    PostureReport with = pipeline(suppressions(), "suppressed").run("r1", List.of(SANDBOX, PROD)).report();

    // legacy-logs mutes one s3 finding in each account; sandbox-root the root finding of the sandbox only;
    // old-ssh expired on 2027-01-31 and mutes nothing
    assertThat(with.findings().muted()).isEqualTo(without.findings().muted() + 3);
    assertThat(with.findings().flagged()).isEqualTo(without.findings().flagged() - 3);
    assertThat(with.findings().failed()).isEqualTo(without.findings().failed());
    assertThat(with.findings().flaggedBySeverity().get(Severity.CRITICAL)).isEqualTo(1);
    assertThat(with.findings().flaggedBySeverity().get(Severity.HIGH)).isEqualTo(2);
    assertThat(with.total().checkedItems()).isEqualTo(without.total().checkedItems());
    assertThat(with.total().flaggedItems()).isEqualTo(without.total().flaggedItems() - 3);
    ServiceStats s3 = with.services(CloudProvider.AWS).get("s3");
    assertThat(s3.flaggedItems()).isEqualTo(without.services(CloudProvider.AWS).get("s3").flaggedItems() - 2);
    assertThat(s3.checkedItems()).isEqualTo(without.services(CloudProvider.AWS).get("s3").checkedItems());
    assertThat(with.services(CloudProvider.AWS).get("iam").flaggedItems())
        .isEqualTo(without.services(CloudProvider.AWS).get("iam").flaggedItems() - 1);
    AccountSummary sandboxRow = row(with, SANDBOX);
    assertThat(sandboxRow.findings().muted()).isEqualTo(2);
    assertThat(sandboxRow.services().get("s3").flaggedItems()).isEqualTo(1);
    assertThat(row(with, PROD).findings().muted()).isEqualTo(1);
    assertThat(with.rules()).filteredOn(rule -> rule.ruleId().equals("s3_bucket_public_access"))
        .singleElement().satisfies(rule -> assertThat(rule.flagged()).isEqualTo(2));

    assertThat(with.suppressions())
        .extracting(Suppression::id, Suppression::matched, Suppression::expired, Suppression::unused)
        .containsExactly(tuple("legacy-logs", 2L, false, false), tuple("nothing", 0L, false, true),
            tuple("old-ssh", 0L, true, false), tuple("sandbox-root", 1L, false, false));
    assertThat(without.suppressions()).isEmpty();
  }

  @Test
  void run_suppressedFail_stopsFailingItsComplianceRequirementInThatAccountOnly() throws IOException {
    PostureReport without = pipeline(Suppressions.none(), "plain").run("r1", List.of(SANDBOX, PROD)).report();
    PostureReport with = pipeline(suppressions(), "suppressed").run("r1", List.of(SANDBOX, PROD)).report();

    ComplianceRequirement before = requirement(without, "1.4");
    ComplianceRequirement after = requirement(with, "1.4");
    assertThat(before.failingAccounts()).containsExactlyInAnyOrder(SANDBOX.id(), PROD.id());
    assertThat(after.failingAccounts()).containsExactly(PROD.id());
    assertThat(after.passingAccounts()).containsExactly(SANDBOX.id());
    assertThat(after.flagged()).isEqualTo(before.flagged() - 1);
    assertThat(requirement(with, "2.1").failingAccounts()).containsExactlyInAnyOrder(SANDBOX.id(), PROD.id());
  }

  @Test
  void run_findingsFiles_carryTheIdOfTheSuppressionThatMutedEachFinding() throws IOException {
    RunOutcome outcome = pipeline(suppressions(), "suppressed").run("r1", List.of(SANDBOX, PROD));

    Map<String, String> sandbox = suppressedBy(outcome, SANDBOX);
    assertThat(sandbox).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s3_bucket_public_access arn:aws:s3:::legacy-logs-2019", "legacy-logs true",
        "s3_bucket_public_access arn:aws:s3:::customer-data", "- false",
        "iam_root_mfa_enabled root", "sandbox-root true",
        "iam_password_policy policy", "- false",
        "ec2_open_ssh sg-1", "- false"));
    assertThat(suppressedBy(outcome, PROD)).containsEntry("iam_root_mfa_enabled root", "- false")
        .containsEntry("s3_bucket_public_access arn:aws:s3:::legacy-logs-2019", "legacy-logs true");
    List<Finding> read = new ArrayList<>();
    FindingsFile.read(findingsFile(outcome, SANDBOX), read::add);
    assertThat(read).filteredOn(Finding::muted).extracting(Finding::resourceId)
        .containsExactlyInAnyOrder("arn:aws:s3:::legacy-logs-2019", "root");
  }

  @Test
  void shards_mergeToTheSectionOfOneRun() throws IOException {
    Suppressions suppressions = suppressions();
    List<CloudAccount> accounts = new ArrayList<>(List.of(SANDBOX, PROD));
    for (int i = 0; i < 6; i++) {
      accounts.add(CloudAccount.builder(CloudProvider.AWS, "99990000000" + i).name("extra-" + i).build());
    }
    PostureReport whole = pipeline(suppressions, "whole").run("r1", accounts).report();
    PostureReport first = shard(suppressions, "shard-0", new Shard(0, 2), accounts);
    PostureReport second = shard(suppressions, "shard-1", new Shard(1, 2), accounts);

    assertThat(first.accounts()).isNotEmpty();
    assertThat(second.accounts()).isNotEmpty();
    PostureReport merged = new DefaultAggregator().merge(List.of(first, second));
    PostureReport read = ReportJson.read(new java.io.ByteArrayInputStream(ReportJson.toBytes(merged)), "merged");

    assertThat(merged.suppressions()).isEqualTo(whole.suppressions());
    assertThat(merged.findings()).isEqualTo(whole.findings());
    assertThat(read.suppressions()).isEqualTo(whole.suppressions());
  }

  private PostureReport shard(Suppressions suppressions, String name, Shard shard, List<CloudAccount> accounts) {
    TestScanner scanner = new TestScanner("prowler", Set.of(CloudProvider.AWS), request -> {
      Path file = request.outputDirectory().resolve("results.sup");
      Files.writeString(file, String.join("\n", ROWS) + "\n");
      return ScanResult.builder("prowler", request.account(), ScanStatus.SUCCEEDED).exitCode(0)
          .artifact(new Artifact(file, "results.sup", "text/plain", ArtifactRole.RESULTS)).build();
    });
    return Pipeline.builder(Plugins.of(List.of(scanner, new RowsParser(), new DefaultAggregator())))
        .workDirectory(work.resolve(name)).defaultScanners(List.of("prowler")).heartbeat(Duration.ZERO)
        .clock(Clock.fixed(RUN_AT, ZoneOffset.UTC)).suppressions(suppressions).shard(shard).build()
        .run("r1", accounts).report();
  }

  @Test
  void aggregate_existingFiles_matchAccountIdsButNotInventoryNamesOrLabels() throws IOException {
    Path inputs = Files.createDirectories(work.resolve("inputs"));
    Files.writeString(inputs.resolve("sandbox.sup"), "account=111122223333\n" + String.join("\n", ROWS) + "\n");
    String yaml = SUPPRESSIONS + String.join("\n",
        "  - id: by-id",
        "    rule: ec2_*",
        "    accounts: [\"111122223333\"]",
        "    reason: r",
        "    owner: o",
        "");
    Suppressions suppressions = Suppressions.read(Files.writeString(work.resolve("more.yaml"), yaml));

    PostureReport report = pipeline(suppressions, "aggregate").aggregate("agg-1", List.of(inputs)).report();

    assertThat(report.suppressions()).extracting(Suppression::id, Suppression::matched)
        .containsExactly(tuple("by-id", 1L), tuple("legacy-logs", 1L), tuple("nothing", 0L), tuple("old-ssh", 0L),
            tuple("sandbox-root", 0L));
    assertThat(report.findings().muted()).isEqualTo(2);
    assertThat(report.findings().flaggedBySeverity().get(Severity.CRITICAL)).isEqualTo(1);
  }

  private static AccountSummary row(PostureReport report, CloudAccount account) {
    return report.accounts().stream().filter(row -> row.accountId().equals(account.id())).findFirst().orElseThrow();
  }

  private static ComplianceRequirement requirement(PostureReport report, String id) {
    FrameworkCompliance cis = report.compliance().stream().filter(f -> f.framework().equals("CIS-2.0"))
        .findFirst().orElseThrow();
    return cis.requirements().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static Path findingsFile(RunOutcome outcome, CloudAccount account) {
    return outcome.scans().stream().filter(scan -> scan.account().id().equals(account.id())).findFirst()
        .orElseThrow().artifacts(ArtifactRole.FINDINGS).get(0).file();
  }

  /** "rule resource" -> "suppressed_by muted" of every line of the account's findings file. */
  private static Map<String, String> suppressedBy(RunOutcome outcome, CloudAccount account) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> lines = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(findingsFile(outcome, account))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node = json.readTree(line);
        lines.put(node.get("rule_id").asText() + " " + node.get("resource_id").asText(),
            (node.has("suppressed_by") ? node.get("suppressed_by").asText() : "-") + " "
                + node.get("muted").asBoolean());
      }
    }
    return lines;
  }

  /**
   * Reads {@code *.sup}: an optional {@code account=ID} first line, then {@code rule,severity,status,resource,
   * service,requirement} rows (requirement of CIS-2.0, or {@code -}), as the tool {@code prowler}.
   */
  static final class RowsParser implements ReportParser {
    @Override
    public String name() {
      return "test-rows";
    }

    @Override
    public boolean accepts(ReportSource source) {
      return source.fileName().endsWith(".sup");
    }

    @Override
    public ParsedReport parse(ReportSource source, FindingSink sink) {
      String account = source.account() == null ? "unknown" : source.account().id();
      Map<String, long[]> services = new HashMap<>();
      long count = 0;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("account=")) {
            account = line.substring("account=".length());
            continue;
          }
          String[] cells = line.split(",");
          Finding.Builder finding = Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account)
              .region("eu-west-1").service(cells[4]).ruleId(cells[0]).severity(Severity.parse(cells[1]))
              .status(FindingStatus.valueOf(cells[2])).resourceId(cells[3]);
          if (!cells[5].equals("-")) {
            finding.compliance(new ComplianceRef("CIS-2.0", cells[5]));
          }
          Finding built = finding.build();
          sink.accept(built);
          count++;
          long[] stats = services.computeIfAbsent(cells[4], key -> new long[2]);
          stats[0]++;
          stats[1] += built.flagged() ? 1 : 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, ServiceStats> stats = new HashMap<>();
      services.forEach((service, counts) -> stats.put(service, new ServiceStats(counts[0], counts[1], counts[0])));
      return new ParsedReport(name(), source.toString(), "prowler", "5.0", null,
          List.of(AccountStats.of(CloudProvider.AWS, account, stats)), count, List.of());
    }
  }
}
