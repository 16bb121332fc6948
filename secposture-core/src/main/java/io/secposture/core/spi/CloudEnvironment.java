package io.secposture.core.spi;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environment variables that hand an account's credentials to a command-line tool that reads its cloud's SDK
 * variables (boto3, azure-identity, google-auth, kubectl): what to set, what to set as a secret, which inherited
 * variables to remove so the job's own identity does not win over the account's, and which private files to write
 * first.
 *
 * <p><b>Who calls it.</b> Command-line scanners while they build a {@link ToolCommand}: {@link #of} for the whole
 * standard mapping, or the parts ({@link #AWS_IDENTITY}, {@link #awsKeys}, {@link #azureServicePrincipal}) when the
 * tool takes some credentials as flags instead. Immutable and thread-safe; no component is null.
 *
 * @param variables non-secret variables to set
 * @param secrets secret variables to set (masked wherever the runner prints them)
 * @param removed inherited variables to remove
 * @param files private files to create before the run, by name in the scan's private folder; {@link #variables}
 *     point at them
 */
public record CloudEnvironment(Map<String, String> variables, Map<String, Secret> secrets, List<String> removed,
    Map<String, Secret> files) {
  /**
   * Every variable boto3's credential chain reads before keys or a credentials endpoint given in the environment:
   * web identity and container variables too, or the job's own identity would win over the account's.
   */
  public static final List<String> AWS_IDENTITY = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN",
      "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  /** The file {@link #of} writes a Google credentials JSON to, in the scan's private folder. */
  public static final String GCP_CREDENTIALS_FILE = "gcp-credentials.json";

  /** Copies the collections, keeping their order. */
  public CloudEnvironment {
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    removed = List.copyOf(removed);
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Returns nothing to set or remove: what ambient credentials need.
   *
   * @return the empty environment
   */
  public static CloudEnvironment none() {
    return new CloudEnvironment(Map.of(), Map.of(), List.of(), Map.of());
  }

  /**
   * Maps credentials to the variables their cloud's SDKs read: aws-profile {@code AWS_PROFILE}; aws-keys
   * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}; azure-service-principal
   * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET}; azure-managed-identity
   * {@code AZURE_CLIENT_ID} (removed for the system identity); azure-federated {@code AZURE_FEDERATED_TOKEN_FILE};
   * gcp-credentials-file {@code GOOGLE_APPLICATION_CREDENTIALS} (JSON content goes to a private file); kubeconfig
   * {@code KUBECONFIG} (a context must be passed as the tool's flag); environment: the variables as secrets. For AWS
   * the rest of {@link #AWS_IDENTITY} is removed whenever something is set, for GCP an inherited
   * {@code GOOGLE_APPLICATION_CREDENTIALS}. Ambient and azure-cli need nothing.
   *
   * @param account the account, for messages
   * @param credentials the credentials
   * @param privateFolder the scan's private folder, where {@link #files} will be written
   * @return the environment
   * @throws ConfigurationException for aws-role, gcp-impersonation and custom credentials, which no SDK variable
   *     carries (credential chaining hands the tool environment credentials instead)
   */
  public static CloudEnvironment of(CloudAccount account, Credentials credentials, Path privateFolder) {
    Objects.requireNonNull(account, "account");
    Map<String, String> variables = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    Map<String, Secret> files = new LinkedHashMap<>();
    if (credentials instanceof Credentials.Ambient || credentials instanceof Credentials.AzureCli) {
      return none();
    } else if (credentials instanceof Credentials.AwsProfile profile) {
      variables.put("AWS_PROFILE", profile.profile());
    } else if (credentials instanceof Credentials.AwsKeys keys) {
      secrets.putAll(awsKeys(keys));
    } else if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      return azureServicePrincipal(principal);
    } else if (credentials instanceof Credentials.AzureManagedIdentity identity) {
      if (identity.clientId() == null || identity.clientId().isBlank()) {
        return new CloudEnvironment(Map.of(), Map.of(), List.of("AZURE_CLIENT_ID"), Map.of());
      }
      variables.put("AZURE_CLIENT_ID", identity.clientId());
    } else if (credentials instanceof Credentials.AzureFederated federated) {
      variables.put("AZURE_TENANT_ID", federated.tenantId());
      variables.put("AZURE_CLIENT_ID", federated.clientId());
      variables.put("AZURE_FEDERATED_TOKEN_FILE", federated.tokenFile().toAbsolutePath().toString());
    } else if (credentials instanceof Credentials.GcpCredentialsFile file) {
      if (file.file() != null) {
        variables.put("GOOGLE_APPLICATION_CREDENTIALS", file.file().toAbsolutePath().toString());
      } else {
        files.put(GCP_CREDENTIALS_FILE, file.json());
        variables.put("GOOGLE_APPLICATION_CREDENTIALS", privateFolder.resolve(GCP_CREDENTIALS_FILE).toString());
      }
    } else if (credentials instanceof Credentials.Kubeconfig kubeconfig) {
      if (kubeconfig.file() != null) {
        variables.put("KUBECONFIG", kubeconfig.file().toAbsolutePath().toString());
      }
    } else if (credentials instanceof Credentials.Environment environment) {
      secrets.putAll(environment.variables());
    } else {
      throw new ConfigurationException("account " + account.key() + ": " + credentials.kind() + " credentials cannot"
          + " be handed to a command-line tool as environment variables; turn on credential chaining (the job"
          + " chains by default, embedding code sets Pipeline.Builder.credentialBroker), which hands the tool"
          + " environment credentials instead");
    }
    List<String> removed = new ArrayList<>();
    if (account.provider().equals(CloudProvider.AWS) && !(variables.isEmpty() && secrets.isEmpty())) {
      List<String> given = new ArrayList<>(variables.keySet());
      given.addAll(secrets.keySet());
      removed.addAll(awsIdentityExcept(given));
    } else if (account.provider().equals(CloudProvider.GCP)
        && !variables.containsKey("GOOGLE_APPLICATION_CREDENTIALS")
        && !secrets.containsKey("GOOGLE_APPLICATION_CREDENTIALS")) {
      removed.add("GOOGLE_APPLICATION_CREDENTIALS");
    }
    return new CloudEnvironment(variables, secrets, removed, files);
  }

  /**
   * Returns AWS keys as the variables boto3 reads; {@code AWS_SESSION_TOKEN} only when the keys have one.
   *
   * @param keys the keys
   * @return the secret variables, in that order
   */
  public static Map<String, Secret> awsKeys(Credentials.AwsKeys keys) {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    secrets.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
    secrets.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
    if (keys.sessionToken() != null) {
      secrets.put("AWS_SESSION_TOKEN", keys.sessionToken());
    }
    return secrets;
  }

  /**
   * Returns a service principal as the variables azure-identity's environment credential reads: tenant and client
   * id in the clear, the client secret as a secret.
   *
   * @param principal the service principal
   * @return the environment
   */
  public static CloudEnvironment azureServicePrincipal(Credentials.AzureServicePrincipal principal) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AZURE_CLIENT_ID", principal.clientId());
    variables.put("AZURE_TENANT_ID", principal.tenantId());
    return new CloudEnvironment(variables, Map.of("AZURE_CLIENT_SECRET", principal.clientSecret()), List.of(),
        Map.of());
  }

  /**
   * Returns the names of {@link #AWS_IDENTITY} that the given ones do not set, in that list's order.
   *
   * @param given names the command sets itself
   * @return the names to remove from the inherited environment
   */
  public static List<String> awsIdentityExcept(Collection<String> given) {
    return AWS_IDENTITY.stream().filter(name -> !given.contains(name)).toList();
  }

  /** Prints the variables and the names of secrets and files, never a secret. */
  @Override
  public String toString() {
    return "CloudEnvironment[variables=" + variables + ", secrets=" + secrets.keySet() + ", removed=" + removed
        + ", files=" + files.keySet() + "]";
  }
}
