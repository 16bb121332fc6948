package io.secposture.api.spi;

import io.secposture.api.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and merges every {@value ExtensionKind#WELL_KNOWN_RESOURCE} a class loader sees. Each non-blank line that
 * does not start with {@code #} reads {@code kind:name = group:artifact}; the same entry may appear in several files
 * (a jar on the path twice), two different modules for one name are refused.
 */
final class WellKnownExtensions {
  private WellKnownExtensions() {
  }

  /** Returns, per kind, which module provides each well-known name. */
  static Map<String, SortedMap<String, String>> read(ClassLoader loader) {
    Map<String, TreeMap<String, String>> byKind = new HashMap<>();
    Map<String, URL> origin = new HashMap<>();
    try {
      Enumeration<URL> resources = loader.getResources(ExtensionKind.WELL_KNOWN_RESOURCE);
      while (resources.hasMoreElements()) {
        URL resource = resources.nextElement();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource.openStream(),
            StandardCharsets.UTF_8))) {
          int number = 0;
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
              continue;
            }
            int equals = entry.indexOf('=');
            int colon = equals < 0 ? -1 : entry.lastIndexOf(':', equals);
            String kind = colon < 0 ? "" : entry.substring(0, colon).strip();
            String name = colon < 0 ? "" : entry.substring(colon + 1, equals).strip();
            String module = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (kind.isEmpty() || name.isEmpty() || module.isEmpty()) {
              throw new ConfigurationException(resource + " line " + number + " reads '" + entry
                  + "'; each line must read 'kind:name = group:artifact'");
            }
            String previous = byKind.computeIfAbsent(kind, k -> new TreeMap<>()).putIfAbsent(name, module);
            if (previous != null && !previous.equals(module)) {
              throw new ConfigurationException("two well-known tables disagree on the " + kind + " '" + name
                  + "': " + origin.get(kind + ":" + name) + " says " + previous + ", " + resource + " says " + module);
            }
            origin.putIfAbsent(kind + ":" + name, resource);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ExtensionKind.WELL_KNOWN_RESOURCE, e);
    }
    Map<String, SortedMap<String, String>> result = new HashMap<>();
    byKind.forEach((kind, table) -> result.put(kind, Collections.unmodifiableSortedMap(table)));
    return result;
  }
}
