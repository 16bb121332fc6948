package io.secposture.scoutsuite;

import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Parses one results file and prints what it found on one line, for {@link LargeResultsFileTest}, which runs it in
 * a JVM with a small heap: {@code findings=N summaryFlagged=N services=N warnings=N maxHeap=N peakHeap=N}.
 */
public final class LargeFileParseMain {
  private LargeFileParseMain() {
  }

  /**
   * Parses {@code args[0]}.
   *
   * @param args the results file
   */
  public static void main(String[] args) {
    long[] counted = {0};
    ParsedReport report = new ScoutSuiteParser().parse(ReportSource.of(Path.of(args[0])), finding -> counted[0]++);
    long summaryFlagged = report.accounts().get(0).services().values().stream()
        .mapToLong(ServiceStats::flaggedItems).sum();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("findings=" + counted[0] + " reported=" + report.findings() + " summaryFlagged="
        + summaryFlagged + " services=" + report.accounts().get(0).services().size() + " warnings="
        + report.warnings().size() + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap=" + peak);
    report.warnings().forEach(warning -> System.out.println("warning: " + warning));
  }
}
