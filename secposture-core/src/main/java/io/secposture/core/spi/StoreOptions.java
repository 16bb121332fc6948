package io.secposture.core.spi;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.SitePublisher;
import io.secposture.core.internal.publish.PublishProgress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an object store's settings: the destination's query over the publication's options, unknown keys of the
 * store's namespace refused (a typo must not be ignored silently), secrets refused in the query (it is printed),
 * byte sizes such as {@code 16MiB}.
 *
 * <p><b>Who calls it.</b> An {@link ObjectStoreProvider} parsing its configuration, e.g.
 * {@code StoreOptions.of(destination, options, "s3", KEYS, SECRET_KEYS, environment).size("part-size", ...)}.
 * Immutable and thread-safe; arguments are never {@code null}, results only where documented.
 */
public final class StoreOptions {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);

  private final Settings settings;
  private final String namespace;
  private final Map<String, String> environment;
  private final String origin;

  private StoreOptions(Settings settings, String namespace, Map<String, String> environment, String origin) {
    this.settings = settings;
    this.namespace = namespace;
    this.environment = environment;
    this.origin = origin;
  }

  /**
   * Combines and checks a publisher's options.
   *
   * @param destination the destination; its query overrides the options
   * @param options the publication's options
   * @param namespace the publisher's namespace, e.g. {@code s3}
   * @param knownKeys every key of the namespace, without the namespace, e.g. {@code region}
   * @param secretKeys the keys that hold secrets (allowed in the options, never in the query)
   * @param environment the environment to read secrets from
   * @return the options
   * @throws ConfigurationException naming every unknown key and every secret found in the query
   */
  public static StoreOptions of(URI destination, Settings options, String namespace, Set<String> knownKeys,
      Set<String> secretKeys, Map<String, String> environment) {
    Settings query = QueryOptions.parse(destination, namespace);
    Settings merged = options.with(query);
    String shown = QueryOptions.withoutSecrets(destination).toString();
    List<String> problems = new ArrayList<>();
    for (String key : query.scoped(namespace).asMap().keySet()) {
      if (secretKeys.contains(key)) {
        problems.add("the destination " + shown + " carries the secret '" + namespace + "." + key + "' in its query,"
            + " which is printed in logs and results; pass it in the publication options or the environment instead");
      }
    }
    TreeSet<String> unknown = new TreeSet<>(merged.scoped(namespace).asMap().keySet());
    unknown.removeAll(knownKeys);
    for (String key : unknown) {
      problems.add("unknown setting '" + namespace + "." + key + "' for " + shown + "; the " + namespace
          + " publisher reads " + new TreeSet<>(knownKeys).stream().map(k -> namespace + "." + k).toList()
          + " and " + List.of(SitePublisher.CONCURRENCY, SitePublisher.RETENTION, SitePublisher.PUBLIC_URL));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new StoreOptions(merged, namespace, Map.copyOf(environment), shown);
  }

  /**
   * Returns all options (publisher and site publisher).
   *
   * @return the settings
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Returns the site publisher's {@value SitePublisher#CONCURRENCY}, which also sizes a store's connection pool.
   *
   * @return uploads at once
   */
  public int concurrency() {
    return settings.getInt(SitePublisher.CONCURRENCY, SitePublisher.DEFAULT_CONCURRENCY);
  }

  /**
   * Returns an option of the namespace.
   *
   * @param key the key without namespace
   * @return the trimmed value, or {@code null} if absent or empty
   */
  public String string(String key) {
    String value = settings.getString(namespace + "." + key);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * Returns a boolean option of the namespace.
   *
   * @param key the key without namespace
   * @param defaultValue when absent
   * @return the value
   */
  public boolean bool(String key, boolean defaultValue) {
    return settings.getBoolean(namespace + "." + key, defaultValue);
  }

  /**
   * Returns an option of the namespace that names a constant of an enum, in any case.
   *
   * @param key the key without namespace
   * @param type the enum
   * @param defaultValue when absent
   * @param <E> the enum type
   * @return the constant
   * @throws ConfigurationException naming the constants, lower case, if the value is none of them
   */
  public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    String value = string(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = java.util.Arrays.stream(type.getEnumConstants())
          .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList();
      throw new ConfigurationException("setting '" + namespace + "." + key + "' has value '" + value + "'; expected "
          + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1), e);
    }
  }

  /**
   * Returns an integer option of the namespace within bounds.
   *
   * @param key the key without namespace
   * @param defaultValue when absent
   * @param min the least allowed value
   * @param max the greatest allowed value
   * @return the value
   */
  public int integer(String key, int defaultValue, int min, int max) {
    int value = settings.getInt(namespace + "." + key, defaultValue);
    if (value < min || value > max) {
      throw new ConfigurationException("setting '" + namespace + "." + key + "' for " + origin + " has value '" + value
          + "'; expected " + min + " to " + max);
    }
    return value;
  }

  /**
   * Returns an absolute URI option of the namespace, such as an endpoint.
   *
   * @param key the key without namespace
   * @return the URI, or {@code null} if absent
   */
  public URI uri(String key) {
    String value = string(key);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new ConfigurationException("setting '" + namespace + "." + key + "' for " + origin + " has value '"
          + value + "'; expected an http(s) URL such as http://127.0.0.1:9000", e);
    }
  }

  /**
   * Returns a byte-size option of the namespace: a number with an optional unit {@code KiB}, {@code MiB},
   * {@code GiB} (or {@code K}, {@code M}, {@code G}, {@code KB}, {@code MB}, {@code GB}, all powers of 1024).
   *
   * @param key the key without namespace
   * @param defaultValue when absent
   * @param min the least allowed value
   * @param max the greatest allowed value
   * @return the number of bytes
   */
  public long size(String key, long defaultValue, long min, long max) {
    String value = string(key);
    if (value == null) {
      return defaultValue;
    }
    Matcher matcher = SIZE.matcher(value);
    long bytes = -1;
    if (matcher.matches()) {
      String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
      int shift = unit.isEmpty() || unit.equals("b") ? 0
          : switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 40;
          };
      long number = Long.parseLong(matcher.group(1));
      bytes = number > (Long.MAX_VALUE >> shift) ? -1 : number << shift;
    }
    if (bytes < min || bytes > max) {
      throw new ConfigurationException("setting '" + namespace + "." + key + "' for " + origin + " has value '" + value
          + "'; expected a size from " + PublishProgress.bytes(min) + " to " + PublishProgress.bytes(max)
          + ", such as 16MiB");
    }
    return bytes;
  }

  /**
   * Returns a secret from the options or, failing that, the first environment variable that is set.
   *
   * @param key the key without namespace
   * @param variables environment variables to try, in order
   * @return the secret, or {@code null} if none is set
   */
  public Secret secret(String key, String... variables) {
    String value = string(key);
    if (value != null) {
      return Secret.of(value);
    }
    for (String variable : variables) {
      String fromEnvironment = environment.get(variable);
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        return Secret.of(fromEnvironment.trim());
      }
    }
    return null;
  }

  /**
   * Returns the destination as printed in messages.
   *
   * @return the destination without query
   */
  public String origin() {
    return origin;
  }
}
