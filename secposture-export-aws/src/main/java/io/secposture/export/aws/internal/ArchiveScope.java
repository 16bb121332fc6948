package io.secposture.export.aws.internal;

import io.secposture.api.Finding;
import io.secposture.api.ScanStatus;
import io.secposture.core.ScanScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: decides whether a finding resolved in this run may be archived in Security Hub: only inside what
 * actually ran. That is a scan of the same scanner and account in this run (not another shard's, not a removed
 * account's) that ended {@link ScanStatus#SUCCEEDED} (a partial scan may have missed what it could not read), whose
 * limits are known (not a row aggregated from files or merged from shards), and whose region, service and check
 * limits, if any, include the finding's. These are the archiving bugs of Prowler issues #1626 (a run of other checks
 * archived the previous run's findings), #1867 (a scan with errors archived findings it could not read) and #2190 /
 * #2843 (findings of regions or resources the run did see were never archived) turned into one rule.
 *
 * <p>The scopes are the run's word on what each scan looked at: {@link ScanScope#of} read them from the options the
 * scan ran with (job-wide and the account's own, singular and plural names), and made the filters unknown for options
 * a finding cannot be checked against ({@code prowler.severity}, {@code prowler.excluded-checks},
 * {@code scoutsuite.skip}, a custom {@code ruleset}, {@code extra-args}): a scan limited that way archives nothing.
 * Immutable and thread-safe.
 */
public final class ArchiveScope {
  private final Map<String, List<ScanScope>> byRow = new HashMap<>();

  /**
   * Creates the scope of a run.
   *
   * @param scans what each scan of the run looked at
   */
  public ArchiveScope(List<ScanScope> scans) {
    for (ScanScope scan : scans) {
      byRow.computeIfAbsent(scan.key(), key -> new ArrayList<>(1)).add(scan);
    }
  }

  /**
   * Tells why a resolved finding must not be archived.
   *
   * @param finding the finding as last flagged
   * @return {@code null} when it may be archived, else the reason in a few words (used to count and report them)
   */
  public String refusal(Finding finding) {
    List<ScanScope> scans = byRow.get(finding.provider().id() + "/" + finding.accountId() + "/" + finding.tool());
    if (scans == null) {
      return "its account was not scanned by " + finding.tool() + " in this run (another shard, or not configured)";
    }
    for (ScanScope scan : scans) {
      String reason = refusal(scan, finding);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  private static String refusal(ScanScope scan, Finding finding) {
    if (scan.status() != ScanStatus.SUCCEEDED) {
      return "the " + scan.scanner() + " scan of its account ended " + scan.status();
    }
    if (!scan.filtersKnown()) {
      return "what the " + scan.scanner() + " scan of its account looked at is unknown (aggregated or merged run, or"
          + " limited by an option such as a severity filter or exclusions)";
    }
    if (!scan.checks().isEmpty() && !scan.checks().contains(finding.ruleId())) {
      return "its check was not among the checks the " + scan.scanner() + " scan ran";
    }
    if (!scan.covers(finding.region(), null)) {
      return "outside the regions the " + scan.scanner() + " scan was limited to";
    }
    if (!scan.covers(null, finding.service())) {
      return "outside the services the " + scan.scanner() + " scan was limited to";
    }
    return null;
  }
}
