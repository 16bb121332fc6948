package io.secposture.core.internal.pipeline;

import io.secposture.api.Plugins;
import io.secposture.api.Settings;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.CredentialBroker;
import io.secposture.core.PipelineListener;
import io.secposture.core.RateBudget;
import io.secposture.core.Shard;
import io.secposture.core.Suppressions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Not public API: everything a {@link io.secposture.core.Pipeline} was built with.
 *
 * @param plugins where scanners, parsers, the aggregator and publishers come from
 * @param concurrency how many scans run at once
 * @param scanTimeout each scan's time limit, handed to the scanner
 * @param timeoutGrace how long past its timeout a scan may run before the watchdog interrupts it, and how long
 *     after that interrupt before it is abandoned
 * @param cancelGrace how long a cancelled run waits for running scans to stop
 * @param workDirectory where scan outputs go; nullable for a fresh temporary directory per run
 * @param defaultScanners scanners for accounts that list none
 * @param scannerOptions job-wide scanner options; an account's own win
 * @param aggregatorName the aggregator's name
 * @param listeners the listeners, in registration order
 * @param heartbeat how often to log progress while scans run; zero for never
 * @param clock the source of timestamps
 * @param credentialBroker obtains short-lived credentials per scan; nullable for the accounts' own credentials
 * @param shard the part of the accounts this run scans
 * @param rateBudget the per-provider API budget the scans share
 * @param suppressions the accepted risks muted in every scan's and file's findings
 * @param complianceFrameworks which compliance frameworks each scan's (and file's) report keeps
 */
public record PipelineConfig(Plugins plugins, int concurrency, Duration scanTimeout, Duration timeoutGrace,
    Duration cancelGrace, Path workDirectory, List<String> defaultScanners, Settings scannerOptions,
    String aggregatorName, List<PipelineListener> listeners, Duration heartbeat, Clock clock,
    CredentialBroker credentialBroker, Shard shard, RateBudget rateBudget, Suppressions suppressions,
    ComplianceFrameworks complianceFrameworks) {

  /** Validates the components and copies the lists. */
  public PipelineConfig {
    Objects.requireNonNull(plugins, "plugins");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    positive(scanTimeout, "scanTimeout");
    positive(timeoutGrace, "timeoutGrace");
    positive(cancelGrace, "cancelGrace");
    defaultScanners = List.copyOf(defaultScanners);
    Objects.requireNonNull(scannerOptions, "scannerOptions");
    Objects.requireNonNull(aggregatorName, "aggregatorName");
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("heartbeat must not be negative, got " + heartbeat);
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(rateBudget, "rateBudget");
    Objects.requireNonNull(suppressions, "suppressions");
    Objects.requireNonNull(complianceFrameworks, "complianceFrameworks");
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
