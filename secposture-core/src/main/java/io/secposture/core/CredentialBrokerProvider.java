package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.ExtensionKind;
import io.secposture.core.internal.extension.CoreExtensions;
import java.util.SortedMap;

/**
 * Creates a {@link CredentialBroker} from settings: the factory a cloud module registers in
 * {@code META-INF/services/io.secposture.core.CredentialBrokerProvider} so that the job (or embedding code) can turn
 * on credential chaining for every cloud whose module is on the classpath.
 *
 * <p><b>Who calls it.</b> The job's {@code run} command, through {@link #discover()}, creates one
 * broker per provider found (unless chaining is switched off) and {@link CredentialBroker#combine combines} them.
 * Embedding code may build a module's broker directly from its public config record instead.
 *
 * <p>Implementations have a public no-argument constructor and are stateless.
 */
public interface CredentialBrokerProvider {
  /** The extension kind: credential broker providers, by {@link #name()}, listed in {@code META-INF/services}. */
  ExtensionKind<CredentialBrokerProvider> KIND =
      ExtensionKind.byName("credential broker", CredentialBrokerProvider.class, CredentialBrokerProvider::name);

  /**
   * Returns the provider's name, which is also the namespace of its settings: {@code aws}, {@code gcp} or
   * {@code azure} (settings {@code aws.region}, {@code gcp.iam-endpoint}, ...).
   *
   * @return the name: lower-case letters, digits and dashes
   */
  String name();

  /**
   * Creates a broker. Nothing is contacted yet: credentials are obtained when a scan leases them.
   *
   * @param settings the chaining settings; the keys in this provider's namespace are read, others ignored
   * @return the broker, which the caller closes after the run
   * @throws ConfigurationException listing every malformed or unknown setting of this namespace
   */
  CredentialBroker create(Settings settings);

  /**
   * Returns the broker providers registered on the class path, by name.
   *
   * @return an unmodifiable sorted map
   * @throws ConfigurationException if two providers share a name or one cannot be loaded
   */
  static SortedMap<String, CredentialBrokerProvider> discover() {
    return CoreExtensions.registry().extensions(KIND).byName();
  }

  /**
   * Returns the broker provider with a name.
   *
   * @param name e.g. {@code aws}
   * @return the provider
   * @throws ConfigurationException if there is none, naming the ones there are and the module that provides a
   *     well-known one, or the closest name there is
   */
  static CredentialBrokerProvider named(String name) {
    return CoreExtensions.registry().extensions(KIND).require(name);
  }
}
