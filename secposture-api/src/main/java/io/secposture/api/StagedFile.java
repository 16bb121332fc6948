package io.secposture.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local file to publish under a key of the site: a scanner's raw output, a log, the run manifest.
 *
 * @param key where it goes, relative to the destination root, e.g.
 *     {@code runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/aws-123456789012.html}; built by secposture-core's
 *     {@code SiteLayout}, so it is already safe (no {@code ..}, backslashes or control characters)
 * @param file the file on local disk
 * @param mediaType the media type to store it with
 */
public record StagedFile(String key, Path file, String mediaType) {
  /** Validates the components. */
  public StagedFile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
