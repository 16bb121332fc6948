package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.core.internal.inventory.EnvironmentInventory;
import io.secposture.core.internal.inventory.FileInventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The accounts a job scans, read from environment variables (as the original job was configured) or from a YAML or
 * JSON file. Every problem in the configuration is collected and reported at once in one
 * {@link ConfigurationException}, whose {@link ConfigurationException#problems() problems} each name the variable
 * (or the file and line) and say what to do. Secret values never appear in a message or in {@link #toString()}.
 * Disabled accounts are kept ({@link CloudAccount#enabled()} false) so the pipeline reports them SKIPPED.
 *
 * <h2>Environment variables</h2>
 * <pre>
 * SECPOSTURE_ACCOUNTS=prod,data-gcp,shared-azure          account names: letters, digits, '-', '_'; order kept
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_PROVIDER=aws                    &lt;NAME&gt; = the name upper-cased, '-' written '_'
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_ID=123456789012                 AWS: 12 digits; Azure: subscription GUID; GCP: project id
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_DISPLAY_NAME=Production         optional; default: the name in the list
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_CREDENTIALS=aws-keys            a credentials kind (below); default: ambient
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_SCANNERS=scoutsuite,prowler      optional; default: the job's default scanners
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_ENABLED=false                   optional; true/false, yes/no, 1/0, on/off
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_LABELS=team=payments,stage=prod  optional; copied into the report
 * SECPOSTURE_ACCOUNT_&lt;NAME&gt;_OPTIONS=scoutsuite.regions=eu-west-1,eu-central-1;prowler.severity=critical,high
 *                                                         optional; entries separated by ';', keys start with
 *                                                         the scanner name; the account's options win over the job's
 * </pre>
 * Credentials kinds and the variables each one reads (all prefixed {@code SECPOSTURE_ACCOUNT_<NAME>_}; optional
 * ones in brackets):
 * <pre>
 * ambient                   (none) the scanner's default chain: AWS SDK chain incl. web identity, gcloud ADC, az login
 * aws-profile               AWS_PROFILE
 * aws-keys                  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, [AWS_SESSION_TOKEN]
 * aws-role                  AWS_ROLE_ARN, [AWS_EXTERNAL_ID], [AWS_SESSION_NAME], [AWS_SESSION_DURATION]
 * azure-cli                 (none)
 * azure-managed-identity    [AZURE_CLIENT_ID]
 * azure-service-principal   AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
 * azure-federated           AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE
 * gcp-credentials-file      GCP_CREDENTIALS_FILE (a path) or GCP_CREDENTIALS_JSON (the file's content)
 * gcp-impersonation         GCP_IMPERSONATE_SERVICE_ACCOUNT
 * kubeconfig                [KUBECONFIG], [KUBE_CONTEXT]
 * </pre>
 * Variables are read once; blank values count as unset. A per-account variable for a name that is not in
 * {@code SECPOSTURE_ACCOUNTS}, an unknown setting, or a credentials variable the account's kind does not read is a
 * problem, so typos never go unnoticed. Secret values ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_EXTERNAL_ID}, {@code AZURE_CLIENT_SECRET}, {@code GCP_CREDENTIALS_JSON})
 * are held as {@link io.secposture.api.Secret}s; scanner processes never see {@code SECPOSTURE_*} variables.
 *
 * <h2>Inventory file</h2>
 * YAML, or JSON when the name ends in {@code .json} (or the content starts with <code>{</code>):
 * <pre>
 * version: 1                                   # optional
 * defaults:                                    # optional; applied to every account
 *   scanners: [scoutsuite]                     #   used when an account lists none
 *   options: { scoutsuite.max-workers: "4" }   #   an account's own options win
 *   labels: { owner: secops }                  #   an account's own labels win
 * accounts:
 *   - name: prod                               # optional handle, unique: letters, digits, '-', '_'
 *     display_name: Production                 # optional; default: name, else id
 *     provider: aws                            # required
 *     id: "123456789012"                       # required; quote AWS ids so leading zeros survive
 *     credentials:                             # optional; default: { kind: ambient }
 *       kind: aws-keys
 *       access_key_id: { env: PROD_AWS_KEY_ID }
 *       secret_access_key: { file: secrets/prod-aws-secret }   # relative to the inventory file
 *     labels: { team: payments }
 *     scanners: [scoutsuite, prowler]
 *     enabled: true
 *     options: { scoutsuite.regions: [eu-west-1, eu-central-1] }   # a list is joined with commas
 * </pre>
 * Credential settings are the variable names above without the provider prefix, in lower case: {@code profile};
 * {@code access_key_id}, {@code secret_access_key}, {@code session_token}; {@code role_arn}, {@code external_id},
 * {@code session_name}, {@code session_duration}; {@code tenant_id}, {@code client_id}, {@code client_secret},
 * {@code token_file}; {@code file}, {@code json} (gcp-credentials-file); {@code service_account}; {@code file},
 * {@code context} (kubeconfig). Secret settings must be {@code { env: VAR }} or {@code { file: path }}: a secret
 * written inline is refused ("put secrets in environment variables or files, not in the inventory"). Unknown keys,
 * repeated keys and repeated names are problems, reported with the file's line.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Inventory {
  /** The variable that lists the account names. */
  public static final String ACCOUNTS_VARIABLE = EnvironmentInventory.ACCOUNTS;
  /** The prefix of every per-account variable. */
  public static final String ACCOUNT_VARIABLE_PREFIX = EnvironmentInventory.ACCOUNT_PREFIX;

  private final List<CloudAccount> accounts;
  private final String source;

  private Inventory(List<CloudAccount> accounts, String source) {
    this.accounts = List.copyOf(accounts);
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Reads the accounts configured by environment variables.
   *
   * @param environment the variables, usually {@code System.getenv()}
   * @return the inventory, accounts in the order of {@code SECPOSTURE_ACCOUNTS}
   * @throws ConfigurationException listing every problem found
   */
  public static Inventory fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return new Inventory(EnvironmentInventory.read(environment), "environment (" + ACCOUNTS_VARIABLE + ")");
  }

  /**
   * Reads the accounts configured by a YAML or JSON inventory file.
   *
   * @param file the file
   * @param environment the variables that {@code { env: VAR }} references read, usually {@code System.getenv()}
   * @return the inventory, accounts in file order
   * @throws ConfigurationException listing every problem found, each with the file and line
   */
  public static Inventory fromFile(Path file, Map<String, String> environment) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(environment, "environment");
    return new Inventory(FileInventory.read(file, environment), file.toString());
  }

  /**
   * Returns an inventory of accounts built in code.
   *
   * @param accounts the accounts
   * @param source what they are, for messages, e.g. "organisation discovery"
   * @return the inventory
   */
  public static Inventory of(List<CloudAccount> accounts, String source) {
    return new Inventory(accounts, source);
  }

  /**
   * Tells whether the environment configures accounts at all ({@code SECPOSTURE_ACCOUNTS} is set), so a job can
   * choose between the environment and a file.
   *
   * @param environment the variables
   * @return true if {@code SECPOSTURE_ACCOUNTS} is set and not blank
   */
  public static boolean isConfigured(Map<String, String> environment) {
    String list = environment.get(ACCOUNTS_VARIABLE);
    return list != null && !list.isBlank();
  }

  /**
   * Returns every account, enabled or not, in configuration order.
   *
   * @return an unmodifiable list
   */
  public List<CloudAccount> accounts() {
    return accounts;
  }

  /**
   * Returns the accounts that are enabled.
   *
   * @return an unmodifiable list, in configuration order
   */
  public List<CloudAccount> enabledAccounts() {
    return accounts.stream().filter(CloudAccount::enabled).toList();
  }

  /**
   * Returns where the accounts came from.
   *
   * @return e.g. {@code environment (SECPOSTURE_ACCOUNTS)} or the file path
   */
  public String source() {
    return source;
  }

  /** Prints the source and the account keys, never a credential. */
  @Override
  public String toString() {
    long disabled = accounts.stream().filter(account -> !account.enabled()).count();
    return "Inventory[" + source + ": " + accounts.size() + " accounts" + (disabled > 0 ? " (" + disabled
        + " disabled)" : "") + " " + accounts.stream().map(CloudAccount::key).toList() + "]";
  }
}
