package io.secposture.storage.gcs;

import com.google.cloud.storage.Storage;
import io.secposture.api.Settings;
import io.secposture.core.spi.ObjectStorePublisher;
import io.secposture.storage.gcs.internal.GcsStoreProvider;
import java.util.Map;

/**
 * Publishes runs to Google Cloud Storage: {@code gs://bucket/prefix}, with the settings of
 * {@link GcsPublisherConfig}; everything else is {@link ObjectStorePublisher}'s, the same for every store
 * ({@code history.json} is updated with {@code ifGenerationMatch}).
 *
 * <p><b>Who calls it.</b> Discovered through {@link java.util.ServiceLoader} for the {@code gs} scheme (public
 * no-argument constructor: a new client per call, from the destination and options), or built by embedding code
 * with {@link #builder()} to use a {@link Storage} client it configured itself (credentials, transport, retries):
 * <pre>{@code
 * ArtifactPublisher publisher = GcsArtifactPublisher.builder().client(myStorage).build();
 * publisher.publish(URI.create("gs://security-reports/posture"), publication);
 * }</pre>
 * A client given that way is shared and never closed here; the client settings ({@code gcs.project},
 * {@code gcs.endpoint}, credentials, {@code gcs.max-attempts}) are then the client's own, and only the object
 * settings (resumable threshold, chunk size) apply. The builder's {@code environment} replaces the process
 * environment for {@code GOOGLE_OAUTH_ACCESS_TOKEN}. Thread-safe.
 */
public final class GcsArtifactPublisher extends ObjectStorePublisher<GcsPublisherConfig> {
  /** The URI scheme this publisher handles. */
  public static final String SCHEME = "gs";

  /** Creates a publisher that builds its client from each destination and options (for ServiceLoader). */
  public GcsArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private GcsArtifactPublisher(Storage client, Map<String, String> environment, Settings defaults) {
    super(new GcsStoreProvider(client), environment, defaults);
  }

  /**
   * Starts building a publisher with a client, environment or default settings of the caller's.
   *
   * @return a builder
   */
  public static ObjectStorePublisher.Builder<Storage, GcsArtifactPublisher> builder() {
    return new ObjectStorePublisher.Builder<>(GcsArtifactPublisher::new);
  }
}
