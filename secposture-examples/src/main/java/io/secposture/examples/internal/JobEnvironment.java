package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: the job-wide settings read from environment variables, each overridable on the command line.
 * Every malformed value is collected, so the user sees all problems at once.
 *
 * <pre>
 * SECPOSTURE_PUBLISH          where to publish (s3://, gs://, azblob://, file:// or a folder); default ./secposture-site
 * SECPOSTURE_PUBLISH_OPTIONS  publisher settings, "key=value;key=value" (e.g. s3.region=eu-west-1)
 * SECPOSTURE_ACCOUNTS_FILE    a JSON or YAML inventory instead of (or in addition to) SECPOSTURE_ACCOUNTS
 * SECPOSTURE_CONCURRENCY      scans at once; default 4
 * SECPOSTURE_SCAN_TIMEOUT     per scan, e.g. 2h or 90m; default 2h
 * SECPOSTURE_SCANNERS         scanners for accounts that list none; default scoutsuite
 * SECPOSTURE_OPTIONS          job-wide scanner options, "key=value;key=value" (e.g. scoutsuite.max-workers=4)
 * SECPOSTURE_RUN_ID           the run id; default a UTC timestamp plus a random suffix
 * SECPOSTURE_WORK_DIR         where scanner outputs go before publishing; default a temporary folder
 * </pre>
 */
public final class JobEnvironment {
  /** Variable: destination. */
  public static final String PUBLISH = "SECPOSTURE_PUBLISH";
  /** Variable: publisher settings. */
  public static final String PUBLISH_OPTIONS = "SECPOSTURE_PUBLISH_OPTIONS";
  /** Variable: inventory file. */
  public static final String ACCOUNTS_FILE = "SECPOSTURE_ACCOUNTS_FILE";
  /** Variable: concurrency. */
  public static final String CONCURRENCY = "SECPOSTURE_CONCURRENCY";
  /** Variable: scan timeout. */
  public static final String SCAN_TIMEOUT = "SECPOSTURE_SCAN_TIMEOUT";
  /** Variable: default scanners. */
  public static final String SCANNERS = "SECPOSTURE_SCANNERS";
  /** Variable: scanner options. */
  public static final String OPTIONS = "SECPOSTURE_OPTIONS";
  /** Variable: run id. */
  public static final String RUN_ID = "SECPOSTURE_RUN_ID";
  /** Variable: work directory. */
  public static final String WORK_DIR = "SECPOSTURE_WORK_DIR";

  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();

  /**
   * Reads settings from an environment.
   *
   * @param environment the process environment
   */
  public JobEnvironment(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Returns the destination: the command-line value, else the variable, else the default.
   *
   * @param cli the command-line value; nullable
   * @param defaultValue the default
   * @return the destination URI
   */
  public URI destination(String cli, String defaultValue) {
    String value = first(cli, PUBLISH, defaultValue);
    return toDestination(value, cli != null ? "--publish" : PUBLISH);
  }

  /**
   * Turns a destination text (a URI with a scheme, or a local path) into a URI.
   *
   * @param value the text
   * @param where the option or variable that holds it, for the message
   * @return the URI; a local path becomes an absolute {@code file:} URI
   */
  public URI toDestination(String value, String where) {
    if (value.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      try {
        return new URI(value);
      } catch (URISyntaxException e) {
        problems.add(where + " '" + value + "' is not a valid URI: " + e.getReason());
        return Path.of(".").toUri();
      }
    }
    return Path.of(value).toAbsolutePath().normalize().toUri();
  }

  /**
   * Returns the publisher settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings publishOptions(List<String> cli) {
    return pairs(environment.get(PUBLISH_OPTIONS), PUBLISH_OPTIONS).with(pairs(cli, "--publish-option"));
  }

  /**
   * Returns the job-wide scanner options: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings scannerOptions(List<String> cli) {
    return pairs(environment.get(OPTIONS), OPTIONS).with(pairs(cli, "--option"));
  }

  /**
   * Returns the concurrency.
   *
   * @param cli the command-line value; nullable
   * @return the number of scans at once
   */
  public int concurrency(Integer cli) {
    if (cli != null) {
      if (cli < 1) {
        problems.add("--concurrency must be at least 1, got " + cli);
      }
      return cli;
    }
    String value = environment.get(CONCURRENCY);
    if (value == null || value.isBlank()) {
      return Pipeline.DEFAULT_CONCURRENCY;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 1) {
        problems.add(CONCURRENCY + " must be at least 1, got '" + value + "'");
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(CONCURRENCY + " has value '" + value + "'; expected a whole number such as 4");
      return Pipeline.DEFAULT_CONCURRENCY;
    }
  }

  /**
   * Returns the scan timeout.
   *
   * @param cli the command-line value; nullable
   * @param defaultValue the default
   * @return the timeout
   */
  public Duration scanTimeout(String cli, Duration defaultValue) {
    String value = first(cli, SCAN_TIMEOUT, null);
    if (value == null) {
      return defaultValue;
    }
    Duration parsed = Settings.parseDuration(value);
    if (parsed == null || parsed.isZero() || parsed.isNegative()) {
      problems.add((cli != null ? "--scan-timeout" : SCAN_TIMEOUT) + " has value '" + value
          + "'; expected a positive duration such as 90m, 2h or PT2H");
      return defaultValue;
    }
    return parsed;
  }

  /**
   * Returns the default scanners.
   *
   * @param cli the command-line list; nullable
   * @return scanner names
   */
  public List<String> scanners(List<String> cli) {
    if (cli != null && !cli.isEmpty()) {
      return cli;
    }
    String value = environment.get(SCANNERS);
    if (value == null || value.isBlank()) {
      return Pipeline.DEFAULT_SCANNERS;
    }
    return Settings.of(Map.of("s", value)).getList("s");
  }

  /**
   * Returns a value from the command line, else a variable, else a default.
   *
   * @param cli the command-line value; nullable
   * @param variable the variable name
   * @param defaultValue the default; nullable
   * @return the value, or null when all three are absent
   */
  public String first(String cli, String variable, String defaultValue) {
    if (cli != null && !cli.isBlank()) {
      return cli;
    }
    String value = environment.get(variable);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  /**
   * Throws every problem found so far, if any, together with further problems.
   *
   * @param more problems found elsewhere (e.g. by the inventory)
   * @throws ConfigurationException listing all problems
   */
  public void check(List<String> more) {
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    if (!all.isEmpty()) {
      throw new ConfigurationException(all);
    }
  }

  private Settings pairs(String text, String where) {
    if (text == null || text.isBlank()) {
      return Settings.empty();
    }
    return pairs(List.of(text.split(";")), where);
  }

  private Settings pairs(List<String> items, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    int position = 0;
    for (String item : items) {
      position++;
      if (item.isBlank()) {
        continue;
      }
      int equals = item.indexOf('=');
      if (equals <= 0) {
        // never echo the entry: a mistyped pair may hold a secret
        problems.add(where + " entry " + position + " is not key=value");
        continue;
      }
      values.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
    }
    return Settings.of(values, where);
  }
}
