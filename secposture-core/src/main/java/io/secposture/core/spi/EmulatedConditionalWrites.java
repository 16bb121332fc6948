package io.secposture.core.spi;

import io.secposture.core.ObjectStore;
import io.secposture.core.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ObjectStore#putIfVersion} for stores without conditional writes: read, compare, write, read back.
 * Serialised within this JVM when the caller holds the key's {@link KeyLocks} lock; between processes a write that
 * lands between another's compare and write can still be lost, which is why it is only a fallback.
 *
 * <p><b>Who calls it.</b> An object store's {@code putIfVersion}, when configured to emulate or when the server
 * answered that it does not implement conditional writes. Stateless and thread-safe; arguments are never
 * {@code null} unless documented.
 */
public final class EmulatedConditionalWrites {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatedConditionalWrites.class);

  private EmulatedConditionalWrites() {
  }

  /**
   * Writes the object if its current version is the expected one, and tells whether the write held.
   *
   * @param store the store, to read the object
   * @param key the site key
   * @param content the new content
   * @param expectedVersion the version read before; nullable for "must not exist"
   * @param write writes unconditionally and returns the version the store answered (nullable if none)
   * @return whether the object now holds the content
   * @throws IOException if a read or the write fails
   */
  public static boolean put(ObjectStore store, String key, byte[] content, String expectedVersion,
      KeyLocks.Work<String> write) throws IOException {
    String current = store.get(key).map(StoredObject::version).orElse(null);
    if (!Objects.equals(current, expectedVersion)) {
      return false;
    }
    String written = write.run();
    Optional<StoredObject> after = store.get(key);
    return after.isPresent() && (Objects.equals(after.get().version(), written)
        || Arrays.equals(after.get().content(), content));
  }

  /**
   * Warns that conditional writes are emulated at a site.
   *
   * @param site the site, as printed
   * @param why the reason, e.g. the setting or the server's answer
   */
  public static void warn(URI site, String why) {
    LOG.warn("{}: {}; history.json is updated by read, compare, write and read back instead of a conditional write,"
        + " so two runs publishing at the same moment can still lose one history row", site, why);
  }
}
