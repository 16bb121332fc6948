package io.secposture.cloud.azure;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How {@link AzureSubscriptionsDiscovery} lists a tenant's subscriptions, and the one application that scans them
 * all. Read from the {@code azure-subscriptions.*} discovery settings:
 *
 * <table>
 *   <caption>Azure subscription discovery settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code azure-subscriptions.tenant-id}</td><td>required</td><td>the directory (tenant) id</td></tr>
 *   <tr><td>{@code azure-subscriptions.client-id}</td><td>required</td><td>the application that lists and scans
 *       the subscriptions (Reader on the tenant root management group covers them all)</td></tr>
 *   <tr><td>{@code azure-subscriptions.federated-token-file}</td><td>one of these two</td><td>the file the CI
 *       platform writes its OIDC token to (workload identity federation; preferred: no secret at all)</td></tr>
 *   <tr><td>{@code azure-subscriptions.client-secret-variable}</td><td></td><td>the name of the environment
 *       variable holding the application's client secret (the secret itself never goes in settings)</td></tr>
 *   <tr><td>{@code azure-subscriptions.authority-host}, {@code azure-subscriptions.resource-manager}</td><td>Azure's
 *       public cloud</td><td>Entra ID and Resource Manager of another cloud</td></tr>
 *   <tr><td>{@code azure-subscriptions.scanners}</td><td>the job's default scanners</td><td>scanners for
 *       discovered subscriptions</td></tr>
 * </table>
 * Filters ({@code --include}/{@code --exclude}): subscription id, {@code name:}, {@code tag:}. Only Enabled
 * subscriptions are listed.
 *
 * <p>Immutable and thread-safe; {@link #toString()} masks the secret.
 *
 * @param tenantId the tenant
 * @param clientId the application
 * @param clientSecret the client secret; nullable when a federated token file is given
 * @param federatedTokenFile the federated token file; nullable when a client secret is given
 * @param authorityHost the Entra ID host
 * @param resourceManager the Resource Manager endpoint
 * @param scanners scanners for discovered subscriptions; empty for the job's defaults
 */
public record AzureSubscriptionsConfig(String tenantId, String clientId, Secret clientSecret, Path federatedTokenFile,
    URI authorityHost, URI resourceManager, List<String> scanners) {

  /** The namespace of these settings, and the discovery's name. */
  public static final String NAMESPACE = "azure-subscriptions";

  private static final Set<String> KEYS = Set.of("tenant-id", "client-id", "federated-token-file",
      "client-secret-variable", "authority-host", "resource-manager", "scanners");
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

  /** Validates the components and copies the list. */
  public AzureSubscriptionsConfig {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    if ((clientSecret == null) == (federatedTokenFile == null)) {
      throw new IllegalArgumentException("give either a client secret or a federated token file, not both or neither");
    }
    Objects.requireNonNull(authorityHost, "authorityHost");
    Objects.requireNonNull(resourceManager, "resourceManager");
    scanners = List.copyOf(scanners);
  }

  /**
   * Reads the {@code azure-subscriptions.*} keys of the discovery settings.
   *
   * @param settings the discovery settings
   * @param environment where the variable named by {@code client-secret-variable} is read
   * @return the configuration
   * @throws ConfigurationException listing every unknown, missing or malformed key
   */
  public static AzureSubscriptionsConfig from(Settings settings, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.scoped(NAMESPACE).asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown Azure subscription discovery setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    String tenant = guid(settings, "tenant-id", problems);
    String client = guid(settings, "client-id", problems);
    Path tokenFile = null;
    try {
      tokenFile = settings.getPath(NAMESPACE + ".federated-token-file");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    String variable = settings.getString(NAMESPACE + ".client-secret-variable");
    Secret secret = null;
    if (tokenFile != null && variable != null) {
      problems.add("set either azure-subscriptions.federated-token-file or azure-subscriptions.client-secret-variable,"
          + " not both");
    } else if (variable != null) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        problems.add("azure-subscriptions.client-secret-variable names " + variable + ", which is not set; export the"
            + " application's client secret in it");
      } else {
        secret = Secret.of(value);
      }
    } else if (tokenFile == null) {
      problems.add("set azure-subscriptions.federated-token-file (the CI platform's OIDC token file) or"
          + " azure-subscriptions.client-secret-variable (the variable holding a client secret)");
    }
    URI authority = AzureChainingConfig.https(settings, NAMESPACE + ".authority-host",
        AzureChainingConfig.DEFAULT_AUTHORITY_HOST, problems);
    URI resourceManager = AzureChainingConfig.https(settings, NAMESPACE + ".resource-manager",
        AzureChainingConfig.DEFAULT_RESOURCE_MANAGER, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new AzureSubscriptionsConfig(tenant, client, secret, tokenFile, authority, resourceManager,
        settings.getList(NAMESPACE + ".scanners"));
  }

  private static String guid(Settings settings, String key, List<String> problems) {
    String value = settings.getString(NAMESPACE + "." + key);
    if (value == null) {
      problems.add("set " + NAMESPACE + "." + key + " (a GUID)");
      return "";
    }
    if (!GUID.matcher(value).matches()) {
      problems.add("setting '" + NAMESPACE + "." + key + "' has value '" + value + "'; expected a GUID such as"
          + " 00000000-0000-0000-0000-000000000000");
    }
    return value;
  }

  /**
   * Returns the credentials every discovered subscription is scanned with: this application.
   *
   * @return federated or service-principal credentials
   */
  public Credentials credentials() {
    return federatedTokenFile != null ? new Credentials.AzureFederated(tenantId, clientId, federatedTokenFile)
        : new Credentials.AzureServicePrincipal(tenantId, clientId, clientSecret);
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
