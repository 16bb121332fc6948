package io.secposture.api;

import java.net.URI;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The registry of scanners, parsers, aggregators and publishers: discovered through {@link ServiceLoader} or given
 * by hand, looked up by name or URI scheme.
 *
 * <p>{@link #discover()} loads every implementation registered in {@code META-INF/services}; {@link #of(Collection)}
 * takes instances you built yourself (no discovery at all); {@link #with(Object...)} adds your own to a registry.
 * Two implementations with the same name (or publishers claiming the same scheme) are refused with a message that
 * names both classes and the jars they came from. Looking up an unknown name throws a
 * {@link ConfigurationException} that lists the names that exist and, for a well-known name, which artifact provides
 * it ({@code no scanner 'prowlr'; available: [prowler, scoutsuite]; did you mean 'prowler'?}).
 *
 * <p>Instances are immutable and thread-safe; the plugins they hold are shared, which the SPI contracts allow.
 */
public final class Plugins {
  private static final System.Logger LOG = System.getLogger(Plugins.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Which artifact provides a well-known plugin, keyed by kind and name. */
  private static final Map<String, String> WELL_KNOWN = Map.ofEntries(
      Map.entry("scanner:scoutsuite", "io.secposture:secposture-scoutsuite"),
      Map.entry("scanner:prowler", "io.secposture:secposture-prowler"),
      Map.entry("parser:scoutsuite", "io.secposture:secposture-scoutsuite"),
      Map.entry("parser:prowler-ocsf", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-csv", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-asff", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-ocsf-v3", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-json-v3", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-v2-json", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-v2-csv", "io.secposture:secposture-prowler"),
      Map.entry("parser:prowler-compliance-csv", "io.secposture:secposture-prowler"),
      Map.entry("aggregator:default", "io.secposture:secposture-core"),
      Map.entry("publisher:file", "io.secposture:secposture-core"),
      Map.entry("publisher:s3", "io.secposture:secposture-storage-s3"),
      Map.entry("publisher:gs", "io.secposture:secposture-storage-gcs"),
      Map.entry("publisher:azblob", "io.secposture:secposture-storage-azure"));

  private final SortedMap<String, Scanner> scanners;
  private final SortedMap<String, ReportParser> parsers;
  private final SortedMap<String, Aggregator> aggregators;
  private final SortedMap<String, ArtifactPublisher> publishers;
  private final List<Object> all;

  private Plugins(List<Object> plugins) {
    this.all = List.copyOf(plugins);
    this.scanners = index("scanner", Scanner.class, Scanner::name, plugins);
    this.parsers = index("parser", ReportParser.class, ReportParser::name, plugins);
    this.aggregators = index("aggregator", Aggregator.class, Aggregator::name, plugins);
    TreeMap<String, ArtifactPublisher> byScheme = new TreeMap<>();
    for (Object plugin : plugins) {
      if (plugin instanceof ArtifactPublisher publisher) {
        Set<String> schemes = Objects.requireNonNull(publisher.schemes(), "schemes() of " + describe(publisher));
        if (schemes.isEmpty()) {
          throw new ConfigurationException("publisher " + describe(publisher) + " claims no URI scheme");
        }
        for (String scheme : schemes) {
          ArtifactPublisher previous = byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), publisher);
          if (previous != null && previous != publisher) {
            throw duplicate("publisher for scheme", scheme, previous, publisher);
          }
        }
      }
    }
    this.publishers = Collections.unmodifiableSortedMap(byScheme);
  }

  /**
   * Discovers every plugin registered in {@code META-INF/services} visible to the class loader that loaded
   * secposture-api.
   *
   * @return the registry
   * @throws ConfigurationException if a registered class cannot be loaded or two plugins share a name
   */
  public static Plugins discover() {
    return discover(Plugins.class.getClassLoader());
  }

  /**
   * Discovers every plugin registered in {@code META-INF/services} visible to the given class loader.
   *
   * @param loader the class loader to search
   * @return the registry
   * @throws ConfigurationException if a registered class cannot be loaded or two plugins share a name
   */
  public static Plugins discover(ClassLoader loader) {
    List<Object> found = new ArrayList<>();
    load(Scanner.class, loader, found);
    load(ReportParser.class, loader, found);
    load(Aggregator.class, loader, found);
    load(ArtifactPublisher.class, loader, found);
    Plugins plugins = new Plugins(found);
    LOG.log(System.Logger.Level.DEBUG, () -> "discovered " + plugins);
    return plugins;
  }

  /**
   * Returns a registry of exactly the given plugins, without discovery.
   *
   * @param plugins instances of {@link Scanner}, {@link ReportParser}, {@link Aggregator} and
   *     {@link ArtifactPublisher}, in any mix
   * @return the registry
   * @throws ConfigurationException if two plugins share a name or an object is none of the four kinds
   */
  public static Plugins of(Collection<?> plugins) {
    List<Object> list = new ArrayList<>();
    for (Object plugin : plugins) {
      Objects.requireNonNull(plugin, "plugin");
      if (!(plugin instanceof Scanner || plugin instanceof ReportParser || plugin instanceof Aggregator
          || plugin instanceof ArtifactPublisher)) {
        throw new ConfigurationException(plugin.getClass().getName()
            + " is not a Scanner, ReportParser, Aggregator or ArtifactPublisher");
      }
      list.add(plugin);
    }
    return new Plugins(list);
  }

  /**
   * Returns a registry with these plugins and the given ones.
   *
   * @param more further plugins
   * @return the new registry
   * @throws ConfigurationException if a name is then taken twice
   */
  public Plugins with(Object... more) {
    List<Object> list = new ArrayList<>(all);
    list.addAll(List.of(more));
    return of(list);
  }

  private static <T> void load(Class<T> type, ClassLoader loader, List<Object> into) {
    ServiceLoader<T> serviceLoader = ServiceLoader.load(type, loader);
    try {
      for (ServiceLoader.Provider<T> provider : (Iterable<ServiceLoader.Provider<T>>) serviceLoader.stream()::iterator) {
        try {
          into.add(provider.get());
        } catch (ServiceConfigurationError e) {
          throw cannotLoad(type, e);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw cannotLoad(type, e);
    }
  }

  private static ConfigurationException cannotLoad(Class<?> type, ServiceConfigurationError e) {
    return new ConfigurationException("cannot load a " + type.getSimpleName() + " listed in META-INF/services/"
        + type.getName() + ": " + e.getMessage()
        + "; check that the class exists, is public and has a public no-argument constructor", e);
  }

  private static <T> SortedMap<String, T> index(String kind, Class<T> type, Function<T, String> name,
      List<Object> plugins) {
    TreeMap<String, T> byName = new TreeMap<>();
    for (Object plugin : plugins) {
      if (type.isInstance(plugin)) {
        T typed = type.cast(plugin);
        String key = name.apply(typed);
        if (key == null || !NAME.matcher(key).matches()) {
          throw new ConfigurationException(kind + " " + describe(plugin) + " has the name '" + key
              + "'; a name must be lower-case letters, digits and '-'");
        }
        T previous = byName.putIfAbsent(key, typed);
        if (previous != null) {
          throw duplicate(kind + " named", key, previous, plugin);
        }
      }
    }
    return Collections.unmodifiableSortedMap(byName);
  }

  private static ConfigurationException duplicate(String what, String name, Object first, Object second) {
    return new ConfigurationException("two plugins claim the " + what + " '" + name + "': " + describe(first)
        + " and " + describe(second) + "; remove one of them from the classpath or rename one");
  }

  private static String describe(Object plugin) {
    Class<?> type = plugin.getClass();
    CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    String where = source == null || source.getLocation() == null ? "unknown location" : source.getLocation().toString();
    return type.getName() + " (from " + where + ")";
  }

  /**
   * Returns the scanner with the given name.
   *
   * @param name the scanner name, e.g. {@code prowler}
   * @return the scanner
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public Scanner scanner(String name) {
    return require("scanner", scanners, name);
  }

  /**
   * Finds the scanner with the given name.
   *
   * @param name the scanner name
   * @return the scanner, or empty
   */
  public Optional<Scanner> findScanner(String name) {
    return Optional.ofNullable(scanners.get(name));
  }

  /**
   * Returns every scanner, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, Scanner> scanners() {
    return scanners;
  }

  /**
   * Returns the parser with the given name.
   *
   * @param name the parser name, e.g. {@code prowler-ocsf}
   * @return the parser
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public ReportParser parser(String name) {
    return require("parser", parsers, name);
  }

  /**
   * Returns every parser, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, ReportParser> parsers() {
    return parsers;
  }

  /**
   * Finds the parser for a file: the first parser, in name order, whose {@link ReportParser#accepts} says yes.
   *
   * @param source the file
   * @return the parser, or empty when no parser reads this file
   */
  public Optional<ReportParser> parserFor(ReportSource source) {
    for (ReportParser parser : parsers.values()) {
      if (parser.accepts(source)) {
        return Optional.of(parser);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the aggregator with the given name.
   *
   * @param name the aggregator name, e.g. {@code default}
   * @return the aggregator
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public Aggregator aggregator(String name) {
    return require("aggregator", aggregators, name);
  }

  /**
   * Returns every aggregator, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, Aggregator> aggregators() {
    return aggregators;
  }

  /**
   * Returns the publisher for a URI scheme.
   *
   * @param scheme the scheme, e.g. {@code s3}
   * @return the publisher
   * @throws ConfigurationException if none handles the scheme, naming the schemes there are
   */
  public ArtifactPublisher publisher(String scheme) {
    return require("publisher", publishers, scheme.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the publisher for a destination; a URI without a scheme is a local path ({@code file}).
   *
   * @param destination the destination
   * @return the publisher
   * @throws ConfigurationException if none handles its scheme
   */
  public ArtifactPublisher publisherFor(URI destination) {
    String scheme = destination.getScheme();
    return publisher(scheme == null ? "file" : scheme);
  }

  /**
   * Returns every publisher, by scheme (a publisher with several schemes appears once per scheme).
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, ArtifactPublisher> publishers() {
    return publishers;
  }

  private static <T> T require(String kind, SortedMap<String, T> byName, String name) {
    Objects.requireNonNull(name, kind + " name");
    T found = byName.get(name);
    if (found != null) {
      return found;
    }
    String noun = kind.equals("publisher") ? "publisher for scheme" : kind;
    StringBuilder message = new StringBuilder("no ").append(noun).append(" '").append(name).append("'; available: ")
        .append(byName.keySet());
    String artifact = WELL_KNOWN.get(kind + ":" + name);
    if (artifact != null) {
      message.append("; '").append(name).append("' is provided by ").append(artifact)
          .append(": add it to the classpath");
    } else {
      closest(name, byName.keySet()).ifPresent(guess -> message.append("; did you mean '").append(guess).append("'?"));
    }
    throw new ConfigurationException(message.toString());
  }

  private static Optional<String> closest(String name, Set<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(names)) {
      int distance = distance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Returns the names of every plugin, by kind.
   *
   * @return e.g. {@code Plugins[scanners=[prowler, scoutsuite], parsers=[...], ...]}
   */
  @Override
  public String toString() {
    return "Plugins[scanners=" + scanners.keySet() + ", parsers=" + parsers.keySet() + ", aggregators="
        + aggregators.keySet() + ", publishers=" + publishers.keySet() + "]";
  }

  /**
   * Returns the names of the plugins of one kind.
   *
   * @param kind {@code scanner}, {@code parser}, {@code aggregator} or {@code publisher}
   * @return the sorted names (schemes for publishers)
   */
  public SortedSet<String> names(String kind) {
    switch (kind) {
      case "scanner": return new TreeSet<>(scanners.keySet());
      case "parser": return new TreeSet<>(parsers.keySet());
      case "aggregator": return new TreeSet<>(aggregators.keySet());
      case "publisher": return new TreeSet<>(publishers.keySet());
      default: throw new IllegalArgumentException("unknown plugin kind '" + kind
          + "'; use scanner, parser, aggregator or publisher");
    }
  }
}
