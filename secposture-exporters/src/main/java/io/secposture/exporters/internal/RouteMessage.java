package io.secposture.exporters.internal;

import io.secposture.api.Severity;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Not public API: what one message to one route says.
 *
 * @param runId the run
 * @param site the front page link; nullable
 * @param route the owner whose route this is; {@code null} for the default route
 * @param alerts the listed findings, in {@link Alert#ORDER}
 * @param newCount how many new findings at or above the minimum severity this route gets (listed or not)
 * @param reopenedCount how many reopened ones
 * @param bySeverity how many of both per severity
 * @param more how many were not listed
 * @param minSeverity the minimum severity
 * @param failedScans scans that did not succeed (default route only)
 * @param slaBreached SLA breaches per severity from the report's {@code sla} section (default route only); empty
 *     when absent
 * @param runTotals the run's diff totals: new, reopened, resolved (empty for a first run)
 */
public record RouteMessage(String runId, URI site, String route, List<Alert> alerts, long newCount,
    long reopenedCount, Map<Severity, Long> bySeverity, long more, Severity minSeverity,
    List<FailedScan> failedScans, SortedMap<String, Long> slaBreached, Map<String, Long> runTotals) {

  /** Copies the collections. */
  public RouteMessage {
    alerts = List.copyOf(alerts);
    EnumMap<Severity, Long> counts = new EnumMap<>(Severity.class);
    counts.putAll(bySeverity);
    bySeverity = Collections.unmodifiableMap(counts);
    slaBreached = Collections.unmodifiableSortedMap(new TreeMap<>(slaBreached));
    runTotals = Collections.unmodifiableMap(new LinkedHashMap<>(runTotals));
    failedScans = List.copyOf(failedScans);
  }

  /**
   * Returns how many alerts the route gets, listed or not.
   *
   * @return new plus reopened
   */
  public long alertCount() {
    return newCount + reopenedCount;
  }

  /**
   * Returns the total SLA breaches.
   *
   * @return the sum over severities
   */
  public long breaches() {
    return slaBreached.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * A scan that did not succeed.
   *
   * @param provider the cloud
   * @param account the account id
   * @param name the account's name
   * @param scanner the scanner
   * @param status FAILED, TIMED_OUT or PARTIAL
   * @param reason why, bounded; nullable
   */
  public record FailedScan(String provider, String account, String name, String scanner, String status,
      String reason) {
  }
}
