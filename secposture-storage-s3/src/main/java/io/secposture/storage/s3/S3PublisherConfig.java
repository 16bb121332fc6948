package io.secposture.storage.s3;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.SiteLayout;
import io.secposture.core.spi.QueryOptions;
import io.secposture.core.spi.StoreOptions;
import java.net.URI;
import java.net.URISyntaxException;
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
 * <table>
 *   <caption>S3 publisher settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code s3.region}</td><td>the SDK's region chain ({@code AWS_REGION}, profile, instance); {@code us-east-1}
 *       with an endpoint</td><td>the bucket's region; other regions are reached too (cross-region access)</td></tr>
 *   <tr><td>{@code s3.endpoint}</td><td>AWS</td><td>an S3-compatible store, e.g.
 *       {@code http://127.0.0.1:9000}</td></tr>
 *   <tr><td>{@code s3.path-style}</td><td>{@code true} with an endpoint, else {@code false}</td><td>address buckets as
 *       {@code host/bucket} instead of {@code bucket.host}</td></tr>
 *   <tr><td>{@code s3.sse}</td><td>none (the bucket default)</td><td>{@code AES256} (SSE-S3) or {@code aws:kms}
 *       (SSE-KMS)</td></tr>
 *   <tr><td>{@code s3.kms-key-id}</td><td>the account's AWS managed key</td><td>the KMS key (id, ARN or alias) for
 *       {@code aws:kms}</td></tr>
 *   <tr><td>{@code s3.storage-class}</td><td>{@code STANDARD}</td><td>e.g. {@code STANDARD_IA},
 *       {@code INTELLIGENT_TIERING}</td></tr>
 *   <tr><td>{@code s3.profile}</td><td>none</td><td>a profile of the AWS config and credentials files</td></tr>
 *   <tr><td>{@code s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token}</td><td>environment
 *       {@code SECPOSTURE_S3_ACCESS_KEY_ID}, {@code SECPOSTURE_S3_SECRET_ACCESS_KEY},
 *       {@code SECPOSTURE_S3_SESSION_TOKEN}</td><td>explicit keys (secrets: options or environment only, never the
 *       query); without them the SDK's default chain is used (environment, web identity / OIDC role, profile,
 *       container, instance)</td></tr>
 *   <tr><td>{@code s3.multipart-threshold}</td><td>{@code 16MiB}</td><td>files this large or larger go up in
 *       parts</td></tr>
 *   <tr><td>{@code s3.part-size}</td><td>{@code 8MiB}</td><td>the size of each part, 5 MiB to 5 GiB</td></tr>
 *   <tr><td>{@code s3.max-attempts}</td><td>{@code 6}</td><td>tries per request (throttling, 5xx and network errors
 *       are retried with jittered exponential backoff)</td></tr>
 *   <tr><td>{@code s3.conditional-writes}</td><td>{@code auto}</td><td>how {@code history.json} is updated:
 *       {@code native} ({@code If-Match} / {@code If-None-Match: *}), {@code emulated} (read, compare, write,
 *       verify; for stores without conditional writes) or {@code auto} (native, falling back to emulated with a
 *       warning when the store answers 501 Not Implemented)</td></tr>
 * </table>
 * {@code publish.concurrency} (default 16) also sizes the HTTP connection pool.
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
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      SiteLayout.requireSafeKey(prefix);
    }
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
    if (destination.getScheme() == null || !destination.getScheme().equalsIgnoreCase(S3ArtifactPublisher.SCHEME)) {
      throw new ConfigurationException("the S3 publisher publishes to s3://bucket/prefix, not '"
          + QueryOptions.withoutSecrets(destination) + "'");
    }
    String bucket = destination.getAuthority();
    if (bucket == null || bucket.isEmpty() || bucket.contains("@") || bucket.contains(":")) {
      throw new ConfigurationException("the destination '"
          + QueryOptions.withoutSecrets(destination)
          + "' names no bucket; write s3://bucket/prefix");
    }
    StoreOptions settings = StoreOptions.of(destination, options, NAMESPACE, KEYS, SECRET_KEYS, environment);
    URI endpoint = settings.uri("endpoint");
    String region = settings.string("region");
    if (region == null && endpoint != null) {
      region = "us-east-1";
    }
    return new S3PublisherConfig(bucket, prefix(destination), region, endpoint,
        settings.bool("path-style", endpoint != null), encryption(settings.string("sse")),
        settings.string("kms-key-id"), storageClass(settings.string("storage-class")), settings.string("profile"),
        settings.secret("access-key-id", "SECPOSTURE_S3_ACCESS_KEY_ID"),
        settings.secret("secret-access-key", "SECPOSTURE_S3_SECRET_ACCESS_KEY"),
        settings.secret("session-token", "SECPOSTURE_S3_SESSION_TOKEN"),
        settings.size("multipart-threshold", 16L << 20, MIN_PART_SIZE, 5L << 40),
        settings.size("part-size", 8L << 20, MIN_PART_SIZE, MAX_PART_SIZE),
        settings.integer("max-attempts", 6, 1, 20), conditionalWrites(settings.string("conditional-writes")),
        settings.settings().getInt(io.secposture.core.SitePublisher.CONCURRENCY,
            io.secposture.core.SitePublisher.DEFAULT_CONCURRENCY));
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
    return prefix.isEmpty() ? key : key.isEmpty() ? prefix : prefix + "/" + key;
  }

  /**
   * Returns the {@code s3://} URI of a site key.
   *
   * @param key the site key; empty for the site root
   * @return the URI
   */
  public URI uri(String key) {
    try {
      return new URI("s3", bucket, "/" + objectKey(key), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot build an s3 URI for bucket " + bucket, e);
    }
  }

  private static String prefix(URI destination) {
    String path = destination.getPath() == null ? "" : destination.getPath();
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (!prefix.isEmpty()) {
      try {
        SiteLayout.requireSafeKey(prefix);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("the prefix of '"
            + QueryOptions.withoutSecrets(destination) + "' is not usable: "
            + e.getMessage(), e);
      }
    }
    return prefix;
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

  private static ConditionalWrites conditionalWrites(String value) {
    if (value == null) {
      return ConditionalWrites.AUTO;
    }
    try {
      return ConditionalWrites.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("setting 's3.conditional-writes' has value '" + value
          + "'; expected auto, native or emulated", e);
    }
  }
}
