package io.secposture.core.spi;

import io.secposture.api.ConfigurationException;
import io.secposture.core.SiteLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and builds the locations of a site in a bucket store ({@code scheme://bucket/prefix}): the bucket and prefix
 * of a destination, with the same messages for every store, and the object key and URI of a site key.
 *
 * <p><b>Who calls it.</b> An {@link ObjectStoreProvider}'s configuration record, when it parses a destination and
 * when its store names an object. Stateless and thread-safe; arguments are never {@code null}.
 */
public final class BucketSites {
  private BucketSites() {
  }

  /**
   * Returns the bucket of a {@code scheme://bucket/prefix} destination.
   *
   * @param destination the destination
   * @param scheme the store's scheme, e.g. {@code s3}
   * @param store the store's name in messages, e.g. {@code S3}
   * @return the bucket, not yet checked against the store's naming rules
   * @throws ConfigurationException if the scheme is another or the destination names no bucket
   */
  public static String bucket(URI destination, String scheme, String store) {
    URI shown = QueryOptions.withoutSecrets(destination);
    if (destination.getScheme() == null || !destination.getScheme().equalsIgnoreCase(scheme)) {
      throw new ConfigurationException("the " + store + " publisher publishes to " + scheme
          + "://bucket/prefix, not '" + shown + "'");
    }
    String bucket = destination.getAuthority();
    if (bucket == null || bucket.isEmpty() || bucket.contains("@") || bucket.contains(":")) {
      throw new ConfigurationException("the destination '" + shown + "' names no bucket; write " + scheme
          + "://bucket/prefix");
    }
    return bucket;
  }

  /**
   * Returns the site prefix a destination path gives: without leading and trailing {@code /}, checked to be a safe
   * key.
   *
   * @param destination the destination, for messages
   * @param path the path holding the prefix (nullable for none)
   * @return the prefix; empty for the bucket root
   * @throws ConfigurationException if the prefix is not a safe key
   */
  public static String prefix(URI destination, String path) {
    String prefix = path == null ? "" : path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (!prefix.isEmpty()) {
      try {
        SiteLayout.requireSafeKey(prefix);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("the prefix of '" + QueryOptions.withoutSecrets(destination)
            + "' is not usable: " + e.getMessage(), e);
      }
    }
    return prefix;
  }

  /**
   * Checks a prefix given to a configuration's constructor.
   *
   * @param prefix the prefix; empty for the bucket root
   * @return the prefix
   * @throws NullPointerException if it is {@code null}
   * @throws IllegalArgumentException if it is not a safe key
   */
  public static String requirePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return prefix.isEmpty() ? prefix : SiteLayout.requireSafeKey(prefix);
  }

  /**
   * Returns the object name of a site key under a prefix.
   *
   * @param prefix the site's prefix; empty for the bucket root
   * @param key the site key; empty for the site root
   * @return the object name
   */
  public static String objectKey(String prefix, String key) {
    return prefix.isEmpty() ? key : key.isEmpty() ? prefix : prefix + "/" + key;
  }

  /**
   * Returns the URI of an object, as printed in messages and results.
   *
   * @param scheme e.g. {@code s3}
   * @param authority the bucket (or account)
   * @param path the path, starting with {@code /}
   * @return the URI
   */
  public static URI uri(String scheme, String authority, String path) {
    try {
      return new URI(scheme, authority, path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot build a " + scheme.toLowerCase(Locale.ROOT) + " URI for " + authority,
          e);
    }
  }
}
