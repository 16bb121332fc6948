package io.secposture.core.internal.pipeline;

import io.secposture.api.CloudProvider;
import io.secposture.api.Settings;
import io.secposture.core.RateBudget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: splits a run's {@link RateBudget} among its scans. Counts, per provider, the scans that will run
 * and have not finished; a scan starting now shares its provider's budget with {@code min(concurrency, that count)}
 * scans, which bounds the sum of the shares of the scans running at any moment by the budget (see
 * {@link RateBudget}). Thread-safe.
 */
final class RateShares {
  private final RateBudget budget;
  private final int concurrency;
  private final Map<CloudProvider, Integer> unfinished = new HashMap<>();

  RateShares(RateBudget budget, int concurrency, List<PlannedScan> plan) {
    this.budget = budget;
    this.concurrency = concurrency;
    for (PlannedScan scan : plan) {
      if (scan.runs()) {
        unfinished.merge(scan.account().provider(), 1, Integer::sum);
      }
    }
  }

  /**
   * Returns a starting scan's options with its share of the budget applied.
   *
   * @param provider the scan's cloud
   * @param options its options
   * @return the options to hand to the scanner
   */
  Settings apply(CloudProvider provider, Settings options) {
    if (budget.isEmpty()) {
      return options;
    }
    int sharers;
    synchronized (this) {
      sharers = Math.min(concurrency, Math.max(1, unfinished.getOrDefault(provider, 1)));
    }
    return budget.apply(provider, sharers, options);
  }

  /**
   * Records that a scan that was planned to run has its outcome (it finished, was abandoned or was cancelled).
   *
   * @param scan the scan
   */
  synchronized void finished(PlannedScan scan) {
    if (scan.runs()) {
      unfinished.computeIfPresent(scan.account().provider(), (provider, count) -> count > 1 ? count - 1 : null);
    }
  }
}
