package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.fixtures.NamedScanner;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsTest {

  @TempDir
  Path dir;

  /** A class loader that sees the test classes plus one META-INF/services file listing the given classes. */
  private ClassLoader loaderListing(Class<?> service, String... implementations) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(service.getName()), String.join("\n", implementations) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, PluginsTest.class.getClassLoader());
  }

  @Test
  void discover_withListedScanner_findsItByName() throws Exception {
    Plugins plugins = Plugins.discover(loaderListing(Scanner.class, NamedScanner.Alpha.class.getName()));
    assertThat(plugins.scanner("alpha")).isInstanceOf(NamedScanner.Alpha.class);
    assertThat(plugins.names("scanner")).containsExactly("alpha");
  }

  @Test
  void discover_withNothingListed_hasNoPlugins() {
    Plugins plugins = Plugins.discover(new URLClassLoader(new URL[0], null));
    assertThat(plugins.scanners()).isEmpty();
    assertThat(plugins.parsers()).isEmpty();
    assertThat(plugins.toString()).contains("scanners=[]");
  }

  @Test
  void discover_twoClassesWithSameName_refusesNamingBothClassesAndLocations() throws Exception {
    ClassLoader loader = loaderListing(Scanner.class, NamedScanner.Alpha.class.getName(),
        NamedScanner.AlphaTwin.class.getName());
    assertThatThrownBy(() -> Plugins.discover(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'alpha'")
        .hasMessageContaining(NamedScanner.Alpha.class.getName())
        .hasMessageContaining(NamedScanner.AlphaTwin.class.getName())
        .hasMessageContaining("(from file:");
  }

  @Test
  void discover_listedClassMissing_failsNamingTheServiceAndTheClass() throws Exception {
    ClassLoader loader = loaderListing(Scanner.class, "com.example.DoesNotExist");
    assertThatThrownBy(() -> Plugins.discover(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("META-INF/services/io.secposture.api.Scanner")
        .hasMessageContaining("com.example.DoesNotExist")
        .hasMessageContaining("public no-argument constructor");
  }

  @Test
  void discover_invalidName_isRefused() throws Exception {
    ClassLoader loader = loaderListing(Scanner.class, NamedScanner.BadName.class.getName());
    assertThatThrownBy(() -> Plugins.discover(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'Bad Name'")
        .hasMessageContaining("lower-case");
  }

  @Test
  void scanner_unknownName_listsAvailableAndSuggestsClosest() {
    Plugins plugins = Plugins.of(List.of(new NamedScanner.Alpha(), new NamedScanner.Prowler()));
    assertThatThrownBy(() -> plugins.scanner("prowlr"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no scanner 'prowlr'; available: [alpha, prowler]; did you mean 'prowler'?");
  }

  @Test
  void scanner_wellKnownNameMissing_namesTheArtifactThatProvidesIt() {
    Plugins plugins = Plugins.of(List.of(new NamedScanner.Alpha()));
    assertThatThrownBy(() -> plugins.scanner("scoutsuite"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no scanner 'scoutsuite'; available: [alpha]; 'scoutsuite' is provided by "
            + "io.secposture:secposture-scoutsuite: add it to the classpath");
  }

  @Test
  void publisherFor_uriWithoutScheme_meansFile() {
    ArtifactPublisher local = new FakePublisher(Set.of("file"));
    Plugins plugins = Plugins.of(List.of(local));
    assertThat(plugins.publisherFor(URI.create("site/out"))).isSameAs(local);
    assertThat(plugins.publisherFor(URI.create("FILE:///tmp/x"))).isSameAs(local);
  }

  @Test
  void publisherFor_unknownScheme_namesTheStorageArtifact() {
    Plugins plugins = Plugins.of(List.of(new FakePublisher(Set.of("file"))));
    assertThatThrownBy(() -> plugins.publisherFor(URI.create("gs://bucket/prefix")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no publisher for scheme 'gs'; available: [file]")
        .hasMessageContaining("io.secposture:secposture-storage-gcs");
  }

  @Test
  void of_twoPublishersForOneScheme_isRefused() {
    assertThatThrownBy(() -> Plugins.of(List.of(new FakePublisher(Set.of("s3")), new FakePublisher(Set.of("s3")))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("scheme 's3'");
  }

  @Test
  void of_objectThatIsNoPlugin_isRefused() {
    assertThatThrownBy(() -> Plugins.of(List.of("just a string")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("java.lang.String is not a Scanner, ReportParser, Aggregator or ArtifactPublisher");
  }

  @Test
  void with_addsPluginsAndStillRefusesDuplicates() {
    Plugins plugins = Plugins.of(List.of(new NamedScanner.Alpha())).with(new NamedScanner.Prowler());
    assertThat(plugins.scanners()).containsOnlyKeys("alpha", "prowler");
    assertThatThrownBy(() -> plugins.with(new NamedScanner.AlphaTwin())).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void parserFor_picksFirstAcceptingParserInNameOrder() throws Exception {
    Path file = Files.writeString(dir.resolve("x.json"), "{}");
    ReportParser zulu = new FakeParser("zulu", true);
    ReportParser alpha = new FakeParser("alpha", true);
    ReportParser never = new FakeParser("beta", false);
    Plugins plugins = Plugins.of(List.of(zulu, never, alpha));
    assertThat(plugins.parserFor(ReportSource.of(file))).containsSame(alpha);
    assertThat(Plugins.of(List.of(never)).parserFor(ReportSource.of(file))).isEmpty();
  }

  @Test
  void names_unknownKind_isRefused() {
    assertThatThrownBy(() -> Plugins.of(List.of()).names("scanners"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use scanner, parser, aggregator or publisher");
  }

  private record FakeParser(String name, boolean accepting) implements ReportParser {
    @Override
    public boolean accepts(ReportSource source) {
      return accepting;
    }

    @Override
    public ParsedReport parse(ReportSource source, FindingSink sink) {
      return new ParsedReport(name, source.toString(), "fake", null, null, List.of(), 0, List.of());
    }
  }

  private record FakePublisher(Set<String> schemes) implements ArtifactPublisher {
    @Override
    public PublishResult publish(URI destination, Publication publication) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<InputStream> read(URI destination, String key, Settings options) {
      return Optional.empty();
    }
  }
}
