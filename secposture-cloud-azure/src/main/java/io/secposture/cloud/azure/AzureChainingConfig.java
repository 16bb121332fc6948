package io.secposture.cloud.azure;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the Azure credential broker chains. Read from the {@code azure.*} chaining settings:
 *
 * <table>
 *   <caption>Azure chaining settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code azure.authority-host}</td><td>{@code https://login.microsoftonline.com}</td><td>the Entra ID
 *       host (another cloud: {@code https://login.microsoftonline.us}, ...)</td></tr>
 *   <tr><td>{@code azure.resource-manager}</td><td>{@code https://management.azure.com}</td><td>the Resource Manager
 *       endpoint whose token proves an identity before a scan</td></tr>
 *   <tr><td>{@code azure.refresh-interval}</td><td>{@code 30s}</td><td>how often a scan's copy of a federated token
 *       is brought up to date with the job's token file</td></tr>
 * </table>
 *
 * <p>Who uses it: {@link AzureCredentialBrokerProvider}. Immutable and thread-safe.
 *
 * @param authorityHost the Entra ID host
 * @param resourceManager the Resource Manager endpoint
 * @param refreshInterval how often federated token copies are refreshed
 */
public record AzureChainingConfig(URI authorityHost, URI resourceManager, Duration refreshInterval) {
  /** The namespace of these settings. */
  public static final String NAMESPACE = "azure";
  /** Entra ID in Azure's public cloud. */
  public static final URI DEFAULT_AUTHORITY_HOST = URI.create("https://login.microsoftonline.com");
  /** Resource Manager in Azure's public cloud. */
  public static final URI DEFAULT_RESOURCE_MANAGER = URI.create("https://management.azure.com");

  private static final Set<String> KEYS = Set.of("authority-host", "resource-manager", "refresh-interval");

  /** Validates the components. */
  public AzureChainingConfig {
    Objects.requireNonNull(authorityHost, "authorityHost");
    Objects.requireNonNull(resourceManager, "resourceManager");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("refreshInterval must be positive, got " + refreshInterval);
    }
  }

  /**
   * Returns the defaults for Azure's public cloud.
   *
   * @return the defaults
   */
  public static AzureChainingConfig defaults() {
    return new AzureChainingConfig(DEFAULT_AUTHORITY_HOST, DEFAULT_RESOURCE_MANAGER, Duration.ofSeconds(30));
  }

  /**
   * Reads the {@code azure.*} keys of the chaining settings; other namespaces are ignored.
   *
   * @param settings the chaining settings
   * @return the configuration
   * @throws ConfigurationException listing every unknown or malformed key
   */
  public static AzureChainingConfig from(Settings settings) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.scoped(NAMESPACE).asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown Azure chaining setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    URI authority = https(settings, NAMESPACE + ".authority-host", DEFAULT_AUTHORITY_HOST, problems);
    URI resourceManager = https(settings, NAMESPACE + ".resource-manager", DEFAULT_RESOURCE_MANAGER, problems);
    Duration interval = Duration.ofSeconds(30);
    try {
      interval = settings.getDuration(NAMESPACE + ".refresh-interval", interval);
      if (interval.isZero() || interval.isNegative()) {
        problems.add("setting 'azure.refresh-interval' has value '" + interval + "'; expected a positive duration");
        interval = Duration.ofSeconds(30);
      }
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new AzureChainingConfig(authority, resourceManager, interval);
  }

  /**
   * Reads an HTTPS URL setting (Entra ID and Resource Manager only speak HTTPS).
   *
   * @param settings the settings
   * @param key the key
   * @param defaultValue returned when absent
   * @param problems receives a problem when malformed
   * @return the URL, without a trailing slash
   */
  static URI https(Settings settings, String key, URI defaultValue, List<String> problems) {
    String text = settings.getString(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(text, "not an https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add("setting '" + key + "' has value '" + text + "'; expected an https URL such as " + defaultValue);
      return defaultValue;
    }
  }

  /**
   * Returns the OAuth scope of Resource Manager tokens.
   *
   * @return e.g. {@code https://management.azure.com/.default}
   */
  public String resourceManagerScope() {
    return resourceManager + "/.default";
  }
}
