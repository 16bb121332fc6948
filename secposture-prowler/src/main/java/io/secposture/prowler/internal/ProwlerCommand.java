package io.secposture.prowler.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.core.SecretFile;
import io.secposture.core.spi.CloudEnvironment;
import io.secposture.core.spi.CommandLineScan;
import io.secposture.core.spi.ToolCommand;
import io.secposture.prowler.ProwlerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Not public API: the Prowler command line, environment and secret files for one scan.
 *
 * <p>{@code prowler <provider> <authentication> <scope> --output-directory <dir> --output-filename <name>
 * --output-formats json-ocsf csv html --no-banner --log-level ERROR <filters> <extra args>}, with long flags only.
 * Authentication per provider and credential kind:
 * <ul>
 *   <li>AWS: ambient (the SDK default chain, no flag); aws-profile {@code --profile}; aws-keys through
 *   {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN} in the environment (never as
 *   flags), with {@code AWS_PROFILE} removed so the keys are what boto3 uses; aws-role {@code --role}, with
 *   {@code --session-duration} and {@code --role-session-name} when the credentials set them, and
 *   {@code --external-id} (see below); environment: the variables, default chain, with every inherited variable of
 *   the chain that comes before them removed when they carry keys or a credentials endpoint (credential chaining
 *   hands Prowler {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}). {@code --aws-retries-max-attempts} when set.</li>
 *   <li>Azure: ambient and azure-cli {@code --az-cli-auth}; azure-service-principal {@code --sp-env-auth} with
 *   {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID} and the secret {@code AZURE_CLIENT_SECRET} in the environment;
 *   azure-managed-identity {@code --managed-identity-auth} ({@code AZURE_CLIENT_ID} for a user-assigned identity);
 *   environment: {@code --sp-env-auth} when it holds the three service-principal variables, else
 *   {@code --az-cli-auth}. Subscriptions: {@code --subscription-ids <account id>} unless options say otherwise.
 *   Prowler has no federated-token sign-in, so azure-federated is refused.</li>
 *   <li>GCP: ambient (application default credentials, no flag); gcp-credentials-file {@code --credentials-file}
 *   (JSON content goes to a 0600 file in a private temporary directory, deleted after the scan);
 *   gcp-impersonation {@code --impersonate-service-account}; environment: the variables. Scope:
 *   {@code --project-ids <account id>}, or {@code --organization-id}.</li>
 *   <li>Kubernetes: ambient (current context or in-cluster); kubeconfig {@code --kubeconfig-file},
 *   {@code --context}; environment: the variables (e.g. {@code KUBECONFIG}).</li>
 * </ul>
 *
 * <p><b>The external id.</b> Prowler takes the role's external id only as {@code --external-id}; it reads it from no
 * environment variable or file. It is therefore on the command line, as the only exception to "no secret on a command
 * line": it is registered with {@link io.secposture.core.ProcessSpec.Builder#redact} so the runner masks it in its
 * log of the command, the output logs, the log tail and {@code toString()}, and it never reaches a result, a
 * manifest or a published file. What remains visible is the process's argument list to other users of the same
 * machine while the scan runs. AWS does not treat external ids as secrets (they guard against the confused deputy,
 * not against disclosure), so this is accepted; run scans on a machine you do not share if that matters.
 *
 * <p>Not thread-safe; one per scan. {@link #close()} deletes the secret files.
 */
public final class ProwlerCommand implements AutoCloseable {
  private final List<String> arguments = new ArrayList<>();

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, Secret> secretEnvironment = new LinkedHashMap<>();
  private final List<String> removedVariables = new ArrayList<>();
  private final List<Secret> redacted = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<SecretFile> secretFiles = new ArrayList<>();
  private final Map<String, Secret> describedFiles = new LinkedHashMap<>();
  private final Path privateFolder;
  private Path secretDirectory;

  private ProwlerCommand(Path privateFolder) {
    this.privateFolder = privateFolder;
  }

  /**
   * Builds the command for a scan.
   *
   * @param executable the Prowler executable
   * @param account the account to scan
   * @param credentials the credentials to scan it with
   * @param options the scan's options
   * @param outputDirectory where Prowler writes
   * @param outputName the base name of every output file
   * @return the command; close it after the scan
   * @throws ConfigurationException if the credentials cannot authenticate Prowler to the account's provider
   */
  public static ProwlerCommand build(Path executable, CloudAccount account, Credentials credentials,
      ProwlerOptions options, Path outputDirectory, String outputName) {
    return build(executable, account, credentials, options, outputDirectory, outputName, null);
  }

  /**
   * Builds the command for a scan whose private folder already exists: secret files are only described
   * ({@link #toToolCommand()}), for {@link CommandLineScan} to write there and delete.
   *
   * @param executable the Prowler executable
   * @param account the account to scan
   * @param credentials the credentials to scan it with
   * @param options the scan's options
   * @param outputDirectory where Prowler writes
   * @param outputName the base name of every output file
   * @param privateFolder the scan's private folder; null to create secret files in a folder of the command's own
   * @return the command
   * @throws ConfigurationException if the credentials cannot authenticate Prowler to the account's provider
   */
  public static ProwlerCommand build(Path executable, CloudAccount account, Credentials credentials,
      ProwlerOptions options, Path outputDirectory, String outputName, Path privateFolder) {
    ProwlerCommand command = new ProwlerCommand(privateFolder);
    try {
      command.assemble(executable, account, credentials, options, outputDirectory, outputName);
      return command;
    } catch (RuntimeException e) {
      command.close();
      throw e;
    }
  }

  private void assemble(Path executable, CloudAccount account, Credentials credentials, ProwlerOptions options,
      Path outputDirectory, String outputName) {
    CloudProvider provider = account.provider();
    arguments.add(executable.toString());
    arguments.add(provider.id());
    environment.put("TZ", "UTC");
    environment.put("PYTHONUNBUFFERED", "1");
    if (provider.equals(CloudProvider.AWS)) {
      aws(account, credentials, options);
    } else if (provider.equals(CloudProvider.AZURE)) {
      azure(account, credentials, options);
    } else if (provider.equals(CloudProvider.GCP)) {
      gcp(account, credentials, options);
    } else if (provider.equals(CloudProvider.KUBERNETES)) {
      kubernetes(account, credentials, options);
    } else {
      throw new ConfigurationException("Prowler does not scan provider '" + provider + "' (account "
          + account.key() + ")");
    }
    arguments.add("--output-directory");
    arguments.add(outputDirectory.toString());
    arguments.add("--output-filename");
    arguments.add(outputName);
    arguments.add("--output-formats");
    for (String format : options.outputFormats()) {
      if (format.equals("json-asff") && !provider.equals(CloudProvider.AWS)) {
        warnings.add("json-asff is written for AWS accounts only; not requested for " + account.key());
      } else {
        arguments.add(format);
      }
    }
    arguments.add("--no-banner");
    arguments.add("--log-level");
    arguments.add(options.logLevel());
    flag("--compliance", options.compliance());
    flag("--severity", options.severities());
    flag("--services", options.services());
    flag("--checks", options.checks());
    flag("--excluded-checks", options.excludedChecks());
    flag("--excluded-services", options.excludedServices());
    flag("--status", options.statuses());
    if (options.mutelistFile() != null) {
      String mutelist = options.mutelistFile();
      boolean remote = mutelist.startsWith("s3://") || mutelist.startsWith("arn:");
      if (!remote && !Files.isReadable(Path.of(mutelist))) {
        throw new ConfigurationException(ProwlerOptions.PREFIX + "mutelist-file '" + mutelist + "' for "
            + account.key() + " is not a readable file; fix the path (or give an s3:// URI or an ARN for AWS)");
      }
      arguments.add("--mutelist-file");
      arguments.add(mutelist);
    }
    arguments.addAll(options.extraArgs());
  }

  private void aws(CloudAccount account, Credentials credentials, ProwlerOptions options) {
    if (credentials instanceof Credentials.Ambient) {
      // boto3's default chain: environment, shared files, web identity, container and instance roles
    } else if (credentials instanceof Credentials.AwsProfile profile) {
      arguments.add("--profile");
      arguments.add(profile.profile());
      removedVariables.addAll(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"));
    } else if (credentials instanceof Credentials.AwsKeys keys) {
      secretEnvironment.putAll(CloudEnvironment.awsKeys(keys));
      if (keys.sessionToken() == null) {
        removedVariables.add("AWS_SESSION_TOKEN");
      }
      removedVariables.addAll(List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE"));
    } else if (credentials instanceof Credentials.AwsRole role) {
      arguments.add("--role");
      arguments.add(role.roleArn());
      if (role.externalId() != null) {
        arguments.add("--external-id");
        arguments.add(role.externalId().reveal());
        redacted.add(role.externalId());
      }
      if (role.sessionDuration() != null) {
        arguments.add("--session-duration");
        arguments.add(Long.toString(role.sessionDuration().toSeconds()));
      }
      if (role.sessionName() != null) {
        arguments.add("--role-session-name");
        arguments.add(role.sessionName());
      }
      String[] arn = role.roleArn().split(":", 6);
      if (arn.length == 6 && !arn[4].isEmpty() && !arn[4].equals(account.id())) {
        warnings.add("the role " + role.roleArn() + " is in account " + arn[4] + ", not in the scanned account "
            + account.id() + "; Prowler reports what that role sees");
      }
    } else if (credentials instanceof Credentials.Environment variables) {
      environment(variables);
      if (variables.variables().containsKey("AWS_ACCESS_KEY_ID")
          || variables.variables().containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
        removedVariables.addAll(CloudEnvironment.awsIdentityExcept(variables.variables().keySet()));
      }
    } else {
      throw unsupported(account, credentials, "ambient, aws-profile, aws-keys, aws-role or environment");
    }
    flag("--region", options.regions());
    if (options.awsRetriesMaxAttempts() != null) {
      arguments.add("--aws-retries-max-attempts");
      arguments.add(options.awsRetriesMaxAttempts().toString());
    }
    if (options.scanUnusedServices()) {
      arguments.add("--scan-unused-services");
    }
  }

  private void azure(CloudAccount account, Credentials credentials, ProwlerOptions options) {
    if (credentials instanceof Credentials.Ambient || credentials instanceof Credentials.AzureCli) {
      arguments.add("--az-cli-auth");
    } else if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      arguments.add("--sp-env-auth");
      CloudEnvironment variables = CloudEnvironment.azureServicePrincipal(principal);
      environment.putAll(variables.variables());
      secretEnvironment.putAll(variables.secrets());
    } else if (credentials instanceof Credentials.AzureManagedIdentity identity) {
      arguments.add("--managed-identity-auth");
      if (identity.clientId() != null) {
        environment.put("AZURE_CLIENT_ID", identity.clientId());
      } else {
        removedVariables.add("AZURE_CLIENT_ID");
      }
    } else if (credentials instanceof Credentials.Environment variables) {
      environment(variables);
      boolean servicePrincipal = variables.variables().keySet()
          .containsAll(List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"));
      arguments.add(servicePrincipal ? "--sp-env-auth" : "--az-cli-auth");
    } else if (credentials instanceof Credentials.AzureFederated) {
      throw new ConfigurationException("Prowler cannot sign in to Azure with a federated token (credentials of kind "
          + "azure-federated for account " + account.key() + "); use azure-service-principal, "
          + "azure-managed-identity or azure-cli, or run ScoutSuite for this account");
    } else {
      throw unsupported(account, credentials, "ambient, azure-cli, azure-service-principal, azure-managed-identity "
          + "or environment");
    }
    if (!options.allSubscriptions()) {
      flag("--subscription-ids", options.subscriptionIds().isEmpty() ? List.of(account.id())
          : options.subscriptionIds());
    }
    if (!options.regions().isEmpty()) {
      warnings.add(ProwlerOptions.PREFIX + "regions applies to AWS accounts only; ignored for " + account.key());
    }
  }

  private void gcp(CloudAccount account, Credentials credentials, ProwlerOptions options) {
    if (credentials instanceof Credentials.Ambient) {
      // application default credentials
    } else if (credentials instanceof Credentials.GcpCredentialsFile file) {
      Path path = file.file();
      if (path == null && privateFolder != null) {
        describedFiles.put(CloudEnvironment.GCP_CREDENTIALS_FILE, file.json());
        path = privateFolder.resolve(CloudEnvironment.GCP_CREDENTIALS_FILE);
      } else if (path == null) {
        SecretFile secret = SecretFile.create(secretDirectory(), "gcp-credentials.json", file.json());
        secretFiles.add(secret);
        path = secret.path();
      } else if (!Files.isReadable(path)) {
        throw new ConfigurationException("the Google credentials file " + path + " of account " + account.key()
            + " is not readable; fix the path in the account's credentials");
      }
      arguments.add("--credentials-file");
      arguments.add(path.toString());
    } else if (credentials instanceof Credentials.GcpImpersonation impersonation) {
      arguments.add("--impersonate-service-account");
      arguments.add(impersonation.serviceAccount());
    } else if (credentials instanceof Credentials.Environment variables) {
      environment(variables);
    } else {
      throw unsupported(account, credentials, "ambient, gcp-credentials-file, gcp-impersonation or environment");
    }
    if (options.organizationId() != null) {
      arguments.add("--organization-id");
      arguments.add(options.organizationId());
      flag("--project-ids", options.projectIds());
    } else {
      flag("--project-ids", options.projectIds().isEmpty() ? List.of(account.id()) : options.projectIds());
    }
    if (options.gcpRetriesMaxAttempts() != null) {
      arguments.add("--gcp-retries-max-attempts");
      arguments.add(options.gcpRetriesMaxAttempts().toString());
    }
    if (!options.regions().isEmpty()) {
      warnings.add(ProwlerOptions.PREFIX + "regions applies to AWS accounts only; ignored for " + account.key());
    }
  }

  private void kubernetes(CloudAccount account, Credentials credentials, ProwlerOptions options) {
    if (credentials instanceof Credentials.Ambient) {
      // the current kubeconfig context, or the in-cluster service account
    } else if (credentials instanceof Credentials.Kubeconfig kubeconfig) {
      if (kubeconfig.file() != null) {
        arguments.add("--kubeconfig-file");
        arguments.add(kubeconfig.file().toString());
      }
      if (kubeconfig.context() != null) {
        arguments.add("--context");
        arguments.add(kubeconfig.context());
      }
    } else if (credentials instanceof Credentials.Environment variables) {
      environment(variables);
    } else {
      throw unsupported(account, credentials, "ambient, kubeconfig or environment");
    }
    flag("--namespace", options.namespaces());
    if (!options.regions().isEmpty()) {
      warnings.add(ProwlerOptions.PREFIX + "regions applies to AWS accounts only; ignored for " + account.key());
    }
  }

  private void environment(Credentials.Environment variables) {
    secretEnvironment.putAll(variables.variables());
  }

  private void flag(String flag, List<String> values) {
    if (!values.isEmpty()) {
      arguments.add(flag);
      arguments.addAll(values);
    }
  }

  private Path secretDirectory() {
    if (secretDirectory == null) {
      try {
        secretDirectory = Files.createTempDirectory("secposture-prowler-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a private temporary directory for credentials: "
            + e.getMessage(), e);
      }
    }
    return secretDirectory;
  }

  private static ConfigurationException unsupported(CloudAccount account, Credentials credentials, String kinds) {
    return new ConfigurationException("Prowler cannot use credentials of kind '" + credentials.kind() + "' for "
        + account.key() + "; for " + account.provider() + " accounts use " + kinds);
  }

  /** @return the argument list, the executable first */
  public List<String> arguments() {
    return List.copyOf(arguments);
  }

  /** @return non-secret environment variables to set */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** @return secret environment variables to set */
  public Map<String, Secret> secretEnvironment() {
    return Map.copyOf(secretEnvironment);
  }

  /** @return inherited variables to remove */
  public List<String> removedVariables() {
    return List.copyOf(removedVariables);
  }

  /** @return secrets the arguments hold, to mask wherever the command is printed */
  public List<Secret> redacted() {
    return List.copyOf(redacted);
  }

  /** @return problems that do not stop the scan, for the result */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Returns the command as the shared runner takes it, the external id among the redacted values and the warnings
   * as notes.
   *
   * @return the command
   */
  public ToolCommand toToolCommand() {
    return new ToolCommand(arguments, environment, secretEnvironment, removedVariables, describedFiles, redacted,
        warnings);
  }

  /** Deletes the secret files and their directory. */
  @Override
  public void close() {
    for (SecretFile file : secretFiles) {
      file.close();
    }
    secretFiles.clear();
    if (secretDirectory != null) {
      try {
        Files.deleteIfExists(secretDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + secretDirectory + ": " + e.getMessage(), e);
      }
      secretDirectory = null;
    }
  }

  @Override
  public String toString() {
    return "ProwlerCommand[" + Objects.requireNonNull(io.secposture.core.Redactor.of(redacted)
        .redact(arguments.toString())) + "]";
  }
}
