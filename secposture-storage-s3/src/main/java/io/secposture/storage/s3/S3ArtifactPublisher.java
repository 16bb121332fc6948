package io.secposture.storage.s3;

import io.secposture.api.Settings;
import io.secposture.core.spi.ObjectStorePublisher;
import io.secposture.storage.s3.internal.S3StoreProvider;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes runs to Amazon S3 or an S3-compatible store: {@code s3://bucket/prefix}, with the settings of
 * {@link S3PublisherConfig}; everything else is {@link ObjectStorePublisher}'s, the same for every store.
 *
 * <p><b>Who calls it.</b> Discovered through {@link java.util.ServiceLoader} for the {@code s3} scheme (public
 * no-argument constructor: a new client per call, from the destination and options), or built by embedding code
 * with {@link #builder()} to use an {@link S3Client} it configured itself (credentials, proxy, metrics):
 * <pre>{@code
 * ArtifactPublisher publisher = S3ArtifactPublisher.builder().client(myS3Client).build();
 * publisher.publish(URI.create("s3://security-reports/posture"), publication);
 * }</pre>
 * A client given that way is shared and never closed here; the client settings ({@code s3.region},
 * {@code s3.endpoint}, credentials, {@code s3.max-attempts}) are then the client's own, and only the object settings
 * (encryption, storage class, multipart) apply. The builder's {@code environment} replaces the process environment
 * for the {@code SECPOSTURE_S3_*} credentials (the SDK also honours {@code AWS_ENDPOINT_URL_S3}).
 *
 * <p>A multipart upload that fails or is interrupted is aborted; before publishing, the incomplete multipart uploads
 * of the site's own keys ({@code runs/}, {@code reports/}, {@code index.html}) older than {@link #ABANDONED_AFTER}
 * (left by a publish that was killed) are aborted and logged. Thread-safe.
 */
public final class S3ArtifactPublisher extends ObjectStorePublisher<S3PublisherConfig> {
  /** The URI scheme this publisher handles. */
  public static final String SCHEME = "s3";

  /**
   * How long ago an incomplete multipart upload of the site's keys must have started before a publish aborts
   * it as abandoned by an earlier publish that was killed in the middle of a large file.
   */
  public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

  /** Creates a publisher that builds its client from each destination and options (for ServiceLoader). */
  public S3ArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private S3ArtifactPublisher(S3Client client, Map<String, String> environment, Settings defaults) {
    super(new S3StoreProvider(client), environment, defaults);
  }

  /**
   * Starts building a publisher with a client, environment or default settings of the caller's.
   *
   * @return a builder
   */
  public static ObjectStorePublisher.Builder<S3Client, S3ArtifactPublisher> builder() {
    return new ObjectStorePublisher.Builder<>(S3ArtifactPublisher::new);
  }
}
