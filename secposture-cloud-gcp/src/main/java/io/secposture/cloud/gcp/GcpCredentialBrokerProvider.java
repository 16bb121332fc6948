package io.secposture.cloud.gcp;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.cloud.gcp.internal.ImpersonationBroker;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import java.util.Map;
import java.util.Objects;

/**
 * Credential chaining for Google Cloud projects ({@code gcp}): the broker it creates serves every scan of a project
 * configured with {@code gcp-impersonation} credentials (a service account, or a pattern such as
 * {@code secposture@{project}.iam.gserviceaccount.com}) from the job's own Google identity, with no key per project.
 *
 * <p><b>What a scan gets.</b> A credentials file of type {@code impersonated_service_account}, written with owner-only
 * permissions into a private directory and deleted when the scan ends, whose {@code source_credentials} are the job's
 * own credentials file (typically a workload identity federation {@code external_account} configuration whose
 * token file the CI platform keeps fresh) and whose target is the project's service account; the scanner receives
 * it as {@code gcp-credentials-file} credentials (ScoutSuite {@code --service-account}, Prowler
 * {@code --credentials-file}). The scanner's Google library then calls {@code generateAccessToken} itself and renews
 * its token from the source whenever it expires, so long scans keep working. Before handing the file over the
 * broker obtains a token through it (google-auth-library, the same IAM Credentials call), so a service account that
 * cannot be impersonated fails that scan with a clear reason. The file's content is a secret: it never reaches a log,
 * a result or a published file.
 *
 * <p>Who uses it: the job's {@code run} command (discovered through {@code META-INF/services}) or embedding code with
 * {@link #create(GcpChainingConfig)}. Stateless; the brokers it creates are thread-safe.
 */
public final class GcpCredentialBrokerProvider implements CredentialBrokerProvider {
  /** The provider's name and settings namespace. */
  public static final String NAME = GcpChainingConfig.NAMESPACE;

  /** Creates the provider; ServiceLoader uses this constructor. */
  public GcpCredentialBrokerProvider() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CredentialBroker create(Settings settings) {
    return create(GcpChainingConfig.from(settings));
  }

  /**
   * Creates a broker whose source is the configured credentials file, else the process environment's application
   * default credentials file.
   *
   * @param config the configuration
   * @return the broker; close it after the run
   */
  public static CredentialBroker create(GcpChainingConfig config) {
    return create(config, System.getenv());
  }

  /**
   * Creates a broker that finds the job's credentials file in the given environment.
   *
   * @param config the configuration
   * @param environment the variables {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code CLOUDSDK_CONFIG} and
   *     {@code HOME} are read from
   * @return the broker; close it after the run
   * @throws ConfigurationException never at creation: a missing source fails each lease with the reason
   */
  public static CredentialBroker create(GcpChainingConfig config, Map<String, String> environment) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(environment, "environment");
    return new ImpersonationBroker(config, ImpersonationBroker.finder(config, Map.copyOf(environment)));
  }
}
