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
import io.secposture.storage.gcs.GcsPublisherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** Not public API. Builds the GCS client a configuration describes. */
public final class GcsClients {
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/devstorage.read_write");

  private GcsClients() {
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
