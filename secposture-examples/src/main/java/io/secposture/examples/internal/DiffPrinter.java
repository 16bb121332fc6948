package io.secposture.examples.internal;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Not public API: prints a run's diff for people (the {@code diff} command, and a brief form for run and demo). */
public final class DiffPrinter {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintWriter out;

  /**
   * Prints to the given writer.
   *
   * @param out standard output
   */
  public DiffPrinter(PrintWriter out) {
    this.out = out;
  }

  /**
   * Prints the whole diff: counts per severity, provider and account row, the rows not compared, the most serious
   * new findings and the compliance requirements that newly fail or pass.
   *
   * @param report the later run's report
   * @param diff its diff against the earlier run
   * @param top how many new findings to list at most
   */
  public void full(PostureReport report, RunDiff diff, int top) {
    out.printf(Locale.ROOT, "run %s (%s) compared with run %s (%s)%n", clean(report.runId()),
        WHEN.format(report.generatedAt()), clean(diff.previousRunId()), WHEN.format(diff.previousGeneratedAt()));
    out.printf(Locale.ROOT, "%-14s %9s %9s %9s %9s %9s%n", "severity", "new", "resolved", "reopened", "unchanged",
        "unknown");
    for (Severity severity : Severity.values()) {
      counts(severity.name().toLowerCase(Locale.ROOT), diff.bySeverity().get(severity));
    }
    counts("total", diff.total());
    if (!diff.byProvider().isEmpty()) {
      out.println("by provider:");
      for (Map.Entry<CloudProvider, RunDiff.Counts> entry : diff.byProvider().entrySet()) {
        out.printf(Locale.ROOT, "  %-12s %s%n", entry.getKey().id(), words(entry.getValue()));
      }
    }
    Map<String, String> names = names(report);
    long changed = diff.byAccount().values().stream().filter(DiffPrinter::changed).count();
    out.printf(Locale.ROOT, "by account: %d of %d compared row(s) changed%n", changed, diff.byAccount().size());
    for (Map.Entry<String, RunDiff.Counts> entry : diff.byAccount().entrySet()) {
      if (changed(entry.getValue())) {
        out.printf(Locale.ROOT, "  %s%s: %s%n", clean(entry.getKey()), name(names, entry.getKey()),
            words(entry.getValue()));
      }
    }
    notCompared(diff, names);
    newFindings(diff, names, top);
    ComplianceDiffPrinter.print(out, diff, top);
    out.flush();
  }

  /**
   * Prints the diff in a few lines, after a run.
   *
   * @param report the run's report
   * @param diff its diff; nullable when there was no previous run
   * @param top how many new findings to list at most
   */
  public void brief(PostureReport report, RunDiff diff, int top) {
    if (diff == null) {
      out.println("changes: no previous run to compare with; the next run shows what changed");
      out.flush();
      return;
    }
    out.printf(Locale.ROOT, "changes since run %s (%s): %s%n", diff.previousRunId(),
        WHEN.format(diff.previousGeneratedAt()), words(diff.total()));
    Map<String, String> names = names(report);
    notCompared(diff, names);
    newFindings(diff, names, top);
    ComplianceDiffPrinter.print(out, diff, 0);
    out.flush();
  }

  private void counts(String label, RunDiff.Counts counts) {
    out.printf(Locale.ROOT, "%-14s %9d %9d %9d %9d %9d%n", label, counts.added(), counts.resolved(),
        counts.reopened(), counts.unchanged(), counts.unknown());
  }

  private void notCompared(RunDiff diff, Map<String, String> names) {
    if (diff.notCompared().isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "not compared: %d row(s); what they flagged before is unknown, not resolved%n",
        diff.notCompared().size());
    diff.notCompared().forEach((key, reason) -> out.printf(Locale.ROOT, "  %s%s: %s%n", clean(key), name(names, key),
        clean(reason)));
  }

  private void newFindings(RunDiff diff, Map<String, String> names, int top) {
    long all = diff.total().added() + diff.total().reopened();
    if (all == 0 || top <= 0) {
      return;
    }
    List<RunDiff.NewFinding> shown = diff.newFindings().subList(0, Math.min(top, diff.newFindings().size()));
    out.printf(Locale.ROOT, "new findings, most severe first (%d of %d):%n", shown.size(), all);
    for (RunDiff.NewFinding finding : shown) {
      out.printf(Locale.ROOT, "  %-13s %s%s  %s  %s%s%s%n", finding.severity(), clean(finding.rowKey()),
          name(names, finding.rowKey()), clean(finding.ruleId()), clean(finding.title()),
          finding.resourceId() == null ? "" : "  resource " + clean(finding.resourceId()),
          finding.reopened() ? "  [reopened]" : "");
    }
  }

  private static boolean changed(RunDiff.Counts counts) {
    return counts.added() + counts.resolved() + counts.reopened() + counts.unknown() > 0;
  }

  private static String words(RunDiff.Counts counts) {
    return counts.added() + " new, " + counts.resolved() + " resolved, " + counts.reopened() + " reopened, "
        + counts.unchanged() + " unchanged, " + counts.unknown() + " unknown";
  }

  private static Map<String, String> names(PostureReport report) {
    Map<String, String> names = new HashMap<>();
    for (AccountSummary row : report.accounts()) {
      names.put(row.key(), row.name());
    }
    return names;
  }

  private static String name(Map<String, String> names, String key) {
    String name = names.get(key);
    if (name == null) {
      return "";
    }
    String[] parts = key.split("/");
    return parts.length > 1 && name.equals(parts[1]) ? "" : " (" + clean(name) + ")";
  }

  /** Replaces control characters, so that text from scanner output cannot drive the terminal. */
  static String clean(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }

  static String when(Instant instant) {
    return WHEN.format(instant);
  }
}
