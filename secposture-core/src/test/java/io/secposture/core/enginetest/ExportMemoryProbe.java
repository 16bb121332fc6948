package io.secposture.core.enginetest;

import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportRunner;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a JVM with a small heap: publishes the two generations of {@link DiffMemoryProbe} through an
 * {@link ExportRunner} whose exporter counts every finding's change and the resolved findings, and prints the counts
 * and the peak heap of the second export.
 */
public final class ExportMemoryProbe {
  private ExportMemoryProbe() {
  }

  /** Counts changes, keeping nothing else. */
  static final class Counting implements FindingExporter {
    final Map<ExportedFinding.Change, Long> counts = new EnumMap<>(ExportedFinding.Change.class);

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public ExportResult export(ExportedRun run, Settings options) {
      counts.clear();
      run.forEachFinding(found -> counts.merge(found.change(), 1L, Long::sum));
      run.forEachResolved(found -> counts.merge(found.change(), 1L, Long::sum));
      return ExportResult.of(name(), counts.values().stream().mapToLong(Long::longValue).sum());
    }
  }

  /**
   * Publishes, exports and prints.
   *
   * @param args the work directory, the number of rows and the number of findings per row
   * @throws Exception on any failure (the exit code tells the test)
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    int perRow = Integer.parseInt(args[2]);
    URI site = dir.resolve("site").toUri();
    Plugins plugins = Plugins.of(List.of(new LocalArtifactPublisher()));
    Counting counting = new Counting();
    ExportRunner runner = ExportRunner.builder(plugins).exporters(List.of(counting)).build();
    Instant first = Instant.parse("2026-11-01T02:00:00Z");
    export(runner, plugins, DiffMemoryProbe.outcome(dir, "gen-0", first, 0, rows, perRow), site);
    RunOutcome second = DiffMemoryProbe.outcome(dir, "gen-1", first.plus(Duration.ofDays(7)), 1, rows, perRow);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long started = System.nanoTime();
    ExportRunner.Outcome outcome = export(runner, plugins, second, site);
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    if (outcome.failed()) {
      throw new IllegalStateException(outcome.failures().toString());
    }
    System.out.println("export " + counting.counts);
    System.out.println("published and exported " + rows + " rows of " + perRow + " findings in " + millis
        + " ms; peak heap " + peak / (1024 * 1024) + " MiB of " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB");
  }

  private static ExportRunner.Outcome export(ExportRunner runner, Plugins plugins, RunOutcome outcome, URI site) {
    ExportRunner.Staged staged = runner.stage(outcome, site, Settings.empty());
    PublishResult result = new RunPublisher(plugins).publish(staged.outcome(), site, Settings.empty());
    return staged.exports().plus(runner.afterPublish(staged.outcome(), result, site, Settings.empty()));
  }
}
