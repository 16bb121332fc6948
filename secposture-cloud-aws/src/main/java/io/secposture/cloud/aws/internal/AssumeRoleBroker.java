package io.secposture.cloud.aws.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.SecpostureException;
import io.secposture.api.Secret;
import io.secposture.cloud.aws.AwsChainingConfig;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Not public API: the AWS credential broker. For each scan of an account configured with
 * {@link Credentials.AwsRole} it assumes the role with STS (from the job's own identity), keeps the session renewed
 * while the scan runs, and hands the scanner {@link Credentials.Environment} that points the SDK's container
 * credentials provider at the {@link CredentialsEndpoint}. The role ARN may hold {@code {account}}, replaced by the
 * account id. Thread-safe.
 */
public final class AssumeRoleBroker implements CredentialBroker {
  private static final Logger LOG = LoggerFactory.getLogger(AssumeRoleBroker.class);
  private static final Pattern ACCOUNT_PLACEHOLDER = Pattern.compile("\\{account}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  /** Beyond this many, the oldest served credentials leave the lease's masking list (a week of 15-minute renewals). */
  private static final int MAX_REMEMBERED = 1_000;

  private final AwsChainingConfig config;
  private final AwsCredentialsProvider identity;
  private final CredentialsEndpoint endpoint = new CredentialsEndpoint();
  private boolean started;
  private StsClient sts;
  private String region;

  /**
   * Creates the broker. Nothing is contacted (not even the region chain, which may ask instance metadata) until the
   * first lease.
   *
   * @param config the chaining configuration
   * @param identity the job's own identity; the STS client built from it is closed with the broker
   */
  public AssumeRoleBroker(AwsChainingConfig config, AwsCredentialsProvider identity) {
    this.config = config;
    this.identity = identity;
  }

  /** Resolves the region and builds the STS client on first use. */
  private synchronized StsClient sts() {
    if (!started) {
      region = AwsClients.region(config.region());
      sts = AwsClients.sts(config, identity, region);
      started = true;
    }
    return sts;
  }

  private synchronized String region() {
    return region;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(Credentials.AwsRole.KIND);
  }

  @Override
  public CredentialLease lease(CloudAccount account, Credentials credentials) {
    if (!(credentials instanceof Credentials.AwsRole role)) {
      throw new ConfigurationException("the AWS credential broker chains aws-role credentials, not "
          + credentials.kind() + " (account " + account.key() + ")");
    }
    String roleArn = ACCOUNT_PLACEHOLDER.matcher(role.roleArn()).replaceAll(account.id());
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw new ConfigurationException("account " + account.key() + ": '" + roleArn + "' is not an IAM role ARN"
          + " (arn:aws:iam::<12-digit account>:role/<name>); fix the role ARN or its pattern");
    }
    Duration duration = role.sessionDuration() != null ? role.sessionDuration() : config.sessionDuration();
    String sessionName = role.sessionName() != null ? role.sessionName() : config.sessionName();
    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(roleArn).roleSessionName(sessionName)
        .durationSeconds((int) duration.toSeconds());
    if (role.externalId() != null) {
      request.externalId(role.externalId().reveal());
    }
    Duration prefetch = config.refreshBefore(duration);
    Duration stale = prefetch.dividedBy(2);
    StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts())
        .refreshRequest(request.build()).prefetchTime(prefetch).staleTime(stale)
        .asyncCredentialUpdateEnabled(false).build();
    Served served = new Served(provider, roleArn, account);
    AwsCredentials first;
    try {
      first = served.credentials();
    } catch (SdkException e) {
      provider.close();
      throw new SecpostureException(describeFailure(account, roleArn, role.externalId() != null, e), e);
    }
    SdkFiles files;
    CredentialsEndpoint.Registration registration;
    try {
      files = SdkFiles.create(region());
    } catch (RuntimeException e) {
      served.close();
      throw e;
    }
    try {
      registration = endpoint.register(served, account.id(), () -> "role " + roleArn + " for " + account.key());
    } catch (RuntimeException e) {
      served.close();
      files.close();
      throw e;
    }
    LOG.info("assumed {} for {} (session until {}); its scanner reads refreshed credentials from the loopback"
        + " endpoint", roleArn, account.key(), first.expirationTime().map(Instant::toString).orElse("unknown"));
    return new AssumedRoleLease(registration, served, files, environment(registration, roleArn, files));
  }

  private Credentials.Environment environment(CredentialsEndpoint.Registration registration, String roleArn,
      SdkFiles files) {
    Map<String, Secret> variables = new LinkedHashMap<>();
    variables.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", Secret.of(registration.uri().toString()));
    variables.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", Secret.of(registration.token()));
    // the shared files come before the endpoint in every SDK's chain: point them at the lease's own (the config
    // holds only the region, the credentials file does not exist), so a [default] profile cannot win
    variables.put("AWS_CONFIG_FILE", Secret.of(files.config().toString()));
    variables.put("AWS_SHARED_CREDENTIALS_FILE", Secret.of(files.credentials().toString()));
    return new Credentials.Environment(variables, "role " + roleArn + " assumed by secposture from the job's"
        + " identity, renewed before it expires, served on a loopback endpoint");
  }

  private static String describeFailure(CloudAccount account, String roleArn, boolean externalId, SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return "cannot assume " + roleArn + " for account " + account.key() + ": "
          + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage() + "; check that"
          + " the role exists in the account, that its trust policy allows the job's identity"
          + (externalId ? " with this external id" : "") + " and that the job may call sts:AssumeRole on it";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    int newline = message.indexOf('\n');
    return "cannot assume " + roleArn + " for account " + account.key() + ": " + e.getClass().getSimpleName() + ": "
        + (newline < 0 ? message : message.substring(0, newline)) + "; check the job's own AWS identity (web"
        + " identity / OIDC variables, a profile, an instance or task role) and its network access to STS";
  }

  /** A lease's source: the STS provider, and every credential it served, for masking. */
  static final class Served implements CredentialsEndpoint.Source {
    private final AwsCredentialsProvider provider;
    private final String roleArn;
    private final CloudAccount account;
    private final LinkedHashSet<String> secrets = new LinkedHashSet<>();

    Served(AwsCredentialsProvider provider, String roleArn, CloudAccount account) {
      this.provider = provider;
      this.roleArn = roleArn;
      this.account = account;
    }

    @Override
    public AwsCredentials credentials() {
      AwsCredentials credentials = provider.resolveCredentials();
      remember(credentials);
      return credentials;
    }

    private synchronized void remember(AwsCredentials credentials) {
      boolean fresh = secrets.add(credentials.secretAccessKey());
      secrets.add(credentials.accessKeyId());
      if (credentials instanceof AwsSessionCredentials session) {
        secrets.add(session.sessionToken());
      }
      if (fresh && secrets.size() > 3) {
        LOG.debug("renewed the session of {} for {}", roleArn, account.key());
      }
      while (secrets.size() > MAX_REMEMBERED) {
        secrets.remove(secrets.iterator().next());
      }
    }

    synchronized List<Secret> secrets() {
      List<Secret> list = new ArrayList<>();
      for (String value : secrets) {
        list.add(Secret.of(value));
      }
      return list;
    }

    void close() {
      if (provider instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.debug("closing the STS provider of {} failed: {}", roleArn, e.toString());
        }
      }
    }
  }

  /** One scan's assumed role. */
  final class AssumedRoleLease implements CredentialLease {
    private final CredentialsEndpoint.Registration registration;
    private final Served served;
    private final SdkFiles files;
    private final Credentials.Environment environment;
    private boolean closed;

    AssumedRoleLease(CredentialsEndpoint.Registration registration, Served served, SdkFiles files,
        Credentials.Environment environment) {
      this.registration = registration;
      this.served = served;
      this.files = files;
      this.environment = environment;
    }

    @Override
    public Credentials credentials() {
      return environment;
    }

    @Override
    public List<Secret> secrets() {
      List<Secret> secrets = new ArrayList<>(environment.variables().values());
      secrets.addAll(served.secrets());
      return secrets;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      endpoint.revoke(registration);
      served.close();
      files.close();
    }

    @Override
    public String toString() {
      return "AssumedRoleLease[" + environment.description() + (closed ? ", ended" : "") + "]";
    }
  }

  /**
   * Returns how many leases are open.
   *
   * @return the count
   */
  public int openLeases() {
    return endpoint.live();
  }

  @Override
  public void close() {
    endpoint.close();
    synchronized (this) {
      if (sts != null) {
        sts.close();
      }
    }
  }

  @Override
  public String toString() {
    return "AssumeRoleBroker[" + endpoint + "]";
  }
}
