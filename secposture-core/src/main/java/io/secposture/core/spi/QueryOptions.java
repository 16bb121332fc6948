package io.secposture.core.spi;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads publisher options from a destination URI's query, and prints destinations safely.
 *
 * <p><b>Who calls it.</b> {@link StoreOptions} and the site publisher, to read settings from
 * {@code s3://bucket/site?region=eu-west-1}; anything that prints a destination, through
 * {@link #withoutSecrets(URI)}. Stateless and thread-safe; arguments are never {@code null}.
 */
public final class QueryOptions {
  private QueryOptions() {
  }

  /**
   * Parses the query of a destination into settings: {@code a=1&b} gives {@code ns.a=1, ns.b=true}; dotted names are
   * kept as they are.
   *
   * @param destination the destination
   * @param namespace the publisher's namespace, e.g. {@code s3}
   * @return the settings, empty when there is no query
   * @throws ConfigurationException if a parameter has no name or appears twice
   */
  public static Settings parse(URI destination, String namespace) {
    String query = destination.getRawQuery();
    if (query == null || query.isEmpty()) {
      return Settings.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals)).trim();
      String value = equals < 0 ? "true" : decode(pair.substring(equals + 1));
      if (name.isEmpty()) {
        throw new ConfigurationException("the destination " + withoutSecrets(destination)
            + " has a query parameter without a name; write ?name=value&other=value");
      }
      String key = name.contains(".") ? name : namespace + "." + name;
      if (values.put(key, value) != null) {
        throw new ConfigurationException("the destination " + withoutSecrets(destination) + " sets '" + name
            + "' twice in its query; keep one");
      }
    }
    return Settings.of(values, "query of " + withoutSecrets(destination));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("a destination query parameter is not URL-encoded properly; encode %, & and ="
          + " in values", e);
    }
  }

  /**
   * Returns the destination without user info, query and fragment: the form that goes into messages, logs and
   * results, since those parts may carry credentials (a SAS token, a password).
   *
   * @param destination the destination
   * @return the printable destination
   */
  public static URI withoutSecrets(URI destination) {
    if (destination.getRawUserInfo() == null && destination.getRawQuery() == null
        && destination.getRawFragment() == null) {
      return destination;
    }
    try {
      if (destination.isOpaque()) {
        return new URI(destination.getScheme(), destination.getSchemeSpecificPart().replaceAll("[?#].*", ""), null);
      }
      String authority = destination.getAuthority();
      if (authority != null && authority.lastIndexOf('@') >= 0) {
        authority = authority.substring(authority.lastIndexOf('@') + 1);
      }
      return new URI(destination.getScheme(), authority, destination.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot rebuild " + destination.getScheme() + " URI without its query", e);
    }
  }
}
