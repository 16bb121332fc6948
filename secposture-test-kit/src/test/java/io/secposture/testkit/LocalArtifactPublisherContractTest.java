package io.secposture.testkit;

import io.secposture.api.ArtifactPublisher;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.core.internal.publish.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The publisher contract, run against the local {@code file} publisher (secposture's embedded default). */
class LocalArtifactPublisherContractTest extends ArtifactPublisherContract {
  private static final AtomicInteger SITES = new AtomicInteger();

  @TempDir
  Path sites;

  @Override
  protected ArtifactPublisher publisher() {
    return new LocalArtifactPublisher();
  }

  @Override
  protected URI newDestination() {
    return sites.resolve("site-" + SITES.incrementAndGet()).toUri();
  }

  @Override
  protected SortedSet<String> listKeys(URI destination) {
    Path root = Path.of(destination);
    SortedSet<String> keys = new TreeSet<>();
    if (!Files.isDirectory(root)) {
      return keys;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString().replace('\\', '/'))
          .filter(key -> !key.equals(LocalObjectStore.LOCK_FILE))
          .forEach(keys::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }
}
