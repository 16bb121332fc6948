package io.secposture.cloud.gcp;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the Google credential broker chains: the job's own Google identity (a credentials file: a workload identity
 * federation {@code external_account} configuration, a service-account key or a user's application default
 * credentials) impersonates each project's service account. Read from the {@code gcp.*} chaining settings:
 *
 * <table>
 *   <caption>GCP chaining settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code gcp.source-credentials}</td><td>{@code GOOGLE_APPLICATION_CREDENTIALS}, else gcloud's
 *       application default credentials file</td><td>the job's own credentials file; it becomes the source of the
 *       impersonation files handed to scanners</td></tr>
 *   <tr><td>{@code gcp.iam-endpoint}</td><td>{@code https://iamcredentials.googleapis.com}</td><td>the IAM
 *       Credentials API root (another universe, a Private Service Connect endpoint)</td></tr>
 *   <tr><td>{@code gcp.token-lifetime}</td><td>{@code 1h}</td><td>how long each impersonated token lasts (10 minutes
 *       to 12 hours; more than 1 hour needs the organisation policy that allows it)</td></tr>
 *   <tr><td>{@code gcp.scopes}</td><td>{@code https://www.googleapis.com/auth/cloud-platform}</td><td>the scopes
 *       checked when a lease is taken</td></tr>
 *   <tr><td>{@code gcp.delegates}</td><td>none</td><td>service accounts of a delegation chain</td></tr>
 * </table>
 *
 * <p>Who uses it: {@link GcpCredentialBrokerProvider}. Immutable and thread-safe.
 *
 * @param sourceCredentials the job's credentials file; nullable for the environment's
 * @param iamEndpoint the IAM Credentials API root
 * @param tokenLifetime each token's lifetime
 * @param scopes the OAuth scopes
 * @param delegates the delegation chain
 */
public record GcpChainingConfig(Path sourceCredentials, URI iamEndpoint, Duration tokenLifetime, List<String> scopes,
    List<String> delegates) {

  /** The namespace of these settings. */
  public static final String NAMESPACE = "gcp";
  /** Google's IAM Credentials API. */
  public static final URI DEFAULT_IAM_ENDPOINT = URI.create("https://iamcredentials.googleapis.com");
  /** The scope scanners use. */
  public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

  private static final Set<String> KEYS = Set.of("source-credentials", "iam-endpoint", "token-lifetime", "scopes",
      "delegates");

  /** Validates the components and copies the lists. */
  public GcpChainingConfig {
    Objects.requireNonNull(iamEndpoint, "iamEndpoint");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (tokenLifetime.compareTo(Duration.ofMinutes(10)) < 0 || tokenLifetime.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("tokenLifetime must be 10 minutes to 12 hours, got " + tokenLifetime);
    }
    scopes = List.copyOf(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("give at least one scope");
    }
    delegates = List.copyOf(delegates);
  }

  /**
   * Returns the defaults: the environment's credentials, Google's endpoint, one-hour cloud-platform tokens.
   *
   * @return the defaults
   */
  public static GcpChainingConfig defaults() {
    return new GcpChainingConfig(null, DEFAULT_IAM_ENDPOINT, Duration.ofHours(1), List.of(CLOUD_PLATFORM), List.of());
  }

  /**
   * Reads the {@code gcp.*} keys of the chaining settings; other namespaces are ignored.
   *
   * @param settings the chaining settings
   * @return the configuration
   * @throws ConfigurationException listing every unknown or malformed key
   */
  public static GcpChainingConfig from(Settings settings) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.scoped(NAMESPACE).asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown GCP chaining setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    Path source = null;
    try {
      source = settings.getPath(NAMESPACE + ".source-credentials");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    URI endpoint = endpoint(settings, NAMESPACE + ".iam-endpoint", DEFAULT_IAM_ENDPOINT, problems);
    Duration lifetime = Duration.ofHours(1);
    try {
      lifetime = settings.getDuration(NAMESPACE + ".token-lifetime", lifetime);
      if (lifetime.compareTo(Duration.ofMinutes(10)) < 0 || lifetime.compareTo(Duration.ofHours(12)) > 0) {
        problems.add("setting 'gcp.token-lifetime' has value '" + lifetime + "'; expected 10 minutes to 12 hours");
        lifetime = Duration.ofHours(1);
      }
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    List<String> scopes = settings.getList(NAMESPACE + ".scopes");
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new GcpChainingConfig(source, endpoint, lifetime, scopes.isEmpty() ? List.of(CLOUD_PLATFORM) : scopes,
        settings.getList(NAMESPACE + ".delegates"));
  }

  static URI endpoint(Settings settings, String key, URI defaultValue, List<String> problems) {
    String text = settings.getString(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(text, "not absolute");
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add("setting '" + key + "' has value '" + text + "'; expected an absolute URL such as "
          + defaultValue);
      return defaultValue;
    }
  }

  /**
   * Returns the IAM Credentials URL that impersonates a service account.
   *
   * @param serviceAccount the service account's email
   * @return {@code <endpoint>/v1/projects/-/serviceAccounts/<email>:generateAccessToken}
   */
  public String impersonationUrl(String serviceAccount) {
    return iamEndpoint + "/v1/projects/-/serviceAccounts/" + serviceAccount + ":generateAccessToken";
  }
}
