package io.secposture.storage.s3;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Publication;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.SitePublisher;
import io.secposture.core.spi.AbandonedUploads;
import io.secposture.storage.s3.internal.S3Clients;
import io.secposture.storage.s3.internal.S3ObjectStore;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes runs to Amazon S3 or an S3-compatible store: {@code s3://bucket/prefix}. Settings are described in
 * {@link S3PublisherConfig}; the site is written by {@link SitePublisher}, so it keeps every promise of
 * {@link ArtifactPublisher} ({@code report_latest.json} last, conditional {@code history.json} updates, and so on).
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
 * (encryption, storage class, multipart) apply. {@link Builder#options(Settings)} gives default settings for every
 * call, which is how {@link #read(URI, String)} (it takes no options) learns an endpoint or credentials; a
 * discovered instance reads them from the destination's query and the environment (the SDK also honours
 * {@code AWS_ENDPOINT_URL_S3}).
 *
 * <p>A multipart upload that fails or is interrupted is aborted; before publishing, the incomplete multipart uploads
 * of the site's own keys ({@code runs/}, {@code reports/}, {@code index.html}) older than {@link #ABANDONED_AFTER}
 * (left by a publish that was killed) are aborted and logged. Thread-safe.
 */
public final class S3ArtifactPublisher implements ArtifactPublisher {
  /** The URI scheme this publisher handles. */
  public static final String SCHEME = "s3";

  /**
   * How long ago an incomplete multipart upload of the site's keys must have started before a publish aborts
   * it as abandoned by an earlier publish that was killed in the middle of a large file.
   */
  public static final Duration ABANDONED_AFTER = Duration.ofHours(24);

  private final S3Client client;
  private final Map<String, String> environment;
  private final Settings defaults;

  /** Creates a publisher that builds its client from each destination and options (for ServiceLoader). */
  public S3ArtifactPublisher() {
    this(null, System.getenv(), Settings.empty());
  }

  private S3ArtifactPublisher(S3Client client, Map<String, String> environment, Settings defaults) {
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
    S3PublisherConfig config = S3PublisherConfig.from(destination, given, environment);
    Settings options = SitePublisher.optionsFor(destination, given, S3PublisherConfig.NAMESPACE);
    try (S3ObjectStore store = open(config)) {
      AbandonedUploads.remove(store, config.siteUri(), ABANDONED_AFTER);
      return SitePublisher.publish(config.siteUri(), store,
          new Publication(publication.report(), publication.files(), options));
    }
  }

  /** Checks the destination and every setting as {@link #publish} reads them, without contacting S3. */
  @Override
  public void validate(URI destination, Settings options) {
    Settings given = defaults.with(options);
    List<String> problems = new ArrayList<>();
    try {
      S3PublisherConfig.from(destination, given, environment);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      problems.addAll(SitePublisher.checkOptions(SitePublisher.optionsFor(destination, given,
          S3PublisherConfig.NAMESPACE), problems));
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
    S3PublisherConfig config;
    try {
      validate(destination, options);
      config = S3PublisherConfig.from(destination, defaults.with(options), environment);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    try (S3ObjectStore store = open(config)) {
      return SitePublisher.probe(config.siteUri(), store);
    } catch (RuntimeException e) {
      return Preflight.problem("cannot open S3 for " + config.siteUri() + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<InputStream> read(URI destination, String key, Settings options) {
    S3PublisherConfig config = S3PublisherConfig.from(destination, defaults.with(options), environment);
    return SitePublisher.read(config.siteUri(), key, () -> open(config));
  }

  private S3ObjectStore open(S3PublisherConfig config) {
    return client != null ? new S3ObjectStore(client, false, config)
        : new S3ObjectStore(S3Clients.build(config), true, config);
  }

  /** Builds {@link S3ArtifactPublisher}s. Not thread-safe. */
  public static final class Builder {
    private S3Client client;
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
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Looks up the {@code SECPOSTURE_S3_*} credentials in this map instead of the process environment.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets default settings for every publish and read ({@link S3PublisherConfig} keys and the site options); a
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
    public S3ArtifactPublisher build() {
      return new S3ArtifactPublisher(client, environment, defaults);
    }
  }
}
