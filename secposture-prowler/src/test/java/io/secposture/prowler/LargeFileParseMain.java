package io.secposture.prowler;

import io.secposture.api.AccountStats;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LargeOcsfFileTest}: parses one JSON-OCSF file with {@link ProwlerOcsfParser} and
 * prints what it counted as {@code key=value} lines on standard output.
 */
public final class LargeFileParseMain {
  private LargeFileParseMain() {
  }

  /**
   * Parses the file named by the first argument.
   *
   * @param args the file
   */
  public static void main(String[] args) {
    long[] flaggedFindings = new long[1];
    long started = System.nanoTime();
    ParsedReport report = new ProwlerOcsfParser().parse(ReportSource.of(Path.of(args[0])), finding -> {
      if (finding.flagged()) {
        flaggedFindings[0]++;
      }
    });
    double seconds = (System.nanoTime() - started) / 1e9;
    ServiceStats total = report.accounts().stream().map(AccountStats::total).reduce(ServiceStats.ZERO,
        ServiceStats::plus);
    StringBuilder out = new StringBuilder();
    out.append("findings=").append(report.findings()).append('\n');
    out.append("checked=").append(total.checkedItems()).append('\n');
    out.append("flagged=").append(total.flaggedItems()).append('\n');
    out.append("resources=").append(total.resourcesCount()).append('\n');
    out.append("flaggedFindings=").append(flaggedFindings[0]).append('\n');
    out.append("accounts=").append(report.accounts().size()).append('\n');
    out.append("maxHeap=").append(Runtime.getRuntime().maxMemory()).append('\n');
    out.append("seconds=").append(seconds).append('\n');
    System.out.print(out);
  }
}
