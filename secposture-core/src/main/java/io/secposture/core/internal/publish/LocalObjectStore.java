package io.secposture.core.internal.publish;

import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.SiteLayout;
import io.secposture.core.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API. An {@link ObjectStore} over a local directory (or any mounted filesystem).
 *
 * <p>Every write goes to a temporary file in the target's own directory and is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, so a reader (a web server, a browser) sees either the old file or the new
 * one, never a half-written one. Written files get the directory's default permissions (the process umask), so a
 * web server running as another user can serve them. Byte writes (reports, history, index) are flushed to disk
 * before the rename; copied run files are not, for speed.
 *
 * <p>{@link #putIfVersion} holds an exclusive lock on {@code <root>/.secposture.lock} (a {@link FileLock} between
 * processes, plus a lock per lock file within this JVM, where file locks do not exclude threads); the version of an
 * object is the SHA-256 of its content. Locks need a filesystem that honours them: local disks do, some network
 * filesystems do not. Metadata (content type, cache policy) is not stored: a web server derives it from the file
 * extension. Thread-safe.
 */
public final class LocalObjectStore implements ObjectStore {
  /** The lock file {@link #putIfVersion} holds, in the root directory. */
  public static final String LOCK_FILE = ".secposture.lock";

  private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private volatile boolean atomicMoveWarned;

  /**
   * Opens a store over a directory, which is created on the first write.
   *
   * @param root the site root
   */
  public LocalObjectStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * Returns the root directory.
   *
   * @return the absolute, normalised root
   */
  public Path root() {
    return root;
  }

  /**
   * Returns the file of a key.
   *
   * @param key a safe key
   * @return the file under the root
   * @throws IllegalArgumentException if the key is unsafe or leaves the root
   */
  public Path resolve(String key) {
    SiteLayout.requireSafeKey(key);
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("key '" + key + "' resolves outside the site root " + root);
    }
    return path;
  }

  @Override
  public URI uri(String key) {
    return key.isEmpty() ? root.toUri() : resolve(key).toUri();
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    Path target = resolve(key);
    Path temporary = temporaryFor(target);
    try {
      Files.copy(file, temporary);
      replace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    Path target = resolve(key);
    Path temporary = temporaryFor(target);
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(content);
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      replace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    Path path = resolve(key);
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(content, sha256(content)));
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    Path path = resolve(key);
    if (Files.isDirectory(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    resolve(key);
    Files.createDirectories(root);
    Path lockFile = root.resolve(LOCK_FILE);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
    try {
      jvmLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting for " + lockFile);
      interrupted.initCause(e);
      throw interrupted;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      String currentVersion = get(key).map(StoredObject::version).orElse(null);
      if (!Objects.equals(currentVersion, expectedVersion)) {
        return false;
      }
      put(key, content, metadata);
      return lock.isValid();
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public void close() {
    // nothing to release
  }

  private static Path temporaryFor(Path target) throws IOException {
    Path directory = target.getParent();
    Files.createDirectories(directory);
    String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp";
    return directory.resolve(name);
  }

  private void replace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      if (!atomicMoveWarned) {
        atomicMoveWarned = true;
        LOG.warn("the filesystem of {} cannot rename atomically; readers may briefly see a partly replaced file",
            root);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + root + "]";
  }
}
