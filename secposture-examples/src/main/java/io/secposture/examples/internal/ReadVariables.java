package io.secposture.examples.internal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not public API: the job's environment, remembering which variables were looked up by name, so that a variable an
 * inventory refers to ({@code { env: SECPOSTURE_EXTERNAL_ID }}) is not taken for a misspelt setting. Iterating does
 * not count as a look-up. Reads are thread-safe; the map itself is unmodifiable.
 */
final class ReadVariables extends AbstractMap<String, String> {
  private final Map<String, String> environment;
  private final Set<String> read = ConcurrentHashMap.newKeySet();

  ReadVariables(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String get(Object key) {
    if (key instanceof String name) {
      read.add(name);
    }
    return environment.get(key);
  }

  @Override
  public String getOrDefault(Object key, String defaultValue) {
    String value = get(key);
    return value != null ? value : defaultValue;
  }

  @Override
  public boolean containsKey(Object key) {
    if (key instanceof String name) {
      read.add(name);
    }
    return environment.containsKey(key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return environment.entrySet();
  }

  /** Returns the names looked up so far. */
  Set<String> read() {
    return Set.copyOf(read);
  }
}
