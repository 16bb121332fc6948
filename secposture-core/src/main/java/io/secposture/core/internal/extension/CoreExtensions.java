package io.secposture.core.internal.extension;

import io.secposture.api.spi.ExtensionRegistry;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.CredentialBrokerProvider;
import io.secposture.core.FindingExporter;
import java.util.List;

/**
 * Not public API: the one registry of the core's own extension kinds ({@link AccountDiscovery#KIND},
 * {@link CredentialBrokerProvider#KIND}, {@link FindingExporter#KIND}), discovered through core's class loader, each kind on its first lookup and
 * then kept for the life of the class loader. Thread-safe.
 */
public final class CoreExtensions {
  private static final ExtensionRegistry REGISTRY = ExtensionRegistry.discover(CoreExtensions.class.getClassLoader(),
      List.of(AccountDiscovery.KIND, CredentialBrokerProvider.KIND, FindingExporter.KIND));

  private CoreExtensions() {
  }

  /**
   * Returns the registry of account discoveries and credential broker providers.
   *
   * @return the shared registry
   */
  public static ExtensionRegistry registry() {
    return REGISTRY;
  }
}
