package io.secposture.export.aws.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.Finding;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.core.ScanScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Not public API: decides whether a finding resolved in this run may be archived in Security Hub: only inside what
 * actually ran. That is a scan of the same scanner and account in this run (not another shard's, not a removed
 * account's) that ended {@link ScanStatus#SUCCEEDED} (a partial scan may have missed what it could not read), whose
 * limits are known (not a row aggregated from files or merged from shards), and whose region, service and check
 * limits, if any, include the finding's. These are the archiving bugs of Prowler issues #1626 (a run of other checks
 * archived the previous run's findings), #1867 (a scan with errors archived findings it could not read) and #2190 /
 * #2843 (findings of regions or resources the run did see were never archived) turned into one rule.
 *
 * <p>The scopes carry the plural limits ({@code <scanner>.regions}, {@code .services}, {@code .checks}); the account's
 * own options are read too, for their singular forms ({@code prowler.service=s3}) and for options that narrow a scan
 * in ways a finding cannot be checked against ({@code prowler.severity}, {@code prowler.excluded-checks},
 * {@code scoutsuite.skip}, a custom {@code ruleset}, {@code extra-args}): a scan limited that way archives nothing.
 * Immutable and thread-safe.
 */
public final class ArchiveScope {
  /** Scanner option keys that narrow what a scan looks at in ways the finding cannot be checked against. */
  static final Set<String> NARROWING = Set.of("severity", "severities", "excluded-check", "excluded-checks",
      "excluded-service", "excluded-services", "exclude-regions", "excluded-regions", "skip", "compliance",
      "categories", "category", "checks-file", "ruleset", "extra-args", "resource-arn", "resource-tag", "resource-arns",
      "resource-tags");

  private final Map<String, List<ScanScope>> byRow = new HashMap<>();
  private final Map<String, Settings> accountOptions = new HashMap<>();

  /**
   * Creates the scope of a run.
   *
   * @param scans what each scan of the run looked at
   * @param accounts the run's accounts, whose own scanner options may narrow their scans further
   */
  public ArchiveScope(List<ScanScope> scans, List<CloudAccount> accounts) {
    for (ScanScope scan : scans) {
      byRow.computeIfAbsent(scan.key(), key -> new ArrayList<>(1)).add(scan);
    }
    for (CloudAccount account : accounts) {
      accountOptions.putIfAbsent(account.key(), account.options());
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
      String reason = refusal(scan, accountOptions.get(scan.provider().id() + "/" + scan.accountId()), finding);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  @SafeVarargs
  private static List<String> union(List<String>... lists) {
    Set<String> all = new LinkedHashSet<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }

  private static String refusal(ScanScope declared, Settings accountOptions, Finding finding) {
    ScanScope scan = declared;
    if (accountOptions != null && declared.filtersKnown()) {
      Settings own = accountOptions.scoped(declared.scanner());
      for (String key : own.asMap().keySet()) {
        if (NARROWING.contains(key.toLowerCase(Locale.ROOT))) {
          return "the " + declared.scanner() + " scan of its account was limited by " + declared.scanner() + "."
              + key;
        }
      }
      scan = new ScanScope(declared.provider(), declared.accountId(), declared.scanner(), declared.status(),
          union(declared.regions(), own.getList("region"), own.getList("regions")),
          union(declared.services(), own.getList("service"), own.getList("services")),
          union(declared.checks(), own.getList("check"), own.getList("checks")), true, declared.shard());
    }
    if (scan.status() != ScanStatus.SUCCEEDED) {
      return "the " + scan.scanner() + " scan of its account ended " + scan.status();
    }
    if (!scan.filtersKnown()) {
      return "what the " + scan.scanner() + " scan of its account looked at is unknown (aggregated or merged run)";
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
