package io.secposture.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file a scanner wrote, with the name it is published under and its role.
 *
 * @param file the file on local disk
 * @param name the file's path relative to the scan's output directory, with {@code /} separators (for example
 *     {@code scoutsuite-results/scoutsuite_results_aws.js}); publishers keep this relative layout so that an HTML
 *     report still finds its assets
 * @param mediaType the media type, e.g. {@code text/html; charset=utf-8}
 * @param role what the file is for
 */
public record Artifact(Path file, String name, String mediaType, ArtifactRole role) {

  /** Validates the components. */
  public Artifact {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.startsWith("/") || name.contains("\\")) {
      throw new IllegalArgumentException("artifact name must be a relative path with '/' separators, got '" + name + "'");
    }
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(role, "role");
  }
}
