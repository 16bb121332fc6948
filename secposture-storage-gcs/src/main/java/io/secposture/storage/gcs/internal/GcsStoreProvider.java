package io.secposture.storage.gcs.internal;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.core.ObjectStore;
import io.secposture.core.spi.ObjectStoreProvider;
import io.secposture.storage.gcs.GcsArtifactPublisher;
import io.secposture.storage.gcs.GcsPublisherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not public API. The {@code gs} store: {@link GcsPublisherConfig} in, a {@link GcsObjectStore} out, over the given
 * client or one built from the configuration per store. Thread-safe.
 */
public final class GcsStoreProvider implements ObjectStoreProvider<GcsPublisherConfig> {
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/devstorage.read_write");

  private final Storage client;

  /**
   * Creates the provider.
   *
   * @param client a client the caller owns and configured; nullable to build one per store from the settings
   */
  public GcsStoreProvider(Storage client) {
    this.client = client;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(GcsArtifactPublisher.SCHEME);
  }

  @Override
  public String namespace() {
    return GcsPublisherConfig.NAMESPACE;
  }

  @Override
  public String displayName() {
    return "Cloud Storage";
  }

  @Override
  public GcsPublisherConfig configure(URI destination, Settings options, Map<String, String> environment) {
    return GcsPublisherConfig.from(destination, options, environment);
  }

  @Override
  public URI site(GcsPublisherConfig config) {
    return config.siteUri();
  }

  @Override
  public ObjectStore open(GcsPublisherConfig config) {
    return client != null ? new GcsObjectStore(client, false, config)
        : new GcsObjectStore(build(config), true, config);
  }

  /**
   * Builds a client; the caller closes it.
   *
   * @param config the configuration
   * @return the client
   * @throws ConfigurationException if the credentials cannot be loaded
   */
  public static Storage build(GcsPublisherConfig config) {
    StorageOptions.Builder builder = StorageOptions.http()
        .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(10_000).setReadTimeout(60_000).build())
        .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
        .setRetrySettings(RetrySettings.newBuilder()
            .setMaxAttempts(config.maxAttempts())
            .setInitialRetryDelayDuration(Duration.ofMillis(200))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(16))
            .setTotalTimeoutDuration(Duration.ofMinutes(10))
            .build());
    if (config.project() != null) {
      builder.setProjectId(config.project());
    }
    if (config.endpoint() != null) {
      builder.setHost(config.endpoint().toString());
    }
    if (config.anonymous()) {
      builder.setCredentials(NoCredentials.getInstance());
    } else if (config.accessToken() != null) {
      builder.setCredentials(GoogleCredentials.create(new AccessToken(config.accessToken().reveal(), null)));
    } else if (config.credentialsFile() != null) {
      try (InputStream in = Files.newInputStream(config.credentialsFile())) {
        GoogleCredentials credentials = GoogleCredentials.fromStream(in);
        builder.setCredentials(credentials.createScopedRequired() ? credentials.createScoped(SCOPES) : credentials);
      } catch (IOException | RuntimeException e) {
        throw new ConfigurationException("cannot load the Google credentials file " + config.credentialsFile()
            + " (gcs.credentials-file): " + e.getMessage(), e);
      }
    }
    return builder.build().getService();
  }
}
