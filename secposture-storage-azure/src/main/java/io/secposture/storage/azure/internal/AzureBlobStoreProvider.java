package io.secposture.storage.azure.internal;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.core.ObjectStore;
import io.secposture.core.spi.ObjectStoreProvider;
import io.secposture.storage.azure.AzureBlobArtifactPublisher;
import io.secposture.storage.azure.AzureBlobPublisherConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Not public API. The {@code azblob} (and {@code https://<account>.blob.core.windows.net}) store:
 * {@link AzureBlobPublisherConfig} in, an {@link AzureBlobObjectStore} out, over the given service client or one
 * built from the configuration. Thread-safe.
 */
public final class AzureBlobStoreProvider implements ObjectStoreProvider<AzureBlobPublisherConfig> {
  /**
   * One JDK HTTP client for every store: it has no close in Java 17 and keeps its connections pooled. Note that
   * azure-core's adapter logs "The header is restricted by 'java.net.http.HttpClient' and will be ignored" at WARN for
   * every request with a body (it drops the Content-Length header the JDK refuses, and sets the length itself); set
   * the logger {@code com.azure.core.http.jdk.httpclient.JdkHttpClient} to ERROR to silence it. Built on first use,
   * in a holder: building it sets up TLS (about half a second of CPU), which a job publishing elsewhere never needs.
   */
  private static final class Http {
    static final HttpClient CLIENT = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
  }

  private final BlobServiceClient client;

  /**
   * Creates the provider.
   *
   * @param client a service client the caller configured (its credential and endpoint apply); nullable to build one
   *     per store from the settings and the {@code AZURE_STORAGE_*} environment
   */
  public AzureBlobStoreProvider(BlobServiceClient client) {
    this.client = client;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(AzureBlobArtifactPublisher.SCHEME, "https");
  }

  @Override
  public String namespace() {
    return AzureBlobPublisherConfig.NAMESPACE;
  }

  @Override
  public String displayName() {
    return "Azure Blob Storage";
  }

  /** Reads the configuration; a given client carries its own credentials, so the environment's are not read then. */
  @Override
  public AzureBlobPublisherConfig configure(URI destination, Settings options, Map<String, String> environment) {
    return AzureBlobPublisherConfig.from(destination, options, client == null ? environment : Map.of());
  }

  @Override
  public URI site(AzureBlobPublisherConfig config) {
    return config.siteUri();
  }

  @Override
  public ObjectStore open(AzureBlobPublisherConfig config) {
    return new AzureBlobObjectStore(client != null ? client.getBlobContainerClient(config.container())
        : container(config), config);
  }

  /** Leaves out the SAS token of an {@code https://} destination's query: it is a secret, not a setting. */
  @Override
  public URI settingsDestination(URI destination) {
    return AzureBlobPublisherConfig.withoutSasToken(destination);
  }

  /**
   * Builds a client for the configuration's container.
   *
   * @param config the configuration
   * @return the client (it holds no resources that need closing)
   * @throws ConfigurationException if the credentials or endpoint are malformed
   */
  public static BlobContainerClient container(AzureBlobPublisherConfig config) {
    if (!config.hasCredentials()) {
      throw new ConfigurationException("no credentials for " + config.siteUri() + ": set "
          + "AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN (or azure.connection-string,"
          + " azure.account-key, azure.sas-token in the options); for Microsoft Entra ID build a BlobServiceClient"
          + " with azure-identity and pass it to AzureBlobArtifactPublisher.builder().client(...)");
    }
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
        .httpClient(Http.CLIENT)
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxAttempts(),
            Duration.ofMinutes(5), Duration.ofMillis(400), Duration.ofSeconds(16), null));
    try {
      if (config.connectionString() != null) {
        builder.connectionString(config.connectionString().reveal());
        if (config.endpoint() != null) {
          builder.endpoint(config.endpoint().toString());
        }
      } else {
        builder.endpoint(config.endpoint().toString());
        if (config.accountKey() != null) {
          builder.credential(new StorageSharedKeyCredential(config.account(), config.accountKey().reveal()));
        } else {
          builder.sasToken(config.sasToken().reveal());
        }
      }
      if (config.serviceVersion() != null) {
        builder.serviceVersion(serviceVersion(config.serviceVersion()));
      }
      return builder.buildClient().getBlobContainerClient(config.container());
    } catch (IllegalArgumentException e) {
      // the SDK's messages name the malformed part; they never hold the key itself, but be safe and not echo them
      throw new ConfigurationException("cannot set up the Azure Blob client for " + config.siteUri()
          + ": the connection string, account key, SAS token or endpoint is malformed (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private static BlobServiceVersion serviceVersion(String version) {
    for (BlobServiceVersion candidate : BlobServiceVersion.values()) {
      if (candidate.getVersion().equals(version)) {
        return candidate;
      }
    }
    throw new ConfigurationException("setting 'azure.service-version' has value '" + version + "'; this SDK knows "
        + BlobServiceVersion.V2019_02_02.getVersion() + " to " + BlobServiceVersion.getLatest().getVersion());
  }
}
