package io.secposture.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How long a flagged finding of each severity may stay open: the {@code --sla} option
 * ({@code critical=7d,high=30d,medium=90d,low=180d} by default). A finding whose age (the run's time minus its
 * {@code first_seen}) is at least its severity's limit breaches the SLA. A severity without a limit (by default
 * {@code informational}) never breaches.
 *
 * <p>Who uses it: secposture-core when it tracks findings at publication (setting {@value #SETTING}), the report's
 * {@code sla} section ({@link SlaSummary#policy()}) and the job's {@code --sla} option. Immutable and thread-safe.
 *
 * @param limits the limit per severity; severities absent have no SLA; every limit is zero or more
 */
public record SlaPolicy(Map<Severity, Duration> limits) {
  /** The publication setting that holds a policy in the text form {@link #parse} reads. */
  public static final String SETTING = "sla.policy";
  /** The default policy: critical 7 days, high 30, medium 90, low 180. */
  public static final SlaPolicy DEFAULT = parse("critical=7d,high=30d,medium=90d,low=180d");

  /** Validates the limits and copies them in severity order. */
  public SlaPolicy {
    EnumMap<Severity, Duration> copy = new EnumMap<>(Severity.class);
    limits.forEach((severity, limit) -> {
      Objects.requireNonNull(severity, "severity");
      if (limit == null || limit.isNegative()) {
        throw new IllegalArgumentException("the SLA of " + severity + " must be zero or more, got " + limit);
      }
      copy.put(severity, limit);
    });
    limits = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the limit of a severity.
   *
   * @param severity the severity
   * @return the limit, or {@code null} when the severity has no SLA
   */
  public Duration limit(Severity severity) {
    return limits.get(severity);
  }

  /**
   * Tells whether a finding of this severity and age breaches the policy.
   *
   * @param severity its severity
   * @param age the run's time minus its first sighting
   * @return true if the severity has a limit and the age is at least that limit
   */
  public boolean breached(Severity severity, Duration age) {
    Duration limit = limits.get(severity);
    return limit != null && age.compareTo(limit) >= 0;
  }

  /**
   * Parses a policy: comma-separated {@code SEVERITY=DURATION} pairs, a duration being a whole number followed by
   * {@code d} (days), {@code h} (hours) or {@code w} (weeks), e.g. {@code critical=7d,high=30d}. Severities not
   * named have no SLA; {@code SEVERITY=none} says so explicitly.
   *
   * @param text the policy
   * @return the policy
   * @throws ConfigurationException naming every malformed pair and what is expected
   */
  public static SlaPolicy parse(String text) {
    Objects.requireNonNull(text, "text");
    EnumMap<Severity, Duration> limits = new EnumMap<>(Severity.class);
    List<String> problems = new ArrayList<>();
    for (String part : text.split(",")) {
      String pair = part.trim();
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      Severity severity = equals <= 0 ? null : Severity.parse(pair.substring(0, equals));
      if (severity == null) {
        problems.add("SLA '" + pair + "' does not start with a severity: expected SEVERITY=DURATION with SEVERITY"
            + " critical, high, medium, low or informational, e.g. high=30d");
        continue;
      }
      String value = pair.substring(equals + 1).trim().toLowerCase(Locale.ROOT);
      if (value.equals("none")) {
        limits.remove(severity);
        continue;
      }
      Duration limit = duration(value);
      if (limit == null) {
        problems.add("SLA '" + pair + "' has no valid duration: expected a whole number of days (7d), hours (12h)"
            + " or weeks (2w), or none");
      } else if (limits.containsKey(severity)) {
        problems.add("SLA '" + pair + "' names " + severity.name().toLowerCase(Locale.ROOT) + " a second time");
      } else {
        limits.put(severity, limit);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new SlaPolicy(limits);
  }

  private static Duration duration(String value) {
    if (value.length() < 2) {
      return null;
    }
    char unit = value.charAt(value.length() - 1);
    long amount;
    try {
      amount = Long.parseLong(value.substring(0, value.length() - 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (amount < 0 || amount > 100_000) {
      return null;
    }
    switch (unit) {
      case 'd': return Duration.ofDays(amount);
      case 'h': return Duration.ofHours(amount);
      case 'w': return Duration.ofDays(amount * 7);
      default: return null;
    }
  }

  /**
   * Formats a limit as {@link #parse} reads it: whole days as {@code 7d}, else hours.
   *
   * @param limit the limit
   * @return e.g. {@code 30d}
   */
  public static String format(Duration limit) {
    long hours = limit.toHours();
    return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
  }

  /** Returns the policy as {@link #parse} reads it, e.g. {@code critical=7d,high=30d}. */
  @Override
  public String toString() {
    List<String> pairs = new ArrayList<>();
    limits.forEach((severity, limit) -> pairs.add(severity.name().toLowerCase(Locale.ROOT) + "=" + format(limit)));
    return String.join(",", pairs);
  }
}
