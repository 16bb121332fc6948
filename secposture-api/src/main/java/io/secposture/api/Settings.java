package io.secposture.api;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable string settings with typed getters, used for per-account scanner options, per-call publisher options
 * and plugin configuration. Keys are namespaced by the component that reads them, e.g. {@code scoutsuite.regions}
 * or {@code s3.region}.
 *
 * <p>Each getter has two forms: one returns {@code null} when the key is absent, the other takes a default. A value
 * that is present but malformed raises a {@link ConfigurationException} naming the key, the value and the expected
 * form. Lists are comma-separated; durations accept ISO-8601 ({@code PT30M}) or a number with a unit
 * ({@code 90s}, {@code 30m}, {@code 2h}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Settings {
  private static final Settings EMPTY = new Settings(new TreeMap<>(), "");

  private final SortedMap<String, String> values;
  private final String origin;

  private Settings(SortedMap<String, String> values, String origin) {
    this.values = Collections.unmodifiableSortedMap(values);
    this.origin = origin;
  }

  /**
   * Returns settings with no keys.
   *
   * @return the empty settings
   */
  public static Settings empty() {
    return EMPTY;
  }

  /**
   * Returns settings holding a copy of the given map.
   *
   * @param values the settings; keys and values must not be null
   * @return the settings
   */
  public static Settings of(Map<String, String> values) {
    return of(values, "");
  }

  /**
   * Returns settings holding a copy of the given map, remembering where they came from for error messages.
   *
   * @param values the settings; keys and values must not be null
   * @param origin where these settings were read, e.g. "account prod (accounts.yaml)"; may be empty
   * @return the settings
   */
  public static Settings of(Map<String, String> values, String origin) {
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key)));
    return new Settings(copy, Objects.requireNonNull(origin, "origin"));
  }

  /**
   * Returns these settings overlaid with others: keys in {@code overrides} win.
   *
   * @param overrides the settings that take precedence
   * @return the combined settings
   */
  public Settings with(Settings overrides) {
    if (overrides.values.isEmpty()) {
      return this;
    }
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.putAll(overrides.values);
    return new Settings(copy, origin.isEmpty() ? overrides.origin : origin);
  }

  /**
   * Returns these settings with one more key.
   *
   * @param key the key
   * @param value the value
   * @return the combined settings
   */
  public Settings with(String key, String value) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new Settings(copy, origin);
  }

  /**
   * Returns the keys that start with {@code prefix + "."}, with that prefix removed.
   *
   * @param prefix a namespace such as {@code scoutsuite}
   * @return the settings in that namespace
   */
  public Settings scoped(String prefix) {
    String start = prefix + ".";
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(start)) {
        copy.put(key.substring(start.length()), value);
      }
    });
    return new Settings(copy, origin.isEmpty() ? prefix : origin);
  }

  /**
   * Returns all settings as an unmodifiable sorted map.
   *
   * @return the settings
   */
  public SortedMap<String, String> asMap() {
    return values;
  }

  /**
   * Tells whether a key is present.
   *
   * @param key the key
   * @return true if present
   */
  public boolean contains(String key) {
    return values.containsKey(key);
  }

  /**
   * Returns a string value.
   *
   * @param key the key
   * @return the value, or {@code null} if absent
   */
  public String getString(String key) {
    String value = values.get(key);
    return value == null ? null : value.trim();
  }

  /**
   * Returns a string value or a default.
   *
   * @param key the key
   * @param defaultValue returned when the key is absent
   * @return the value or the default
   */
  public String getString(String key, String defaultValue) {
    String value = getString(key);
    return value == null ? defaultValue : value;
  }

  /**
   * Returns an integer value.
   *
   * @param key the key
   * @return the value, or {@code null} if absent
   * @throws ConfigurationException if the value is not an integer
   */
  public Integer getInt(String key) {
    String value = getString(key);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw malformed(key, value, "an integer such as 4");
    }
  }

  /**
   * Returns an integer value or a default.
   *
   * @param key the key
   * @param defaultValue returned when the key is absent
   * @return the value or the default
   * @throws ConfigurationException if the value is not an integer
   */
  public int getInt(String key, int defaultValue) {
    Integer value = getInt(key);
    return value == null ? defaultValue : value;
  }

  /**
   * Returns a boolean value: {@code true/false}, {@code yes/no}, {@code 1/0}, {@code on/off}.
   *
   * @param key the key
   * @param defaultValue returned when the key is absent
   * @return the value or the default
   * @throws ConfigurationException if the value is not a boolean
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "1": case "on":
        return true;
      case "false": case "no": case "0": case "off":
        return false;
      default:
        throw malformed(key, value, "true or false");
    }
  }

  /**
   * Returns a duration: ISO-8601 ({@code PT30M}) or a number with a unit {@code ms}, {@code s}, {@code m},
   * {@code h} or {@code d} ({@code 90s}, {@code 30m}).
   *
   * @param key the key
   * @return the value, or {@code null} if absent
   * @throws ConfigurationException if the value is not a duration
   */
  public Duration getDuration(String key) {
    String value = getString(key);
    if (value == null) {
      return null;
    }
    Duration parsed = parseDuration(value);
    if (parsed == null) {
      throw malformed(key, value, "a duration such as 30m, 90s, 2h or PT30M");
    }
    return parsed;
  }

  /**
   * Returns a duration or a default.
   *
   * @param key the key
   * @param defaultValue returned when the key is absent
   * @return the value or the default
   * @throws ConfigurationException if the value is not a duration
   */
  public Duration getDuration(String key, Duration defaultValue) {
    Duration value = getDuration(key);
    return value == null ? defaultValue : value;
  }

  /**
   * Returns a comma-separated list, trimmed, without empty elements.
   *
   * @param key the key
   * @return the list; empty if absent
   */
  public List<String> getList(String key) {
    String value = getString(key);
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Returns a filesystem path.
   *
   * @param key the key
   * @return the path, or {@code null} if absent
   * @throws ConfigurationException if the value is not a valid path
   */
  public Path getPath(String key) {
    String value = getString(key);
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw malformed(key, value, "a file path");
    }
  }

  /**
   * Parses a duration in either accepted form.
   *
   * @param text the text, e.g. {@code 30m} or {@code PT30M}
   * @return the duration, or {@code null} if the text is neither form
   */
  public static Duration parseDuration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int split = 0;
    while (split < value.length() && Character.isDigit(value.charAt(split))) {
      split++;
    }
    if (split == 0 || split > 12) {
      return null;
    }
    long amount = Long.parseLong(value.substring(0, split));
    switch (value.substring(split).trim()) {
      case "ms": return Duration.ofMillis(amount);
      case "s": case "sec": case "": return Duration.ofSeconds(amount);
      case "m": case "min": return Duration.ofMinutes(amount);
      case "h": return Duration.ofHours(amount);
      case "d": return Duration.ofDays(amount);
      default: return null;
    }
  }

  private ConfigurationException malformed(String key, String value, String expected) {
    String where = origin.isEmpty() ? "" : " (" + origin + ")";
    return new ConfigurationException("setting '" + key + "'" + where + " has value '" + value + "'; expected "
        + expected);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Settings that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Prints the keys only: settings may hold values that should not be logged. */
  @Override
  public String toString() {
    return "Settings" + values.keySet();
  }
}
