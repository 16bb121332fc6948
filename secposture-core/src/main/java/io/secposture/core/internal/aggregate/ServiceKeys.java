package io.secposture.core.internal.aggregate;

import io.secposture.api.ServiceStats;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Not public API: the service names the report uses as JSON keys.
 *
 * <p>Each provider section of the report JSON holds one key per service plus the provider's {@code total}, so a
 * service a scanner literally calls {@code total} would collide with it. Such a service is stored as
 * {@value #RENAMED_TOTAL} everywhere (provider sections and account rows); if a scanner also reports a service of
 * that name, the two are summed.
 */
public final class ServiceKeys {
  /** The key of a provider's total in its section of the report JSON. */
  public static final String TOTAL = "total";
  /** The name a service called {@value #TOTAL} is stored under. */
  public static final String RENAMED_TOTAL = "total-service";

  private ServiceKeys() {
  }

  /**
   * Returns the name a service is stored under.
   *
   * @param service the service name as a scanner reported it
   * @return the name, {@value #RENAMED_TOTAL} for {@value #TOTAL}
   */
  public static String of(String service) {
    return TOTAL.equals(service) ? RENAMED_TOTAL : service;
  }

  /**
   * Adds counts to a map of counts per service, renaming as {@link #of(String)} does and summing collisions.
   *
   * @param target the map to add to
   * @param services the counts to add
   */
  public static void addAll(Map<String, ServiceStats> target, Map<String, ServiceStats> services) {
    services.forEach((name, stats) -> target.merge(of(name), stats, ServiceStats::plus));
  }

  /**
   * Returns counts per service with every name as {@link #of(String)} stores it.
   *
   * @param services counts per service
   * @return a new sorted map
   */
  public static SortedMap<String, ServiceStats> normalized(Map<String, ServiceStats> services) {
    TreeMap<String, ServiceStats> result = new TreeMap<>();
    addAll(result, services);
    return result;
  }
}
