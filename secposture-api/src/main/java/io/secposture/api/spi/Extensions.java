package io.secposture.api.spi;

import io.secposture.api.ConfigurationException;
import java.security.CodeSource;
import java.util.ServiceConfigurationError;

/** Message helpers shared by the registry classes: where a class came from, why a service failed to load. */
final class Extensions {
  private Extensions() {
  }

  /** Names an extension's class and the jar or folder it was loaded from. */
  static String describe(Object extension) {
    Class<?> type = extension.getClass();
    CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    String where = source == null || source.getLocation() == null ? "unknown location" : source.getLocation().toString();
    return type.getName() + " (from " + where + ")";
  }

  static ConfigurationException cannotLoad(Class<?> type, ServiceConfigurationError e) {
    return new ConfigurationException("cannot load a " + type.getSimpleName() + " listed in META-INF/services/"
        + type.getName() + ": " + e.getMessage()
        + "; check that the class exists, is public and has a public no-argument constructor", e);
  }
}
