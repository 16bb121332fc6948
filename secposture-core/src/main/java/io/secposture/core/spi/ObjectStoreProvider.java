package io.secposture.core.spi;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.core.ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The extension point for a storage destination: reads a destination URL and its settings into a configuration, and
 * opens an {@link ObjectStore} for it. Everything else a publisher does (option checks, preflight probe, the
 * publish order, reads) is {@link ObjectStorePublisher}'s, the same for every store.
 *
 * <p><b>Who calls it.</b> {@link ObjectStorePublisher}, once per publish, validate, preflight or read; a storage
 * module implements it (one small class over its SDK) and names its publisher
 * {@code public final class XPublisher extends ObjectStorePublisher<XConfig>}, registered for
 * {@link java.util.ServiceLoader} as an {@link io.secposture.api.ArtifactPublisher}. Implementations must be
 * thread-safe; arguments and results are never {@code null} unless documented.
 *
 * @param <C> the store's configuration, a record parsed from the destination and settings
 */
public interface ObjectStoreProvider<C> {
  /**
   * Returns the URI schemes this store serves, lower case, e.g. {@code s3}.
   *
   * @return at least one scheme
   */
  Set<String> schemes();

  /**
   * Returns the namespace of the store's settings ({@code s3} for {@code s3.region}); a query parameter without a
   * dot belongs to it.
   *
   * @return the namespace
   */
  String namespace();

  /**
   * Returns the store's name in messages, e.g. {@code S3} in "cannot open S3 for s3://bucket/site".
   *
   * @return the name
   */
  String displayName();

  /**
   * Reads and checks the configuration, without contacting the store.
   *
   * @param destination the destination, with settings in its query
   * @param options the settings given by the caller (defaults, then the publication's)
   * @param environment the environment to read secrets from
   * @return the configuration
   * @throws ConfigurationException naming every problem found
   */
  C configure(URI destination, Settings options, Map<String, String> environment);

  /**
   * Returns the site root as printed in messages and results, without secrets.
   *
   * @param config the configuration
   * @return e.g. {@code s3://bucket/prefix}
   */
  URI site(C config);

  /**
   * Opens the store; the caller closes it.
   *
   * @param config the configuration
   * @return the store, thread-safe
   * @throws ConfigurationException if no client can be built from the configuration
   */
  ObjectStore open(C config);

  /**
   * Returns the destination whose query holds the site publisher's settings; a store whose destination may carry a
   * credential in its query (an Azure SAS URL) removes it here.
   *
   * @param destination the destination as given
   * @return the destination to read settings from
   */
  default URI settingsDestination(URI destination) {
    return destination;
  }

  /**
   * Returns how old an unfinished upload of an earlier, killed publish must be before a publish removes it with
   * {@link ObjectStore#removeAbandonedUploads}; empty (the default) for stores that leave nothing behind.
   *
   * @return the age, or empty to skip the cleanup
   */
  default Optional<Duration> abandonedAfter() {
    return Optional.empty();
  }
}
