package io.secposture.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a scanner authenticates to one account. Each implementation is one credential kind a scanner knows how to
 * pass on (as command-line flags that carry no secret, environment variables, or a 0600 temporary file); secret
 * parts are {@link Secret}s, so printing any of these prints {@code ****} in their place.
 *
 * <p>The set is closed on purpose: a scanner can check that it handles every kind. {@link Custom} carries kinds an
 * in-house scanner defines for itself, and {@link Environment} carries ready-made environment variables, which is
 * what credential chaining hands to a scanner after it has obtained short-lived credentials.
 *
 * <p>Every kind has a {@link #kind() name} used in configuration ({@code SECPOSTURE_ACCOUNT_<N>_CREDENTIALS}).
 */
public sealed interface Credentials {

  /**
   * Returns the name of this credential kind as written in configuration, e.g. {@code aws-keys}.
   *
   * @return the kind name
   */
  String kind();

  /**
   * The scanner's own default: the AWS SDK default chain (which includes web identity / OIDC), Google application
   * default credentials, the Azure CLI login, the current kubeconfig context.
   */
  record Ambient() implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "ambient";

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * A named profile from the AWS shared config and credentials files.
   *
   * @param profile the profile name
   */
  record AwsProfile(String profile) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "aws-profile";

    /** Validates the profile name. */
    public AwsProfile {
      requireText(profile, "profile");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * Static or temporary AWS access keys, handed to the scanner through its environment.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token of temporary credentials; nullable
   */
  record AwsKeys(Secret accessKeyId, Secret secretAccessKey, Secret sessionToken) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "aws-keys";

    /** Validates that both keys are present. */
    public AwsKeys {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * An IAM role to assume in the scanned account, starting from the job's own identity (the SDK default chain).
   *
   * @param roleArn the role ARN, e.g. {@code arn:aws:iam::123456789012:role/SecpostureAudit}
   * @param externalId the external id the role's trust policy requires; nullable
   * @param sessionName the role session name; nullable for the default {@code secposture}
   * @param sessionDuration how long each session lasts; nullable for the default of one hour
   */
  record AwsRole(String roleArn, Secret externalId, String sessionName, Duration sessionDuration)
      implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "aws-role";

    /** Validates the role ARN and duration. */
    public AwsRole {
      requireText(roleArn, "roleArn");
      if (!roleArn.startsWith("arn:")) {
        throw new IllegalArgumentException("roleArn '" + roleArn + "' is not an ARN (arn:aws:iam::<account>:role/<name>)");
      }
      if (sessionDuration != null
          && (sessionDuration.compareTo(Duration.ofMinutes(15)) < 0 || sessionDuration.compareTo(Duration.ofHours(12)) > 0)) {
        throw new IllegalArgumentException("sessionDuration " + sessionDuration + " is outside 15 minutes to 12 hours");
      }
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /** The Azure CLI's current login ({@code az login}). */
  record AzureCli() implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "azure-cli";

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * An Azure managed identity.
   *
   * @param clientId the client id of a user-assigned identity; nullable for the system-assigned one
   */
  record AzureManagedIdentity(String clientId) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "azure-managed-identity";

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * An Azure service principal with a client secret.
   *
   * @param tenantId the directory (tenant) id
   * @param clientId the application (client) id
   * @param clientSecret the client secret
   */
  record AzureServicePrincipal(String tenantId, String clientId, Secret clientSecret) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "azure-service-principal";

    /** Validates that every part is present. */
    public AzureServicePrincipal {
      requireText(tenantId, "tenantId");
      requireText(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * An Azure application that signs in with a federated token (workload identity federation), for example the CI
   * system's OIDC token written to a file.
   *
   * @param tenantId the directory (tenant) id
   * @param clientId the application (client) id
   * @param tokenFile the file holding the federated token; re-read whenever a new access token is needed
   */
  record AzureFederated(String tenantId, String clientId, Path tokenFile) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "azure-federated";

    /** Validates that every part is present. */
    public AzureFederated {
      requireText(tenantId, "tenantId");
      requireText(clientId, "clientId");
      Objects.requireNonNull(tokenFile, "tokenFile");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * A Google credentials file: a service-account key, an {@code external_account} (workload identity federation)
   * or an {@code impersonated_service_account} configuration. Either a path or the file's JSON content, which the
   * scanner writes to a 0600 temporary file and deletes afterwards.
   *
   * @param file a path to the credentials file; nullable when {@code json} is given
   * @param json the content of the credentials file; nullable when {@code file} is given
   */
  record GcpCredentialsFile(Path file, Secret json) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "gcp-credentials-file";

    /** Validates that exactly one of file and json is present. */
    public GcpCredentialsFile {
      if ((file == null) == (json == null)) {
        throw new IllegalArgumentException("give either a credentials file path or its JSON content, not both or neither");
      }
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * Google service-account impersonation: the job's own Google identity obtains tokens for this service account.
   *
   * @param serviceAccount the email of the service account to impersonate
   */
  record GcpImpersonation(String serviceAccount) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "gcp-impersonation";

    /** Validates the service account email. */
    public GcpImpersonation {
      requireText(serviceAccount, "serviceAccount");
      if (!serviceAccount.contains("@")) {
        throw new IllegalArgumentException("serviceAccount '" + serviceAccount + "' is not a service-account email");
      }
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * A kubeconfig file and context.
   *
   * @param file the kubeconfig file; nullable for the default ({@code KUBECONFIG} or {@code ~/.kube/config})
   * @param context the context to use; nullable for the file's current context
   */
  record Kubeconfig(Path file, String context) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "kubeconfig";

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * Ready-made environment variables for the scanner process, such as those that point an AWS SDK at a credentials
   * endpoint. Credential chaining produces these; the scanner then uses its provider's default credential chain.
   *
   * @param variables the variables to add to the scanner's environment, by name
   * @param description what these credentials are, for logs (never a secret), e.g. "assumed role X, refreshed"
   */
  record Environment(Map<String, Secret> variables, String description) implements Credentials {
    /** Configuration name of this kind. */
    public static final String KIND = "environment";

    /** Copies the variables into an unmodifiable sorted map. */
    public Environment {
      variables = Map.copyOf(variables);
      Objects.requireNonNull(description, "description");
    }

    @Override
    public String kind() {
      return KIND;
    }

    /** Prints the variable names and the description, never the values. */
    @Override
    public String toString() {
      return "Environment[variables=" + new TreeMap<>(variables).keySet() + ", description=" + description + "]";
    }
  }

  /**
   * A credential kind an in-house scanner defines for itself.
   *
   * @param kind the kind name, e.g. {@code github-app}
   * @param parameters non-secret settings
   * @param secrets secret settings
   */
  record Custom(String kind, Map<String, String> parameters, Map<String, Secret> secrets) implements Credentials {
    /** Validates the kind name and copies the maps. */
    public Custom {
      requireText(kind, "kind");
      parameters = Map.copyOf(parameters);
      secrets = Map.copyOf(secrets);
    }
  }

  /**
   * Returns the scanner's own default credentials.
   *
   * @return the ambient credentials
   */
  static Credentials ambient() {
    return new Ambient();
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
