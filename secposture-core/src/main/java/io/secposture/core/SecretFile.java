package io.secposture.core;

import io.secposture.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file holding a secret, readable by the owner only (0600 on POSIX systems), deleted on {@link #close()}. Scanners
 * use it for credentials a tool reads from a file (a Google credentials JSON, a kubeconfig), so secrets never go on
 * a command line. Use it in try-with-resources around the scan.
 *
 * <p>Not thread-safe; {@link #close()} is idempotent.
 */
public final class SecretFile implements AutoCloseable {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Path path;
  private boolean closed;

  private SecretFile(Path path) {
    this.path = path;
  }

  /**
   * Creates the file with owner-only permissions before writing the secret into it.
   *
   * @param directory where to create it; should be private to the scan (not a shared, published folder)
   * @param name the file name
   * @param content the secret content, written as UTF-8
   * @return the file, to be closed when the scanner no longer needs it
   * @throws UncheckedIOException if the file cannot be created or already exists
   */
  public static SecretFile create(Path directory, String name, Secret content) {
    Path path = directory.resolve(name);
    try {
      Files.createDirectories(directory);
      if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(path);
      }
      Files.write(path, content.reveal().getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("secret file " + path + " already exists; use a fresh directory per scan", e);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // best effort: the original failure is what matters
      }
      throw new UncheckedIOException("cannot create secret file " + path + ": " + e.getMessage(), e);
    }
    return new SecretFile(path);
  }

  /**
   * Returns where the file is.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /** Deletes the file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete secret file " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SecretFile[" + path + "]";
  }
}
