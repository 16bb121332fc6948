package io.secposture.storage.gcs;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.spi.BucketSites;
import io.secposture.core.spi.StoreOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how {@link GcsArtifactPublisher} publishes: built from the destination {@code gs://bucket/prefix} and
 * the options, each key in the {@code gcs} namespace. In the destination's query the namespace may be left out
 * ({@code gs://bucket/site?project=my-project}); secrets are refused there.
 *
 * <p>The settings, their defaults and meaning are listed in the module's README. Without {@code gcs.credentials-file},
 * {@code gcs.access-token} or {@code gcs.anonymous}, the client uses application default credentials.
 *
 * @param bucket the bucket
 * @param prefix the object name prefix of the site, without leading or trailing {@code /}; empty for the bucket root
 * @param project the project; nullable
 * @param endpoint the host to talk to; nullable for Google Cloud Storage
 * @param credentialsFile a credentials file; nullable
 * @param accessToken an access token; nullable
 * @param anonymous whether to send no credentials
 * @param resumableThreshold files of at least this many bytes use a resumable upload
 * @param chunkSize bytes per resumable request
 * @param maxAttempts tries per request
 * @param concurrency uploads at once ({@code publish.concurrency})
 */
public record GcsPublisherConfig(String bucket, String prefix, String project, URI endpoint, Path credentialsFile,
    Secret accessToken, boolean anonymous, long resumableThreshold, int chunkSize, int maxAttempts,
    int concurrency) {

  /** The namespace of this publisher's settings. */
  public static final String NAMESPACE = "gcs";
  private static final int CHUNK_GRANULARITY = 256 * 1024;
  private static final Set<String> KEYS = Set.of("project", "endpoint", "credentials-file", "access-token",
      "anonymous", "resumable-threshold", "chunk-size", "max-attempts");
  private static final Set<String> SECRET_KEYS = Set.of("access-token");

  /** Validates the components. */
  public GcsPublisherConfig {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]")) {
      throw new ConfigurationException("'" + bucket + "' is not a valid GCS bucket name (lower-case letters, digits,"
          + " '-', '_' and '.')");
    }
    BucketSites.requirePrefix(prefix);
    int ways = (credentialsFile != null ? 1 : 0) + (accessToken != null ? 1 : 0) + (anonymous ? 1 : 0);
    if (ways > 1) {
      throw new ConfigurationException("give only one of gcs.credentials-file, gcs.access-token and gcs.anonymous");
    }
    if (chunkSize < CHUNK_GRANULARITY || chunkSize % CHUNK_GRANULARITY != 0) {
      throw new ConfigurationException("gcs.chunk-size must be a multiple of 256 KiB, got " + chunkSize + " bytes");
    }
    if (resumableThreshold < 1) {
      throw new ConfigurationException("gcs.resumable-threshold must be positive");
    }
    if (maxAttempts < 1) {
      throw new ConfigurationException("gcs.max-attempts must be at least 1, got " + maxAttempts);
    }
    if (concurrency < 1) {
      throw new ConfigurationException("publish.concurrency must be at least 1, got " + concurrency);
    }
  }

  /**
   * Reads the configuration from a destination and options, with secrets from the process environment.
   *
   * @param destination {@code gs://bucket/prefix}, optionally with settings in its query
   * @param options the publication's options
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static GcsPublisherConfig from(URI destination, Settings options) {
    return from(destination, options, System.getenv());
  }

  /**
   * Reads the configuration from a destination, options and an environment.
   *
   * @param destination {@code gs://bucket/prefix}, optionally with settings in its query
   * @param options the publication's options
   * @param environment where {@code GOOGLE_OAUTH_ACCESS_TOKEN} is looked up
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static GcsPublisherConfig from(URI destination, Settings options, Map<String, String> environment) {
    String bucket = BucketSites.bucket(destination, GcsArtifactPublisher.SCHEME, "GCS");
    StoreOptions settings = StoreOptions.of(destination, options, NAMESPACE, KEYS, SECRET_KEYS, environment);
    String prefix = BucketSites.prefix(destination, destination.getPath());
    String credentials = settings.string("credentials-file");
    return new GcsPublisherConfig(bucket, prefix, settings.string("project"), settings.uri("endpoint"),
        credentials == null ? null : settings.settings().getPath(NAMESPACE + ".credentials-file"),
        settings.secret("access-token", "GOOGLE_OAUTH_ACCESS_TOKEN"), settings.bool("anonymous", false),
        settings.size("resumable-threshold", 8L << 20, 1, 5L << 40),
        (int) settings.size("chunk-size", 16L << 20, CHUNK_GRANULARITY, 1L << 30),
        settings.integer("max-attempts", 6, 1, 20),
        settings.concurrency());
  }

  /**
   * Returns the object name of a key relative to the site root.
   *
   * @param key the site key
   * @return the object name
   */
  public String objectName(String key) {
    return BucketSites.objectKey(prefix, key);
  }

  /**
   * Returns the {@code gs://} URI of a site key.
   *
   * @param key the site key; empty for the site root
   * @return the URI
   */
  public URI uri(String key) {
    return BucketSites.uri(GcsArtifactPublisher.SCHEME, bucket, "/" + objectName(key));
  }

  /**
   * Returns the site root as printed in messages and results.
   *
   * @return {@code gs://bucket/prefix}
   */
  public URI siteUri() {
    return uri("");
  }
}
