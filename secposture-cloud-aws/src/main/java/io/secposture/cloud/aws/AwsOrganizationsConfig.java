package io.secposture.cloud.aws;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How {@link AwsOrganizationsDiscovery} lists an organisation's accounts and which role each one is scanned through.
 * Read from the {@code aws-org.*} discovery settings:
 *
 * <table>
 *   <caption>AWS Organizations discovery settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code aws-org.role-name}</td><td>required, unless {@code role-arn-pattern}</td><td>the role deployed in
 *       every account (e.g. by the StackSet in {@code templates/}), e.g. {@code SecpostureAudit}; may hold a path,
 *       {@code security/SecpostureAudit}</td></tr>
 *   <tr><td>{@code aws-org.role-arn-pattern}</td><td></td><td>the role's ARN with {@code {account}} for the account
 *       id, for other partitions or layouts</td></tr>
 *   <tr><td>{@code aws-org.external-id}</td><td>none</td><td>the external id the roles' trust policies require
 *       (AWS does not treat it as a secret; it is masked in logs anyway)</td></tr>
 *   <tr><td>{@code aws-org.session-name}, {@code aws-org.session-duration}</td><td>the chaining defaults</td>
 *       <td>set on every account's role credentials</td></tr>
 *   <tr><td>{@code aws-org.skip-management-account}</td><td>{@code false}</td><td>leave out the organisation's
 *       management account (service-managed StackSets do not deploy there)</td></tr>
 *   <tr><td>{@code aws-org.scanners}</td><td>the job's default scanners</td><td>scanners for discovered
 *       accounts</td></tr>
 *   <tr><td>{@code aws-org.region}, {@code aws-org.endpoint}, {@code aws-org.profile}</td><td>{@code us-east-1},
 *       AWS, the default chain</td><td>where and as whom to call Organizations (the management account, or a
 *       delegated administrator)</td></tr>
 * </table>
 * Filters ({@code --include}/{@code --exclude}): account id, {@code name:}, {@code ou:} (an OU or root id; accounts
 * at any depth below it), {@code tag:}. Only ACTIVE accounts are listed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param roleArnPattern the role ARN with {@code {account}} in place of the account id
 * @param externalId the external id; nullable
 * @param sessionName the session name; nullable for the chaining default
 * @param sessionDuration the session length; nullable for the chaining default
 * @param skipManagementAccount whether to leave out the management account
 * @param scanners scanners for discovered accounts; empty for the job's defaults
 * @param region the Organizations region; nullable for {@code us-east-1}
 * @param endpoint the Organizations endpoint; nullable for AWS's
 * @param profile the profile to call Organizations as; nullable for the default chain
 */
public record AwsOrganizationsConfig(String roleArnPattern, Secret externalId, String sessionName,
    Duration sessionDuration, boolean skipManagementAccount, List<String> scanners, String region, URI endpoint,
    String profile) {

  /** The namespace of these settings, and the discovery's name. */
  public static final String NAMESPACE = "aws-org";
  /** What stands for the account id in {@link #roleArnPattern()}. */
  public static final String ACCOUNT = "{account}";

  private static final Set<String> KEYS = Set.of("role-name", "role-arn-pattern", "external-id", "session-name",
      "session-duration", "skip-management-account", "scanners", "region", "endpoint", "profile");
  private static final Pattern ROLE_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
  private static final Pattern PATTERN = Pattern.compile("arn:aws[a-z-]*:iam::\\{account}:role/[\\w+=,.@/-]{1,512}");

  /** Validates the components and copies the list. */
  public AwsOrganizationsConfig {
    if (roleArnPattern == null || !PATTERN.matcher(roleArnPattern).matches()) {
      throw new IllegalArgumentException("roleArnPattern '" + roleArnPattern + "' is not a role ARN with "
          + ACCOUNT + " in place of the account id");
    }
    scanners = List.copyOf(scanners);
  }

  /**
   * Reads the {@code aws-org.*} keys of the discovery settings.
   *
   * @param settings the discovery settings
   * @return the configuration
   * @throws ConfigurationException listing every unknown, missing or malformed key
   */
  public static AwsOrganizationsConfig from(Settings settings) {
    Settings own = settings.scoped(NAMESPACE);
    List<String> problems = new ArrayList<>();
    for (String key : own.asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown AWS Organizations setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    String roleName = settings.getString(NAMESPACE + ".role-name");
    String pattern = settings.getString(NAMESPACE + ".role-arn-pattern");
    String arn = null;
    if (roleName != null && pattern != null) {
      problems.add("set either aws-org.role-name or aws-org.role-arn-pattern, not both");
    } else if (roleName != null) {
      if (ROLE_NAME.matcher(roleName).matches()) {
        arn = "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
      } else {
        problems.add("setting 'aws-org.role-name' has value '" + roleName + "'; expected an IAM role name such as"
            + " SecpostureAudit (optionally with a path, security/SecpostureAudit)");
      }
    } else if (pattern != null) {
      if (PATTERN.matcher(pattern).matches()) {
        arn = pattern;
      } else {
        problems.add("setting 'aws-org.role-arn-pattern' has value '" + pattern + "'; expected a role ARN with "
            + ACCOUNT + " for the account id, e.g. arn:aws:iam::" + ACCOUNT + ":role/SecpostureAudit");
      }
    } else {
      problems.add("set aws-org.role-name to the role deployed in every account (e.g. SecpostureAudit, see"
          + " templates/aws-member-role.yaml), or aws-org.role-arn-pattern");
    }
    String externalId = settings.getString(NAMESPACE + ".external-id");
    String sessionName = settings.getString(NAMESPACE + ".session-name");
    Duration duration = null;
    try {
      duration = settings.getDuration(NAMESPACE + ".session-duration");
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
    boolean skip = false;
    try {
      skip = settings.getBoolean(NAMESPACE + ".skip-management-account", false);
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
    URI endpoint = null;
    String endpointText = settings.getString(NAMESPACE + ".endpoint");
    if (endpointText != null) {
      try {
        endpoint = new URI(endpointText);
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
          throw new URISyntaxException(endpointText, "not absolute");
        }
      } catch (URISyntaxException e) {
        problems.add("setting 'aws-org.endpoint' has value '" + endpointText + "'; expected an absolute URL");
        endpoint = null;
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Secret secret = externalId == null || externalId.isEmpty() ? null : Secret.of(externalId);
    try {
      // the role credentials validate the session name and duration as the broker will use them
      new Credentials.AwsRole(arn, secret, sessionName, duration);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("AWS Organizations settings: " + e.getMessage(), e);
    }
    return new AwsOrganizationsConfig(arn, secret, sessionName, duration, skip, settings.getList(NAMESPACE + ".scanners"),
        settings.getString(NAMESPACE + ".region"), endpoint, settings.getString(NAMESPACE + ".profile"));
  }

  /**
   * Returns the role credentials of one account.
   *
   * @param accountId the account id
   * @return {@code aws-role} credentials for the account's role
   */
  public Credentials.AwsRole credentials(String accountId) {
    return new Credentials.AwsRole(roleArnPattern.replace(ACCOUNT, accountId), externalId, sessionName,
        sessionDuration);
  }
}
