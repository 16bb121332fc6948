package io.secposture.prowler;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options of a Prowler scan, read from the {@code prowler.*} keys of a scan's options (the job's defaults
 * overlaid with the account's own). Every key, with Prowler's flag it becomes:
 *
 * <table>
 * <caption>prowler.* options</caption>
 * <tr><th>key</th><th>value</th><th>Prowler flag</th></tr>
 * <tr><td>{@code executable}</td><td>path or name on PATH (default {@code prowler})</td><td></td></tr>
 * <tr><td>{@code output-formats}</td><td>list; default {@code json-ocsf,csv,html}; must hold {@code json-ocsf};
 *     formats the installed Prowler does not write (html before 4.2) are left out, with a warning when set
 *     explicitly</td><td>{@code --output-formats}</td></tr>
 * <tr><td>{@code asff}</td><td>boolean; adds {@code json-asff} (AWS accounts only)</td><td></td></tr>
 * <tr><td>{@code compliance}</td><td>list of frameworks, e.g. {@code cis_3.0_aws}</td>
 *     <td>{@code --compliance}</td></tr>
 * <tr><td>{@code severity} / {@code severities}</td><td>list of critical, high, medium, low, informational</td>
 *     <td>{@code --severity}</td></tr>
 * <tr><td>{@code service} / {@code services}</td><td>list</td><td>{@code --services}</td></tr>
 * <tr><td>{@code check} / {@code checks}</td><td>list</td><td>{@code --checks}</td></tr>
 * <tr><td>{@code excluded-check} / {@code excluded-checks}</td><td>list</td><td>{@code --excluded-checks}</td></tr>
 * <tr><td>{@code excluded-service} / {@code excluded-services}</td><td>list</td>
 *     <td>{@code --excluded-services}</td></tr>
 * <tr><td>{@code status}</td><td>list of PASS, FAIL, MANUAL</td><td>{@code --status}</td></tr>
 * <tr><td>{@code region} / {@code regions}</td><td>list (AWS accounts only)</td><td>{@code --region}</td></tr>
 * <tr><td>{@code mutelist-file}</td><td>a YAML file, or for AWS an S3 URI or a DynamoDB/Lambda ARN</td>
 *     <td>{@code --mutelist-file}</td></tr>
 * <tr><td>{@code subscription-id} / {@code subscription-ids}</td><td>list; default the account id (Azure)</td>
 *     <td>{@code --subscription-ids}</td></tr>
 * <tr><td>{@code all-subscriptions}</td><td>boolean: scan every subscription the identity sees (Azure)</td>
 *     <td></td></tr>
 * <tr><td>{@code project-id} / {@code project-ids}</td><td>list; default the account id unless an organization is
 *     given (GCP)</td><td>{@code --project-ids}</td></tr>
 * <tr><td>{@code organization-id}</td><td>GCP organization to scan every project of</td>
 *     <td>{@code --organization-id}</td></tr>
 * <tr><td>{@code namespace} / {@code namespaces}</td><td>list (Kubernetes)</td><td>{@code --namespace}</td></tr>
 * <tr><td>{@code scan-unused-services}</td><td>boolean (AWS)</td><td>{@code --scan-unused-services}</td></tr>
 * <tr><td>{@code aws-retries-max-attempts}</td><td>1 to 100 (AWS accounts only); a rate budget sets it; the
 *     same flag in {@code extra-args}, which comes later, wins</td>
 *     <td>{@code --aws-retries-max-attempts}</td></tr>
 * <tr><td>{@code gcp-retries-max-attempts}</td><td>1 to 100 (GCP accounts only); a rate budget sets it</td>
 *     <td>{@code --gcp-retries-max-attempts}</td></tr>
 * <tr><td>{@code log-level}</td><td>DEBUG, INFO, WARNING, ERROR (default) or CRITICAL</td>
 *     <td>{@code --log-level}</td></tr>
 * <tr><td>{@code partial-on-errors}</td><td>boolean, default true: a scan whose log holds collection errors (data
 *     Prowler could not collect, not notices such as a missing Shodan key) is PARTIAL</td><td></td></tr>
 * <tr><td>{@code extra-args}</td><td>list appended as is; flags secposture sets itself and flags that carry
 *     secrets are refused</td><td></td></tr>
 * </table>
 *
 * <p>Lists are comma-separated. {@code check}, {@code service} and {@code compliance} cannot be combined: Prowler takes
 * one of them. Values of list options may not start with {@code -} (they would be read as flags).
 *
 * <p>Who calls it: {@link ProwlerScanner} for every scan; embedding code may build it to validate configuration early.
 * Instances are immutable and thread-safe; no component is null except {@code executable}, {@code mutelistFile} and
 * {@code organizationId}.
 *
 * @param executable the Prowler executable, a path or a name on {@code PATH}; nullable for {@code prowler}
 * @param outputFormats the formats Prowler writes; always holds {@code json-ocsf}
 * @param compliance compliance frameworks to check
 * @param severities severities to keep
 * @param services services to scan
 * @param checks checks to run
 * @param excludedChecks checks to skip
 * @param excludedServices services to skip
 * @param statuses statuses to keep (PASS, FAIL, MANUAL)
 * @param regions AWS regions to scan
 * @param mutelistFile the mutelist; nullable
 * @param subscriptionIds Azure subscriptions to scan; empty for the account id
 * @param allSubscriptions true to scan every Azure subscription the identity can see
 * @param projectIds GCP projects to scan; empty for the account id
 * @param organizationId GCP organization to scan; nullable
 * @param namespaces Kubernetes namespaces to scan
 * @param scanUnusedServices AWS: also check services that are not in use
 * @param logLevel Prowler's log level
 * @param partialOnErrors whether ERROR or CRITICAL lines in Prowler's log make the scan PARTIAL
 * @param extraArgs further arguments appended as they are
 * @param awsRetriesMaxAttempts how many attempts a throttled AWS call gets; nullable for Prowler's default
 * @param gcpRetriesMaxAttempts how many attempts a throttled GCP call gets; nullable for Prowler's default
 */
public record ProwlerOptions(String executable, List<String> outputFormats, List<String> compliance,
    List<String> severities, List<String> services, List<String> checks, List<String> excludedChecks,
    List<String> excludedServices, List<String> statuses, List<String> regions, String mutelistFile,
    List<String> subscriptionIds, boolean allSubscriptions, List<String> projectIds, String organizationId,
    List<String> namespaces, boolean scanUnusedServices, String logLevel, boolean partialOnErrors,
    List<String> extraArgs, Integer awsRetriesMaxAttempts, Integer gcpRetriesMaxAttempts) {

  /** The namespace of every key: {@code prowler.}. */
  public static final String PREFIX = "prowler.";

  private static final List<String> DEFAULT_FORMATS = List.of("json-ocsf", "csv", "html");
  private static final Set<String> FORMATS = Set.of("json-ocsf", "csv", "html", "json-asff", "sarif");
  private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "informational");
  private static final Set<String> STATUSES = Set.of("PASS", "FAIL", "MANUAL");
  private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");
  private static final Pattern SAFE_VALUE = Pattern.compile("[^-\\s][^\\s]*");
  private static final Set<String> KEYS = Set.of("executable", "output-formats", "asff", "compliance", "severity",
      "severities", "service", "services", "check", "checks", "excluded-check", "excluded-checks",
      "excluded-service", "excluded-services", "status", "region", "regions", "mutelist-file", "subscription-id",
      "subscription-ids", "all-subscriptions", "project-id", "project-ids", "organization-id", "namespace",
      "namespaces", "scan-unused-services", "log-level", "partial-on-errors", "extra-args", "aws-retries-max-attempts",
      "gcp-retries-max-attempts");
  /** Flags secposture sets from the credentials or itself; setting them through extra-args would conflict. */
  private static final Set<String> MANAGED_FLAGS = Set.of("-o", "--output-directory", "-F", "--output-filename",
      "-M", "--output-formats", "--output-modes", "-b", "--no-banner", "--log-level", "--log-file", "-p", "--profile",
      "-R", "--role", "-I", "--external-id", "-T", "--session-duration", "--role-session-name", "--mfa",
      "--az-cli-auth", "--sp-env-auth", "--browser-auth", "--managed-identity-auth", "--tenant-id",
      "--credentials-file", "--impersonate-service-account", "--kubeconfig-file", "--context",
      "--subscription-id", "--subscription-ids", "--project-id", "--project-ids", "--organization-id");
  private static final Pattern SECRET_FLAG = Pattern.compile(
      "--?[a-z0-9-]*(token|secret|password|passphrase|api-key|app-key|private-key|shodan)[a-z0-9-]*|-N",
      Pattern.CASE_INSENSITIVE);

  /** Validates the components and copies the lists. */
  public ProwlerOptions {
    outputFormats = List.copyOf(outputFormats);
    if (!outputFormats.contains("json-ocsf")) {
      throw new IllegalArgumentException("outputFormats must hold json-ocsf, the format secposture parses; got "
          + outputFormats);
    }
    compliance = List.copyOf(compliance);
    severities = List.copyOf(severities);
    services = List.copyOf(services);
    checks = List.copyOf(checks);
    excludedChecks = List.copyOf(excludedChecks);
    excludedServices = List.copyOf(excludedServices);
    statuses = List.copyOf(statuses);
    regions = List.copyOf(regions);
    subscriptionIds = List.copyOf(subscriptionIds);
    projectIds = List.copyOf(projectIds);
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(logLevel, "logLevel");
    extraArgs = List.copyOf(extraArgs);
    for (Integer attempts : new Integer[] {awsRetriesMaxAttempts, gcpRetriesMaxAttempts}) {
      if (attempts != null && (attempts < 1 || attempts > 100)) {
        throw new IllegalArgumentException("retry attempts must be 1 to 100, got " + attempts);
      }
    }
  }

  /**
   * Creates options with Prowler's default retries.
   *
   * @param executable the Prowler executable; nullable for {@code prowler}
   * @param outputFormats the formats Prowler writes
   * @param compliance compliance frameworks to check
   * @param severities severities to keep
   * @param services services to scan
   * @param checks checks to run
   * @param excludedChecks checks to skip
   * @param excludedServices services to skip
   * @param statuses statuses to keep
   * @param regions AWS regions to scan
   * @param mutelistFile the mutelist; nullable
   * @param subscriptionIds Azure subscriptions to scan
   * @param allSubscriptions true to scan every Azure subscription
   * @param projectIds GCP projects to scan
   * @param organizationId GCP organization to scan; nullable
   * @param namespaces Kubernetes namespaces to scan
   * @param scanUnusedServices AWS: also check unused services
   * @param logLevel Prowler's log level
   * @param partialOnErrors whether ERROR or CRITICAL log lines make the scan PARTIAL
   * @param extraArgs further arguments
   */
  public ProwlerOptions(String executable, List<String> outputFormats, List<String> compliance,
      List<String> severities, List<String> services, List<String> checks, List<String> excludedChecks,
      List<String> excludedServices, List<String> statuses, List<String> regions, String mutelistFile,
      List<String> subscriptionIds, boolean allSubscriptions, List<String> projectIds, String organizationId,
      List<String> namespaces, boolean scanUnusedServices, String logLevel, boolean partialOnErrors,
      List<String> extraArgs) {
    this(executable, outputFormats, compliance, severities, services, checks, excludedChecks, excludedServices,
        statuses, regions, mutelistFile, subscriptionIds, allSubscriptions, projectIds, organizationId, namespaces,
        scanUnusedServices, logLevel, partialOnErrors, extraArgs, null, null);
  }

  /**
   * Returns these options with other output formats, for example the ones an older Prowler accepts.
   *
   * @param formats the formats; must hold {@code json-ocsf}
   * @return the options
   * @throws IllegalArgumentException if the formats lack {@code json-ocsf}
   */
  public ProwlerOptions withOutputFormats(List<String> formats) {
    return new ProwlerOptions(executable, formats, compliance, severities, services, checks, excludedChecks,
        excludedServices, statuses, regions, mutelistFile, subscriptionIds, allSubscriptions, projectIds,
        organizationId, namespaces, scanUnusedServices, logLevel, partialOnErrors, extraArgs, awsRetriesMaxAttempts,
        gcpRetriesMaxAttempts);
  }

  /**
   * Returns the options of a scan that sets none: every default.
   *
   * @return the defaults
   */
  public static ProwlerOptions defaults() {
    return from(Settings.empty());
  }

  /**
   * Reads the {@code prowler.*} keys of the settings; other keys are ignored.
   *
   * @param settings the scan's options, e.g. {@code ScanRequest.options()}
   * @return the options
   * @throws ConfigurationException listing every problem at once: unknown keys (with the closest known one),
   *     malformed values, values Prowler does not accept, combinations Prowler refuses
   */
  public static ProwlerOptions from(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    Reader reader = new Reader(settings.scoped("prowler"));
    for (String key : settings.scoped("prowler").asMap().keySet()) {
      if (!KEYS.contains(key)) {
        reader.problems.add("unknown option '" + PREFIX + key + "'" + Suggestions.closest(key, new TreeSet<>(KEYS))
            .map(known -> "; did you mean '" + PREFIX + known + "'?").orElse("; known options: "
                + new TreeSet<>(KEYS)));
      }
    }
    String executable = reader.text("executable");
    LinkedHashSet<String> formats = new LinkedHashSet<>(reader.list("output-formats", DEFAULT_FORMATS));
    for (String format : formats) {
      if (!FORMATS.contains(format)) {
        reader.problems.add(PREFIX + "output-formats holds '" + format + "'; Prowler writes " + new TreeSet<>(FORMATS));
      }
    }
    if (!formats.contains("json-ocsf")) {
      reader.problems.add(PREFIX + "output-formats must include json-ocsf, the format secposture parses; got "
          + formats);
      formats.add("json-ocsf");
    }
    if (reader.bool("asff", false)) {
      formats.add("json-asff");
    }
    List<String> compliance = reader.list("compliance", List.of());
    List<String> severities = lower(reader.aliased("severity", "severities"));
    reader.allowed("severity", severities, SEVERITIES);
    List<String> services = reader.aliased("service", "services");
    List<String> checks = reader.aliased("check", "checks");
    int scopes = (compliance.isEmpty() ? 0 : 1) + (services.isEmpty() ? 0 : 1) + (checks.isEmpty() ? 0 : 1);
    if (scopes > 1) {
      reader.problems.add(PREFIX + "compliance, " + PREFIX + "services and " + PREFIX + "checks cannot be combined: "
          + "Prowler accepts only one of them; keep one and use excluded-checks or severity to narrow it");
    }
    List<String> statuses = upper(reader.list("status", List.of()));
    reader.allowed("status", statuses, STATUSES);
    String logLevel = reader.text("log-level");
    logLevel = logLevel == null ? "ERROR" : logLevel.toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(logLevel)) {
      reader.problems.add(PREFIX + "log-level is '" + logLevel + "'; use one of " + new TreeSet<>(LOG_LEVELS));
      logLevel = "ERROR";
    }
    List<String> extraArgs = reader.rawList("extra-args");
    for (String argument : extraArgs) {
      String flag = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      if (MANAGED_FLAGS.contains(flag)) {
        reader.problems.add(PREFIX + "extra-args holds '" + flag + "', which secposture sets itself from the "
            + "account's credentials and options; use the matching " + PREFIX + "* option or credentials instead");
      } else if (flag.startsWith("-") && SECRET_FLAG.matcher(flag).matches()) {
        reader.problems.add(PREFIX + "extra-args holds '" + flag + "', which takes a secret; secrets never go on a "
            + "command line: give Prowler the secret through its environment variable instead");
      }
    }
    ProwlerOptions options = new ProwlerOptions(executable, List.copyOf(formats), compliance, severities, services,
        checks, reader.aliased("excluded-check", "excluded-checks"),
        reader.aliased("excluded-service", "excluded-services"), statuses, reader.aliased("region", "regions"),
        reader.text("mutelist-file"), reader.aliased("subscription-id", "subscription-ids"),
        reader.bool("all-subscriptions", false), reader.aliased("project-id", "project-ids"),
        reader.text("organization-id"), reader.aliased("namespace", "namespaces"),
        reader.bool("scan-unused-services", false), logLevel, reader.bool("partial-on-errors", true), extraArgs,
        reader.attempts("aws-retries-max-attempts"), reader.attempts("gcp-retries-max-attempts"));
    if (!reader.problems.isEmpty()) {
      throw new ConfigurationException(reader.problems);
    }
    return options;
  }

  private static List<String> lower(List<String> values) {
    return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
  }

  private static List<String> upper(List<String> values) {
    return values.stream().map(value -> value.toUpperCase(Locale.ROOT)).toList();
  }

  /** Reads keys of the prowler namespace, collecting problems instead of throwing. */
  private static final class Reader {
    final Settings settings;
    final List<String> problems = new ArrayList<>();

    Reader(Settings settings) {
      this.settings = settings;
    }

    String text(String key) {
      String value = settings.getString(key);
      return value == null || value.isEmpty() ? null : value;
    }

    boolean bool(String key, boolean defaultValue) {
      try {
        return settings.getBoolean(key, defaultValue);
      } catch (ConfigurationException e) {
        problems.add(PREFIX + key + " is '" + settings.getString(key) + "'; use true or false");
        return defaultValue;
      }
    }

    Integer attempts(String key) {
      String value = text(key);
      if (value == null) {
        return null;
      }
      try {
        int attempts = Integer.parseInt(value);
        if (attempts >= 1 && attempts <= 100) {
          return attempts;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(PREFIX + key + " is '" + value + "'; use a number of attempts from 1 to 100");
      return null;
    }

    List<String> rawList(String key) {
      return settings.getList(key);
    }

    List<String> list(String key, List<String> defaultValue) {
      if (!settings.contains(key)) {
        return defaultValue;
      }
      List<String> values = settings.getList(key);
      for (String value : values) {
        if (!SAFE_VALUE.matcher(value).matches()) {
          problems.add(PREFIX + key + " holds '" + value + "'; values may not start with '-' or hold spaces "
              + "(they would reach Prowler as flags)");
        }
      }
      return values.stream().filter(value -> SAFE_VALUE.matcher(value).matches()).toList();
    }

    List<String> aliased(String singular, String plural) {
      if (settings.contains(singular) && settings.contains(plural)) {
        problems.add(PREFIX + singular + " and " + PREFIX + plural + " are the same option; set only one");
      }
      return settings.contains(singular) ? list(singular, List.of()) : list(plural, List.of());
    }

    void allowed(String key, List<String> values, Set<String> allowed) {
      for (String value : values) {
        if (!allowed.contains(value)) {
          problems.add(PREFIX + key + " holds '" + value + "'; use " + new TreeSet<>(allowed));
        }
      }
    }
  }
}
