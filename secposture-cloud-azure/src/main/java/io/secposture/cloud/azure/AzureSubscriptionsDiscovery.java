package io.secposture.cloud.azure;

import com.azure.core.credential.TokenCredential;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.cloud.azure.internal.ArmSubscriptions;
import io.secposture.cloud.azure.internal.Entra;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the Azure subscriptions to scan ({@code azure-subscriptions}): every Enabled subscription the configured
 * application can see (Resource Manager's subscriptions list, with a token from Entra ID through azure-identity),
 * kept or dropped by the filter (ids, names, tags), each with that application's credentials, so one identity and
 * no per-subscription secret scans the whole tenant.
 *
 * <p>Who calls it: the job's {@code run --discover azure-subscriptions}, through {@code META-INF/services}; embedding
 * code may call {@link #discover(AzureSubscriptionsConfig, AccountFilter, SSLContext)}. Stateless and thread-safe.
 */
public final class AzureSubscriptionsDiscovery implements AccountDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(AzureSubscriptionsDiscovery.class);
  private static final Set<String> RULES = Set.of("id", "name", "tag", "label");
  private static final String ENABLED = "Enabled";

  /** Creates the discovery; ServiceLoader uses this constructor. */
  public AzureSubscriptionsDiscovery() {
  }

  @Override
  public String name() {
    return AzureSubscriptionsConfig.NAMESPACE;
  }

  @Override
  public CloudProvider provider() {
    return CloudProvider.AZURE;
  }

  @Override
  public List<CloudAccount> discover(Settings settings, AccountFilter filter) {
    List<String> problems = new ArrayList<>(filter.unsupported(RULES));
    AzureSubscriptionsConfig config = null;
    try {
      config = AzureSubscriptionsConfig.from(settings, System.getenv());
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "azure-subscriptions: " + problem).toList());
    }
    return discover(config, filter, null);
  }

  /**
   * Lists the subscriptions to scan.
   *
   * @param config the discovery configuration
   * @param filter which subscriptions to keep
   * @param sslContext the TLS trust for Entra ID and Resource Manager; nullable for the JVM's
   * @return the subscriptions, sorted by id
   * @throws ConfigurationException if a filter rule does not apply to Azure
   * @throws SecpostureException if Entra ID or Resource Manager refuses
   */
  public static List<CloudAccount> discover(AzureSubscriptionsConfig config, AccountFilter filter,
      SSLContext sslContext) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(filter, "filter");
    List<String> problems = filter.unsupported(RULES);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "azure-subscriptions: " + problem).toList());
    }
    Entra entra = new Entra(config.authorityHost(), sslContext);
    TokenCredential credential = config.federatedTokenFile() != null
        ? entra.federated(config.tenantId(), config.clientId(), () -> read(config))
        : entra.secret(config.tenantId(), config.clientId(), config.clientSecret());
    String who = "application " + config.clientId() + " of tenant " + config.tenantId();
    List<ArmSubscriptions.Subscription> listed = new ArrayList<>(new ArmSubscriptions(sslContext)
        .list(config.resourceManager(), credential, config.resourceManagerScope(), who));
    listed.sort(Comparator.comparing(ArmSubscriptions.Subscription::id));
    List<CloudAccount> accounts = new ArrayList<>();
    long enabled = 0;
    for (ArmSubscriptions.Subscription subscription : listed) {
      if (!ENABLED.equalsIgnoreCase(subscription.state())) {
        continue;
      }
      enabled++;
      AccountFilter.Candidate candidate = new AccountFilter.Candidate(subscription.id(), subscription.name(),
          Set.of(), subscription.tags());
      if (filter.admits(candidate)) {
        accounts.add(CloudAccount.builder(CloudProvider.AZURE, subscription.id()).name(subscription.name())
            .credentials(config.credentials()).scanners(config.scanners()).build());
      }
    }
    LOG.info("azure-subscriptions: {} subscriptions visible to {}, {} enabled, {} to scan ({})", listed.size(), who,
        enabled, accounts.size(), filter);
    return List.copyOf(accounts);
  }

  private static String read(AzureSubscriptionsConfig config) {
    try {
      return Files.readString(config.federatedTokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new SecpostureException("cannot read the federated token file " + config.federatedTokenFile() + ": "
          + e.getMessage(), e);
    }
  }
}
