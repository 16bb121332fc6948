package io.secposture.export.aws.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.SecpostureException;
import io.secposture.api.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Not public API: turns the credentials of an account's lease into an SDK credentials provider for the exporter's own
 * Security Hub client. Handles what a lease hands out for AWS: the job's ambient identity, a profile, keys, and the
 * {@link Credentials.Environment} of the AWS credential broker (a loopback container-credentials endpoint and its
 * token, or key variables). Secrets stay in {@link Secret}s until the SDK signs with them.
 */
public final class LeaseCredentials {
  private LeaseCredentials() {
  }

  /**
   * Returns a provider for a lease's credentials.
   *
   * @param credentials the lease's credentials
   * @param account the account key, for error messages
   * @param ambient the job's own identity, for {@link Credentials.Ambient}
   * @return the provider
   * @throws ConfigurationException if the credentials are of a kind that cannot sign AWS requests
   */
  public static AwsCredentialsProvider provider(Credentials credentials, String account, AwsCredentialsProvider ambient) {
    if (credentials instanceof Credentials.Ambient) {
      return ambient;
    }
    if (credentials instanceof Credentials.AwsProfile profile) {
      return ProfileCredentialsProvider.create(profile.profile());
    }
    if (credentials instanceof Credentials.AwsKeys keys) {
      return StaticCredentialsProvider.create(keys(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
    }
    if (credentials instanceof Credentials.Environment environment) {
      Map<String, Secret> variables = environment.variables();
      Secret uri = variables.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
      if (uri != null) {
        return new ContainerEndpoint(URI.create(uri.reveal()), variables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            account);
      }
      Secret accessKey = variables.get("AWS_ACCESS_KEY_ID");
      Secret secretKey = variables.get("AWS_SECRET_ACCESS_KEY");
      if (accessKey != null && secretKey != null) {
        return StaticCredentialsProvider.create(keys(accessKey, secretKey, variables.get("AWS_SESSION_TOKEN")));
      }
      Secret profile = variables.get("AWS_PROFILE");
      if (profile != null) {
        return ProfileCredentialsProvider.create(profile.reveal());
      }
    }
    if (credentials instanceof Credentials.AwsRole) {
      throw new ConfigurationException("account " + account + " has aws-role credentials, but no credential broker"
          + " chained them for the securityhub exporter; turn AWS credential chaining on (the aws broker of"
          + " secposture-cloud-aws)");
    }
    throw new ConfigurationException("account " + account + " has " + credentials.kind() + " credentials, which"
        + " cannot sign AWS requests; the securityhub exporter needs ambient, aws-profile, aws-keys or aws-role");
  }

  private static AwsCredentials keys(Secret accessKey, Secret secretKey, Secret sessionToken) {
    return sessionToken == null ? AwsBasicCredentials.create(accessKey.reveal(), secretKey.reveal())
        : AwsSessionCredentials.create(accessKey.reveal(), secretKey.reveal(), sessionToken.reveal());
  }

  /**
   * Reads credentials from a container-credentials endpoint (the broker's loopback endpoint), as the SDK's container
   * provider would from its environment variables, and keeps them until five minutes before they expire.
   * Thread-safe.
   */
  static final class ContainerEndpoint implements AwsCredentialsProvider {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final JsonFactory JSON = new JsonFactory();

    private final URI uri;
    private final Secret token;
    private final String account;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private AwsCredentials cached;
    private Instant expires;

    ContainerEndpoint(URI uri, Secret token, String account) {
      this.uri = uri;
      this.token = token;
      this.account = account;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
      if (cached != null && (expires == null || Instant.now().isBefore(expires.minus(RENEW_BEFORE)))) {
        return cached;
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
      if (token != null) {
        request.header("Authorization", token.reveal());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new SecpostureException("cannot read the chained credentials of account " + account
            + " from the credential broker's loopback endpoint: " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SecpostureException("interrupted reading the chained credentials of account " + account);
      }
      if (response.statusCode() != 200) {
        throw new SecpostureException("the credential broker's loopback endpoint answered HTTP "
            + response.statusCode() + " for account " + account + " (is its lease still open?)");
      }
      parse(response.body());
      return cached;
    }

    private void parse(String body) {
      String accessKey = null;
      String secretKey = null;
      String sessionToken = null;
      String expiration = null;
      try (JsonParser parser = JSON.createParser(body)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            continue;
          }
          switch (name) {
            case "AccessKeyId" -> accessKey = parser.getValueAsString();
            case "SecretAccessKey" -> secretKey = parser.getValueAsString();
            case "Token" -> sessionToken = parser.getValueAsString();
            case "Expiration" -> expiration = parser.getValueAsString();
            default -> { }
          }
        }
      } catch (IOException e) {
        throw new SecpostureException("the credential broker's loopback endpoint answered no credentials for account "
            + account + " (" + e.getClass().getSimpleName() + ")");
      }
      if (accessKey == null || secretKey == null) {
        throw new SecpostureException("the credential broker's loopback endpoint answered no keys for account "
            + account);
      }
      cached = sessionToken == null ? AwsBasicCredentials.create(accessKey, secretKey)
          : AwsSessionCredentials.create(accessKey, secretKey, sessionToken);
      try {
        expires = expiration == null ? null : Instant.parse(expiration);
      } catch (DateTimeParseException e) {
        expires = null;
      }
    }

    @Override
    public String toString() {
      return "ContainerEndpoint[account " + account + "]";
    }
  }
}
