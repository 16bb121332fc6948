package io.secposture.core.spi;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.ObjectStore;
import io.secposture.core.SitePublisher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one {@link ArtifactPublisher} of every object store: reads the destination with an
 * {@link ObjectStoreProvider}, opens its store and hands it to {@link SitePublisher}, so all stores keep the same
 * promises ({@code report_latest.json} last, conditional {@code history.json} updates, and so on).
 *
 * <p><b>Who calls it.</b> The job, through {@link java.util.ServiceLoader}: each storage module registers a named
 * subclass with a public no-argument constructor ({@code S3ArtifactPublisher} for {@code s3://}), which reads its
 * settings from the destination's query, the publication's options and the process environment. Embedding code
 * builds one with {@link Builder} to pass its own SDK client and default settings; {@link Builder#options} is how
 * {@link #read(URI, String)} (it takes no options) learns an endpoint or credentials. Thread-safe when the provider
 * is.
 *
 * @param <C> the provider's configuration
 */
public class ObjectStorePublisher<C> implements ArtifactPublisher {
  private final ObjectStoreProvider<C> provider;
  private final Map<String, String> environment;
  private final Settings defaults;

  /**
   * Creates a publisher.
   *
   * @param provider the store
   * @param environment where secrets are looked up
   * @param defaults settings for every call, overridden by the publication's options and the destination's query
   */
  protected ObjectStorePublisher(ObjectStoreProvider<C> provider, Map<String, String> environment,
      Settings defaults) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.environment = Map.copyOf(environment);
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  @Override
  public final Set<String> schemes() {
    return provider.schemes();
  }

  @Override
  public final PublishResult publish(URI destination, Publication publication) {
    Settings given = defaults.with(publication.options());
    C config = provider.configure(destination, given, environment);
    Settings options = SitePublisher.optionsFor(provider.settingsDestination(destination), given,
        provider.namespace());
    URI site = provider.site(config);
    ObjectStore store = provider.open(config);
    try {
      provider.abandonedAfter().ifPresent(age -> AbandonedUploads.remove(store, site, age));
      return SitePublisher.publish(site, store, publication.withOptions(options));
    } finally {
      close(store, site);
    }
  }

  /** Checks the destination and every setting as {@link #publish} reads them, without contacting the store. */
  @Override
  public final void validate(URI destination, Settings options) {
    Settings given = defaults.with(options);
    List<String> problems = new ArrayList<>();
    try {
      provider.configure(destination, given, environment);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      problems.addAll(SitePublisher.checkOptions(SitePublisher.optionsFor(provider.settingsDestination(destination),
          given, provider.namespace()), problems));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Validates, then writes, reads back and deletes a probe object under the site root. */
  @Override
  public final Preflight preflight(URI destination, Settings options) {
    C config;
    try {
      validate(destination, options);
      config = provider.configure(destination, defaults.with(options), environment);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    URI site = provider.site(config);
    try {
      ObjectStore store = provider.open(config);
      try {
        return SitePublisher.probe(site, store);
      } finally {
        close(store, site);
      }
    } catch (RuntimeException e) {
      return Preflight.problem("cannot open " + provider.displayName() + " for " + site + ": " + e.getMessage());
    }
  }

  @Override
  public final Optional<InputStream> read(URI destination, String key, Settings options) {
    C config = provider.configure(destination, defaults.with(options), environment);
    return SitePublisher.read(provider.site(config), key, () -> provider.open(config));
  }

  private static void close(ObjectStore store, URI site) {
    try {
      store.close();
    } catch (IOException e) {
      throw new PublishException("cannot close the store of " + site + ": " + e.getMessage(), site, null, e);
    }
  }

  /**
   * Builds a store's publisher for embedding code: an SDK client of its own, another environment, default settings.
   * Not thread-safe.
   *
   * @param <K> the SDK client type
   * @param <P> the publisher type
   */
  public static final class Builder<K, P extends ArtifactPublisher> {
    /**
     * Creates the publisher from what was given.
     *
     * @param <K> the SDK client type
     * @param <P> the publisher type
     */
    @FunctionalInterface
    public interface Factory<K, P> {
      /**
       * Creates the publisher.
       *
       * @param client the client; {@code null} to build one per call from the settings
       * @param environment where secrets are looked up
       * @param defaults the default settings
       * @return the publisher
       */
      P create(K client, Map<String, String> environment, Settings defaults);
    }

    private final Factory<K, P> factory;
    private K client;
    private Map<String, String> environment = System.getenv();
    private Settings defaults = Settings.empty();

    /**
     * Starts building.
     *
     * @param factory the store's publisher constructor
     */
    public Builder(Factory<K, P> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Uses this client for every publish and read instead of building one per call. The caller keeps ownership: the
     * publisher never closes it, and the client's own credentials, endpoint and retries apply instead of the
     * settings for them.
     *
     * @param client a configured client
     * @return this builder
     */
    public Builder<K, P> client(K client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Looks up secrets in this map instead of the process environment.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder<K, P> environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets default settings for every publish and read (the store's keys and the site options); a publication's
     * options and the destination's query override them. Secrets are allowed here.
     *
     * @param defaults the settings
     * @return this builder
     */
    public Builder<K, P> options(Settings defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @return the publisher
     */
    public P build() {
      return factory.create(client, environment, defaults);
    }
  }
}
