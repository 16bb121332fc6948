package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import io.secposture.api.SlaPolicy;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.diff.DiffEngine;
import io.secposture.core.internal.diff.FindingsTracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * Package-private: the finding-tracking step of {@link RunDiffer#attach}: adds {@code first_seen},
 * {@code reopened_at} and {@code owner} to every compared row's findings file and the {@code sla} and
 * {@code owners} sections to the report (see {@link FindingsTracker} for the rules). Reads the settings
 * {@value SlaPolicy#SETTING} (default {@code critical=7d,high=30d,medium=90d,low=180d}) and
 * {@value OwnerSummary#LABEL_SETTING} (default {@value OwnerSummary#DEFAULT_LABEL}). Stateless.
 */
final class FindingTracking {
  private FindingTracking() {
  }

  /**
   * Returns the tracker of a run about to be compared, or {@code null} when it has no findings file to track (a run
   * aggregated from scanner files).
   *
   * @throws ConfigurationException if a setting is malformed
   */
  static FindingsTracker tracker(PostureReport report, List<StagedFile> files, Settings settings) {
    SlaPolicy policy = policy(settings);
    String label = settings.getString(OwnerSummary.LABEL_SETTING, OwnerSummary.DEFAULT_LABEL).trim();
    if (label.isEmpty()) {
      throw new ConfigurationException("setting '" + OwnerSummary.LABEL_SETTING + "' is empty; expected the account"
          + " label that names owners (default " + OwnerSummary.DEFAULT_LABEL + ")");
    }
    if (report.accounts().stream().noneMatch(row -> row.links().containsKey(DiffEngine.FINDINGS_LINK))) {
      return null;
    }
    Map<String, Path> local = new HashMap<>();
    files.forEach(file -> local.put(file.key(), file.file()));
    return new FindingsTracker(report.generatedAt(), null, policy, label, local::get);
  }

  /**
   * Reads the SLA policy setting.
   *
   * @throws ConfigurationException naming the setting and every malformed pair
   */
  static SlaPolicy policy(Settings settings) {
    String text = settings.getString(SlaPolicy.SETTING);
    if (text == null || text.isBlank()) {
      return SlaPolicy.DEFAULT;
    }
    try {
      return SlaPolicy.parse(text);
    } catch (ConfigurationException e) {
      List<String> problems = new ArrayList<>();
      e.problems().forEach(problem -> problems.add("setting '" + SlaPolicy.SETTING + "': " + problem));
      throw new ConfigurationException(problems);
    }
  }

  /** Tracks the rows the diff did not, and adds the sections and the tracker's warnings. */
  static RunDiffer.Attached finish(RunDiffer.Attached attached, FindingsTracker tracker) {
    if (tracker == null) {
      return attached;
    }
    tracker.trackRemaining(attached.report().accounts());
    PostureReport report = attached.report().toBuilder().sla(tracker.sla()).owners(tracker.owners(attached.report()))
        .build();
    List<String> warnings = new ArrayList<>(attached.warnings());
    warnings.addAll(tracker.warnings());
    return new RunDiffer.Attached(report, attached.files(), warnings);
  }
}
