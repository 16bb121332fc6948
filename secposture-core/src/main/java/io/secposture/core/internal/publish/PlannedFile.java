package io.secposture.core.internal.publish;

import io.secposture.core.ObjectMetadata;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Not public API. One staged file checked and ready to upload.
 *
 * @param key the key relative to the site root, already checked
 * @param file the local file
 * @param size its size in bytes when it was checked
 * @param metadata the headers to store it with
 */
public record PlannedFile(String key, Path file, long size, ObjectMetadata metadata) {
  /** Validates the components. */
  public PlannedFile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(metadata, "metadata");
  }
}
