package io.secposture.storage.s3;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.spi.BucketSites;
import io.secposture.core.spi.StoreOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Where and how {@link S3ArtifactPublisher} publishes: built from the destination {@code s3://bucket/prefix} and
 * the options, each key in the {@code s3} namespace. In the destination's query the namespace may be left out
 * ({@code s3://bucket/site?region=eu-west-1&storage-class=STANDARD_IA}); secrets are refused there.
 *
 * <p>The settings, their defaults and meaning are listed in the module's README; {@code publish.concurrency} also
 * sizes the HTTP connection pool.
 *
 * @param bucket the bucket
 * @param prefix the key prefix of the site, without leading or trailing {@code /}; empty for the bucket root
 * @param region the region; nullable for the SDK's region chain
 * @param endpoint the endpoint of an S3-compatible store; nullable for AWS
 * @param pathStyle whether buckets are addressed in the path
 * @param encryption server-side encryption requested on every object
 * @param kmsKeyId the KMS key for {@link Encryption#AWS_KMS}; nullable
 * @param storageClass the storage class; nullable for the default
 * @param profile a named profile; nullable
 * @param accessKeyId explicit access key id; nullable for the default chain
 * @param secretAccessKey explicit secret key; nullable for the default chain
 * @param sessionToken session token of temporary keys; nullable
 * @param multipartThreshold files of at least this many bytes are uploaded in parts
 * @param partSize bytes per part
 * @param maxAttempts tries per request
 * @param conditionalWrites how conditional writes are done
 * @param concurrency uploads at once ({@code publish.concurrency})
 */
public record S3PublisherConfig(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
    Encryption encryption, String kmsKeyId, String storageClass, String profile, Secret accessKeyId,
    Secret secretAccessKey, Secret sessionToken, long multipartThreshold, long partSize, int maxAttempts,
    ConditionalWrites conditionalWrites, int concurrency) {

  /** The namespace of this publisher's settings. */
  public static final String NAMESPACE = "s3";
  /** The smallest part S3 accepts (except the last). */
  public static final long MIN_PART_SIZE = 5L << 20;
  /** The largest part S3 accepts. */
  public static final long MAX_PART_SIZE = 5L << 30;

  private static final Set<String> KEYS = Set.of("region", "endpoint", "path-style", "sse", "kms-key-id",
      "storage-class", "profile", "access-key-id", "secret-access-key", "session-token", "multipart-threshold",
      "part-size", "max-attempts", "conditional-writes");
  private static final Set<String> SECRET_KEYS = Set.of("access-key-id", "secret-access-key", "session-token");

  /** Server-side encryption. */
  public enum Encryption {
    /** None requested: the bucket's default encryption applies. */
    NONE("none"),
    /** SSE-S3, keys managed by S3. */
    AES256("AES256"),
    /** SSE-KMS, keys in AWS KMS. */
    AWS_KMS("aws:kms");

    private final String header;

    Encryption(String header) {
      this.header = header;
    }

    /**
     * Returns the value of the {@code x-amz-server-side-encryption} header.
     *
     * @return e.g. {@code aws:kms}
     */
    public String header() {
      return header;
    }
  }

  /** How conditional writes (for {@code history.json}) are done. */
  public enum ConditionalWrites {
    /** Native, falling back to emulated when the store answers 501 Not Implemented. */
    AUTO,
    /** {@code If-Match} and {@code If-None-Match: *} only. */
    NATIVE,
    /** Read, compare, write, read back: for stores without conditional writes; not safe against every race. */
    EMULATED
  }

  /** Validates the components. */
  public S3PublisherConfig {
    requireBucket(bucket);
    BucketSites.requirePrefix(prefix);
    Objects.requireNonNull(encryption, "encryption");
    if (kmsKeyId != null && encryption != Encryption.AWS_KMS) {
      throw new ConfigurationException("s3.kms-key-id is set but s3.sse is " + encryption.header()
          + "; set s3.sse=aws:kms to use a KMS key");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new ConfigurationException("give both s3.access-key-id and s3.secret-access-key (or"
          + " SECPOSTURE_S3_ACCESS_KEY_ID and SECPOSTURE_S3_SECRET_ACCESS_KEY), or neither for the default chain");
    }
    if (sessionToken != null && accessKeyId == null) {
      throw new ConfigurationException("s3.session-token needs s3.access-key-id and s3.secret-access-key");
    }
    if (profile != null && accessKeyId != null) {
      throw new ConfigurationException("give either s3.profile or explicit keys, not both");
    }
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new ConfigurationException("s3.part-size must be 5 MiB to 5 GiB, got " + partSize + " bytes");
    }
    if (multipartThreshold < partSize) {
      throw new ConfigurationException("s3.multipart-threshold (" + multipartThreshold
          + " bytes) must be at least s3.part-size (" + partSize + " bytes)");
    }
    if (maxAttempts < 1) {
      throw new ConfigurationException("s3.max-attempts must be at least 1, got " + maxAttempts);
    }
    Objects.requireNonNull(conditionalWrites, "conditionalWrites");
    if (concurrency < 1) {
      throw new ConfigurationException("publish.concurrency must be at least 1, got " + concurrency);
    }
  }

  /**
   * Reads the configuration from a destination and options, with secrets from the process environment.
   *
   * @param destination {@code s3://bucket/prefix}, optionally with settings in its query
   * @param options the publication's options
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static S3PublisherConfig from(URI destination, Settings options) {
    return from(destination, options, System.getenv());
  }

  /**
   * Reads the configuration from a destination, options and an environment.
   *
   * @param destination {@code s3://bucket/prefix}, optionally with settings in its query
   * @param options the publication's options
   * @param environment where {@code SECPOSTURE_S3_*} secrets are looked up
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static S3PublisherConfig from(URI destination, Settings options, Map<String, String> environment) {
    String bucket = BucketSites.bucket(destination, S3ArtifactPublisher.SCHEME, "S3");
    StoreOptions settings = StoreOptions.of(destination, options, NAMESPACE, KEYS, SECRET_KEYS, environment);
    URI endpoint = settings.uri("endpoint");
    String region = settings.string("region");
    if (region == null && endpoint != null) {
      region = "us-east-1";
    }
    return new S3PublisherConfig(bucket, BucketSites.prefix(destination, destination.getPath()), region, endpoint,
        settings.bool("path-style", endpoint != null), encryption(settings.string("sse")),
        settings.string("kms-key-id"), storageClass(settings.string("storage-class")), settings.string("profile"),
        settings.secret("access-key-id", "SECPOSTURE_S3_ACCESS_KEY_ID"),
        settings.secret("secret-access-key", "SECPOSTURE_S3_SECRET_ACCESS_KEY"),
        settings.secret("session-token", "SECPOSTURE_S3_SESSION_TOKEN"),
        settings.size("multipart-threshold", 16L << 20, MIN_PART_SIZE, 5L << 40),
        settings.size("part-size", 8L << 20, MIN_PART_SIZE, MAX_PART_SIZE),
        settings.integer("max-attempts", 6, 1, 20),
        settings.choice("conditional-writes", ConditionalWrites.class, ConditionalWrites.AUTO),
        settings.concurrency());
  }

  /**
   * Returns the site root as printed in messages and results: {@code s3://bucket/prefix}.
   *
   * @return the URI
   */
  public URI siteUri() {
    return uri("");
  }

  /**
   * Returns the object key of a key relative to the site root.
   *
   * @param key the site key
   * @return the bucket key
   */
  public String objectKey(String key) {
    return BucketSites.objectKey(prefix, key);
  }

  /**
   * Returns the {@code s3://} URI of a site key.
   *
   * @param key the site key; empty for the site root
   * @return the URI
   */
  public URI uri(String key) {
    return BucketSites.uri(S3ArtifactPublisher.SCHEME, bucket, "/" + objectKey(key));
  }

  private static void requireBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,254}")) {
      throw new ConfigurationException("'" + bucket + "' is not a valid S3 bucket name (letters, digits, '.', '-')");
    }
  }

  private static Encryption encryption(String value) {
    if (value == null || value.equalsIgnoreCase("none")) {
      return Encryption.NONE;
    }
    for (Encryption encryption : Encryption.values()) {
      if (encryption.header().equalsIgnoreCase(value) || encryption.name().equalsIgnoreCase(value)) {
        return encryption;
      }
    }
    throw new ConfigurationException("setting 's3.sse' has value '" + value + "'; expected AES256, aws:kms or none");
  }

  private static String storageClass(String value) {
    if (value == null) {
      return null;
    }
    StorageClass storageClass = StorageClass.fromValue(value.toUpperCase(Locale.ROOT));
    if (storageClass == StorageClass.UNKNOWN_TO_SDK_VERSION) {
      throw new ConfigurationException("setting 's3.storage-class' has value '" + value + "'; expected one of "
          + StorageClass.knownValues());
    }
    return storageClass.toString();
  }
}
