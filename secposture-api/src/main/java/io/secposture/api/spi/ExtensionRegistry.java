package io.secposture.api.spi;

import io.secposture.api.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The extensions of several {@link ExtensionKind}s, found through {@link ServiceLoader} or given by hand.
 *
 * <p>A discovering registry ({@link #discover}) loads a kind the first time it is asked for, once, and keeps the
 * result: a kind nobody asks for is never loaded, so a broken jar of one kind does not stop another from being used.
 * A failed load (a class that cannot be instantiated, two implementations with one name) is not kept: every request
 * for that kind fails the same way. A registry of given instances ({@link #of}) indexes them all at once.
 *
 * <p><b>Who calls it.</b> {@code io.secposture.api.Plugins} (scanners, parsers, aggregators, publishers) and
 * secposture-core (account discoveries, credential broker providers), or embedding code that declares kinds of its
 * own. Thread-safe: concurrent first requests for a kind load it once and all see the same
 * {@link NamedExtensions}. Arguments are never {@code null}.
 */
public final class ExtensionRegistry {
  private static final System.Logger LOG = System.getLogger(ExtensionRegistry.class.getName());

  private final Map<String, Slot<?>> slots;
  private final ClassLoader loader;

  private ExtensionRegistry(Map<String, Slot<?>> slots, ClassLoader loader) {
    this.slots = slots;
    this.loader = loader;
  }

  /**
   * Returns a registry that discovers the given kinds, each on first use, in {@code META-INF/services} visible to a
   * class loader.
   *
   * @param loader the class loader to search
   * @param kinds the kinds it knows; no two with one name
   * @return the registry; nothing is loaded yet
   */
  public static ExtensionRegistry discover(ClassLoader loader, Collection<? extends ExtensionKind<?>> kinds) {
    Objects.requireNonNull(loader, "loader");
    Map<String, Slot<?>> slots = new LinkedHashMap<>();
    for (ExtensionKind<?> kind : kinds) {
      addSlot(slots, new Slot<>(kind));
    }
    return new ExtensionRegistry(slots, loader);
  }

  /**
   * Returns a registry of exactly the given extensions, without discovery.
   *
   * @param kinds the kinds it knows; no two with one name
   * @param extensions instances of those kinds' service types, in any mix; one implementing several types counts
   *     for each
   * @return the registry
   * @throws ConfigurationException if an object is of none of the kinds, or a name is malformed or taken twice
   */
  public static ExtensionRegistry of(Collection<? extends ExtensionKind<?>> kinds, Collection<?> extensions) {
    List<ExtensionKind<?>> known = List.copyOf(kinds);
    for (Object extension : extensions) {
      Objects.requireNonNull(extension, "extension");
      if (known.stream().noneMatch(kind -> kind.type().isInstance(extension))) {
        throw new ConfigurationException(extension.getClass().getName() + " is not a " + either(known.stream()
            .map(kind -> kind.type().getSimpleName()).collect(Collectors.toList())));
      }
    }
    Map<String, Slot<?>> slots = new LinkedHashMap<>();
    for (ExtensionKind<?> kind : known) {
      addSlot(slots, Slot.given(kind, extensions));
    }
    return new ExtensionRegistry(slots, null);
  }

  private static void addSlot(Map<String, Slot<?>> slots, Slot<?> slot) {
    if (slots.putIfAbsent(slot.kind.name(), slot) != null) {
      throw new IllegalArgumentException("two extension kinds are named '" + slot.kind.name() + "'");
    }
  }

  /**
   * Returns a registry of given instances: every extension of this one (discovering all kinds now, if this one
   * discovers) plus the given ones.
   *
   * @param more further extensions
   * @return the new registry
   * @throws ConfigurationException if loading fails, an object is of none of the kinds or a name is then taken twice
   */
  public ExtensionRegistry with(Collection<?> more) {
    List<Object> all = new ArrayList<>();
    for (Slot<?> slot : slots.values()) {
      for (Object extension : slot.get(loader).all()) {
        if (all.stream().noneMatch(seen -> seen == extension)) {
          all.add(extension);
        }
      }
    }
    all.addAll(more);
    return of(kinds(), all);
  }

  /**
   * Returns the extensions of a kind, loading them if this is the first request.
   *
   * @param kind one of this registry's kinds
   * @param <T> the service interface
   * @return the extensions
   * @throws IllegalArgumentException if the registry does not know the kind
   * @throws ConfigurationException if a listed class cannot be loaded, or a name is malformed or taken twice
   */
  @SuppressWarnings("unchecked")
  public <T> NamedExtensions<T> extensions(ExtensionKind<T> kind) {
    Slot<?> slot = slot(kind.name());
    if (slot.kind.type() != kind.type()) {
      throw new IllegalArgumentException("this registry's kind '" + kind.name() + "' is of " + slot.kind.type()
          .getName() + ", not " + kind.type().getName());
    }
    return (NamedExtensions<T>) slot.get(loader);
  }

  /**
   * Returns the extensions of a kind given by name, loading them if this is the first request.
   *
   * @param kindName the kind's name, e.g. {@code scanner}
   * @return the extensions
   * @throws IllegalArgumentException if the registry knows no kind of that name, naming those it knows
   * @throws ConfigurationException if loading fails
   */
  public NamedExtensions<?> extensions(String kindName) {
    return slot(kindName).get(loader);
  }

  /**
   * Returns the kinds this registry knows, in the order it was given them.
   *
   * @return an unmodifiable list
   */
  public List<ExtensionKind<?>> kinds() {
    return slots.values().stream().<ExtensionKind<?>>map(slot -> slot.kind).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Tells whether a kind's extensions have been loaded (always true for a registry of given instances).
   *
   * @param kind one of this registry's kinds
   * @return true once {@link #extensions} succeeded for it
   * @throws IllegalArgumentException if the registry does not know the kind
   */
  public boolean isLoaded(ExtensionKind<?> kind) {
    return slot(kind.name()).loaded != null;
  }

  private Slot<?> slot(String kindName) {
    Objects.requireNonNull(kindName, "kind");
    Slot<?> slot = slots.get(kindName);
    if (slot == null) {
      throw new IllegalArgumentException("unknown extension kind '" + kindName + "'; use " + either(
          new ArrayList<>(slots.keySet())));
    }
    return slot;
  }

  private static String either(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  /**
   * Returns the names per kind, for the kinds loaded so far.
   *
   * @return e.g. {@code ExtensionRegistry[scanner [prowler], parser (not loaded)]}
   */
  @Override
  public String toString() {
    return "ExtensionRegistry" + slots.values().stream()
        .map(slot -> slot.loaded != null ? slot.loaded.toString() : slot.kind.name() + " (not loaded)")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** One kind's extensions: loaded once, under the slot's lock, then read without locking. */
  private static final class Slot<T> {
    private final ExtensionKind<T> kind;
    private volatile NamedExtensions<T> loaded;
    private Thread loading;

    Slot(ExtensionKind<T> kind) {
      this.kind = kind;
    }

    static <T> Slot<T> given(ExtensionKind<T> kind, Collection<?> extensions) {
      Slot<T> slot = new Slot<>(kind);
      List<T> ofKind = new ArrayList<>();
      for (Object extension : extensions) {
        if (kind.type().isInstance(extension)) {
          ofKind.add(kind.type().cast(extension));
        }
      }
      slot.loaded = NamedExtensions.of(kind, ofKind);
      return slot;
    }

    NamedExtensions<T> get(ClassLoader loader) {
      NamedExtensions<T> result = loaded;
      if (result != null) {
        return result;
      }
      synchronized (this) {
        if (loaded == null) {
          if (loading == Thread.currentThread()) {
            throw new IllegalStateException("the " + kind.name() + " extensions are being loaded: a "
                + kind.type().getSimpleName() + " asked for its own kind while being created");
          }
          loading = Thread.currentThread();
          try {
            loaded = NamedExtensions.of(kind, load(kind.type(), loader));
          } finally {
            loading = null;
          }
          LOG.log(System.Logger.Level.DEBUG, () -> "discovered " + loaded);
        }
        return loaded;
      }
    }

    private static <T> List<T> load(Class<T> type, ClassLoader loader) {
      List<T> found = new ArrayList<>();
      try {
        for (ServiceLoader.Provider<T> provider
            : (Iterable<ServiceLoader.Provider<T>>) ServiceLoader.load(type, loader).stream()::iterator) {
          try {
            found.add(provider.get());
          } catch (ServiceConfigurationError e) {
            throw Extensions.cannotLoad(type, e);
          }
        }
      } catch (ServiceConfigurationError e) {
        throw Extensions.cannotLoad(type, e);
      }
      return found;
    }
  }
}
