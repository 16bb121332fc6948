package io.secposture.storage.s3.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.core.ObjectStore;
import io.secposture.core.spi.ObjectStoreProvider;
import io.secposture.storage.s3.S3ArtifactPublisher;
import io.secposture.storage.s3.S3PublisherConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Not public API. The {@code s3} store: {@link S3PublisherConfig} in, an {@link S3ObjectStore} out, over the given
 * client or one built from the configuration per store. Thread-safe.
 */
public final class S3StoreProvider implements ObjectStoreProvider<S3PublisherConfig> {
  private final S3Client client;

  /**
   * Creates the provider.
   *
   * @param client a client the caller owns and configured; nullable to build one per store from the settings
   */
  public S3StoreProvider(S3Client client) {
    this.client = client;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(S3ArtifactPublisher.SCHEME);
  }

  @Override
  public String namespace() {
    return S3PublisherConfig.NAMESPACE;
  }

  @Override
  public String displayName() {
    return "S3";
  }

  @Override
  public S3PublisherConfig configure(URI destination, Settings options, Map<String, String> environment) {
    return S3PublisherConfig.from(destination, options, environment);
  }

  @Override
  public URI site(S3PublisherConfig config) {
    return config.siteUri();
  }

  @Override
  public ObjectStore open(S3PublisherConfig config) {
    return client != null ? new S3ObjectStore(client, false, config) : new S3ObjectStore(build(config), true, config);
  }

  @Override
  public Optional<Duration> abandonedAfter() {
    return Optional.of(S3ArtifactPublisher.ABANDONED_AFTER);
  }

  /**
   * Builds the client a configuration describes; the caller closes it.
   *
   * @param config the configuration
   * @return the client
   * @throws ConfigurationException if no region can be found
   */
  public static S3Client build(S3PublisherConfig config) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(config.concurrency() + 8)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
        .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(config.maxAttempts())
            .circuitBreakerEnabled(false)
            .build()))
        .credentialsProvider(credentials(config))
        .forcePathStyle(config.pathStyle());
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    } else {
      builder.crossRegionAccessEnabled(true);
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new ConfigurationException("cannot set up the S3 client for " + config.siteUri() + ": " + e.getMessage()
          + "; set s3.region (or AWS_REGION)", e);
    }
  }

  private static AwsCredentialsProvider credentials(S3PublisherConfig config) {
    if (config.accessKeyId() != null) {
      String id = config.accessKeyId().reveal();
      String secret = config.secretAccessKey().reveal();
      return StaticCredentialsProvider.create(config.sessionToken() == null
          ? AwsBasicCredentials.create(id, secret)
          : AwsSessionCredentials.create(id, secret, config.sessionToken().reveal()));
    }
    if (config.profile() != null) {
      return ProfileCredentialsProvider.create(config.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
