package io.secposture.cloud.azure;

import io.secposture.api.Settings;
import io.secposture.cloud.azure.internal.AzureBroker;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Credential chaining for Azure subscriptions ({@code azure}): one application of the tenant (with Reader on the
 * management group that holds the subscriptions) scans every subscription, signing in with a client secret or,
 * better, with a federated token from the CI platform, so no secret per subscription exists anywhere.
 *
 * <p><b>What a scan gets.</b> For {@code azure-service-principal} credentials: the same credentials, after the broker
 * proved them with Entra ID (once per application), so a wrong or expired secret fails each scan with Entra's
 * reason. For {@code azure-federated} credentials: the same application with its own copy of the federated token, a
 * 0600 file in a private directory that the broker keeps equal to the job's token file (which the CI platform
 * renews: a projected Kubernetes service-account token, a GitHub Actions OIDC token written by a step) every
 * {@code azure.refresh-interval}, replaced atomically, and deletes when the scan ends; the broker first exchanges it
 * with Entra ID (azure-identity's client-assertion flow) to prove it. A scanner that signs in with a federated token
 * re-reads the file for every new access token, so long scans keep working. ScoutSuite and Prowler cannot sign in
 * with a federated token themselves; scan with a service principal for them, or with an in-house scanner.
 *
 * <p>Who uses it: the job's {@code run} command (discovered through {@code META-INF/services}) or embedding code with
 * {@link #create(AzureChainingConfig, SSLContext)}. Stateless; the brokers it creates are thread-safe and must be
 * closed.
 */
public final class AzureCredentialBrokerProvider implements CredentialBrokerProvider {
  /** The provider's name and settings namespace. */
  public static final String NAME = AzureChainingConfig.NAMESPACE;

  /** Creates the provider; ServiceLoader uses this constructor. */
  public AzureCredentialBrokerProvider() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CredentialBroker create(Settings settings) {
    return create(AzureChainingConfig.from(settings), null);
  }

  /**
   * Creates a broker.
   *
   * @param config the configuration
   * @param sslContext the TLS trust for Entra ID; nullable for the JVM's
   * @return the broker; close it after the run
   */
  public static CredentialBroker create(AzureChainingConfig config, SSLContext sslContext) {
    return new AzureBroker(Objects.requireNonNull(config, "config"), sslContext);
  }
}
