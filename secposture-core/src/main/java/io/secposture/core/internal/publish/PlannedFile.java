package io.secposture.core.internal.publish;

import io.secposture.core.ObjectMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * Not public API. One staged file checked and ready to upload.
 *
 * @param key the key relative to the site root, already checked
 * @param file the local file
 * @param size its size in bytes when it was checked
 * @param metadata the headers to store it with
 * @param realPath the file's real path when it was checked (it was a regular file, not a link)
 */
public record PlannedFile(String key, Path file, long size, ObjectMetadata metadata, Path realPath) {
  /** Validates the components. */
  public PlannedFile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(realPath, "realPath");
  }

  /**
   * Checks, just before the upload, that the file is still the regular file that was planned: not replaced by a
   * symbolic link, and not reached through a folder replaced by one (its real path would differ). Stores open a
   * staged file by path, so this narrows the time in which a swapped file could be read to the moment of the
   * upload.
   *
   * @return why it must not be uploaded; empty if it may
   */
  public Optional<String> changedSincePlanned() {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isSymbolicLink()) {
        return Optional.of("it was replaced by a symbolic link after it was checked");
      }
      if (!file.toRealPath().equals(realPath)) {
        return Optional.of("its real path changed after it was checked (a folder above it was replaced by a"
            + " symbolic link?)");
      }
      return Optional.empty();
    } catch (IOException e) {
      // a file that disappeared fails in the store's put with its own message
      return Optional.empty();
    }
  }
}
