package io.secposture.exporters.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Not public API: the settings of a message exporter ({@code webhook}, {@code slack}, {@code teams}) in its
 * namespace. URLs and the signing secret are {@link Secret}s; problems name the key, never a secret's value.
 *
 * @param name the exporter's name (the namespace)
 * @param url the default route; nullable when only owner routes are set
 * @param routes owner routes: {@code <name>.route.<owner>} by owner
 * @param minSeverity the least severity of a new or reopened finding that is listed
 * @param maxFindings how many findings a message lists (the rest are counted, "and N more")
 * @param timeout the time limit of one request
 * @param retries how many times a failed request is retried
 * @param backoff the first retry's delay
 * @param secret the signing key; nullable (webhook only)
 * @param always whether the default route gets a message when there is nothing to report
 */
public record MessageSettings(String name, Secret url, SortedMap<String, Secret> routes, Severity minSeverity,
    int maxFindings, Duration timeout, int retries, Duration backoff, Secret secret, boolean always) {
  /** The most findings a message may list. */
  public static final int MAX_FINDINGS = 50;

  /** Copies the routes. */
  public MessageSettings {
    routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
  }

  /**
   * Reads and checks the settings of an exporter.
   *
   * @param name the exporter's name
   * @param options the export options
   * @param signed whether {@code <name>.secret} is a known key
   * @param problems where problems go (each naming the key)
   * @return the settings, or {@code null} if a problem was found
   */
  public static MessageSettings read(String name, Settings options, boolean signed, List<String> problems) {
    int before = problems.size();
    String prefix = name + ".";
    Set<String> known = new TreeSet<>(List.of("url", "min-severity", "max-findings", "timeout", "retries",
        "retry-backoff", "always"));
    if (signed) {
      known.add("secret");
    }
    TreeMap<String, Secret> routes = new TreeMap<>();
    for (String key : options.asMap().keySet()) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      String rest = key.substring(prefix.length());
      if (rest.startsWith("route.")) {
        String owner = rest.substring("route.".length());
        if (owner.isEmpty()) {
          problems.add("setting '" + key + "' names no owner; expected " + prefix + "route.<owner>=<url>");
        } else {
          Secret route = url(options, key, problems);
          if (route != null) {
            routes.put(owner, route);
          }
        }
      } else if (!known.contains(rest)) {
        problems.add("unknown setting '" + key + "'; " + name + " reads " + prefix
            + String.join(", " + prefix, known) + " and " + prefix + "route.<owner>");
      }
    }
    Secret url = options.contains(prefix + "url") ? url(options, prefix + "url", problems) : null;
    if (url == null && routes.isEmpty() && problems.size() == before) {
      problems.add("exporter " + name + " needs " + prefix + "url (the default route) or " + prefix
          + "route.<owner>=<url> settings; put them in SECPOSTURE_EXPORT_OPTIONS, not on the command line");
    }
    Severity minSeverity = Severity.HIGH;
    String severity = options.getString(prefix + "min-severity");
    if (severity != null) {
      minSeverity = Severity.parse(severity.trim());
      if (minSeverity == null) {
        problems.add("setting '" + prefix + "min-severity' has value '" + severity + "'; expected critical, high,"
            + " medium, low or informational");
      }
    }
    int maxFindings = integer(options, prefix + "max-findings", 20, 0, MAX_FINDINGS, problems);
    int retries = integer(options, prefix + "retries", 3, 0, 10, problems);
    Duration timeout = duration(options, prefix + "timeout", Duration.ofSeconds(30), problems);
    Duration backoff = duration(options, prefix + "retry-backoff", Duration.ofSeconds(1), problems);
    Secret secret = null;
    if (signed) {
      String value = options.getString(prefix + "secret");
      if (value != null) {
        if (value.length() < 16) {
          problems.add("setting '" + prefix + "secret' is shorter than 16 characters; use a random key of at least"
              + " 32 characters");
        } else {
          secret = Secret.of(value);
        }
      }
    }
    boolean always = false;
    try {
      always = options.getBoolean(prefix + "always", false);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (problems.size() > before) {
      return null;
    }
    return new MessageSettings(name, url, routes, minSeverity, maxFindings, timeout, retries, backoff, secret,
        always);
  }

  /**
   * Returns the URL for a finding's owner: its route, else the default.
   *
   * @param owner the owner; nullable
   * @return the route's key ({@code null} for the default route)
   */
  public String routeOf(String owner) {
    return owner != null && routes.containsKey(owner) ? owner : null;
  }

  private static Secret url(Settings options, String key, List<String> problems) {
    String value = options.getString(key);
    String problem = null;
    if (value == null || value.isBlank()) {
      problem = "is empty";
    } else {
      try {
        URI uri = new URI(value.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
          problem = "is not an http(s) URL with a host";
        }
      } catch (URISyntaxException e) {
        problem = "is not a valid URL";
      }
    }
    if (problem != null) {
      // never echo the value: it is a secret
      problems.add("setting '" + key + "' " + problem + "; expected the webhook's https:// URL");
      return null;
    }
    return Secret.of(value.trim());
  }

  private static int integer(Settings options, String key, int defaultValue, int min, int max,
      List<String> problems) {
    try {
      int value = options.getInt(key, defaultValue);
      if (value < min || value > max) {
        problems.add("setting '" + key + "' has value '" + value + "'; expected " + min + " to " + max);
        return defaultValue;
      }
      return value;
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return defaultValue;
    }
  }

  private static Duration duration(Settings options, String key, Duration defaultValue, List<String> problems) {
    try {
      Duration value = options.getDuration(key, defaultValue);
      if (value.isNegative() || value.compareTo(Duration.ofMinutes(5)) > 0) {
        problems.add("setting '" + key + "' has value '" + options.getString(key) + "'; expected 0s to 5m");
        return defaultValue;
      }
      return value;
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return defaultValue;
    }
  }

  @Override
  public String toString() {
    return "MessageSettings[" + name + ", url " + (url == null ? "unset" : Secret.MASK) + ", routes "
        + routes.keySet() + ", min-severity " + minSeverity + "]";
  }
}
