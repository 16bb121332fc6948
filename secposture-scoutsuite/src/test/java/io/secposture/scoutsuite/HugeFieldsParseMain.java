package io.secposture.scoutsuite;

import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run by {@link HostileHugeFieldsTest} in a JVM with a small heap: parses a results file and prints
 * {@code findings=N maxHeap=N peakHeap=N}, then one line per finding
 * ({@code finding <rule> title=<length>:<last 60 chars> description=... remediation=... resource=...}) and one per
 * warning ({@code warning: <first 400 chars>}).
 */
public final class HugeFieldsParseMain {
  private HugeFieldsParseMain() {
  }

  /**
   * Parses.
   *
   * @param args the results file
   */
  public static void main(String[] args) {
    StringBuilder lines = new StringBuilder();
    long[] count = {0};
    ParsedReport report = new ScoutSuiteParser().parse(ReportSource.of(Path.of(args[0])), finding -> {
      count[0]++;
      lines.append(describe(finding)).append('\n');
    });
    System.out.println("findings=" + count[0] + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap="
        + peakHeap());
    System.out.print(lines);
    report.warnings().forEach(warning -> System.out.println("warning: "
        + (warning.length() > 400 ? warning.substring(0, 400) : warning)));
  }

  private static String describe(Finding finding) {
    return "finding " + finding.ruleId() + " title=" + tail(finding.title()) + " description="
        + tail(finding.description()) + " remediation=" + tail(finding.remediation()) + " resource="
        + tail(finding.resourceId());
  }

  private static String tail(String text) {
    if (text == null) {
      return "null";
    }
    String end = text.length() > 60 ? text.substring(text.length() - 60) : text;
    return text.length() + ":" + end.replace(' ', '_').replace('\n', '_');
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
