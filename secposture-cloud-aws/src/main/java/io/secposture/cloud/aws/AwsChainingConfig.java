package io.secposture.cloud.aws;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the AWS credential broker chains: from the job's own identity (the SDK's default chain, which includes web
 * identity / OIDC, or a named profile) it assumes each account's role with STS and serves the scanner refreshed
 * credentials. Read from the {@code aws.*} chaining settings:
 *
 * <table>
 *   <caption>AWS chaining settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code aws.region}</td><td>the SDK's region chain, else {@code us-east-1}</td><td>the STS region (its
 *       regional endpoint is used); also handed to scanners as {@code AWS_DEFAULT_REGION}</td></tr>
 *   <tr><td>{@code aws.sts-endpoint}</td><td>AWS</td><td>another STS endpoint, e.g. a VPC endpoint</td></tr>
 *   <tr><td>{@code aws.profile}</td><td>the default chain</td><td>a profile to take the job's identity from</td></tr>
 *   <tr><td>{@code aws.session-name}</td><td>{@code secposture}</td><td>the role session name, when the account's
 *       credentials set none (it shows in CloudTrail)</td></tr>
 *   <tr><td>{@code aws.session-duration}</td><td>{@code 1h}</td><td>each session's length when the account's
 *       credentials set none; a role assumed by chaining lasts at most an hour</td></tr>
 *   <tr><td>{@code aws.refresh-before}</td><td>{@code 15m}</td><td>how long before a session expires a new one is
 *       obtained, so scanners (boto3 refreshes 15 minutes ahead) always get credentials with time left; at most
 *       half the session</td></tr>
 * </table>
 *
 * <p>Who uses it: {@link AwsCredentialBrokerProvider}. Immutable and thread-safe.
 *
 * @param region the STS region; nullable for the SDK's region chain
 * @param stsEndpoint the STS endpoint; nullable for AWS's
 * @param profile the profile holding the job's identity; nullable for the SDK's default chain
 * @param sessionName the default role session name
 * @param sessionDuration the default session length, 15 minutes to 12 hours
 * @param refreshBefore how long before expiry a session is renewed
 */
public record AwsChainingConfig(String region, URI stsEndpoint, String profile, String sessionName,
    Duration sessionDuration, Duration refreshBefore) {

  /** The namespace of these settings. */
  public static final String NAMESPACE = "aws";
  /** The default role session name. */
  public static final String DEFAULT_SESSION_NAME = "secposture";
  /** The default session length: the most a role assumed by chaining may last. */
  public static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);
  /** The default time before expiry at which a session is renewed. */
  public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofMinutes(15);

  private static final Set<String> KEYS = Set.of("region", "sts-endpoint", "profile", "session-name",
      "session-duration", "refresh-before");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  /** Validates the components. */
  public AwsChainingConfig {
    Objects.requireNonNull(sessionName, "sessionName");
    Objects.requireNonNull(sessionDuration, "sessionDuration");
    Objects.requireNonNull(refreshBefore, "refreshBefore");
    List<String> problems = validate(region, stsEndpoint, sessionName, sessionDuration, refreshBefore);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * Returns the defaults: the SDK's chains, AWS's endpoint, session {@code secposture} of one hour, renewed 15
   * minutes before it ends.
   *
   * @return the defaults
   */
  public static AwsChainingConfig defaults() {
    return new AwsChainingConfig(null, null, null, DEFAULT_SESSION_NAME, DEFAULT_SESSION_DURATION,
        DEFAULT_REFRESH_BEFORE);
  }

  /**
   * Reads the {@code aws.*} keys of the chaining settings; other namespaces are ignored.
   *
   * @param settings the chaining settings
   * @return the configuration
   * @throws ConfigurationException listing every unknown or malformed key
   */
  public static AwsChainingConfig from(Settings settings) {
    Settings own = settings.scoped(NAMESPACE);
    List<String> problems = new ArrayList<>();
    for (String key : own.asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown AWS chaining setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    URI endpoint = null;
    String endpointText = settings.getString(NAMESPACE + ".sts-endpoint");
    if (endpointText != null) {
      try {
        endpoint = new URI(endpointText);
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
          problems.add("setting 'aws.sts-endpoint' has value '" + endpointText + "'; expected an absolute URL such as"
              + " https://sts.eu-west-1.amazonaws.com");
          endpoint = null;
        }
      } catch (URISyntaxException e) {
        problems.add("setting 'aws.sts-endpoint' has value '" + endpointText + "'; expected a URL (" + e.getReason()
            + ")");
      }
    }
    Duration duration = DEFAULT_SESSION_DURATION;
    Duration refresh = DEFAULT_REFRESH_BEFORE;
    try {
      duration = settings.getDuration(NAMESPACE + ".session-duration", DEFAULT_SESSION_DURATION);
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
    try {
      refresh = settings.getDuration(NAMESPACE + ".refresh-before", DEFAULT_REFRESH_BEFORE);
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
    String region = settings.getString(NAMESPACE + ".region");
    String sessionName = settings.getString(NAMESPACE + ".session-name", DEFAULT_SESSION_NAME);
    problems.addAll(validate(region, endpoint, sessionName, duration, refresh));
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new AwsChainingConfig(region, endpoint, settings.getString(NAMESPACE + ".profile"), sessionName, duration, refresh);
  }

  private static List<String> validate(String region, URI endpoint, String sessionName, Duration duration,
      Duration refresh) {
    List<String> problems = new ArrayList<>();
    if (region != null && !REGION.matcher(region).matches()) {
      problems.add("setting 'aws.region' has value '" + region + "'; expected a region such as eu-west-1");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      problems.add("setting 'aws.session-name' has value '" + sessionName + "'; expected 2 to 64 letters, digits or"
          + " +=,.@_-");
    }
    if (duration.compareTo(Duration.ofMinutes(15)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
      problems.add("setting 'aws.session-duration' has value '" + duration + "'; STS sessions last 15 minutes to 12"
          + " hours (a role assumed by chaining at most 1 hour)");
    }
    if (refresh.isNegative() || refresh.isZero()) {
      problems.add("setting 'aws.refresh-before' has value '" + refresh + "'; expected a positive duration such as"
          + " 15m");
    }
    return problems;
  }

  /**
   * Returns how long before a session of the given length expires it is renewed: {@link #refreshBefore()}, but at
   * most half the session, so a session is used for at least half its life.
   *
   * @param session the session's length
   * @return the renewal margin
   */
  public Duration refreshBefore(Duration session) {
    Duration half = session.dividedBy(2);
    return refreshBefore.compareTo(half) > 0 ? half : refreshBefore;
  }
}
