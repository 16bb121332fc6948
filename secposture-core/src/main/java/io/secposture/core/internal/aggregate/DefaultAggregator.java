package io.secposture.core.internal.aggregate;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import java.util.List;

/**
 * Not public API: the {@code default} aggregator, discovered through {@code META-INF/services}; obtain it with
 * {@code Plugins.discover().aggregator("default")}.
 *
 * <p><b>One aggregation</b> describes one scan or a set of files (see {@link Aggregation}). Its report has:
 * <ul>
 *   <li>provider sections: per provider named by each file's account stats, per service, the sum of the counts;
 *   <li>account rows keyed {@code provider/accountId/scanner}: for a scan, one row with the scan's status, exit
 *       code, start, duration, reason, warnings (the scan's and its files'), the account's name and labels, the
 *       services of every file and the tally of every finding of the aggregation, and links to the scan's first
 *       HTML, RESULTS, LOG and FINDINGS artifacts under {@code SiteLayout.scanPrefix}; for files without a scan,
 *       one SUCCEEDED row per provider, account and tool found in the files and findings;
 *   <li>rules: every flagged finding counts for its rule ({@code tool/provider/ruleId}); its title, service and
 *       severity come from the finding with the highest severity, then the smallest title, then the smallest
 *       service;
 *   <li>compliance: per framework, provider and requirement, the accounts where a non-muted FAIL maps to it
 *       (failing), else a PASS (passing), else only MANUAL results (manual), from the findings' compliance
 *       references and the files' {@code requirementResults}; muted failures count for neither; for a scan every
 *       result is attributed to the scan's account. Memory grows with frameworks × requirements × accounts;
 *   <li>top findings: every flagged critical or high finding, the first {@code TopFinding.LIMIT} in
 *       {@code TopFinding.ORDER}, counted on its row (for a scan, the scan's row); merged by uniting and keeping the
 *       first again, which is exact;
 *   <li>service names: another scanner's name of a service (Prowler's Azure {@code storage}) counted under
 *       ScoutSuite's ({@code storageaccounts}), as {@link ServiceKeys#ALIASES} lists, in provider sections, rows,
 *       rules and top findings;
 *   <li>the finding tally, the failed inputs, the run id and the run's start as generation time; no diff.
 * </ul>
 *
 * <p><b>Merging</b> is associative and commutative: rows with the same key sum their services, tallies and
 * durations, take the worst status (FAILED, TIMED_OUT, PARTIAL, SUCCEEDED, SKIPPED) with that row's exit code and
 * reason (ties: the larger exit code, then the larger reason), the earliest start, a configured name over the
 * default (ties: the smaller), and unite labels, links (ties: the smaller value) and warnings. Reports sum provider
 * sections, tallies and rules, unite failed inputs, take the latest generation time and smallest run id, and combine
 * diffs with {@code RunDiff.combine}, and unite compliance account lists per requirement (failing wins over passing,
 * passing over manual; flagged counts summed), and add the counts of suppression entries with the same id (expired
 * if expired in any). Schema versions must match.
 *
 * <p>A service literally named {@code total} would collide with the provider total of the report JSON; it is stored
 * as {@code total-service}. Stateless and thread-safe; each {@link Aggregation} is for one thread.
 */
public final class DefaultAggregator implements Aggregator {
  /** The name this aggregator is registered under. */
  public static final String NAME = "default";

  /** Creates the aggregator; it holds no state. */
  public DefaultAggregator() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Aggregation start(RunInfo run) {
    return new DefaultAggregation(run);
  }

  @Override
  public PostureReport merge(List<PostureReport> partials) {
    return ReportMerger.merge(partials);
  }
}
