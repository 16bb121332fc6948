package io.secposture.storage.gcs;

import com.google.cloud.storage.Storage;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Publication;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.SitePublisher;
import io.secposture.storage.gcs.internal.GcsClients;
import io.secposture.storage.gcs.internal.GcsObjectStore;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes runs to Google Cloud Storage: {@code gs://bucket/prefix}. Settings are described in
 * {@link GcsPublisherConfig}; the site is written by {@link SitePublisher}, so it keeps every promise of
 * {@link ArtifactPublisher} ({@code report_latest.json} last, {@code history.json} updated with
 * {@code ifGenerationMatch}, and so on).
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
 * settings (resumable threshold, chunk size) apply. {@link Builder#options(Settings)} gives default settings for
 * every call, which is how {@link #read(URI, String)} (it takes no options) learns an endpoint or credentials; a
 * discovered instance reads them from the destination's query and the environment. Thread-safe.
 */
public final class GcsArtifactPublisher implements ArtifactPublisher {
  /** The URI scheme this publisher handles. */
  public static final String SCHEME = "gs";

  private final Storage client;
  private final Map<String, String> environment;
  private final Settings defaults;

  /** Creates a publisher that builds its client from each destination and options (for ServiceLoader). */
  public GcsArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private GcsArtifactPublisher(Storage client, Map<String, String> environment, Settings defaults) {
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

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public PublishResult publish(URI destination, Publication publication) {
    Settings given = defaults.with(publication.options());
    GcsPublisherConfig config = GcsPublisherConfig.from(destination, given, environment);
    Settings options = SitePublisher.optionsFor(destination, given, GcsPublisherConfig.NAMESPACE);
    try (GcsObjectStore store = open(config)) {
      return SitePublisher.publish(config.siteUri(), store,
          publication.withOptions(options));
    }
  }

  /** Checks the destination and every setting as {@link #publish} reads them, without contacting Cloud Storage. */
  @Override
  public void validate(URI destination, Settings options) {
    Settings given = defaults.with(options);
    List<String> problems = new ArrayList<>();
    try {
      GcsPublisherConfig.from(destination, given, environment);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      problems.addAll(SitePublisher.checkOptions(SitePublisher.optionsFor(destination, given,
          GcsPublisherConfig.NAMESPACE), problems));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Validates, then writes, reads back and deletes a probe object under the prefix. */
  @Override
  public Preflight preflight(URI destination, Settings options) {
    GcsPublisherConfig config;
    try {
      validate(destination, options);
      config = GcsPublisherConfig.from(destination, defaults.with(options), environment);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    try (GcsObjectStore store = open(config)) {
      return SitePublisher.probe(config.siteUri(), store);
    } catch (RuntimeException e) {
      return Preflight.problem("cannot open Cloud Storage for " + config.siteUri() + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<InputStream> read(URI destination, String key, Settings options) {
    GcsPublisherConfig config = GcsPublisherConfig.from(destination, defaults.with(options), environment);
    return SitePublisher.read(config.siteUri(), key, () -> open(config));
  }

  private GcsObjectStore open(GcsPublisherConfig config) {
    return client != null ? new GcsObjectStore(client, false, config)
        : new GcsObjectStore(GcsClients.build(config), true, config);
  }

  /** Builds {@link GcsArtifactPublisher}s. Not thread-safe. */
  public static final class Builder {
    private Storage client;
    private Map<String, String> environment = System.getenv();
    private Settings defaults = Settings.empty();

    private Builder() {
    }

    /**
     * Uses this client for every publish and read instead of building one per call. The caller keeps ownership:
     * the publisher never closes it.
     *
     * @param client a configured client
     * @return this builder
     */
    public Builder client(Storage client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Looks up {@code GOOGLE_OAUTH_ACCESS_TOKEN} in this map instead of the process environment.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets default settings for every publish and read ({@link GcsPublisherConfig} keys and the site options); a
     * publication's options and the destination's query override them. Secrets are allowed here.
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
    public GcsArtifactPublisher build() {
      return new GcsArtifactPublisher(client, environment, defaults);
    }
  }
}
