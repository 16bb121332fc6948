package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.core.internal.diff.ComplianceDiff;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compliance part of the run diff: what newly fails and newly passes per requirement and account. */
class ComplianceDiffTest {
  private static final Instant BEFORE = Instant.parse("2026-11-01T02:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-08T02:00:00Z");
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String C = "333333333333";

  @TempDir
  Path temp;

  private static ComplianceRequirement requirement(String id, String title, List<String> failing,
      List<String> passing) {
    return new ComplianceRequirement(id, title, failing, passing, List.of(), failing.size());
  }

  private static FrameworkCompliance cis(ComplianceRequirement... requirements) {
    return new FrameworkCompliance("CIS-2.0", CloudProvider.AWS, List.of(requirements));
  }

  private static AccountSummary row(String account, ScanStatus status) {
    return new AccountSummary(CloudProvider.AWS, account, null, "prowler", status, 0, NOW, Duration.ZERO,
        status.hasResults() ? null : "authentication failed", new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO,
        new TreeMap<>(), List.of());
  }

  private static PostureReport report(String runId, Instant at, List<AccountSummary> rows,
      FrameworkCompliance... frameworks) {
    return PostureReport.builder(runId, at).accounts(rows).compliance(List.of(frameworks)).build();
  }

  @Test
  void between_requirementFailingNowNotBefore_newlyFailsAndFailingBeforePassingNow_newlyPasses() {
    List<AccountSummary> rows = List.of(row(A, ScanStatus.SUCCEEDED), row(B, ScanStatus.SUCCEEDED));
    PostureReport previous = report("run-1", BEFORE, rows,
        cis(requirement("1.1", "Avoid root", List.of(B), List.of(A)),
            requirement("2.1", "Encrypt", List.of(A), List.of())));
    PostureReport current = report("run-2", NOW, rows,
        cis(requirement("1.1", "Avoid root", List.of(A, B), List.of()),
            requirement("2.1", "Encrypt", List.of(), List.of(A)),
            requirement("3.1", "Log", List.of(B), List.of(A))));

    List<ComplianceChanges> changes = ComplianceDiff.between(previous, current);

    assertThat(changes).hasSize(1);
    ComplianceChanges cis = changes.get(0);
    assertThat(cis.framework()).isEqualTo("CIS-2.0");
    assertThat(cis.newlyFailing()).isEqualTo(2);
    assertThat(cis.newlyPassing()).isEqualTo(1);
    assertThat(cis.changes()).containsExactly(
        new ComplianceChanges.Change("1.1", "Avoid root", A, true),
        new ComplianceChanges.Change("3.1", "Log", B, true),
        new ComplianceChanges.Change("2.1", "Encrypt", A, false));
  }

  @Test
  void between_accountWhoseScanFailedBefore_isNotComparedButANewAccountIs() {
    PostureReport previous = report("run-1", BEFORE, List.of(row(A, ScanStatus.SUCCEEDED), row(B, ScanStatus.FAILED)),
        cis(requirement("1.1", null, List.of(), List.of(A))));
    PostureReport current = report("run-2", NOW, List.of(row(A, ScanStatus.SUCCEEDED), row(B, ScanStatus.SUCCEEDED),
        row(C, ScanStatus.SUCCEEDED)), cis(requirement("1.1", null, List.of(B, C), List.of(A))));

    List<ComplianceChanges> changes = ComplianceDiff.between(previous, current);

    assertThat(changes).singleElement().satisfies(cis -> {
      assertThat(cis.newlyFailing()).isEqualTo(1);
      assertThat(cis.changes()).containsExactly(new ComplianceChanges.Change("1.1", null, C, true));
    });
  }

  @Test
  void between_frameworkNewInThisRunOrPreviousRunWithoutCompliance_isNotCompared() {
    PostureReport previous = report("run-1", BEFORE, List.of(row(A, ScanStatus.SUCCEEDED)),
        cis(requirement("1.1", null, List.of(), List.of(A))));
    FrameworkCompliance soc2 = new FrameworkCompliance("SOC2", CloudProvider.AWS,
        List.of(requirement("cc_1", null, List.of(A), List.of())));
    PostureReport current = report("run-2", NOW, List.of(row(A, ScanStatus.SUCCEEDED)),
        cis(requirement("1.1", null, List.of(), List.of(A))), soc2);

    assertThat(ComplianceDiff.between(previous, current)).isEmpty();
    assertThat(ComplianceDiff.between(report("run-0", BEFORE, List.of(row(A, ScanStatus.SUCCEEDED))), current))
        .isEmpty();
  }

  @Test
  void between_manyChanges_listsTheFirstHundredAndCountsAll() {
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      accounts.add(String.format("%012d", i));
    }
    List<AccountSummary> rows = accounts.stream().map(account -> row(account, ScanStatus.SUCCEEDED)).toList();
    PostureReport previous = report("run-1", BEFORE, rows, cis(requirement("1.1", null, List.of(), accounts)));
    PostureReport current = report("run-2", NOW, rows, cis(requirement("1.1", null, accounts, List.of())));

    ComplianceChanges cis = ComplianceDiff.between(previous, current).get(0);

    assertThat(cis.newlyFailing()).isEqualTo(150);
    assertThat(cis.changes()).hasSize(ComplianceChanges.LIMIT);
    assertThat(cis.changes().get(99).account()).isEqualTo(accounts.get(99));
  }

  @Test
  void publish_secondRun_reportDiffHoldsTheComplianceChanges() throws Exception {
    URI site = temp.resolve("site").toUri();
    DiffRun first = new DiffRun(temp.resolve("work"), "run-1", BEFORE).ok(A, "r1:high")
        .compliance(cis(requirement("2.1.1", "Ensure S3 buckets are encrypted", List.of(), List.of(A))));
    DiffRun.PUBLISHER.publish(first.outcome(), site, Settings.empty());
    DiffRun second = new DiffRun(temp.resolve("work"), "run-2", NOW).ok(A, "r1:high")
        .compliance(cis(requirement("2.1.1", "Ensure S3 buckets are encrypted", List.of(A), List.of())));
    DiffRun.PUBLISHER.publish(second.outcome(), site, Settings.empty());

    PostureReport latest;
    try (InputStream in = Files.newInputStream(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT))) {
      latest = ReportJson.read(in, "latest");
    }
    String json = Files.readString(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT));

    assertThat(latest.diff().compliance()).containsExactly(new ComplianceChanges("CIS-2.0", CloudProvider.AWS, 1, 0,
        List.of(new ComplianceChanges.Change("2.1.1", "Ensure S3 buckets are encrypted", A, true))));
    assertThat(json).contains("\"newly_failing\": 1").contains("\"change\": \"newly_failing\"");
  }

  @Test
  void read_diffWithAnUnknownKindOfComplianceChange_failsNamingThePathAndWhatIsExpected() {
    String json = "{\"schema_version\": 1, \"run_id\": \"run-2\", \"generated_at\": \"2026-11-08T02:00:00Z\","
        + " \"diff\": {\"previous_run_id\": \"run-1\", \"previous_generated_at\": \"2026-11-01T02:00:00Z\","
        + " \"compliance\": [{\"framework\": \"CIS-2.0\", \"provider\": \"aws\", \"newly_failing\": 1,"
        + " \"changes\": [{\"requirement\": \"1.1\", \"account\": \"a\", \"change\": \"sideways\"}]}]}}";

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportJson.read(
        new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "latest.json"))
        .isInstanceOf(io.secposture.api.ReportParseException.class)
        .hasMessageContaining("latest.json").hasMessageContaining("/diff/compliance/0/changes/0")
        .hasMessageContaining("newly_failing or newly_passing").hasMessageContaining("sideways");
  }

  @Test
  void read_diffWrittenBeforeComplianceChanges_readsWithNone() {
    String json = "{\"schema_version\": 1, \"run_id\": \"run-2\", \"generated_at\": \"2026-11-08T02:00:00Z\","
        + " \"diff\": {\"previous_run_id\": \"run-1\", \"previous_generated_at\": \"2026-11-01T02:00:00Z\"}}";

    PostureReport report = ReportJson.read(
        new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "old.json");

    assertThat(report.diff().compliance()).isEmpty();
  }

  @Test
  void combine_shardDiffs_sumCountsAndKeepTheFirstHundredOfTheUnion() {
    List<ComplianceChanges.Change> one = new ArrayList<>();
    List<ComplianceChanges.Change> two = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      one.add(new ComplianceChanges.Change("1." + i, null, "a", true));
      two.add(new ComplianceChanges.Change("1." + i, null, "b", i % 2 == 0));
    }
    RunDiff first = diff(new ComplianceChanges("CIS-2.0", CloudProvider.AWS, 80, 0, one));
    RunDiff second = diff(new ComplianceChanges("CIS-2.0", CloudProvider.AWS, 40, 40, two));

    ComplianceChanges combined = RunDiff.combine(List.of(first, second)).compliance().get(0);

    assertThat(combined.newlyFailing()).isEqualTo(120);
    assertThat(combined.newlyPassing()).isEqualTo(40);
    assertThat(combined.changes()).hasSize(100).allMatch(ComplianceChanges.Change::failing);
    assertThat(combined.changes().get(0)).isEqualTo(new ComplianceChanges.Change("1.0", null, "a", true));
  }

  private static RunDiff diff(ComplianceChanges changes) {
    return new RunDiff("run-1", BEFORE, RunDiff.Counts.ZERO, Map.of(), new TreeMap<>(), new TreeMap<>())
        .withCompliance(List.of(changes));
  }

  // --- the shard law and an independent count, over random sections ---

  private static final List<String> FRAMEWORKS = List.of("CIS-2.0", "SOC2");
  private static final List<String> REQUIREMENTS = List.of("1.1", "1.2", "2.1");
  private static final List<String> ACCOUNTS = List.of("a", "b", "c", "d");
  private static final int CELLS = FRAMEWORKS.size() * REQUIREMENTS.size() * ACCOUNTS.size();
  private static final int NONE = 0;
  private static final int FAIL = 1;
  private static final int PASS = 2;
  private static final int MANUAL = 3;

  @Provide
  Arbitrary<List<Integer>> cells() {
    return Arbitraries.integers().between(0, 3).list().ofSize(CELLS);
  }

  @Provide
  Arbitrary<List<Integer>> previousRows() {
    // per account: 0 no row, 1 a row with results, 2 a row without results
    return Arbitraries.integers().between(0, 2).list().ofSize(ACCOUNTS.size());
  }

  @Property(tries = 300)
  void between_shardsOfARun_sumToTheWholeRunsChangesAndMatchACountByHand(@ForAll("cells") List<Integer> before,
      @ForAll("cells") List<Integer> now, @ForAll("previousRows") List<Integer> rows) {
    List<AccountSummary> previousRows = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS.size(); a++) {
      if (rows.get(a) > 0) {
        previousRows.add(row(ACCOUNTS.get(a), rows.get(a) == 1 ? ScanStatus.SUCCEEDED : ScanStatus.FAILED));
      }
    }
    PostureReport previous = PostureReport.builder("run-1", BEFORE).accounts(previousRows)
        .compliance(section(before, Set.copyOf(ACCOUNTS))).build();
    PostureReport whole = PostureReport.builder("run-2", NOW).compliance(section(now, Set.copyOf(ACCOUNTS))).build();
    PostureReport shardOne = PostureReport.builder("run-2", NOW).compliance(section(now, Set.of("a", "c"))).build();
    PostureReport shardTwo = PostureReport.builder("run-2", NOW).compliance(section(now, Set.of("b", "d"))).build();

    List<ComplianceChanges> all = ComplianceDiff.between(previous, whole);
    List<ComplianceChanges> shards = new ArrayList<>(ComplianceDiff.between(previous, shardOne));
    shards.addAll(ComplianceDiff.between(previous, shardTwo));

    assertThat(ComplianceChanges.combine(shards)).isEqualTo(all);
    for (int f = 0; f < FRAMEWORKS.size(); f++) {
      long failing = 0;
      long passing = 0;
      boolean assessedBefore = false;
      for (int r = 0; r < REQUIREMENTS.size(); r++) {
        for (int a = 0; a < ACCOUNTS.size(); a++) {
          assessedBefore |= before.get(cell(f, r, a)) != NONE;
        }
      }
      for (int r = 0; r < REQUIREMENTS.size(); r++) {
        for (int a = 0; a < ACCOUNTS.size(); a++) {
          int was = before.get(cell(f, r, a));
          int is = now.get(cell(f, r, a));
          boolean compared = assessedBefore && rows.get(a) != 2;
          if (compared && is == FAIL && was != FAIL) {
            failing++;
          }
          if (compared && is == PASS && was == FAIL) {
            passing++;
          }
        }
      }
      String framework = FRAMEWORKS.get(f);
      long expectedFailing = failing;
      long expectedPassing = passing;
      List<ComplianceChanges> entry = all.stream().filter(e -> e.framework().equals(framework)).toList();
      if (expectedFailing + expectedPassing == 0) {
        assertThat(entry).isEmpty();
      } else {
        assertThat(entry).singleElement().satisfies(e -> {
          assertThat(e.newlyFailing()).isEqualTo(expectedFailing);
          assertThat(e.newlyPassing()).isEqualTo(expectedPassing);
          assertThat(e.changes()).hasSize((int) (expectedFailing + expectedPassing));
        });
      }
    }
  }

  private static int cell(int framework, int requirement, int account) {
    return (framework * REQUIREMENTS.size() + requirement) * ACCOUNTS.size() + account;
  }

  private static List<FrameworkCompliance> section(List<Integer> cells, Set<String> accounts) {
    List<FrameworkCompliance> section = new ArrayList<>();
    for (int f = 0; f < FRAMEWORKS.size(); f++) {
      List<ComplianceRequirement> requirements = new ArrayList<>();
      for (int r = 0; r < REQUIREMENTS.size(); r++) {
        List<String> failing = new ArrayList<>();
        List<String> passing = new ArrayList<>();
        List<String> manual = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS.size(); a++) {
          String account = ACCOUNTS.get(a);
          if (!accounts.contains(account)) {
            continue;
          }
          switch (cells.get(cell(f, r, a))) {
            case FAIL: failing.add(account); break;
            case PASS: passing.add(account); break;
            case MANUAL: manual.add(account); break;
            default: break;
          }
        }
        if (!failing.isEmpty() || !passing.isEmpty() || !manual.isEmpty()) {
          requirements.add(new ComplianceRequirement(REQUIREMENTS.get(r), null, failing, passing, manual,
              failing.size()));
        }
      }
      if (!requirements.isEmpty()) {
        section.add(new FrameworkCompliance(FRAMEWORKS.get(f), CloudProvider.AWS, requirements));
      }
    }
    return section;
  }
}
