package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import io.secposture.api.SlaSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Not public API: the {@code --fail-on} gate the {@code diff}, {@code run} and {@code demo} commands share (a picocli
 * mixin). A rule {@code KIND:SEVERITY} trips when the run's diff counts at least one finding of that kind at that
 * severity or worse: {@code new:high} trips on a new high or critical finding, {@code reopened:any} on any reopened
 * one. {@code sla:high} trips when the report's {@code sla} section counts at least one open finding at high or worse
 * past its SLA (the {@code run} and {@code demo} commands; {@code diff} has no SLA to check). Rules are
 * comma-separated or repeated; any tripped rule makes the command exit {@link ExitCode#GATE}. A run without a
 * previous run to compare with trips no {@code new} or {@code reopened} rule.
 */
public final class FailOnOption {
  /** The gate's kinds of change. */
  enum Kind {
    NEW("new"), REOPENED("reopened"), SLA("sla");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    long count(RunDiff.Counts counts) {
      return this == NEW ? counts.added() : counts.reopened();
    }
  }

  /**
   * One rule.
   *
   * @param text the rule as given
   * @param kind the kind of change
   * @param severity the least severity that trips it; {@code null} for any
   */
  record Rule(String text, Kind kind, Severity severity) {
  }

  @Option(names = "--fail-on", split = ",", paramLabel = "KIND:SEVERITY",
      description = {"Exit 5 after publishing when the diff against the previous run has findings of KIND (new or "
          + "reopened) at SEVERITY or worse (critical, high, medium, low, informational or any), e.g. new:high or "
          + "reopened:any; or, with KIND sla, when open findings at SEVERITY or worse are past their SLA (see --sla),"
          + " e.g. sla:high. Comma-separated or repeated."})
  List<String> rules = new ArrayList<>();

  /**
   * Returns the parsed rules.
   *
   * @return the rules, in the order given
   * @throws ConfigurationException naming every malformed rule
   */
  List<Rule> rules() {
    List<Rule> parsed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String text : rules) {
      Rule rule = parse(text.trim());
      if (rule == null) {
        problems.add("--fail-on '" + text + "' is not KIND:SEVERITY; KIND is new, reopened or sla, SEVERITY is"
            + " critical, high, medium, low, informational or any (e.g. new:high, sla:high)");
      } else {
        parsed.add(rule);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return parsed;
  }

  /**
   * Checks the rules before any work, so a typo fails fast.
   *
   * @throws ConfigurationException naming every malformed rule
   */
  public void validate() {
    rules();
  }

  /**
   * Tells whether any rule is given.
   *
   * @return true if the gate is on
   */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /**
   * Evaluates the gate.
   *
   * @param diff the run's diff; nullable when there was no previous run
   * @return one line per tripped rule ("3 new findings at high or worse (--fail-on new:high)"); empty if none
   *     tripped
   */
  public List<String> tripped(RunDiff diff) {
    List<String> tripped = new ArrayList<>();
    if (diff == null) {
      return tripped;
    }
    for (Rule rule : rules()) {
      if (rule.kind() == Kind.SLA) {
        continue;
      }
      long count = 0;
      for (Severity severity : Severity.values()) {
        if (rule.severity() == null || severity.compareTo(rule.severity()) <= 0) {
          count += rule.kind().count(diff.bySeverity().get(severity));
        }
      }
      if (count > 0) {
        tripped.add(count + " " + rule.kind().label + " finding" + (count == 1 ? "" : "s")
            + (rule.severity() == null ? "" : " at " + rule.severity().name().toLowerCase(Locale.ROOT)
                + (rule.severity() == Severity.CRITICAL ? "" : " or worse"))
            + " (--fail-on " + rule.text() + ")");
      }
    }
    return tripped;
  }

  /**
   * Evaluates the {@code sla} rules.
   *
   * @param sla the report's sla section; nullable when the run's findings were not tracked
   * @return one line per tripped rule ("2 findings at high or worse past their SLA (--fail-on sla:high)")
   */
  public List<String> trippedSla(SlaSummary sla) {
    List<String> tripped = new ArrayList<>();
    if (sla == null) {
      return tripped;
    }
    for (Rule rule : rules()) {
      if (rule.kind() != Kind.SLA) {
        continue;
      }
      long count = sla.breachedAtOrAbove(rule.severity() == null ? Severity.INFORMATIONAL : rule.severity());
      if (count > 0) {
        tripped.add(count + " finding" + (count == 1 ? "" : "s")
            + (rule.severity() == null ? "" : " at " + rule.severity().name().toLowerCase(Locale.ROOT)
                + (rule.severity() == Severity.CRITICAL ? "" : " or worse"))
            + " past " + (count == 1 ? "its" : "their") + " SLA (--fail-on " + rule.text() + ")");
      }
    }
    return tripped;
  }

  /**
   * Prints the verdict of every rule on a compared run's report (its diff and its sla section) and returns the exit
   * code it asks for.
   *
   * @param report the run's report, compared with the previous run
   * @param console where to print
   * @return {@link ExitCode#GATE} if a rule tripped, else {@link ExitCode#OK}
   */
  public int verdictForRun(PostureReport report, Console console) {
    if (!enabled()) {
      return ExitCode.OK;
    }
    List<String> tripped = new ArrayList<>(trippedSla(report.sla()));
    boolean changeRules = rules().stream().anyMatch(rule -> rule.kind() != Kind.SLA);
    if (changeRules && report.diff() == null) {
      console.line("gate: no previous run to compare with, so the new and reopened rules of --fail-on "
          + String.join(",", rules) + " have nothing to check");
    }
    tripped.addAll(tripped(report.diff()));
    if (tripped.isEmpty()) {
      console.line("gate passed: --fail-on " + String.join(",", rules));
      return ExitCode.OK;
    }
    tripped.forEach(line -> console.line("gate tripped: " + line));
    return ExitCode.GATE;
  }

  /**
   * Prints the gate's verdict and returns the exit code it asks for.
   *
   * @param diff the run's diff; nullable
   * @param console where to print
   * @return {@link ExitCode#GATE} if a rule tripped, else {@link ExitCode#OK}
   */
  public int verdict(RunDiff diff, Console console) {
    if (!enabled()) {
      return ExitCode.OK;
    }
    if (diff == null) {
      console.line("gate: no previous run to compare with, so --fail-on " + String.join(",", rules)
          + " has nothing to check");
      return ExitCode.OK;
    }
    List<String> tripped = tripped(diff);
    if (tripped.isEmpty()) {
      console.line("gate passed: --fail-on " + String.join(",", rules));
      return ExitCode.OK;
    }
    tripped.forEach(line -> console.line("gate tripped: " + line));
    return ExitCode.GATE;
  }

  private static Rule parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return null;
    }
    String kindText = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String severityText = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
    Kind kind = null;
    for (Kind candidate : Kind.values()) {
      if (candidate.label.equals(kindText)) {
        kind = candidate;
      }
    }
    if (kind == null) {
      return null;
    }
    if (severityText.equals("any")) {
      return new Rule(text, kind, null);
    }
    Severity severity = Severity.parse(severityText);
    return severity == null ? null : new Rule(text, kind, severity);
  }
}
