package io.secposture.core;

import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of the job's own environment variables a scanner process inherits. A scanner process starts from an
 * allow-list, not from the job's whole environment, so one account's secrets (an inventory's {@code { env: VAR }}
 * references) and the job's own cloud identity never reach another account's scanner:
 *
 * <ul>
 *   <li>{@link #BASE}, for every process: {@code PATH}, {@code HOME}, the user, locale ({@code LANG},
 *   {@code LC_*}), {@code TZ}, temporary directories, proxies ({@code HTTP(S)_PROXY}, {@code NO_PROXY}, both cases)
 *   and CA bundles ({@code SSL_CERT_FILE}, {@code REQUESTS_CA_BUNDLE}, {@code AWS_CA_BUNDLE}...);</li>
 *   <li>what the scanner's tool needs, which the scanner declares (for example {@link #PYTHON} for a tool written in
 *   Python, {@code PROWLER_*} for Prowler);</li>
 *   <li>{@link #cloudSettings(CloudProvider) the cloud's SDK settings} for the scanned account's provider (regions,
 *   endpoints, retries: never a credential);</li>
 *   <li>{@link #ambientIdentity(CloudProvider) the job's own identity for that cloud} ({@code AWS_*},
 *   {@code GOOGLE_APPLICATION_CREDENTIALS} and {@code CLOUDSDK_*}, {@code AZURE_*} and {@code ARM_*},
 *   {@code KUBECONFIG}) only when the account's credentials use it: ambient credentials, or a kind the tool chains
 *   from the job's identity itself (Prowler's {@code --role} and {@code --impersonate-service-account}, the Azure
 *   CLI login, a managed identity); see {@link #forCredentials(CloudProvider, Credentials)};</li>
 *   <li>the variables an operator adds with {@link ProcessSpec#PASS_ENVIRONMENT}.</li>
 * </ul>
 * The account's own credentials come on top (as the scanner sets them), and variables starting with
 * {@code SECPOSTURE_} never pass, whatever the list says.
 *
 * <p>Patterns are a variable name ({@code PATH}) or a prefix followed by {@code *} ({@code LC_*}); {@code *} alone
 * passes everything (not recommended). Names are case-sensitive. Stateless; the lists are immutable.
 */
public final class ScannerEnvironment {
  /** Variables every scanner process inherits: the basics, locale, proxies and CA bundles. */
  public static final List<String> BASE = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_*",
      "TZ", "TMPDIR", "TMP", "TEMP", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
      "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
      "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
      "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH");
  /** What a tool written in Python may need to start: {@code PYTHONPATH}, {@code PYTHONHOME}, a virtualenv. */
  public static final List<String> PYTHON = List.of("PYTHON*", "VIRTUAL_ENV");

  private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z_][A-Za-z0-9_]*\\*?");
  private static final List<String> AWS_SETTINGS = List.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
      "AWS_ENDPOINT_URL_*", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS",
      "AWS_STS_REGIONAL_ENDPOINTS", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
      "AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "AWS_CA_BUNDLE");
  private static final List<String> AWS_PROFILE_FILES = List.of("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE");
  private static final List<String> AZURE_SETTINGS = List.of("AZURE_AUTHORITY_HOST");
  private static final List<String> AWS_IDENTITY = List.of("AWS_*");
  private static final List<String> GCP_IDENTITY = List.of("GOOGLE_*", "CLOUDSDK_*", "GCLOUD_*", "GCE_METADATA_*",
      "NO_GCE_CHECK");
  private static final List<String> AZURE_IDENTITY = List.of("AZURE_*", "ARM_*", "MSI_ENDPOINT", "MSI_SECRET",
      "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT");
  private static final List<String> KUBERNETES_IDENTITY = List.of("KUBECONFIG", "KUBERNETES_SERVICE_HOST",
      "KUBERNETES_SERVICE_PORT");

  private ScannerEnvironment() {
  }

  /**
   * Returns a cloud's SDK settings that hold no credential, which every scan of that cloud inherits: for AWS the
   * region, endpoint ({@code AWS_ENDPOINT_URL*}), retry and FIPS settings; for Azure the authority host.
   *
   * @param provider the scanned account's provider
   * @return the patterns; empty for a provider without such settings
   */
  public static List<String> cloudSettings(CloudProvider provider) {
    Objects.requireNonNull(provider, "provider");
    if (provider.equals(CloudProvider.AWS)) {
      return AWS_SETTINGS;
    }
    if (provider.equals(CloudProvider.AZURE)) {
      return AZURE_SETTINGS;
    }
    return List.of();
  }

  /**
   * Returns the variables that carry the job's own identity for a cloud: AWS {@code AWS_*}; GCP {@code GOOGLE_*}
   * (including {@code GOOGLE_APPLICATION_CREDENTIALS}), {@code CLOUDSDK_*}, {@code GCLOUD_*} and the metadata server
   * variables; Azure {@code AZURE_*}, {@code ARM_*} and the managed identity endpoint variables; Kubernetes
   * {@code KUBECONFIG} and the in-cluster service variables.
   *
   * @param provider the provider
   * @return the patterns; empty for a provider secposture knows no identity variables of
   */
  public static List<String> ambientIdentity(CloudProvider provider) {
    Objects.requireNonNull(provider, "provider");
    if (provider.equals(CloudProvider.AWS)) {
      return AWS_IDENTITY;
    }
    if (provider.equals(CloudProvider.GCP)) {
      return GCP_IDENTITY;
    }
    if (provider.equals(CloudProvider.AZURE)) {
      return AZURE_IDENTITY;
    }
    if (provider.equals(CloudProvider.KUBERNETES)) {
      return KUBERNETES_IDENTITY;
    }
    return List.of();
  }

  /**
   * Returns the job's variables a scan of an account with these credentials inherits besides {@link #BASE}: the
   * provider's {@link #cloudSettings settings}, plus the provider's {@link #ambientIdentity identity} when the
   * credentials use the job's own identity of that cloud:
   * <ul>
   *   <li>{@code ambient}, {@code azure-cli} and {@code azure-managed-identity}: the provider's identity;</li>
   *   <li>{@code aws-role} and {@code gcp-impersonation}, which reach the scanner only when it chains them itself
   *   (otherwise the credential broker hands it {@code environment} or a credentials file): the job's AWS, respectively
   *   Google, identity to assume or impersonate from;</li>
   *   <li>{@code aws-profile}: {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE}, where the profile
   *   lives, not the job's keys;</li>
   *   <li>for a Kubernetes cluster with {@code ambient} or {@code kubeconfig} credentials: {@code KUBECONFIG}, the
   *   in-cluster variables and the AWS, Google and Azure identities too, because a kubeconfig's exec plugins
   *   ({@code aws eks get-token}, {@code gke-gcloud-auth-plugin}, {@code kubelogin}) sign in with them;</li>
   *   <li>every other kind ({@code aws-keys}, {@code azure-service-principal}, {@code gcp-credentials-file},
   *   {@code environment}, custom kinds): nothing of the job's identity; the scanner sets the account's own.</li>
   * </ul>
   *
   * @param provider the scanned account's provider
   * @param credentials the credentials the scanner receives
   * @return the patterns
   */
  public static List<String> forCredentials(CloudProvider provider, Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    Set<String> patterns = new LinkedHashSet<>(cloudSettings(provider));
    boolean kubernetes = provider.equals(CloudProvider.KUBERNETES);
    if (kubernetes && (credentials instanceof Credentials.Ambient || credentials instanceof Credentials.Kubeconfig)) {
      patterns.addAll(KUBERNETES_IDENTITY);
      patterns.addAll(AWS_IDENTITY);
      patterns.addAll(GCP_IDENTITY);
      patterns.addAll(AZURE_IDENTITY);
    } else if (credentials instanceof Credentials.Ambient || credentials instanceof Credentials.AzureCli
        || credentials instanceof Credentials.AzureManagedIdentity) {
      patterns.addAll(ambientIdentity(provider));
    } else if (credentials instanceof Credentials.AwsRole) {
      patterns.addAll(AWS_IDENTITY);
    } else if (credentials instanceof Credentials.GcpImpersonation) {
      patterns.addAll(GCP_IDENTITY);
    } else if (credentials instanceof Credentials.AwsProfile) {
      patterns.addAll(AWS_PROFILE_FILES);
    }
    return List.copyOf(patterns);
  }

  /**
   * Tells whether a variable matches one of the patterns.
   *
   * @param name the variable name
   * @param patterns names and {@code PREFIX*} patterns
   * @return true if it matches one
   */
  public static boolean matches(String name, Collection<String> patterns) {
    for (String pattern : patterns) {
      if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks patterns: a variable name, or a prefix followed by {@code *}.
   *
   * @param patterns the patterns
   * @return them, copied
   * @throws IllegalArgumentException naming the first malformed one
   */
  static List<String> validate(Collection<String> patterns) {
    List<String> copy = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      Objects.requireNonNull(pattern, "pattern");
      if (!VALID.matcher(pattern).matches()) {
        throw new IllegalArgumentException("'" + pattern + "' is not a variable name or a prefix followed by *"
            + " (such as MY_TOOL_*)");
      }
      copy.add(pattern);
    }
    return copy;
  }
}
