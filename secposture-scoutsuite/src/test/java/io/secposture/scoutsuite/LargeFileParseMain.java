package io.secposture.scoutsuite;

import io.secposture.api.CloudProvider;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.samples.SampleData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run by {@link LargeResultsFileTest} in a JVM with a small heap. {@code generate <dir> <bytes>} writes an AWS
 * sample of about that size with {@code SampleData} and prints {@code results=<file> maxHeap=N peakHeap=N};
 * {@code parse <file>} parses it and prints {@code findings=N reported=N summaryFlagged=N services=N warnings=N
 * maxHeap=N peakHeap=N}, then one line per warning.
 */
public final class LargeFileParseMain {
  private LargeFileParseMain() {
  }

  /**
   * Generates or parses.
   *
   * @param args {@code generate <dir> <bytes>} or {@code parse <file>}
   */
  public static void main(String[] args) {
    if (args[0].equals("generate")) {
      Path results = SampleData.scoutSuite(Path.of(args[1]), CloudProvider.AWS, "123456789012", 42, 0,
          Long.parseLong(args[2])).get(0).file();
      System.out.println("results=" + results + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap="
          + peakHeap());
      return;
    }
    long[] counted = {0};
    ParsedReport report = new ScoutSuiteParser().parse(ReportSource.of(Path.of(args[1])), finding -> counted[0]++);
    long summaryFlagged = report.accounts().get(0).services().values().stream()
        .mapToLong(ServiceStats::flaggedItems).sum();
    long peak = peakHeap();
    System.out.println("findings=" + counted[0] + " reported=" + report.findings() + " summaryFlagged="
        + summaryFlagged + " services=" + report.accounts().get(0).services().size() + " warnings="
        + report.warnings().size() + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap=" + peak);
    report.warnings().forEach(warning -> System.out.println("warning: " + warning));
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
