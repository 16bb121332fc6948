package io.secposture.storage.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.secposture.api.Settings;
import io.secposture.core.spi.ObjectStorePublisher;
import io.secposture.storage.azure.internal.AzureBlobStoreProvider;
import java.util.Map;

/**
 * Publishes runs to Azure Blob Storage, including {@code $web} static websites:
 * {@code azblob://account/container/prefix} or {@code https://account.blob.core.windows.net/container/prefix}, with
 * the settings of {@link AzureBlobPublisherConfig}; everything else is {@link ObjectStorePublisher}'s, the same for
 * every store ({@code history.json} is updated with {@code If-Match}).
 *
 * <p><b>Who calls it.</b> Discovered through {@link java.util.ServiceLoader} for the {@code azblob} and
 * {@code https} schemes (public no-argument constructor: a client per call, from the destination, options and the
 * {@code AZURE_STORAGE_*} environment variables; other https URLs are refused with a message saying so), or built by
 * embedding code with {@link #builder()} to use a {@link BlobServiceClient} it configured itself, for example with
 * Microsoft Entra ID credentials from azure-identity:
 * <pre>{@code
 * BlobServiceClient service = new BlobServiceClientBuilder()
 *     .endpoint("https://account.blob.core.windows.net")
 *     .credential(new DefaultAzureCredentialBuilder().build())
 *     .buildClient();
 * ArtifactPublisher publisher = AzureBlobArtifactPublisher.builder().client(service).build();
 * publisher.publish(URI.create("azblob://account/$web/security"), publication);
 * }</pre>
 * With a client given that way, the credential and endpoint settings are the client's own (the environment's
 * credentials are not read), and only the upload settings apply. Thread-safe.
 */
public final class AzureBlobArtifactPublisher extends ObjectStorePublisher<AzureBlobPublisherConfig> {
  /** The URI scheme this publisher owns. */
  public static final String SCHEME = "azblob";

  /** Creates a publisher that builds its client from each destination, options and environment (ServiceLoader). */
  public AzureBlobArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private AzureBlobArtifactPublisher(BlobServiceClient client, Map<String, String> environment, Settings defaults) {
    super(new AzureBlobStoreProvider(client), environment, defaults);
  }

  /**
   * Starts building a publisher with a client, environment or default settings of the caller's.
   *
   * @return a builder
   */
  public static ObjectStorePublisher.Builder<BlobServiceClient, AzureBlobArtifactPublisher> builder() {
    return new ObjectStorePublisher.Builder<>(AzureBlobArtifactPublisher::new);
  }
}
