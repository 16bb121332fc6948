package io.secposture.api.spi;

import io.secposture.api.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The implementations of one {@link ExtensionKind}, by name (or URI scheme): validated once, then looked up.
 *
 * <p>Building one refuses a malformed name and two different implementations claiming one name, naming both
 * classes and the jars they came from. {@link #require(String)} on an unknown name throws a
 * {@link ConfigurationException} that lists the names there are and either names the module that provides a
 * well-known name or suggests the closest existing one
 * ({@code no scanner 'prowlr'; available: [prowler, scoutsuite]; did you mean 'prowler'?}).
 *
 * <p><b>Who calls it.</b> {@link ExtensionRegistry} builds one per kind on first use; {@code Plugins},
 * {@code AccountDiscovery.named} and {@code CredentialBrokerProvider.named} look implementations up in it; embedding
 * code may build one from instances it made itself with {@link #of}. Immutable and thread-safe (the implementations
 * it holds are shared, which the SPI contracts allow); nothing it returns is {@code null}.
 *
 * @param <T> the service interface
 */
public final class NamedExtensions<T> {
  private final ExtensionKind<T> kind;
  private final SortedMap<String, T> byName;
  private final List<T> all;

  private NamedExtensions(ExtensionKind<T> kind, SortedMap<String, T> byName, List<T> all) {
    this.kind = kind;
    this.byName = byName;
    this.all = all;
  }

  /**
   * Indexes implementations of a kind by the names they claim.
   *
   * @param kind the kind
   * @param extensions the implementations; the same instance given twice counts once
   * @param <T> the service interface
   * @return the index
   * @throws ConfigurationException if a name is malformed, a publisher claims no scheme, or two different
   *     implementations claim one name
   */
  public static <T> NamedExtensions<T> of(ExtensionKind<T> kind, Collection<? extends T> extensions) {
    Objects.requireNonNull(kind, "kind");
    TreeMap<String, T> byName = new TreeMap<>();
    List<T> all = new ArrayList<>();
    for (T extension : extensions) {
      Objects.requireNonNull(extension, kind.name());
      boolean added = false;
      for (String key : kind.keysOf(extension)) {
        T previous = byName.putIfAbsent(key, extension);
        if (previous != null && previous != extension) {
          throw new ConfigurationException("two plugins claim the " + kind.claimNoun() + " '" + key + "': "
              + Extensions.describe(previous) + " and " + Extensions.describe(extension)
              + "; remove one of them from the classpath or rename one");
        }
        added |= previous == null;
      }
      if (added) {
        all.add(extension);
      }
    }
    return new NamedExtensions<>(kind, Collections.unmodifiableSortedMap(byName), List.copyOf(all));
  }

  /**
   * Returns the kind these implementations are of.
   *
   * @return the kind
   */
  public ExtensionKind<T> kind() {
    return kind;
  }

  /**
   * Finds the implementation with a name (a scheme ignoring case, for publishers).
   *
   * @param name the name
   * @return the implementation, or empty
   */
  public Optional<T> find(String name) {
    Objects.requireNonNull(name, kind.name() + " name");
    return Optional.ofNullable(byName.get(kind.normalise(name)));
  }

  /**
   * Returns the implementation with a name (a scheme ignoring case, for publishers), or throws a message that
   * helps.
   *
   * @param name the name
   * @return the implementation
   * @throws ConfigurationException if there is none: the message lists the names there are and names the module
   *     that provides a well-known name, or else the closest existing name
   */
  public T require(String name) {
    Objects.requireNonNull(name, kind.name() + " name");
    String key = kind.normalise(name);
    T found = byName.get(key);
    if (found != null) {
      return found;
    }
    StringBuilder message = new StringBuilder("no ").append(kind.noun()).append(" '").append(key)
        .append("'; available: ").append(byName.keySet());
    Optional<String> module = kind.moduleProviding(key);
    if (module.isPresent()) {
      message.append("; '").append(key).append("' is provided by ").append(module.get())
          .append(": add it to the classpath");
    } else {
      Suggestions.closest(key, byName.keySet())
          .ifPresent(guess -> message.append("; did you mean '").append(guess).append("'?"));
    }
    throw new ConfigurationException(message.toString());
  }

  /**
   * Returns the names (schemes, for publishers) there are.
   *
   * @return an unmodifiable sorted set
   */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
  }

  /**
   * Returns every implementation by name; one claiming several schemes appears once per scheme.
   *
   * @return an unmodifiable map sorted by name
   */
  public SortedMap<String, T> byName() {
    return byName;
  }

  /**
   * Returns every implementation once, in the order they were given or discovered.
   *
   * @return an unmodifiable list
   */
  public List<T> all() {
    return all;
  }

  /**
   * Tells whether there are no implementations.
   *
   * @return true if none
   */
  public boolean isEmpty() {
    return all.isEmpty();
  }

  /**
   * Returns the kind and the names.
   *
   * @return e.g. {@code scanner [prowler, scoutsuite]}
   */
  @Override
  public String toString() {
    return kind.name() + " " + byName.keySet();
  }
}
