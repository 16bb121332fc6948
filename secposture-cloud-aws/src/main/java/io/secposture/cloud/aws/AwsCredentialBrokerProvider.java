package io.secposture.cloud.aws;

import io.secposture.api.Settings;
import io.secposture.cloud.aws.internal.AssumeRoleBroker;
import io.secposture.cloud.aws.internal.AwsClients;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credential chaining for AWS accounts ({@code aws}): the broker it creates serves every scan of an account
 * configured with {@code aws-role} credentials (a role ARN, or a pattern such as
 * {@code arn:aws:iam::{account}:role/SecpostureAudit}) from the job's own identity, with no per-account secret.
 *
 * <p><b>What a scan gets.</b> The broker assumes the account's role with STS ({@code AssumeRole}, with the external
 * id, session name and duration of the credentials or of {@link AwsChainingConfig}), then registers the session on a
 * loopback HTTP endpoint the job runs and hands the scanner {@code Credentials.Environment} with
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:<port>/<random path>} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN=<random token>}: every AWS SDK, boto3 included, reads its credentials
 * there and asks again before they expire, and the broker assumes the role again before the session ends, so scans
 * longer than a chained role's one hour keep working. The endpoint answers only loopback peers with the exact token
 * (401 without one, 403 with another); the path is revoked when the scan ends. Shared config and credentials files
 * are pointed at the lease's own, so a {@code [default]} profile of the machine cannot win over the endpoint. The
 * keys never appear on a command line, in a log, a result or a published file. ScoutSuite, which cannot assume a
 * role itself, scans {@code aws-role} accounts this way; Prowler does too (instead of its own {@code --role}, whose
 * session cannot be renewed).
 *
 * <p>Who uses it: the job's {@code run} command (discovered through {@code META-INF/services}) or embedding code
 * with {@link #create(AwsChainingConfig)}. Stateless; the brokers it creates are thread-safe and must be closed.
 */
public final class AwsCredentialBrokerProvider implements CredentialBrokerProvider {
  /** The provider's name and settings namespace. */
  public static final String NAME = AwsChainingConfig.NAMESPACE;

  /** Creates the provider; ServiceLoader uses this constructor. */
  public AwsCredentialBrokerProvider() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CredentialBroker create(Settings settings) {
    return create(AwsChainingConfig.from(settings));
  }

  /**
   * Creates a broker whose own identity comes from the SDK's default chain (or the configured profile).
   *
   * @param config the configuration
   * @return the broker; close it after the run
   */
  public static CredentialBroker create(AwsChainingConfig config) {
    Objects.requireNonNull(config, "config");
    return create(config, AwsClients.sourceIdentity(config.profile()));
  }

  /**
   * Creates a broker that assumes roles from the given identity, for embedding code that manages its own AWS
   * credentials.
   *
   * @param config the configuration
   * @param identity the job's own identity, which every role's trust policy must allow
   * @return the broker; close it after the run (it contacts nothing before the first lease)
   */
  public static CredentialBroker create(AwsChainingConfig config, AwsCredentialsProvider identity) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    return new AssumeRoleBroker(config, identity);
  }
}
