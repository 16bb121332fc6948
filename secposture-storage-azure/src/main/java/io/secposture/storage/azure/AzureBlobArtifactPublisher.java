package io.secposture.storage.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Publication;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.SitePublisher;
import io.secposture.storage.azure.internal.AzureBlobObjectStore;
import io.secposture.storage.azure.internal.AzureClients;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes runs to Azure Blob Storage, including {@code $web} static websites:
 * {@code azblob://account/container/prefix} or {@code https://account.blob.core.windows.net/container/prefix}. Settings are described in
 * {@link AzureBlobPublisherConfig}; the site is written by {@link SitePublisher}, so it keeps every promise of
 * {@link ArtifactPublisher} ({@code report_latest.json} last, {@code history.json} updated with {@code If-Match},
 * and so on).
 *
 * <p><b>Who calls it.</b> Discovered through {@link java.util.ServiceLoader} for the {@code azblob} and
 * {@code https} schemes (public no-argument constructor: a client per call, from the destination, options and the
 * {@code AZURE_STORAGE_*} environment variables), or built by embedding code with {@link #builder()} to use a
 * {@link BlobServiceClient} it configured itself, for example with Microsoft Entra ID credentials from azure-identity:
 * <pre>{@code
 * BlobServiceClient service = new BlobServiceClientBuilder()
 *     .endpoint("https://account.blob.core.windows.net")
 *     .credential(new DefaultAzureCredentialBuilder().build())
 *     .buildClient();
 * ArtifactPublisher publisher = AzureBlobArtifactPublisher.builder().client(service).build();
 * publisher.publish(URI.create("azblob://account/$web/security"), publication);
 * }</pre>
 * With a client given that way, the credential and endpoint settings are the client's own, and only the upload
 * settings apply. {@link Builder#options(Settings)} gives default settings for every call, which is how
 * {@link #read(URI, String)} (it takes no options) learns an endpoint or credentials. Thread-safe.
 */
public final class AzureBlobArtifactPublisher implements ArtifactPublisher {
  /** The URI scheme this publisher owns. */
  public static final String SCHEME = "azblob";

  private final BlobServiceClient client;
  private final Map<String, String> environment;
  private final Settings defaults;

  /** Creates a publisher that builds its client from each destination, options and environment (ServiceLoader). */
  public AzureBlobArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private AzureBlobArtifactPublisher(BlobServiceClient client, Map<String, String> environment, Settings defaults) {
    this.client = client;
    this.environment = Map.copyOf(environment);
    this.defaults = defaults;
  }

  /**
   * Starts building a publisher.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns {@code azblob} and {@code https} (for {@code https://<account>.blob.core.windows.net/...} destinations;
   * other https URLs are refused with a message saying so).
   */
  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME, "https");
  }

  @Override
  public PublishResult publish(URI destination, Publication publication) {
    Settings given = defaults.with(publication.options());
    AzureBlobPublisherConfig config = config(destination, given);
    Settings options = SitePublisher.optionsFor(AzureBlobPublisherConfig.withoutSasToken(destination), given,
        AzureBlobPublisherConfig.NAMESPACE);
    try (AzureBlobObjectStore store = new AzureBlobObjectStore(container(config), config)) {
      return SitePublisher.publish(config.siteUri(), store,
          publication.withOptions(options));
    }
  }

  /** Checks the destination and every setting as {@link #publish} reads them, without contacting Azure. */
  @Override
  public void validate(URI destination, Settings options) {
    Settings given = defaults.with(options);
    List<String> problems = new ArrayList<>();
    try {
      config(destination, given);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      problems.addAll(SitePublisher.checkOptions(SitePublisher.optionsFor(
          AzureBlobPublisherConfig.withoutSasToken(destination), given, AzureBlobPublisherConfig.NAMESPACE), problems));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Validates, then writes, reads back and deletes a probe blob under the prefix. */
  @Override
  public Preflight preflight(URI destination, Settings options) {
    AzureBlobPublisherConfig config;
    try {
      validate(destination, options);
      config = config(destination, defaults.with(options));
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    try (AzureBlobObjectStore store = new AzureBlobObjectStore(container(config), config)) {
      return SitePublisher.probe(config.siteUri(), store);
    } catch (RuntimeException e) {
      return Preflight.problem("cannot open Azure Blob Storage for " + config.siteUri() + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<InputStream> read(URI destination, String key, Settings options) {
    AzureBlobPublisherConfig config = config(destination, defaults.with(options));
    return SitePublisher.read(config.siteUri(), key, () -> new AzureBlobObjectStore(container(config), config));
  }

  private AzureBlobPublisherConfig config(URI destination, Settings options) {
    // a given client carries its own credentials: the environment's are not read then
    return AzureBlobPublisherConfig.from(destination, options, client == null ? environment : Map.of());
  }

  private BlobContainerClient container(AzureBlobPublisherConfig config) {
    return client != null ? client.getBlobContainerClient(config.container()) : AzureClients.container(config);
  }

  /** Builds {@link AzureBlobArtifactPublisher}s. Not thread-safe. */
  public static final class Builder {
    private BlobServiceClient client;
    private Map<String, String> environment = System.getenv();
    private Settings defaults = Settings.empty();

    private Builder() {
    }

    /**
     * Uses this service client (and its credential and endpoint) for every publish and read.
     *
     * @param client a configured client
     * @return this builder
     */
    public Builder client(BlobServiceClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Looks up the {@code AZURE_STORAGE_*} credentials in this map instead of the process environment.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets default settings for every publish and read ({@link AzureBlobPublisherConfig} keys and the site
     * options); a publication's options and the destination's query override them. Secrets are allowed here.
     *
     * @param defaults the settings
     * @return this builder
     */
    public Builder options(Settings defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @return the publisher
     */
    public AzureBlobArtifactPublisher build() {
      return new AzureBlobArtifactPublisher(client, environment, defaults);
    }
  }
}
