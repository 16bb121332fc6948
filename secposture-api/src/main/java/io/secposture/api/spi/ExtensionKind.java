package io.secposture.api.spi;

import io.secposture.api.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One kind of extension: what it is called in messages ({@code scanner}, {@code account discovery}), its service
 * interface, how an implementation's name is read, and which module provides each well-known name.
 *
 * <p>Most kinds are keyed by one name per implementation ({@link #byName}): lower-case letters, digits and dashes,
 * matched exactly. Publishers are keyed by the URI schemes they claim ({@link #byScheme}): several per
 * implementation, matched ignoring case.
 *
 * <p>The well-known table comes from every {@value #WELL_KNOWN_RESOURCE} visible to the service type's class loader
 * (merged), read the first time it is needed, unless {@link #withWellKnown(Map)} gave one.
 *
 * <p><b>Who calls it.</b> Modules that declare an extension point create one constant per kind
 * ({@code Plugins.SCANNER}, {@code AccountDiscovery.KIND}); {@link ExtensionRegistry} and {@link NamedExtensions}
 * use it to load, validate and look up implementations. Immutable and thread-safe; arguments are never
 * {@code null}.
 *
 * @param <T> the service interface
 */
public final class ExtensionKind<T> {
  /** Where each module lists the well-known extension names it or its siblings provide. */
  public static final String WELL_KNOWN_RESOURCE = "META-INF/secposture/well-known-extensions.txt";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

  private final String name;
  private final Class<T> type;
  private final Function<? super T, ? extends Collection<String>> keysOf;
  private final boolean byScheme;
  private volatile SortedMap<String, String> wellKnown;

  private ExtensionKind(String name, Class<T> type, Function<? super T, ? extends Collection<String>> keysOf,
      boolean byScheme, SortedMap<String, String> wellKnown) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("an extension kind needs a name");
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.keysOf = Objects.requireNonNull(keysOf, "keysOf");
    this.byScheme = byScheme;
    this.wellKnown = wellKnown;
  }

  /**
   * Declares a kind whose implementations each have one name.
   *
   * @param name what the kind is called in messages and in the well-known table, e.g. {@code scanner}
   * @param type the service interface, listed in {@code META-INF/services}
   * @param nameOf reads an implementation's name, e.g. {@code Scanner::name}
   * @param <T> the service interface
   * @return the kind
   */
  public static <T> ExtensionKind<T> byName(String name, Class<T> type, Function<? super T, String> nameOf) {
    Objects.requireNonNull(nameOf, "nameOf");
    return new ExtensionKind<>(name, type, extension -> Collections.singletonList(nameOf.apply(extension)), false,
        null);
  }

  /**
   * Declares a kind whose implementations each claim one or more URI schemes, matched ignoring case.
   *
   * @param name what the kind is called in messages and in the well-known table, e.g. {@code publisher}
   * @param type the service interface, listed in {@code META-INF/services}
   * @param schemesOf reads the schemes an implementation claims, e.g. {@code ArtifactPublisher::schemes}
   * @param <T> the service interface
   * @return the kind
   */
  public static <T> ExtensionKind<T> byScheme(String name, Class<T> type,
      Function<? super T, ? extends Collection<String>> schemesOf) {
    return new ExtensionKind<>(name, type, schemesOf, true, null);
  }

  /**
   * Returns this kind with a fixed well-known table instead of the one read from {@value #WELL_KNOWN_RESOURCE}.
   *
   * @param moduleByName which module ({@code group:artifact}) provides each well-known name
   * @return a new kind; this one is unchanged
   */
  public ExtensionKind<T> withWellKnown(Map<String, String> moduleByName) {
    return new ExtensionKind<>(name, type, keysOf, byScheme, Collections.unmodifiableSortedMap(
        new TreeMap<>(moduleByName)));
  }

  /**
   * Returns what the kind is called in messages and in the well-known table.
   *
   * @return e.g. {@code scanner}, {@code account discovery}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the service interface.
   *
   * @return the type listed in {@code META-INF/services}
   */
  public Class<T> type() {
    return type;
  }

  /**
   * Tells whether implementations are keyed by URI scheme (several each, case-insensitive) rather than by name.
   *
   * @return true for publishers
   */
  public boolean keyedByScheme() {
    return byScheme;
  }

  /**
   * Returns which module provides each well-known name of this kind.
   *
   * @return an unmodifiable map from name to {@code group:artifact}, sorted by name
   * @throws ConfigurationException if a {@value #WELL_KNOWN_RESOURCE} is malformed or two disagree
   */
  public SortedMap<String, String> wellKnown() {
    SortedMap<String, String> table = wellKnown;
    if (table == null) {
      ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
      table = WellKnownExtensions.read(loader).getOrDefault(name, Collections.emptySortedMap());
      wellKnown = table;
    }
    return table;
  }

  /**
   * Returns the module that provides a well-known name of this kind.
   *
   * @param key a name (or scheme)
   * @return {@code group:artifact}, or empty if the name is not well known
   */
  public Optional<String> moduleProviding(String key) {
    return Optional.ofNullable(wellKnown().get(normalise(key)));
  }

  /** Returns the keys an extension claims, normalised and validated. */
  List<String> keysOf(T extension) {
    Collection<String> keys = keysOf.apply(extension);
    if (byScheme && (keys == null || keys.isEmpty())) {
      throw new ConfigurationException(name + " " + Extensions.describe(extension) + " claims no URI scheme");
    }
    List<String> normalised = new ArrayList<>();
    for (String key : keys) {
      String candidate = key == null ? null : normalise(key);
      if (candidate == null || !(byScheme ? SCHEME : NAME).matcher(candidate).matches()) {
        throw new ConfigurationException(name + " " + Extensions.describe(extension) + (byScheme
            ? " has the scheme '" + key + "'; a scheme must be a letter followed by letters, digits, '+', '.' or '-'"
            : " has the name '" + key + "'; a name must be lower-case letters, digits and '-'"));
      }
      normalised.add(candidate);
    }
    return normalised;
  }

  /** Returns how a key is compared: schemes ignore case, names do not. */
  String normalise(String key) {
    return byScheme ? key.toLowerCase(Locale.ROOT) : key;
  }

  /** Returns how a name is introduced in messages: {@code scanner} or {@code publisher for scheme}. */
  String noun() {
    return byScheme ? name + " for scheme" : name;
  }

  /** Returns how a claimed key is introduced in duplicate messages: {@code scanner named}. */
  String claimNoun() {
    return byScheme ? name + " for scheme" : name + " named";
  }

  /**
   * Returns the kind's name and type.
   *
   * @return e.g. {@code ExtensionKind[scanner, io.secposture.api.Scanner]}
   */
  @Override
  public String toString() {
    return "ExtensionKind[" + name + ", " + type.getName() + "]";
  }
}
