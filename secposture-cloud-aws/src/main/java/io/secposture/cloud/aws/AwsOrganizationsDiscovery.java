package io.secposture.cloud.aws;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.cloud.aws.internal.AwsClients;
import io.secposture.cloud.aws.internal.OrganizationsWalker;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;

/**
 * Lists the accounts of an AWS organisation to scan ({@code aws-org}): every ACTIVE account (Organizations
 * {@code ListAccounts}), kept or dropped by the filter (ids, names, OUs through a {@code ListChildren} walk below
 * each OU a rule names, tags through {@code ListTagsForResource}, fetched only when a rule needs them), each with
 * {@code aws-role} credentials for the role of {@link AwsOrganizationsConfig} in that account. With the AWS credential
 * broker, every account is then scanned from the job's one identity: no per-account secret anywhere.
 *
 * <p>Who calls it: the job's {@code run --discover aws-org}, through {@code META-INF/services}; embedding code may
 * call {@link #discover(AwsOrganizationsConfig, AccountFilter, AwsCredentialsProvider)}. Stateless and thread-safe.
 */
public final class AwsOrganizationsDiscovery implements AccountDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(AwsOrganizationsDiscovery.class);
  private static final Set<String> RULES = Set.of("id", "name", "ou", "tag", "label");

  /** Creates the discovery; ServiceLoader uses this constructor. */
  public AwsOrganizationsDiscovery() {
  }

  @Override
  public String name() {
    return AwsOrganizationsConfig.NAMESPACE;
  }

  @Override
  public CloudProvider provider() {
    return CloudProvider.AWS;
  }

  @Override
  public List<CloudAccount> discover(Settings settings, AccountFilter filter) {
    List<String> problems = new ArrayList<>(filter.unsupported(RULES));
    AwsOrganizationsConfig config = null;
    try {
      config = AwsOrganizationsConfig.from(settings);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "aws-org: " + problem).toList());
    }
    return discover(config, filter, AwsClients.sourceIdentity(config.profile()));
  }

  /**
   * Lists the accounts to scan, calling Organizations as the given identity.
   *
   * @param config the discovery configuration
   * @param filter which accounts to keep
   * @param identity the identity to call Organizations as
   * @return the accounts, sorted by id
   * @throws ConfigurationException if a filter rule does not apply to AWS
   * @throws io.secposture.api.SecpostureException if an Organizations call fails
   */
  public static List<CloudAccount> discover(AwsOrganizationsConfig config, AccountFilter filter,
      AwsCredentialsProvider identity) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(filter, "filter");
    List<String> problems = filter.unsupported(RULES);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "aws-org: " + problem).toList());
    }
    try (OrganizationsClient client = AwsClients.organizations(identity, config.region(), config.endpoint())) {
      OrganizationsWalker walker = new OrganizationsWalker(client);
      Map<String, Account> active = walker.activeAccounts();
      String management = config.skipManagementAccount() ? walker.managementAccount() : null;
      Map<String, Set<String>> groups = filter.usesGroups() ? walker.groupsOf(filter.groups()) : Map.of();
      List<Account> sorted = new ArrayList<>(active.values());
      sorted.sort(Comparator.comparing(Account::id));
      List<CloudAccount> accounts = new ArrayList<>();
      for (Account account : sorted) {
        if (account.id().equals(management)) {
          continue;
        }
        Map<String, String> tags = filter.usesTags() ? walker.tags(account.id()) : Map.of();
        AccountFilter.Candidate candidate = new AccountFilter.Candidate(account.id(), account.name(),
            groups.getOrDefault(account.id(), Set.of()), tags);
        if (filter.admits(candidate)) {
          accounts.add(CloudAccount.builder(CloudProvider.AWS, account.id()).name(account.name())
              .credentials(config.credentials(account.id())).scanners(config.scanners()).build());
        }
      }
      LOG.info("aws-org: {} active accounts, {} to scan ({}){}", active.size(), accounts.size(), filter,
          management == null ? "" : "; management account " + management + " left out");
      return List.copyOf(accounts);
    }
  }
}
