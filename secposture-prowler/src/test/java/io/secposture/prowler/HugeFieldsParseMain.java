package io.secposture.prowler;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run in a separate JVM with a small heap by {@link HostileHugeFieldsTest}: parses each file named on the command line
 * with the parser discovery picks for it and prints, per file {@code i}, {@code i.key=value} lines: the parser, the
 * findings, the longest text kept, the truncation markers found in descriptions and remediations, and the report's
 * warnings.
 */
public final class HugeFieldsParseMain {
  private static final Pattern MARKER = Pattern.compile("\\.\\.\\. \\[truncated: (\\d+) chars]");

  private HugeFieldsParseMain() {
  }

  /**
   * Parses the files named by the arguments.
   *
   * @param args the files
   */
  public static void main(String[] args) {
    Plugins plugins = Plugins.discover();
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      ReportSource source = ReportSource.of(Path.of(args[i]), account);
      ReportParser parser = plugins.parserFor(source).orElseThrow(() -> new IllegalStateException(
          "no parser for " + source));
      Stats stats = new Stats();
      long started = System.nanoTime();
      ParsedReport report = parser.parse(source, stats::accept);
      double seconds = (System.nanoTime() - started) / 1e9;
      String prefix = i + ".";
      out.append(prefix).append("parser=").append(parser.name()).append('\n');
      out.append(prefix).append("findings=").append(report.findings()).append('\n');
      out.append(prefix).append("longest=").append(stats.longest).append('\n');
      out.append(prefix).append("descriptionMarkers=").append(stats.descriptionMarkers).append('\n');
      out.append(prefix).append("remediationMarkers=").append(stats.remediationMarkers).append('\n');
      out.append(prefix).append("warnings=").append(String.join(" | ", report.warnings())).append('\n');
      out.append(prefix).append("seconds=").append(seconds).append('\n');
    }
    out.append("maxHeap=").append(Runtime.getRuntime().maxMemory()).append('\n');
    System.out.print(out);
  }

  /** What the findings hold. */
  private static final class Stats {
    long longest;
    String descriptionMarkers = "";
    String remediationMarkers = "";

    void accept(Finding finding) {
      for (String text : new String[] {finding.title(), finding.description(), finding.remediation(),
          finding.resourceId(), finding.ruleId()}) {
        if (text != null) {
          longest = Math.max(longest, text.length());
        }
      }
      descriptionMarkers += markers(finding.description());
      remediationMarkers += markers(finding.remediation());
    }

    private static String markers(String text) {
      StringBuilder found = new StringBuilder();
      if (text != null) {
        Matcher matcher = MARKER.matcher(text);
        while (matcher.find()) {
          found.append(matcher.group(1)).append(',');
        }
      }
      return found.toString();
    }
  }
}
