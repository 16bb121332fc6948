package io.secposture.cloud.aws.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.cloud.aws.AwsChainingConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/** Not public API: builds the AWS SDK clients the broker and the discovery use. */
public final class AwsClients {
  private AwsClients() {
  }

  /**
   * Returns the job's own identity: a profile, or the SDK's default chain (environment, web identity / OIDC,
   * profile, container, instance).
   *
   * @param profile the profile; nullable for the default chain
   * @return the provider
   */
  public static AwsCredentialsProvider sourceIdentity(String profile) {
    return profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
  }

  /**
   * Resolves the region: the configured one, else the SDK's region chain.
   *
   * @param configured the configured region; nullable
   * @return the region, or {@code null} when none is configured anywhere
   */
  public static String region(String configured) {
    if (configured != null) {
      return configured;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      return null;
    }
  }

  /**
   * Builds the STS client.
   *
   * @param config the chaining configuration
   * @param identity the job's identity
   * @param region the region; nullable for {@code us-east-1}
   * @return the client
   * @throws ConfigurationException if the client cannot be built
   */
  public static StsClient sts(AwsChainingConfig config, AwsCredentialsProvider identity, String region) {
    StsClientBuilder builder = StsClient.builder().credentialsProvider(identity)
        .httpClientBuilder(http()).region(region == null ? Region.US_EAST_1 : Region.of(region));
    if (config.stsEndpoint() != null) {
      builder.endpointOverride(config.stsEndpoint());
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new ConfigurationException("cannot set up the STS client: " + e.getMessage() + "; set aws.region", e);
    }
  }

  /**
   * Builds the Organizations client.
   *
   * @param identity the job's identity
   * @param region the region; nullable for {@code us-east-1}, where Organizations lives
   * @param endpoint the endpoint; nullable for AWS's
   * @return the client
   * @throws ConfigurationException if the client cannot be built
   */
  public static OrganizationsClient organizations(AwsCredentialsProvider identity, String region, URI endpoint) {
    OrganizationsClientBuilder builder = OrganizationsClient.builder().credentialsProvider(identity)
        .httpClientBuilder(http()).region(region == null ? Region.US_EAST_1 : Region.of(region));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new ConfigurationException("cannot set up the Organizations client: " + e.getMessage()
          + "; set aws-org.region", e);
    }
  }

  private static Apache5HttpClient.Builder http() {
    return Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30))
        .maxConnections(32);
  }
}
