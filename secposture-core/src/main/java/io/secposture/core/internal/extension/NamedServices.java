package io.secposture.core.internal.extension;

import io.secposture.api.ConfigurationException;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Not public API: loads the core's own extension points (account discoveries, credential broker providers) through
 * {@link ServiceLoader} and looks them up by name, with the same rules as {@code Plugins}: names are lower-case
 * letters, digits and dashes; two implementations with one name are refused naming both classes and jars; an
 * unknown name lists the names that exist and which artifact provides a well-known one.
 */
public final class NamedServices {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Which artifact provides a well-known extension, by kind and name. */
  private static final Map<String, String> WELL_KNOWN = Map.of(
      "account discovery:aws-org", "io.secposture:secposture-cloud-aws",
      "account discovery:gcp-org", "io.secposture:secposture-cloud-gcp",
      "account discovery:azure-subscriptions", "io.secposture:secposture-cloud-azure",
      "credential broker:aws", "io.secposture:secposture-cloud-aws",
      "credential broker:gcp", "io.secposture:secposture-cloud-gcp",
      "credential broker:azure", "io.secposture:secposture-cloud-azure");

  private NamedServices() {
  }

  /**
   * Loads every implementation of a service visible to a class loader, by name.
   *
   * @param type the service interface
   * @param kind what it is called in messages, e.g. "account discovery"
   * @param name how to get an implementation's name
   * @param loader the class loader to search
   * @param <T> the service type
   * @return an unmodifiable sorted map
   * @throws ConfigurationException if one cannot be loaded, a name is malformed or taken twice
   */
  public static <T> SortedMap<String, T> load(Class<T> type, String kind, Function<T, String> name,
      ClassLoader loader) {
    TreeMap<String, T> byName = new TreeMap<>();
    try {
      for (ServiceLoader.Provider<T> provider : (Iterable<ServiceLoader.Provider<T>>)
          ServiceLoader.load(type, loader).stream()::iterator) {
        T service;
        try {
          service = provider.get();
        } catch (ServiceConfigurationError e) {
          throw cannotLoad(type, e);
        }
        String key = name.apply(service);
        if (key == null || !NAME.matcher(key).matches()) {
          throw new ConfigurationException(kind + " " + describe(service) + " has the name '" + key
              + "'; a name must be lower-case letters, digits and '-'");
        }
        T previous = byName.putIfAbsent(key, service);
        if (previous != null) {
          throw new ConfigurationException("two implementations claim the " + kind + " named '" + key + "': "
              + describe(previous) + " and " + describe(service) + "; remove one of them from the classpath");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw cannotLoad(type, e);
    }
    return Collections.unmodifiableSortedMap(byName);
  }

  /**
   * Returns the implementation with a name, or throws a message that helps.
   *
   * @param kind what it is called in messages
   * @param byName the implementations
   * @param name the name asked for
   * @param <T> the service type
   * @return the implementation
   * @throws ConfigurationException if there is none, listing the names there are
   */
  public static <T> T require(String kind, SortedMap<String, T> byName, String name) {
    Objects.requireNonNull(name, kind + " name");
    T found = byName.get(name);
    if (found != null) {
      return found;
    }
    StringBuilder message = new StringBuilder("no ").append(kind).append(" '").append(name)
        .append("'; available: ").append(byName.keySet());
    String artifact = WELL_KNOWN.get(kind + ":" + name);
    if (artifact != null) {
      message.append("; '").append(name).append("' is provided by ").append(artifact)
          .append(": add it to the classpath");
    }
    throw new ConfigurationException(message.toString());
  }

  private static ConfigurationException cannotLoad(Class<?> type, ServiceConfigurationError e) {
    return new ConfigurationException("cannot load a " + type.getSimpleName() + " listed in META-INF/services/"
        + type.getName() + ": " + e.getMessage()
        + "; check that the class exists, is public and has a public no-argument constructor", e);
  }

  private static String describe(Object service) {
    Class<?> type = service.getClass();
    CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    String where = source == null || source.getLocation() == null ? "unknown location" : source.getLocation().toString();
    return type.getName() + " (from " + where + ")";
  }
}
