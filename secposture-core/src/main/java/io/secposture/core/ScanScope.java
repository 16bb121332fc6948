package io.secposture.core;

import io.secposture.api.CloudProvider;
import io.secposture.api.ScanStatus;
import java.util.List;
import java.util.Objects;

/**
 * What one scan of a run actually looked at: which scanner scanned which account, how it ended, and which regions,
 * services and checks it was limited to. An exporter that retracts findings (Security Hub archiving resolved ones)
 * retracts only findings inside a scope that ran, so a partial run, a shard or a run limited to some services never
 * retracts what it did not look at.
 *
 * <p><b>Who makes it.</b> {@link ExportedRun#scopes()}, one per account row of the run's report. Immutable and
 * thread-safe.
 *
 * @param provider the cloud
 * @param accountId the account id
 * @param scanner the scanner name
 * @param status how the scan ended ({@link ScanStatus#PARTIAL}: some regions or services could not be read)
 * @param regions the regions the scan was limited to ({@code <scanner>.regions} or {@code .region}); empty means
 *     every region
 * @param services the services it was limited to ({@code <scanner>.services} or {@code .service}); empty means
 *     every service
 * @param checks the checks it was limited to ({@code <scanner>.checks} or {@code .check}); empty means every check
 * @param filtersKnown false when the limits cannot be known or expressed here (a row aggregated from files, a
 *     merged shard whose scans ran elsewhere, or a scan with exclusions, a severity or status filter, a rule set, a
 *     compliance framework or raw extra arguments): then empty lists do not mean "everything", {@link #covers} answers false and an
 *     exporter should retract nothing in this scope
 * @param shard the shard of the run that ran the scan; {@link Shard#whole()} for an unsharded run or when unknown
 */
public record ScanScope(CloudProvider provider, String accountId, String scanner, ScanStatus status,
    List<String> regions, List<String> services, List<String> checks, boolean filtersKnown, Shard shard) {

  /** Validates the components and copies the lists. */
  public ScanScope {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(status, "status");
    regions = List.copyOf(regions);
    services = List.copyOf(services);
    checks = List.copyOf(checks);
    Objects.requireNonNull(shard, "shard");
  }

  /**
   * Returns the key of the account row this scope belongs to: {@code provider/accountId/scanner}.
   *
   * @return the key, as {@link io.secposture.api.AccountSummary#key()}
   */
  public String key() {
    return provider.id() + "/" + accountId + "/" + scanner;
  }

  /**
   * Tells whether the scan looked at a region and service: it has results, and its limits (if known) include them.
   *
   * @param region the region; nullable for global findings, which every scan with results covers
   * @param service the service; nullable
   * @return true if a finding there would have been seen by this scan
   */
  public boolean covers(String region, String service) {
    if (!status.hasResults() || !filtersKnown) {
      return false;
    }
    boolean inRegion = region == null || regions.isEmpty() || regions.contains(region);
    boolean inService = service == null || services.isEmpty() || services.contains(service);
    return inRegion && inService;
  }
}
