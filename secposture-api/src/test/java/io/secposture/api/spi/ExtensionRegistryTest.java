package io.secposture.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.Scanner;
import io.secposture.api.fixtures.NamedScanner;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionRegistryTest {
  private static final ExtensionKind<Greeter> GREETER = ExtensionKind.byName("greeter", Greeter.class, Greeter::name)
      .withWellKnown(Map.of("bonjour", "com.example:greeters-fr"));
  private static final List<ExtensionKind<?>> KINDS = List.of(GREETER, Plugins.SCANNER);

  @TempDir
  Path dir;

  @BeforeEach
  void resetCounter() {
    Greeter.CREATED.set(0);
  }

  /** A class loader that sees the test classes plus one META-INF/services file per service. */
  private ClassLoader loaderListing(Map<Class<?>, List<String>> implementations) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    for (Map.Entry<Class<?>, List<String>> entry : implementations.entrySet()) {
      Files.writeString(services.resolve(entry.getKey().getName()), String.join("\n", entry.getValue()) + "\n");
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ExtensionRegistryTest.class.getClassLoader());
  }

  private ClassLoader loaderListing(Class<?> service, Class<?>... implementations) throws Exception {
    List<String> names = new ArrayList<>();
    for (Class<?> implementation : implementations) {
      names.add(implementation.getName());
    }
    return loaderListing(Map.of(service, names));
  }

  @Test
  void discover_createsNothingUntilAKindIsAskedFor() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.discover(loaderListing(Greeter.class, Greeter.Hello.class), KINDS);

    assertThat(Greeter.CREATED).hasValue(0);
    assertThat(registry.isLoaded(GREETER)).isFalse();
    assertThat(registry.toString()).contains("greeter (not loaded)");

    assertThat(registry.extensions(GREETER).require("hello")).isInstanceOf(Greeter.Hello.class);
    assertThat(registry.isLoaded(GREETER)).isTrue();
    assertThat(registry.isLoaded(Plugins.SCANNER)).isFalse();
  }

  @Test
  void extensions_askedTwice_loadsOnceAndReturnsTheSameInstances() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.discover(loaderListing(Greeter.class, Greeter.Hello.class), KINDS);

    NamedExtensions<Greeter> first = registry.extensions(GREETER);
    NamedExtensions<?> second = registry.extensions("greeter");

    assertThat(second).isSameAs(first);
    assertThat(Greeter.CREATED).hasValue(1);
  }

  @Test
  void extensions_brokenRegistrationOfAnotherKind_doesNotStopThisKind() throws Exception {
    ClassLoader loader = loaderListing(Map.of(Greeter.class, List.of(Greeter.Hello.class.getName()),
        Scanner.class, List.of("com.example.DoesNotExist")));
    ExtensionRegistry registry = ExtensionRegistry.discover(loader, KINDS);

    assertThat(registry.extensions(GREETER).names()).containsExactly("hello");
    assertThatThrownBy(() -> registry.extensions(Plugins.SCANNER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("META-INF/services/io.secposture.api.Scanner")
        .hasMessageContaining("com.example.DoesNotExist");
    assertThatThrownBy(() -> registry.extensions(Plugins.SCANNER))
        .as("a failed load is not kept: it fails again")
        .isInstanceOf(ConfigurationException.class);
    assertThat(registry.isLoaded(Plugins.SCANNER)).isFalse();
  }

  @Test
  void extensions_concurrentFirstRequests_loadOnceAndAllSeeTheSameSet() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.discover(loaderListing(Greeter.class, Greeter.Slow.class), KINDS);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<NamedExtensions<Greeter>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return registry.extensions(GREETER);
        }));
      }
      start.countDown();
      NamedExtensions<Greeter> first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<NamedExtensions<Greeter>> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(Greeter.CREATED).hasValue(1);
      assertThat(first.require("slow")).isInstanceOf(Greeter.Slow.class);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void extensions_twoClassesWithOneName_refusesNamingBothClassesAndLocations() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.discover(
        loaderListing(Greeter.class, Greeter.Hello.class, Greeter.HelloTwin.class), KINDS);

    assertThatThrownBy(() -> registry.extensions(GREETER))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("two plugins claim the greeter named 'hello': " + Greeter.Hello.class.getName()
            + " (from file:")
        .hasMessageContaining(" and " + Greeter.HelloTwin.class.getName() + " (from file:")
        .hasMessageEndingWith("; remove one of them from the classpath or rename one");
  }

  @Test
  void require_misspeltName_listsTheNamesAndSuggestsTheClosest() {
    ExtensionRegistry registry = ExtensionRegistry.of(KINDS, List.of(new Greeter.Hello(), new Greeter.Howdy()));

    assertThatThrownBy(() -> registry.extensions(GREETER).require("helo"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no greeter 'helo'; available: [hello, howdy]; did you mean 'hello'?");
    assertThatThrownBy(() -> registry.extensions(GREETER).require("guten-tag"))
        .as("nothing close: no guess")
        .hasMessage("no greeter 'guten-tag'; available: [hello, howdy]");
  }

  @Test
  void require_wellKnownNameMissing_namesTheModuleInsteadOfGuessing() {
    ExtensionRegistry registry = ExtensionRegistry.of(KINDS, List.of(new Greeter.Hello()));

    assertThatThrownBy(() -> registry.extensions(GREETER).require("bonjour"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no greeter 'bonjour'; available: [hello]; 'bonjour' is provided by com.example:greeters-fr: "
            + "add it to the classpath");
  }

  @Test
  void wellKnown_readFromTheResourcesOfTheKindsClassLoader() {
    assertThat(Plugins.SCANNER.wellKnown())
        .containsEntry("prowler", "io.secposture:secposture-prowler")
        .containsEntry("scoutsuite", "io.secposture:secposture-scoutsuite");
    assertThat(Plugins.PUBLISHER.moduleProviding("GS")).contains("io.secposture:secposture-storage-gcs");
    assertThat(ExtensionKind.byName("greeter", Greeter.class, Greeter::name).wellKnown()).isEmpty();
  }

  @Test
  void extensions_unknownKind_namesTheKindsThereAre() {
    ExtensionRegistry registry = ExtensionRegistry.of(KINDS, List.of());
    ExtensionKind<Runnable> other = ExtensionKind.byName("runnable", Runnable.class, Object::toString);

    assertThatThrownBy(() -> registry.extensions("greeters"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown extension kind 'greeters'; use greeter or scanner");
    assertThatThrownBy(() -> registry.extensions(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown extension kind 'runnable'; use greeter or scanner");
  }

  @Test
  void of_objectOfNoKind_isRefusedNamingTheTypes() {
    assertThatThrownBy(() -> ExtensionRegistry.of(KINDS, List.of("text")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("java.lang.String is not a Greeter or Scanner");
  }

  @Test
  void with_addsToADiscoveringRegistryAndStillRefusesDuplicates() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.discover(loaderListing(Greeter.class, Greeter.Hello.class), KINDS)
        .with(List.of(new Greeter.Howdy(), new NamedScanner.Alpha()));

    assertThat(registry.extensions(GREETER).names()).containsExactly("hello", "howdy");
    assertThat(registry.extensions(Plugins.SCANNER).names()).containsExactly("alpha");
    assertThatThrownBy(() -> registry.with(List.of(new Greeter.HelloTwin())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'hello'");
  }

  @Test
  void namedExtensions_schemesAreMatchedIgnoringCaseAndEachImplementationListedOnce() {
    ExtensionKind<SchemeHolder> kind = ExtensionKind.byScheme("store", SchemeHolder.class, SchemeHolder::schemes);
    SchemeHolder both = new SchemeHolder(Set.of("S3", "s3a"));

    NamedExtensions<SchemeHolder> stores = NamedExtensions.of(kind, List.of(both, both));

    assertThat(stores.names()).containsExactly("s3", "s3a");
    assertThat(stores.require("S3A")).isSameAs(both);
    assertThat(stores.all()).containsExactly(both);
    assertThatThrownBy(() -> NamedExtensions.of(kind, List.of(new SchemeHolder(Set.of()))))
        .hasMessageContaining("claims no URI scheme");
    assertThatThrownBy(() -> NamedExtensions.of(kind, List.of(both, new SchemeHolder(Set.of("s3")))))
        .hasMessageStartingWith("two plugins claim the store for scheme 's3'");
  }

  @Test
  void namedExtensions_malformedName_isRefused() {
    ExtensionKind<Greeter> kind = ExtensionKind.byName("greeter", Greeter.class, Greeter::name);
    Greeter shouting = () -> "HELLO";

    assertThatThrownBy(() -> NamedExtensions.of(kind, List.of(shouting)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("has the name 'HELLO'; a name must be lower-case letters, digits and '-'");
  }

  /** A stand-in for a publisher: claims schemes. */
  record SchemeHolder(Set<String> schemes) {
  }
}
