package io.secposture.examples.internal;

import io.secposture.api.ComplianceChanges;
import io.secposture.api.RunDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: prints the compliance part of a run's diff for {@link DiffPrinter}: per framework, how many
 * (requirement, account) pairs newly fail and newly pass, then the listed requirements with their accounts.
 * Stateless; not thread-safe (it writes to the caller's writer).
 */
final class ComplianceDiffPrinter {
  private ComplianceDiffPrinter() {
  }

  /**
   * Prints the compliance changes.
   *
   * @param out where to print
   * @param diff the diff
   * @param requirementsPerFramework how many requirements to name per framework and kind of change; 0 for counts
   *     only
   */
  static void print(PrintWriter out, RunDiff diff, int requirementsPerFramework) {
    if (diff.compliance().isEmpty()) {
      return;
    }
    out.println("compliance: requirements that newly fail or newly pass, per account:");
    for (ComplianceChanges framework : diff.compliance()) {
      out.printf(Locale.ROOT, "  %s (%s): %d newly failing, %d newly passing%n",
          DiffPrinter.clean(framework.framework()), framework.provider().id(), framework.newlyFailing(),
          framework.newlyPassing());
      if (requirementsPerFramework > 0) {
        requirements(out, framework, true, requirementsPerFramework);
        requirements(out, framework, false, requirementsPerFramework);
      }
    }
  }

  private static void requirements(PrintWriter out, ComplianceChanges framework, boolean failing, int limit) {
    Map<String, List<ComplianceChanges.Change>> byRequirement = new LinkedHashMap<>();
    for (ComplianceChanges.Change change : framework.changes()) {
      if (change.failing() == failing) {
        byRequirement.computeIfAbsent(change.requirement(), id -> new ArrayList<>()).add(change);
      }
    }
    int shown = 0;
    for (Map.Entry<String, List<ComplianceChanges.Change>> entry : byRequirement.entrySet()) {
      if (shown++ == limit) {
        out.printf(Locale.ROOT, "    ... and %d more requirement(s)%n", byRequirement.size() - limit);
        break;
      }
      List<ComplianceChanges.Change> changes = entry.getValue();
      String title = changes.get(0).title();
      List<String> accounts = new ArrayList<>();
      changes.forEach(change -> accounts.add(DiffPrinter.clean(change.account())));
      out.printf(Locale.ROOT, "    %s %s%s in %s%n", failing ? "newly fails " : "newly passes",
          DiffPrinter.clean(entry.getKey()), title == null ? "" : " " + DiffPrinter.clean(title),
          String.join(", ", accounts));
    }
  }
}
