package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.ExtensionKind;
import io.secposture.core.internal.extension.CoreExtensions;
import java.util.List;
import java.util.SortedMap;

/**
 * Builds the inventory from a cloud's own account list, so new accounts are scanned without editing
 * configuration: AWS Organizations ({@code aws-org}), GCP Resource Manager ({@code gcp-org}), Azure subscriptions
 * ({@code azure-subscriptions}). Every discovered account gets its credentials from a pattern (a role name, a
 * service account, one tenant-wide identity), so no per-account secret is needed.
 *
 * <p><b>Who calls it.</b> The job's {@code run --discover NAME} (through {@link #named(String)}), or embedding code,
 * before the pipeline runs; the accounts it returns join those configured by environment or file (configured ones
 * win when both name the same account).
 *
 * <p><b>How to implement it.</b> Give the class a public no-argument constructor, register it in
 * {@code META-INF/services/io.secposture.core.AccountDiscovery}, read its settings from the keys in its
 * {@link #name()} namespace (e.g. {@code aws-org.role-name}) and keep it stateless. List only accounts that can be
 * scanned (active, enabled), apply the filter, and return them sorted by id. Report every configuration problem at
 * once in a {@link ConfigurationException}; a failure of the cloud's API is an
 * {@link io.secposture.api.SecpostureException} naming the call, the organisation and what to check (permissions,
 * endpoint), never holding a secret.
 */
public interface AccountDiscovery {
  /** The extension kind: account discoveries, by {@link #name()}, listed in {@code META-INF/services}. */
  ExtensionKind<AccountDiscovery> KIND =
      ExtensionKind.byName("account discovery", AccountDiscovery.class, AccountDiscovery::name);

  /**
   * Returns the discovery's name, which is also the namespace of its settings: {@code aws-org}, {@code gcp-org},
   * {@code azure-subscriptions}.
   *
   * @return the name: lower-case letters, digits and dashes
   */
  String name();

  /**
   * Returns the cloud whose accounts it lists.
   *
   * @return the provider
   */
  CloudProvider provider();

  /**
   * Lists the accounts to scan.
   *
   * @param settings the discovery settings; the keys in this discovery's namespace are read, others ignored
   * @param filter which accounts to keep
   * @return the accounts, sorted by id, each with credentials from the configured pattern
   * @throws ConfigurationException listing every malformed, missing or unknown setting and every filter rule this
   *     discovery does not understand
   * @throws io.secposture.api.SecpostureException if the cloud's API fails
   */
  List<CloudAccount> discover(Settings settings, AccountFilter filter);

  /**
   * Returns the discoveries registered on the class path, by name.
   *
   * @return an unmodifiable sorted map
   * @throws ConfigurationException if two share a name or one cannot be loaded
   */
  static SortedMap<String, AccountDiscovery> available() {
    return CoreExtensions.registry().extensions(KIND).byName();
  }

  /**
   * Returns the discovery with a name.
   *
   * @param name e.g. {@code aws-org}
   * @return the discovery
   * @throws ConfigurationException if there is none, naming the ones there are and the module that provides a
   *     well-known one, or the closest name there is
   */
  static AccountDiscovery named(String name) {
    return CoreExtensions.registry().extensions(KIND).require(name);
  }
}
