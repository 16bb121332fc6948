package io.secposture.api;

import io.secposture.api.spi.ExtensionKind;
import io.secposture.api.spi.ExtensionRegistry;
import io.secposture.api.spi.NamedExtensions;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The registry of scanners, parsers, aggregators and publishers: discovered through {@link ServiceLoader} or given
 * by hand, looked up by name or URI scheme. A view of an {@link ExtensionRegistry} over the four kinds declared
 * here ({@link #SCANNER}, {@link #PARSER}, {@link #AGGREGATOR}, {@link #PUBLISHER}).
 *
 * <p>{@link #discover()} loads every implementation registered in {@code META-INF/services}; {@link #of(Collection)}
 * takes instances you built yourself (no discovery at all); {@link #with(Object...)} adds your own to a registry.
 * Two implementations with the same name (or publishers claiming the same scheme) are refused with a message that
 * names both classes and the jars they came from. Looking up an unknown name throws a
 * {@link ConfigurationException} that lists the names that exist and, for a well-known name, which artifact provides
 * it ({@code no scanner 'prowlr'; available: [prowler, scoutsuite]; did you mean 'prowler'?}).
 *
 * <p><b>Who calls it.</b> The job's commands, the pipeline and embedding code, once per run. Instances are immutable
 * and thread-safe; the plugins they hold are shared, which the SPI contracts allow.
 */
public final class Plugins {
  /** Scanners, by {@link Scanner#name()}. */
  public static final ExtensionKind<Scanner> SCANNER = ExtensionKind.byName("scanner", Scanner.class, Scanner::name);
  /** Report parsers, by {@link ReportParser#name()}. */
  public static final ExtensionKind<ReportParser> PARSER =
      ExtensionKind.byName("parser", ReportParser.class, ReportParser::name);
  /** Aggregators, by {@link Aggregator#name()}. */
  public static final ExtensionKind<Aggregator> AGGREGATOR =
      ExtensionKind.byName("aggregator", Aggregator.class, Aggregator::name);
  /** Artifact publishers, by each of their {@link ArtifactPublisher#schemes()}, ignoring case. */
  public static final ExtensionKind<ArtifactPublisher> PUBLISHER =
      ExtensionKind.byScheme("publisher", ArtifactPublisher.class, ArtifactPublisher::schemes);
  /** The four kinds above, in that order. */
  public static final List<ExtensionKind<?>> KINDS = List.of(SCANNER, PARSER, AGGREGATOR, PUBLISHER);

  private final ExtensionRegistry registry;
  private final NamedExtensions<Scanner> scanners;
  private final NamedExtensions<ReportParser> parsers;
  private final NamedExtensions<Aggregator> aggregators;
  private final NamedExtensions<ArtifactPublisher> publishers;

  private Plugins(ExtensionRegistry registry) {
    this.registry = registry;
    this.scanners = registry.extensions(SCANNER);
    this.parsers = registry.extensions(PARSER);
    this.aggregators = registry.extensions(AGGREGATOR);
    this.publishers = registry.extensions(PUBLISHER);
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
   * Discovers every plugin registered in {@code META-INF/services} visible to the given class loader. All four
   * kinds are loaded now, so a broken registration fails here rather than at first lookup; use
   * {@link ExtensionRegistry#discover} with {@link #KINDS} to load each kind only when asked for.
   *
   * @param loader the class loader to search
   * @return the registry
   * @throws ConfigurationException if a registered class cannot be loaded or two plugins share a name
   */
  public static Plugins discover(ClassLoader loader) {
    return new Plugins(ExtensionRegistry.discover(loader, KINDS));
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
    return new Plugins(ExtensionRegistry.of(KINDS, plugins));
  }

  /**
   * Returns a registry with these plugins and the given ones.
   *
   * @param more further plugins
   * @return the new registry
   * @throws ConfigurationException if a name is then taken twice
   */
  public Plugins with(Object... more) {
    return new Plugins(registry.with(List.of(more)));
  }

  /**
   * Returns the registry behind this view, for lookups by {@link ExtensionKind}.
   *
   * @return the registry of the four kinds, all loaded
   */
  public ExtensionRegistry registry() {
    return registry;
  }

  /**
   * Returns the plugins of one kind.
   *
   * @param kind one of {@link #KINDS}
   * @param <T> the service interface
   * @return the plugins, by name
   * @throws IllegalArgumentException for a kind not declared here
   */
  public <T> NamedExtensions<T> extensions(ExtensionKind<T> kind) {
    return registry.extensions(kind);
  }

  /**
   * Returns the scanner with the given name.
   *
   * @param name the scanner name, e.g. {@code prowler}
   * @return the scanner
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public Scanner scanner(String name) {
    return scanners.require(name);
  }

  /**
   * Finds the scanner with the given name.
   *
   * @param name the scanner name
   * @return the scanner, or empty
   */
  public Optional<Scanner> findScanner(String name) {
    return scanners.find(name);
  }

  /**
   * Returns every scanner, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, Scanner> scanners() {
    return scanners.byName();
  }

  /**
   * Returns the parser with the given name.
   *
   * @param name the parser name, e.g. {@code prowler-ocsf}
   * @return the parser
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public ReportParser parser(String name) {
    return parsers.require(name);
  }

  /**
   * Returns every parser, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, ReportParser> parsers() {
    return parsers.byName();
  }

  /**
   * Finds the parser for a file: the first parser, in name order, whose {@link ReportParser#accepts} says yes.
   *
   * @param source the file
   * @return the parser, or empty when no parser reads this file
   */
  public Optional<ReportParser> parserFor(ReportSource source) {
    for (ReportParser parser : parsers.byName().values()) {
      if (parser.accepts(source)) {
        return Optional.of(parser);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds the parser for a file a given scanner wrote: as {@link #parserFor(ReportSource)}, but the scanner's own
   * parsers (named as the scanner, or starting with its name and {@code -}: {@code prowler-ocsf} for
   * {@code prowler}) are asked first. A scan's results file then costs one look at its head instead of one per
   * parser ahead of them in name order, and a file two parsers accept goes to the scanner's own.
   *
   * @param source the file
   * @param scannerName the name of the scanner that wrote it
   * @return the parser, or empty when no parser reads this file
   */
  public Optional<ReportParser> parserFor(ReportSource source, String scannerName) {
    Objects.requireNonNull(scannerName, "scannerName");
    for (Map.Entry<String, ReportParser> entry : parsers.byName().entrySet()) {
      if (ownParser(entry.getKey(), scannerName) && entry.getValue().accepts(source)) {
        return Optional.of(entry.getValue());
      }
    }
    for (Map.Entry<String, ReportParser> entry : parsers.byName().entrySet()) {
      if (!ownParser(entry.getKey(), scannerName) && entry.getValue().accepts(source)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  private static boolean ownParser(String parserName, String scannerName) {
    return parserName.equals(scannerName) || parserName.startsWith(scannerName + "-");
  }

  /**
   * Returns the aggregator with the given name.
   *
   * @param name the aggregator name, e.g. {@code default}
   * @return the aggregator
   * @throws ConfigurationException if there is none, naming the ones there are
   */
  public Aggregator aggregator(String name) {
    return aggregators.require(name);
  }

  /**
   * Returns every aggregator, by name.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<String, Aggregator> aggregators() {
    return aggregators.byName();
  }

  /**
   * Returns the publisher for a URI scheme.
   *
   * @param scheme the scheme, e.g. {@code s3}
   * @return the publisher
   * @throws ConfigurationException if none handles the scheme, naming the schemes there are
   */
  public ArtifactPublisher publisher(String scheme) {
    return publishers.require(scheme);
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
    return publishers.byName();
  }

  /**
   * Returns the names of every plugin, by kind.
   *
   * @return e.g. {@code Plugins[scanners=[prowler, scoutsuite], parsers=[...], ...]}
   */
  @Override
  public String toString() {
    return "Plugins[scanners=" + scanners.names() + ", parsers=" + parsers.names() + ", aggregators="
        + aggregators.names() + ", publishers=" + publishers.names() + "]";
  }

  /**
   * Returns the names of the plugins of one kind.
   *
   * @param kind {@code scanner}, {@code parser}, {@code aggregator} or {@code publisher}
   * @return the sorted names (schemes for publishers)
   * @throws IllegalArgumentException for another kind, naming the four
   */
  public SortedSet<String> names(String kind) {
    return new TreeSet<>(registry.extensions(kind).names());
  }
}
