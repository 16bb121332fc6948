package io.secposture.core.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary folder only its owner can enter (0700 on POSIX systems), outside any output folder, for what a
 * scanner must not publish: credential files, a tool's working files, version probes.
 *
 * <p><b>Who calls it.</b> {@link CommandLineScan} (one per scan), {@link ToolVersions} and
 * {@link io.secposture.core.Executables#probeVersion} (one per probe); scanners
 * with other private work. Stateless and thread-safe; arguments must not be null.
 */
public final class PrivateFolder {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFolder.class);

  private PrivateFolder() {
  }

  /**
   * Creates a fresh private folder in the system's temporary directory.
   *
   * @param prefix the start of its name, e.g. {@code secposture-prowler-}
   * @return the folder
   * @throws UncheckedIOException if it cannot be created
   */
  public static Path create(String prefix) {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        return Files.createTempDirectory(prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private temporary directory: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a folder and everything in it, links themselves rather than what they point at; logs at WARN what it
   * cannot delete and never throws.
   *
   * @param folder the folder; nothing happens when it does not exist
   */
  public static void delete(Path folder) {
    if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete the private directory {}: {}", folder, e.toString());
    }
  }
}
