package io.secposture.core.internal.aggregate;

import io.secposture.api.CloudProvider;
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
 *
 * <p>Two scanners may name one service differently. The report keeps the names ScoutSuite (the seed job's scanner)
 * writes and maps the other scanners' names onto them with {@link #of(CloudProvider, String)}, so that Prowler's
 * Azure {@code storage} and ScoutSuite's {@code storageaccounts} count as one service; {@link #ALIASES} is the table
 * (the main README shows it). Stateless.
 */
public final class ServiceKeys {
  /** The key of a provider's total in its section of the report JSON. */
  public static final String TOTAL = "total";
  /** The name a service called {@value #TOTAL} is stored under. */
  public static final String RENAMED_TOTAL = "total-service";

  /**
   * Service names of other scanners (Prowler) mapped to ScoutSuite's, per provider id. Names not listed are kept.
   */
  public static final Map<String, Map<String, String>> ALIASES = Map.of(
      "azure", Map.of("storage", "storageaccounts", "vm", "virtualmachines", "entra", "aad",
          "defender", "securitycenter", "sqlserver", "sqldatabase", "mysql", "mysqldatabase",
          "postgresql", "postgresqldatabase", "app", "appservice", "monitor", "loggingmonitoring", "iam", "rbac"),
      "gcp", Map.of("compute", "computeengine", "networking", "computeengine", "logging", "stackdriverlogging",
          "monitoring", "stackdrivermonitoring", "gke", "kubernetesengine"));

  private ServiceKeys() {
  }

  /**
   * Returns the name a provider's service is stored under: the ScoutSuite name for another scanner's alias
   * ({@link #ALIASES}), then renamed as {@link #of(String)} does.
   *
   * @param provider the cloud
   * @param service the service name as a scanner reported it
   * @return the stored name
   */
  public static String of(CloudProvider provider, String service) {
    Map<String, String> aliases = ALIASES.get(provider.id());
    String canonical = aliases == null ? service : aliases.getOrDefault(service, service);
    return of(canonical);
  }

  /**
   * Adds a provider's counts to a map of counts per service, naming each as {@link #of(CloudProvider, String)}
   * does and summing collisions.
   *
   * @param provider the cloud
   * @param target the map to add to
   * @param services the counts to add
   */
  public static void addAll(CloudProvider provider, Map<String, ServiceStats> target,
      Map<String, ServiceStats> services) {
    services.forEach((name, stats) -> target.merge(of(provider, name), stats, ServiceStats::plus));
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
