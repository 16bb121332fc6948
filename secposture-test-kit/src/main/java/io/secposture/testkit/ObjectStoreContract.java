package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link ObjectStore} keeps for the site publisher (see its javadoc): what is put is read back
 * byte for byte, with a version; missing keys read as empty; {@link ObjectStore#putIfVersion} creates only what is
 * absent and replaces only the version it was given; overwrites and deletes are seen by the next read; a site
 * without interrupted uploads has none to remove.
 *
 * <p><b>Who calls it.</b> A store's test class (JUnit 5) extends it and returns a store over a fresh, empty site
 * root per call of {@link #openStore()}, typically against an emulator (S3Proxy, a GCS emulator, Azurite) or a
 * temporary folder. Each test opens its own store and closes it afterwards.
 */
public abstract class ObjectStoreContract {
  private static final ObjectMetadata TEXT = new ObjectMetadata("text/plain; charset=utf-8", "no-cache");

  /** Where the contract writes the files it uploads. */
  @TempDir
  protected Path contractDirectory;

  private ObjectStore store;

  /**
   * Opens the store under test over a new, empty site root.
   *
   * @return the store; the contract closes it
   * @throws IOException if it cannot be opened
   */
  protected abstract ObjectStore openStore() throws IOException;

  /** Opened on first use, so that a subclass's {@code @BeforeEach} (an injected emulator) has run. */
  private ObjectStore store() throws IOException {
    if (store == null) {
      store = openStore();
    }
    return store;
  }

  @AfterEach
  void closeStore() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void put_bytes_thenGet_returnsTheSameBytesAndAVersion() throws IOException {
    store().put("reports/a.txt", bytes("first"), TEXT);

    Optional<StoredObject> read = store().get("reports/a.txt");

    assertThat(read).isPresent();
    assertThat(read.get().content()).isEqualTo(bytes("first"));
    assertThat(read.get().version()).isNotBlank();
  }

  @Test
  void put_file_thenOpen_streamsTheWholeFile() throws IOException {
    byte[] content = new byte[700 * 1024 + 13];
    new Random(7).nextBytes(content);
    Path file = Files.write(contractDirectory.resolve("large.bin"), content);

    store().put("runs/r1/large.bin", file, new ObjectMetadata("application/octet-stream", "no-cache"));

    try (InputStream in = store().open("runs/r1/large.bin").orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void get_and_open_missingKey_areEmpty() throws IOException {
    assertThat(store().get("reports/missing.json")).isEmpty();
    assertThat(store().open("reports/missing.json")).isEmpty();
  }

  @Test
  void put_sameKeyAgain_nextReadSeesTheNewContentAndANewVersion() throws IOException {
    store().put("index.html", bytes("old"), TEXT);
    String before = store().get("index.html").orElseThrow().version();

    store().put("index.html", bytes("new"), TEXT);

    StoredObject after = store().get("index.html").orElseThrow();
    assertThat(after.content()).isEqualTo(bytes("new"));
    assertThat(after.version()).isNotEqualTo(before);
  }

  @Test
  void putIfVersion_withoutVersion_createsOnlyWhenTheKeyIsAbsent() throws IOException {
    assertThat(store().putIfVersion("reports/history.json", bytes("one"), TEXT, null)).isTrue();

    assertThat(store().putIfVersion("reports/history.json", bytes("two"), TEXT, null)).isFalse();
    assertThat(store().get("reports/history.json").orElseThrow().content()).isEqualTo(bytes("one"));
  }

  @Test
  void putIfVersion_replacesTheVersionItWasGiven_andRefusesAStaleOne() throws IOException {
    store().put("reports/history.json", bytes("one"), TEXT);
    String first = store().get("reports/history.json").orElseThrow().version();

    assertThat(store().putIfVersion("reports/history.json", bytes("two"), TEXT, first)).isTrue();
    assertThat(store().putIfVersion("reports/history.json", bytes("three"), TEXT, first)).isFalse();

    assertThat(store().get("reports/history.json").orElseThrow().content()).isEqualTo(bytes("two"));
  }

  @Test
  void delete_thenGet_isEmpty() throws IOException {
    store().put(".secposture-check-probe", bytes("probe"), TEXT);
    try {
      store().delete(".secposture-check-probe");
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "the store cannot delete");
    }

    assertThat(store().get(".secposture-check-probe")).isEmpty();
  }

  @Test
  void uri_endsWithTheKey() throws IOException {
    assertThat(store().uri("reports/history.json").toString()).endsWith("/reports/history.json");
  }

  @Test
  void removeAbandonedUploads_onAFreshSite_removesNothing() throws IOException {
    store().put("reports/a.txt", bytes("kept"), TEXT);

    assertThat(store().removeAbandonedUploads(Duration.ZERO)).isEmpty();
    assertThat(store().get("reports/a.txt")).isPresent();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
