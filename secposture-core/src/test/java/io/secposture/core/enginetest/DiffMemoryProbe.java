package io.secposture.core.enginetest;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import io.secposture.api.StagedFile;
import io.secposture.core.FindingsFile;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run in a JVM with a small heap: publishes two generations of a run with many account rows of many findings each
 * (all the flagged fingerprints of one run would not fit the heap), then compares the second with the first and
 * prints the diff's totals, the time it took and the peak heap. Generation 0 flags every finding whose number does
 * not end in 0, generation 1 every one not ending in 1: a tenth resolved, a tenth new, the rest unchanged.
 */
public final class DiffMemoryProbe {
  private DiffMemoryProbe() {
  }

  /**
   * Publishes, compares and prints.
   *
   * @param args the work directory, the number of rows and the number of findings per row
   * @throws Exception on any failure (the exit code tells the test)
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    int perRow = Integer.parseInt(args[2]);
    Path site = dir.resolve("site");
    RunPublisher publisher = new RunPublisher(Plugins.of(List.of(new LocalArtifactPublisher())));
    Instant first = Instant.parse("2026-11-01T02:00:00Z");
    publisher.publish(outcome(dir, "gen-0", first, 0, rows, perRow), site.toUri(), Settings.empty());
    RunOutcome second = outcome(dir, "gen-1", first.plus(Duration.ofDays(7)), 1, rows, perRow);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long started = System.nanoTime();
    RunOutcome compared = publisher.compare(second, site.toUri(), Settings.empty());
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    RunDiff.Counts total = compared.report().diff().total();
    long read = 2L * rows * perRow;
    System.out.println("diff new=" + total.added() + " resolved=" + total.resolved() + " unchanged="
        + total.unchanged() + " reopened=" + total.reopened() + " unknown=" + total.unknown());
    long open = compared.report().sla().open().values().stream().mapToLong(Long::longValue).sum();
    System.out.println("tracked open=" + open + " oldest=" + compared.report().sla().oldest().size());
    System.out.println("compared " + rows + " rows of " + perRow + " findings (" + read + " findings read) in "
        + millis + " ms: " + read * 1000 / millis + " findings/s; peak heap " + peak / (1024 * 1024) + " MiB of "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
  }

  static RunOutcome outcome(Path dir, String runId, Instant at, int generation, int rows, int perRow) {
    Path runDirectory = dir.resolve("work").resolve(runId);
    List<AccountSummary> accounts = new ArrayList<>();
    List<StagedFile> files = new ArrayList<>();
    Severity[] severities = Severity.values();
    for (int r = 0; r < rows; r++) {
      String account = String.format("%012d", r);
      Path file = SiteLayout.scanDirectory(runDirectory, CloudProvider.AWS, account, "prowler")
          .resolve(FindingsFile.FILE_NAME);
      String key = SiteLayout.scanPrefix(runId, CloudProvider.AWS, account, "prowler") + FindingsFile.FILE_NAME;
      FindingTally tally = FindingTally.ZERO;
      try (FindingsFile.Writer writer = FindingsFile.create(file)) {
        Finding.Builder builder = Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account)
            .region("eu-west-1").service("s3");
        for (int i = 0; i < perRow; i++) {
          boolean flagged = i % 10 != generation;
          String rule = "s3_rule_" + (i % 300);
          Finding finding = builder.ruleId(rule).title("Title of " + rule).severity(severities[i % 5])
              .status(flagged ? FindingStatus.FAIL : FindingStatus.PASS).resourceId("arn:aws:s3:::bucket-" + i)
              .description("the bucket bucket-" + i + " is not compliant with " + rule).build();
          writer.accept(finding);
        }
        tally = new FindingTally(Map.of(), writer.count(), 0, 0, 0);
      }
      files.add(new StagedFile(key, file, FindingsFile.MEDIA_TYPE));
      accounts.add(new AccountSummary(CloudProvider.AWS, account, "account-" + r, "prowler", ScanStatus.SUCCEEDED, 0,
          at, Duration.ofMinutes(5), null, new TreeMap<>(), new TreeMap<>(), tally,
          new TreeMap<>(Map.of("findings", key)), List.of()));
    }
    PostureReport report = PostureReport.builder(runId, at).accounts(accounts).build();
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, runId, at, at, false, List.of(), List.of());
    return new RunOutcome(report, List.of(), manifest, files, runDirectory);
  }
}
