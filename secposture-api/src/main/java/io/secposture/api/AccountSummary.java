package io.secposture.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One row of the report's {@code accounts} section: one account scanned by one scanner (or one account found in
 * the files given to the {@code aggregate} command), with how the scan ended and what it found.
 *
 * @param provider the cloud
 * @param accountId the account id
 * @param name the display name
 * @param scanner the scanner (or tool) name
 * @param status how the scan ended; {@link ScanStatus#SUCCEEDED} for files aggregated without a scan
 * @param exitCode the scanner's exit code; nullable
 * @param startedAt when the scan started; nullable when unknown
 * @param duration how long the scan ran; {@link Duration#ZERO} when unknown
 * @param reason why the scan did not succeed; nullable when it did
 * @param labels the account's labels
 * @param services counts per service
 * @param findings counts of findings by result and severity
 * @param links published keys of this scan's files by role ({@code html}, {@code results}, {@code log},
 *     {@code findings}), relative to the site root; the run-to-run diff adds {@code resolved} (the findings resolved
 *     so far, carried from run to run) and, for a row without results, {@code last_findings} and
 *     {@code last_resolved} (the files of the last run in which the row had results)
 * @param warnings problems that did not stop the scan, sorted and without duplicates
 */
public record AccountSummary(CloudProvider provider, String accountId, String name, String scanner,
    ScanStatus status, Integer exitCode, Instant startedAt, Duration duration, String reason,
    SortedMap<String, String> labels, SortedMap<String, ServiceStats> services, FindingTally findings,
    SortedMap<String, String> links, List<String> warnings) {

  /** Validates the components and copies collections into sorted, unmodifiable ones. */
  public AccountSummary {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    name = name == null || name.isBlank() ? accountId : name;
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(duration, "duration");
    labels = sorted(labels);
    services = sorted(services);
    Objects.requireNonNull(findings, "findings");
    links = sorted(links);
    warnings = List.copyOf(new TreeSet<>(warnings));
  }

  private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(map)));
  }

  /**
   * Returns the key that identifies this row: {@code provider/accountId/scanner}.
   *
   * @return the key
   */
  public String key() {
    return provider.id() + "/" + accountId + "/" + scanner;
  }

  /**
   * Returns the sum over all services.
   *
   * @return the row's total
   */
  public ServiceStats total() {
    return services.values().stream().reduce(ServiceStats.ZERO, ServiceStats::plus);
  }
}
