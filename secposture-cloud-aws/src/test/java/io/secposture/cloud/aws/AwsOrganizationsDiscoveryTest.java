package io.secposture.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Organizations discovery against a local endpoint speaking JSON 1.1, through the real SDK path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwsOrganizationsDiscoveryTest {
  private static final StaticCredentialsProvider JOB = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAJOBIDENTITY00001", "job-secret"));

  private FakeOrganizations organizations;

  @BeforeEach
  void start() throws IOException {
    organizations = new FakeOrganizations().ou("ou-prod", "r-root").ou("ou-prod-eu", "ou-prod")
        .ou("ou-sandbox", "r-root")
        .account("666666666666", "new-account", "ACTIVE", "r-root", Map.of())
        .account("000000000001", "management", "ACTIVE", "r-root", Map.of())
        .account("111111111111", "payments-prod", "ACTIVE", "ou-prod", Map.of("env", "prod", "team", "payments"))
        .account("222222222222", "data-prod-eu", "ACTIVE", "ou-prod-eu", Map.of("env", "prod", "team", "data"))
        .account("333333333333", "alice-sandbox", "ACTIVE", "ou-sandbox", Map.of("env", "sandbox"))
        .account("444444444444", "old-app", "SUSPENDED", "ou-prod", Map.of("env", "prod"))
        .account("555555555555", "closing", "PENDING_CLOSURE", "ou-prod", Map.of())
        .account("777777777777", "joining", "PENDING_ACTIVATION", "ou-prod", Map.of());
  }

  @AfterEach
  void stop() {
    organizations.close();
  }

  private AwsOrganizationsConfig config(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(Map.of("aws-org.role-name", "SecpostureAudit",
        "aws-org.external-id", "org-external-id", "aws-org.endpoint", organizations.endpoint().toString()));
    settings.putAll(more);
    return AwsOrganizationsConfig.from(Settings.of(settings));
  }

  private List<CloudAccount> discover(Map<String, String> settings, List<String> include, List<String> exclude) {
    return AwsOrganizationsDiscovery.discover(config(settings), AccountFilter.parse(include, exclude), JOB);
  }

  @Test
  void discover_noFilter_everyActiveAccountSortedWithItsRoleAndNoTagOrOuCalls() {
    List<CloudAccount> accounts = discover(Map.of("aws-org.session-duration", "45m"), List.of(), List.of());

    assertThat(accounts).extracting(CloudAccount::id).containsExactly("000000000001", "111111111111", "222222222222",
        "333333333333", "666666666666");
    CloudAccount payments = accounts.get(1);
    assertThat(payments.name()).isEqualTo("payments-prod");
    assertThat(payments.credentials()).isEqualTo(new Credentials.AwsRole(
        "arn:aws:iam::111111111111:role/SecpostureAudit", io.secposture.api.Secret.of("org-external-id"), null,
        Duration.ofMinutes(45)));
    assertThat(organizations.operations()).containsOnly("ListAccounts").hasSize(4);
  }

  @Test
  void discover_includeAnOuExcludeATag_nestedOusWalkedTagsFetched() {
    List<CloudAccount> accounts = discover(Map.of(), List.of("ou:ou-prod"), List.of("tag:team=data"));

    assertThat(accounts).extracting(CloudAccount::id).containsExactly("111111111111");
    assertThat(organizations.operations()).contains("ListChildren", "ListTagsForResource");
    assertThat(organizations.operations().stream().filter("ListTagsForResource"::equals).count())
        .as("tags of every active account, once each").isEqualTo(5);
  }

  @Test
  void discover_namesAndIds_wildcardsAndTheRootAsAGroup() {
    assertThat(discover(Map.of(), List.of("name:*-prod*"), List.of())).extracting(CloudAccount::id)
        .containsExactly("111111111111", "222222222222");
    assertThat(discover(Map.of(), List.of("ou:r-root"), List.of("ou:ou-prod", "6*"))).extracting(CloudAccount::id)
        .containsExactly("000000000001", "333333333333");
  }

  @Test
  void discover_skipManagementAccount_leftOut() {
    organizations.management("000000000001");

    List<CloudAccount> accounts = discover(Map.of("aws-org.skip-management-account", "true", "aws-org.scanners",
        "prowler"), List.of(), List.of());

    assertThat(accounts).extracting(CloudAccount::id).doesNotContain("000000000001").hasSize(4);
    assertThat(accounts).allSatisfy(account -> assertThat(account.scanners()).containsExactly("prowler"));
    assertThat(organizations.operations()).contains("DescribeOrganization");
  }

  @Test
  void discover_accessDenied_failureNamesTheCallAndThePermissionsNeeded() {
    organizations.deny("ListAccounts");

    assertThatThrownBy(() -> discover(Map.of(), List.of(), List.of()))
        .isInstanceOf(SecpostureException.class)
        .hasMessage("AWS Organizations ListAccounts failed: AccessDeniedException: You don't have permissions to"
            + " access this resource.; the job's identity must be the management account or a delegated"
            + " administrator of the organisation, with organizations:ListAccounts, ListChildren,"
            + " ListTagsForResource and DescribeOrganization");
  }

  @Test
  void discover_settingsAndFiltersWrong_everyProblemAtOnce() {
    AwsOrganizationsDiscovery discovery = new AwsOrganizationsDiscovery();

    assertThatThrownBy(() -> discovery.discover(Settings.of(Map.of("aws-org.role", "x", "aws-org.session-duration",
        "forever")), AccountFilter.parse(List.of("folder:123"), List.of())))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "aws-org: the rule 'folder:123' does not apply here; this discovery understands [id, label, name, ou,"
                + " tag]",
            "aws-org: unknown AWS Organizations setting 'aws-org.role'; known: [aws-org.endpoint,"
                + " aws-org.external-id, aws-org.profile, aws-org.region, aws-org.role-arn-pattern, aws-org.role-name,"
                + " aws-org.scanners, aws-org.session-duration, aws-org.session-name,"
                + " aws-org.skip-management-account]",
            "aws-org: set aws-org.role-name to the role deployed in every account (e.g. SecpostureAudit, see"
                + " templates/aws-member-role.yaml), or aws-org.role-arn-pattern",
            "aws-org: setting 'aws-org.session-duration' has value 'forever'; expected a duration such as 30m, 90s,"
                + " 2h or PT30M"));
  }

  @Test
  void config_rolePatternForAnotherPartition_usedAsWritten() {
    AwsOrganizationsConfig config = AwsOrganizationsConfig.from(Settings.of(Map.of("aws-org.role-arn-pattern",
        "arn:aws-us-gov:iam::{account}:role/audit/Secposture")));

    assertThat(config.credentials("123456789012").roleArn())
        .isEqualTo("arn:aws-us-gov:iam::123456789012:role/audit/Secposture");
    assertThat(AccountDiscovery.named("aws-org")).isInstanceOf(AwsOrganizationsDiscovery.class);
  }
}
