package io.secposture.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The per-service counts one parsed report holds for one account. A ScoutSuite results file covers one account; a
 * Prowler file for Azure or GCP may cover several subscriptions or projects, hence a list of these per report.
 *
 * @param provider the cloud
 * @param accountId the account id as the scanner reported it
 * @param services counts per service name, sorted by name
 */
public record AccountStats(CloudProvider provider, String accountId, SortedMap<String, ServiceStats> services) {

  /** Validates the components and copies the map. */
  public AccountStats {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
  }

  /**
   * Creates stats from any map of services.
   *
   * @param provider the cloud
   * @param accountId the account id
   * @param services counts per service
   * @return the stats
   */
  public static AccountStats of(CloudProvider provider, String accountId, Map<String, ServiceStats> services) {
    return new AccountStats(provider, accountId, new TreeMap<>(services));
  }

  /**
   * Returns the sum over all services.
   *
   * @return the account's total
   */
  public ServiceStats total() {
    return services.values().stream().reduce(ServiceStats.ZERO, ServiceStats::plus);
  }
}
