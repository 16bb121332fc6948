package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.core.spi.CloudEnvironment;
import io.secposture.core.spi.ToolCommand;
import io.secposture.scoutsuite.ScoutSuiteOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Not public API: the ScoutSuite command line, environment and private credential files for one scan. Building it
 * has no side effects: files to create are described ({@link #secretFiles()}), the scanner writes them with 0600
 * permissions into a private directory and deletes them afterwards.
 *
 * <p>No secret is ever an argument: AWS keys travel as environment variables, Azure service-principal secrets and
 * Google credentials JSON as files. Long flag names only (argparse accepts abbreviations, and short flags mean
 * different things per provider).
 *
 * @param arguments the executable and its arguments
 * @param environment non-secret variables to set
 * @param secretEnvironment secret variables to set
 * @param removedVariables inherited variables to remove, so the job's own identity does not mix with the account's
 * @param secretFiles files to create in the private directory before the run, by file name
 * @param notes options that were ignored because they do not apply to the account's provider, for the log
 */
public record ScoutCommand(List<String> arguments, Map<String, String> environment,
    Map<String, Secret> secretEnvironment, List<String> removedVariables, Map<String, Secret> secretFiles,
    List<String> notes) {

  /** The providers the scanner runs ScoutSuite for. */
  public static final List<CloudProvider> PROVIDERS = List.of(CloudProvider.AWS, CloudProvider.AZURE,
      CloudProvider.GCP, CloudProvider.KUBERNETES);

  private static final Pattern AZURE_SUBSCRIPTION =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /**
   * Every inherited variable boto3's credential chain reads before keys or a credentials endpoint handed to
   * ScoutSuite: web identity and container variables too, or the job's own identity would win over the account's.
   */
  private static final List<String> AWS_IDENTITY = CloudEnvironment.AWS_IDENTITY;
  private static final String AZURE_FILE = "azure-service-principal.json";
  private static final String GCP_FILE = "gcp-credentials.json";

  /** Copies the collections. */
  public ScoutCommand {
    arguments = List.copyOf(arguments);
    environment = Map.copyOf(environment);
    secretEnvironment = Map.copyOf(secretEnvironment);
    removedVariables = List.copyOf(removedVariables);
    secretFiles = Map.copyOf(secretFiles);
    notes = List.copyOf(notes);
  }

  /**
   * Returns the command as the shared runner takes it.
   *
   * @return the command, its notes included
   */
  public ToolCommand toToolCommand() {
    return new ToolCommand(arguments, environment, secretEnvironment, removedVariables, secretFiles, List.of(),
        notes);
  }

  /** Prints the command and the names of secret variables and files, never a secret. */
  @Override
  public String toString() {
    return "ScoutCommand[arguments=" + arguments + ", environment=" + new TreeMap<>(environment)
        + ", secretEnvironment=" + new TreeMap<>(secretEnvironment).keySet() + ", removedVariables="
        + removedVariables + ", secretFiles=" + new TreeMap<>(secretFiles).keySet() + "]";
  }

  /**
   * Builds the command for one scan.
   *
   * @param executable the ScoutSuite executable
   * @param account the account to scan
   * @param credentials the credentials to hand to ScoutSuite
   * @param options the scan's options
   * @param reportDirectory where ScoutSuite writes its report
   * @param reportName the report name
   * @param privateDirectory the private directory secret files will be created in
   * @return the command
   * @throws ConfigurationException if ScoutSuite cannot use these credentials for this provider
   */
  public static ScoutCommand build(Path executable, CloudAccount account, Credentials credentials,
      ScoutSuiteOptions options, Path reportDirectory, String reportName, Path privateDirectory) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(credentials, "credentials");
    Builder command = new Builder();
    command.args.add(executable.toString());
    command.args.add(account.provider().id());
    String provider = account.provider().id();
    switch (provider) {
      case "aws": aws(command, account, credentials); break;
      case "azure": azure(command, account, credentials, privateDirectory); break;
      case "gcp": gcp(command, account, credentials, privateDirectory); break;
      case "kubernetes": kubernetes(command, account, credentials); break;
      default:
        throw new IllegalArgumentException("ScoutSuite is not run for " + provider + " accounts");
    }
    command.args.add("--no-browser");
    command.args.add("--force");
    command.args.add("--report-dir");
    command.args.add(reportDirectory.toString());
    command.args.add("--report-name");
    command.args.add(reportName);
    command.args.add("--result-format");
    command.args.add("json");
    scope(command, account, options);
    filters(command, account, options);
    if (options.ruleset() != null) {
      command.args.add("--ruleset");
      Path asFile = Path.of(options.ruleset());
      command.args.add(Files.isRegularFile(asFile) ? asFile.toAbsolutePath().toString() : options.ruleset());
    }
    if (options.exceptions() != null) {
      command.args.add("--exceptions");
      command.args.add(options.exceptions().toAbsolutePath().toString());
    }
    if (options.maxWorkers() != null) {
      command.args.add("--max-workers");
      command.args.add(String.valueOf(options.maxWorkers()));
    }
    if (options.maxRate() != null) {
      command.args.add("--max-rate");
      command.args.add(String.valueOf(options.maxRate()));
    }
    command.args.addAll(options.extraArgs());
    command.environment.put("PYTHONUNBUFFERED", "1");
    command.environment.put("PYTHONIOENCODING", "utf-8");
    return new ScoutCommand(command.args, command.environment, command.secretEnvironment, command.removed,
        command.files, command.notes);
  }

  private static void aws(Builder command, CloudAccount account, Credentials credentials) {
    if (credentials instanceof Credentials.Ambient) {
      return;
    }
    if (credentials instanceof Credentials.AwsProfile profile) {
      command.args.add("--profile");
      command.args.add(profile.profile());
    } else if (credentials instanceof Credentials.AwsKeys keys) {
      command.removed.addAll(AWS_IDENTITY);
      command.secretEnvironment.putAll(CloudEnvironment.awsKeys(keys));
    } else if (credentials instanceof Credentials.Environment environment) {
      command.removed.addAll(AWS_IDENTITY);
      command.secretEnvironment.putAll(environment.variables());
    } else if (credentials instanceof Credentials.AwsRole role) {
      throw new ConfigurationException("account " + account.key() + ": ScoutSuite cannot assume the role "
          + role.roleArn() + " itself; turn on credential chaining (add io.secposture:secposture-cloud-aws: the job"
          + " chains by default, embedding code sets Pipeline.Builder.credentialBroker), which hands ScoutSuite"
          + " refreshed credentials for the role, or scan the account with prowler, whose --role assumes it");
    } else {
      throw unsupported(account, credentials, "ambient, aws-profile, aws-keys or environment");
    }
  }

  private static void azure(Builder command, CloudAccount account, Credentials credentials, Path privateDirectory) {
    if (credentials instanceof Credentials.Ambient || credentials instanceof Credentials.AzureCli) {
      command.args.add("--cli");
    } else if (credentials instanceof Credentials.AzureManagedIdentity identity) {
      command.args.add("--msi");
      if (identity.clientId() != null && !identity.clientId().isBlank()) {
        command.environment.put("AZURE_CLIENT_ID", identity.clientId());
      }
    } else if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      fileAuth(command, principal.tenantId(), principal.clientId(), principal.clientSecret(), privateDirectory);
    } else if (credentials instanceof Credentials.Environment environment) {
      Map<String, Secret> variables = environment.variables();
      Secret tenant = variables.get("AZURE_TENANT_ID");
      Secret client = variables.get("AZURE_CLIENT_ID");
      Secret secret = variables.get("AZURE_CLIENT_SECRET");
      if (tenant == null || client == null || secret == null) {
        throw new ConfigurationException("account " + account.key() + ": ScoutSuite can use environment credentials"
            + " for azure only when they hold AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (they hold "
            + new TreeMap<>(variables).keySet() + "); use azure-cli, azure-managed-identity or"
            + " azure-service-principal credentials instead");
      }
      fileAuth(command, tenant.reveal(), client.reveal(), secret, privateDirectory);
    } else if (credentials instanceof Credentials.AzureFederated) {
      throw new ConfigurationException("account " + account.key() + ": ScoutSuite cannot sign in with a federated"
          + " token; sign the Azure CLI in with it (az login --service-principal --federated-token ...) and use"
          + " azure-cli credentials, or scan the account with prowler");
    } else {
      throw unsupported(account, credentials,
          "ambient, azure-cli, azure-managed-identity, azure-service-principal or environment");
    }
  }

  private static void fileAuth(Builder command, String tenantId, String clientId, Secret clientSecret,
      Path privateDirectory) {
    StringWriter json = new StringWriter();
    try (JsonGenerator generator = ResultsInput.jsonFactory().createGenerator(json)) {
      generator.writeStartObject();
      generator.writeStringField("tenantId", tenantId);
      generator.writeStringField("clientId", clientId);
      generator.writeStringField("clientSecret", clientSecret.reveal());
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    command.files.put(AZURE_FILE, Secret.of(json.toString()));
    command.args.add("--file-auth");
    command.args.add(privateDirectory.resolve(AZURE_FILE).toString());
  }

  private static void gcp(Builder command, CloudAccount account, Credentials credentials, Path privateDirectory) {
    if (credentials instanceof Credentials.Ambient) {
      command.args.add("--user-account");
    } else if (credentials instanceof Credentials.GcpCredentialsFile file) {
      command.args.add("--service-account");
      if (file.file() != null) {
        Path path = file.file().toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          throw new ConfigurationException("account " + account.key() + ": the Google credentials file " + path
              + (Files.exists(path) ? " is not readable" : " does not exist") + "; fix the account's credentials");
        }
        command.args.add(path.toString());
      } else {
        command.files.put(GCP_FILE, file.json());
        command.args.add(privateDirectory.resolve(GCP_FILE).toString());
      }
    } else if (credentials instanceof Credentials.Environment environment) {
      command.args.add("--user-account");
      command.removed.add("GOOGLE_APPLICATION_CREDENTIALS");
      command.secretEnvironment.putAll(environment.variables());
    } else if (credentials instanceof Credentials.GcpImpersonation impersonation) {
      throw new ConfigurationException("account " + account.key() + ": ScoutSuite cannot impersonate "
          + impersonation.serviceAccount() + " itself; turn on credential chaining (add"
          + " io.secposture:secposture-cloud-gcp: the job chains by default, embedding code sets"
          + " Pipeline.Builder.credentialBroker), which hands ScoutSuite an impersonation credentials file, or scan the"
          + " account with prowler, whose --impersonate-service-account does it");
    } else {
      throw unsupported(account, credentials, "ambient, gcp-credentials-file or environment");
    }
  }

  private static void kubernetes(Builder command, CloudAccount account, Credentials credentials) {
    if (credentials instanceof Credentials.Ambient) {
      return;
    }
    if (credentials instanceof Credentials.Kubeconfig kubeconfig) {
      if (kubeconfig.file() != null) {
        Path path = kubeconfig.file().toAbsolutePath();
        if (!Files.isRegularFile(path)) {
          throw new ConfigurationException("account " + account.key() + ": the kubeconfig file " + path
              + " does not exist; fix the account's credentials");
        }
        command.args.add("--config-file");
        command.args.add(path.toString());
      }
      if (kubeconfig.context() != null && !kubeconfig.context().isBlank()) {
        command.args.add("--context");
        command.args.add(kubeconfig.context());
      }
    } else if (credentials instanceof Credentials.Environment environment) {
      command.secretEnvironment.putAll(environment.variables());
    } else {
      throw unsupported(account, credentials, "ambient, kubeconfig or environment");
    }
  }

  private static ConfigurationException unsupported(CloudAccount account, Credentials credentials,
      String supported) {
    return new ConfigurationException("account " + account.key() + ": ScoutSuite cannot use " + credentials.kind()
        + " credentials for " + account.provider() + " accounts; use " + supported);
  }

  private static void scope(Builder command, CloudAccount account, ScoutSuiteOptions options) {
    String provider = account.provider().id();
    if (provider.equals("azure")) {
      if (options.allSubscriptions()) {
        command.args.add("--all-subscriptions");
      } else if (!options.subscriptions().isEmpty()) {
        command.args.add("--subscriptions");
        command.args.addAll(options.subscriptions());
      } else if (AZURE_SUBSCRIPTION.matcher(account.id()).matches()) {
        command.args.add("--subscriptions");
        command.args.add(account.id());
      } else {
        command.notes.add("account id " + account.id() + " is not a subscription id, so ScoutSuite scans the first"
            + " subscription the credentials see; set scoutsuite.subscriptions to choose");
      }
    } else if (provider.equals("gcp")) {
      if (options.allProjects()) {
        command.args.add("--all-projects");
      } else if (options.folderId() != null) {
        command.args.add("--folder-id");
        command.args.add(options.folderId());
      } else if (options.organizationId() != null) {
        command.args.add("--organization-id");
        command.args.add(options.organizationId());
      } else {
        command.args.add("--project-id");
        command.args.add(account.id());
      }
    } else if (provider.equals("kubernetes") && options.clusterProvider() != null) {
      command.args.add("--cluster-provider");
      command.args.add(options.clusterProvider());
    }
    if (!provider.equals("azure") && (options.allSubscriptions() || !options.subscriptions().isEmpty())) {
      command.notes.add("scoutsuite.subscriptions and scoutsuite.all-subscriptions apply to azure only");
    }
    if (!provider.equals("gcp")
        && (options.allProjects() || options.folderId() != null || options.organizationId() != null)) {
      command.notes.add("scoutsuite.all-projects, folder-id and organization-id apply to gcp only");
    }
    if (!provider.equals("kubernetes") && options.clusterProvider() != null) {
      command.notes.add("scoutsuite.cluster-provider applies to kubernetes only");
    }
  }

  private static void filters(Builder command, CloudAccount account, ScoutSuiteOptions options) {
    String provider = account.provider().id();
    if (provider.equals("aws")) {
      addList(command, "--regions", options.regions());
      addList(command, "--exclude-regions", options.excludeRegions());
    } else if (!options.regions().isEmpty() || !options.excludeRegions().isEmpty()) {
      command.notes.add("scoutsuite.regions and scoutsuite.exclude-regions apply to aws only");
    }
    if (provider.equals("kubernetes")) {
      if (!options.services().isEmpty() || !options.skip().isEmpty()) {
        command.notes.add("ScoutSuite ignores --services and --skip for kubernetes; scoutsuite.services and"
            + " scoutsuite.skip were not passed");
      }
    } else {
      addList(command, "--services", options.services());
      addList(command, "--skip", options.skip());
    }
  }

  private static void addList(Builder command, String flag, List<String> values) {
    if (!values.isEmpty()) {
      command.args.add(flag);
      command.args.addAll(values);
    }
  }

  /** Mutable parts while building. */
  private static final class Builder {
    final List<String> args = new ArrayList<>();
    final Map<String, String> environment = new LinkedHashMap<>();
    final Map<String, Secret> secretEnvironment = new LinkedHashMap<>();
    final List<String> removed = new ArrayList<>();
    final Map<String, Secret> files = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
  }
}
