package io.secposture.core;

import java.util.Objects;

/**
 * The headers an object is stored with.
 *
 * @param contentType the media type, e.g. {@code text/html; charset=utf-8}
 * @param cacheControl the {@code Cache-Control} value
 */
public record ObjectMetadata(String contentType, String cacheControl) {
  /** Validates the components. */
  public ObjectMetadata {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(cacheControl, "cacheControl");
  }

  /**
   * Returns the metadata the site layout gives a key: media type by extension, cache policy by key.
   *
   * @param key the key relative to the site root
   * @return the metadata
   */
  public static ObjectMetadata forKey(String key) {
    return new ObjectMetadata(MediaTypes.forName(key), SiteLayout.cacheControl(key));
  }
}
