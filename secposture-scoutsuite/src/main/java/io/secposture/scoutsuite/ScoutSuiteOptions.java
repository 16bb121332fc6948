package io.secposture.scoutsuite;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import io.secposture.scoutsuite.internal.ExtraArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options of one ScoutSuite scan, read from the {@code scoutsuite.*} keys of a scan's options
 * ({@link io.secposture.api.ScanRequest#options()}: the job's options overlaid with the account's own) or built in
 * code with {@link #builder()}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>value</th><th>becomes</th></tr>
 *   <tr><td>{@code scoutsuite.executable}</td><td>path or name on {@code PATH}</td><td>the program run (default
 *     {@code scout})</td></tr>
 *   <tr><td>{@code scoutsuite.regions}</td><td>comma-separated aws regions</td><td>{@code --regions} (aws
 *     only)</td></tr>
 *   <tr><td>{@code scoutsuite.exclude-regions}</td><td>comma-separated aws regions</td><td>{@code --exclude-regions}
 *     (aws only)</td></tr>
 *   <tr><td>{@code scoutsuite.services}</td><td>comma-separated services</td><td>{@code --services} (not
 *     kubernetes)</td></tr>
 *   <tr><td>{@code scoutsuite.skip}</td><td>comma-separated services</td><td>{@code --skip} (not kubernetes)</td></tr>
 *   <tr><td>{@code scoutsuite.ruleset}</td><td>a ruleset file or a built-in ruleset name</td><td>{@code --ruleset}</td></tr>
 *   <tr><td>{@code scoutsuite.exceptions}</td><td>an existing exceptions file</td><td>{@code --exceptions}</td></tr>
 *   <tr><td>{@code scoutsuite.max-workers}</td><td>1 to 1000</td><td>{@code --max-workers}</td></tr>
 *   <tr><td>{@code scoutsuite.max-rate}</td><td>1 to 100000 API calls per second</td><td>{@code --max-rate}</td></tr>
 *   <tr><td>{@code scoutsuite.report-name}</td><td>letters, digits, {@code .}, {@code _}, {@code -}</td><td>{@code
 *     --report-name} (default {@code <provider>-<account id>})</td></tr>
 *   <tr><td>{@code scoutsuite.subscriptions}</td><td>comma-separated subscription ids</td><td>{@code --subscriptions}
 *     (azure; default: the account id when it is a subscription id)</td></tr>
 *   <tr><td>{@code scoutsuite.all-subscriptions}</td><td>true or false</td><td>{@code --all-subscriptions}
 *     (azure)</td></tr>
 *   <tr><td>{@code scoutsuite.folder-id}</td><td>a folder id</td><td>{@code --folder-id} (gcp, instead of the
 *     account's {@code --project-id})</td></tr>
 *   <tr><td>{@code scoutsuite.organization-id}</td><td>an organization id</td><td>{@code --organization-id} (gcp,
 *     instead of {@code --project-id})</td></tr>
 *   <tr><td>{@code scoutsuite.all-projects}</td><td>true or false</td><td>{@code --all-projects} (gcp, instead of
 *     {@code --project-id})</td></tr>
 *   <tr><td>{@code scoutsuite.cluster-provider}</td><td>{@code aks}, {@code eks} or {@code gke}</td><td>{@code
 *     --cluster-provider} (kubernetes)</td></tr>
 *   <tr><td>{@code scoutsuite.extra-args}</td><td>arguments separated by spaces, quotes keep spaces</td><td>appended
 *     verbatim; flags that carry secrets or that secposture sets are refused</td></tr>
 * </table>
 *
 * <p>Options that do not apply to an account's provider (regions for azure, say) are ignored, so one job-wide set of
 * options serves every account. Instances are immutable and thread-safe; list components are never {@code null},
 * the others are {@code null} when unset.
 *
 * @param executable the ScoutSuite executable, a path or a name on {@code PATH}; nullable for {@code scout}
 * @param regions aws regions to scan; empty for all
 * @param excludeRegions aws regions not to scan
 * @param services services to scan; empty for all
 * @param skip services not to scan
 * @param ruleset a ruleset file or built-in ruleset name; nullable for ScoutSuite's default
 * @param exceptions an exceptions file; nullable
 * @param maxWorkers the size of ScoutSuite's worker pool; nullable for its default (10)
 * @param maxRate the most API calls per second; nullable for no limit
 * @param extraArgs further arguments, appended verbatim
 * @param reportName the report name; nullable for {@code <provider>-<account id>}
 * @param subscriptions azure subscriptions to scan; empty for the account's own
 * @param allSubscriptions whether to scan every azure subscription the credentials see
 * @param folderId a gcp folder to scan instead of the account's project; nullable
 * @param organizationId a gcp organization to scan instead of the account's project; nullable
 * @param allProjects whether to scan every gcp project the credentials see
 * @param clusterProvider {@code aks}, {@code eks} or {@code gke} for kubernetes clusters; nullable
 */
public record ScoutSuiteOptions(String executable, List<String> regions, List<String> excludeRegions,
    List<String> services, List<String> skip, String ruleset, Path exceptions, Integer maxWorkers, Integer maxRate,
    List<String> extraArgs, String reportName, List<String> subscriptions, boolean allSubscriptions,
    String folderId, String organizationId, boolean allProjects, String clusterProvider) {

  /** The namespace of the keys this record reads. */
  public static final String PREFIX = "scoutsuite.";

  private static final Set<String> KEYS = Set.of("executable", "regions", "exclude-regions", "services", "skip",
      "ruleset", "exceptions", "max-workers", "max-rate", "extra-args", "report-name", "subscriptions",
      "all-subscriptions", "folder-id", "organization-id", "all-projects", "cluster-provider");
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9_]+");
  private static final Pattern SUBSCRIPTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
  private static final Pattern GCP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/_-]*");
  private static final Pattern REPORT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Set<String> CLUSTER_PROVIDERS = Set.of("aks", "eks", "gke");

  /**
   * Validates the options and copies the lists.
   *
   * @throws ConfigurationException listing every problem at once
   */
  public ScoutSuiteOptions {
    regions = List.copyOf(regions);
    excludeRegions = List.copyOf(excludeRegions);
    services = List.copyOf(services);
    skip = List.copyOf(skip);
    extraArgs = List.copyOf(extraArgs);
    subscriptions = List.copyOf(subscriptions);
    List<String> problems = new ArrayList<>();
    validate(problems, executable, regions, excludeRegions, services, skip, ruleset, exceptions, maxWorkers, maxRate,
        extraArgs, reportName, subscriptions, allSubscriptions, folderId, organizationId, allProjects,
        clusterProvider);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /**
   * Returns options with nothing set: ScoutSuite's defaults.
   *
   * @return the default options
   */
  public static ScoutSuiteOptions defaults() {
    return builder().build();
  }

  /**
   * Reads the {@code scoutsuite.*} keys of settings (other keys are ignored), checking every one and reporting all
   * problems at once: malformed values, values out of range, contradictions, missing files, unknown
   * {@code scoutsuite.*} keys.
   *
   * @param settings the scan's options
   * @return the options
   * @throws ConfigurationException listing every problem, each naming its key and value and what is expected
   */
  public static ScoutSuiteOptions from(Settings settings) {
    Settings own = settings.scoped("scoutsuite");
    List<String> problems = new ArrayList<>();
    for (String key : own.asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown setting '" + PREFIX + key + "'" + suggestion(key) + "; known: "
            + new TreeSet<>(KEYS).stream().map(k -> PREFIX + k).toList());
      }
    }
    Builder builder = builder();
    builder.executable = own.getString("executable");
    builder.regions = own.getList("regions");
    builder.excludeRegions = own.getList("exclude-regions");
    builder.services = own.getList("services");
    builder.skip = own.getList("skip");
    builder.ruleset = own.getString("ruleset");
    String exceptions = own.getString("exceptions");
    if (exceptions != null) {
      try {
        builder.exceptions = Path.of(exceptions);
      } catch (java.nio.file.InvalidPathException e) {
        problems.add(malformed("exceptions", exceptions, "a file path"));
      }
    }
    builder.maxWorkers = integer(own, "max-workers", problems);
    builder.maxRate = integer(own, "max-rate", problems);
    String extra = own.getString("extra-args");
    builder.extraArgs = extra == null ? List.of() : ExtraArgs.split(extra, problems);
    builder.reportName = own.getString("report-name");
    builder.subscriptions = own.getList("subscriptions");
    builder.allSubscriptions = bool(own, "all-subscriptions", problems);
    builder.folderId = own.getString("folder-id");
    builder.organizationId = own.getString("organization-id");
    builder.allProjects = bool(own, "all-projects", problems);
    String clusterProvider = own.getString("cluster-provider");
    builder.clusterProvider = clusterProvider == null ? null : clusterProvider.toLowerCase(Locale.ROOT);
    validate(problems, builder.executable, builder.regions, builder.excludeRegions, builder.services, builder.skip,
        builder.ruleset, builder.exceptions, builder.maxWorkers, builder.maxRate, builder.extraArgs,
        builder.reportName, builder.subscriptions, builder.allSubscriptions, builder.folderId, builder.organizationId,
        builder.allProjects, builder.clusterProvider);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return builder.build();
  }

  private static Integer integer(Settings own, String key, List<String> problems) {
    try {
      return own.getInt(key);
    } catch (ConfigurationException e) {
      problems.add(malformed(key, own.getString(key), "an integer"));
      return null;
    }
  }

  private static boolean bool(Settings own, String key, List<String> problems) {
    try {
      return own.getBoolean(key, false);
    } catch (ConfigurationException e) {
      problems.add(malformed(key, own.getString(key), "true or false"));
      return false;
    }
  }

  private static String malformed(String key, String value, String expected) {
    return "setting '" + PREFIX + key + "' has value '" + value + "'; expected " + expected;
  }

  private static String suggestion(String key) {
    return Suggestions.closest(key, KEYS, 3).map(best -> " (did you mean '" + PREFIX + best + "'?)").orElse("");
  }

  private static void validate(List<String> problems, String executable, List<String> regions,
      List<String> excludeRegions, List<String> services, List<String> skip, String ruleset, Path exceptions,
      Integer maxWorkers, Integer maxRate, List<String> extraArgs, String reportName, List<String> subscriptions,
      boolean allSubscriptions, String folderId, String organizationId, boolean allProjects,
      String clusterProvider) {
    if (executable != null && (executable.isBlank() || CONTROL.matcher(executable).find())) {
      problems.add(malformed("executable", printable(executable), "a path or a program name on PATH"));
    }
    checkEach(problems, "regions", regions, REGION, "aws region names such as eu-west-1");
    checkEach(problems, "exclude-regions", excludeRegions, REGION, "aws region names such as eu-west-1");
    checkEach(problems, "services", services, SERVICE, "ScoutSuite service names such as s3, ec2, iam");
    checkEach(problems, "skip", skip, SERVICE, "ScoutSuite service names such as s3, ec2, iam");
    checkEach(problems, "subscriptions", subscriptions, SUBSCRIPTION, "azure subscription ids");
    if (ruleset != null && (ruleset.isBlank() || ruleset.startsWith("-") || CONTROL.matcher(ruleset).find())) {
      problems.add(malformed("ruleset", printable(ruleset), "a ruleset file or a built-in ruleset name such as"
          + " detailed"));
    }
    if (exceptions != null && !(Files.isRegularFile(exceptions) && Files.isReadable(exceptions))) {
      problems.add("setting '" + PREFIX + "exceptions' names " + exceptions.toAbsolutePath() + ", which "
          + (Files.exists(exceptions) ? "is not a readable file" : "does not exist") + "; point it at a ScoutSuite"
          + " exceptions file");
    }
    if (maxWorkers != null && (maxWorkers < 1 || maxWorkers > 1000)) {
      problems.add(malformed("max-workers", String.valueOf(maxWorkers), "an integer from 1 to 1000"));
    }
    if (maxRate != null && (maxRate < 1 || maxRate > 100_000)) {
      problems.add(malformed("max-rate", String.valueOf(maxRate), "an integer from 1 to 100000"));
    }
    problems.addAll(ExtraArgs.problems(extraArgs));
    if (reportName != null && !REPORT_NAME.matcher(reportName).matches()) {
      problems.add(malformed("report-name", printable(reportName), "1-128 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit"));
    }
    if (allSubscriptions && !subscriptions.isEmpty()) {
      problems.add("settings '" + PREFIX + "subscriptions' and '" + PREFIX + "all-subscriptions' contradict each"
          + " other; set one of them");
    }
    checkGcpId(problems, "folder-id", folderId);
    checkGcpId(problems, "organization-id", organizationId);
    int gcpScopes = (allProjects ? 1 : 0) + (folderId != null ? 1 : 0) + (organizationId != null ? 1 : 0);
    if (gcpScopes > 1) {
      problems.add("settings '" + PREFIX + "all-projects', '" + PREFIX + "folder-id' and '" + PREFIX
          + "organization-id' each choose the gcp scope; set only one (ScoutSuite would silently ignore the others)");
    }
    if (clusterProvider != null && !CLUSTER_PROVIDERS.contains(clusterProvider)) {
      problems.add(malformed("cluster-provider", printable(clusterProvider), "aks, eks or gke"));
    }
  }

  private static void checkEach(List<String> problems, String key, List<String> values, Pattern pattern,
      String expected) {
    for (String value : values) {
      if (value == null || !pattern.matcher(value).matches()) {
        problems.add("setting '" + PREFIX + key + "' holds '" + printable(value) + "'; expected " + expected);
      }
    }
  }

  private static void checkGcpId(List<String> problems, String key, String value) {
    if (value != null && !GCP_ID.matcher(value).matches()) {
      problems.add(malformed(key, printable(value), "a gcp " + key.replace("-id", "") + " id such as 123456789012"));
    }
  }

  private static String printable(String value) {
    return value == null ? "null" : CONTROL.matcher(value).replaceAll("?");
  }

  /**
   * Returns these options as {@code scoutsuite.*} settings, the inverse of {@link #from(Settings)}: for example to
   * put them into an account's options.
   *
   * @return the settings; unset options have no key
   */
  public Settings toSettings() {
    Map<String, String> values = new TreeMap<>();
    putIf(values, "executable", executable);
    putList(values, "regions", regions);
    putList(values, "exclude-regions", excludeRegions);
    putList(values, "services", services);
    putList(values, "skip", skip);
    putIf(values, "ruleset", ruleset);
    putIf(values, "exceptions", exceptions == null ? null : exceptions.toString());
    putIf(values, "max-workers", maxWorkers == null ? null : maxWorkers.toString());
    putIf(values, "max-rate", maxRate == null ? null : maxRate.toString());
    if (!extraArgs.isEmpty()) {
      values.put(PREFIX + "extra-args", String.join(" ", extraArgs.stream().map(ScoutSuiteOptions::quote).toList()));
    }
    putIf(values, "report-name", reportName);
    putList(values, "subscriptions", subscriptions);
    if (allSubscriptions) {
      values.put(PREFIX + "all-subscriptions", "true");
    }
    putIf(values, "folder-id", folderId);
    putIf(values, "organization-id", organizationId);
    if (allProjects) {
      values.put(PREFIX + "all-projects", "true");
    }
    putIf(values, "cluster-provider", clusterProvider);
    return Settings.of(values);
  }

  private static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
      return arg;
    }
    return arg.contains("\"") ? "'" + arg + "'" : "\"" + arg + "\"";
  }

  private static void putIf(Map<String, String> values, String key, String value) {
    if (value != null) {
      values.put(PREFIX + key, value);
    }
  }

  private static void putList(Map<String, String> values, String key, List<String> list) {
    if (!list.isEmpty()) {
      values.put(PREFIX + key, String.join(",", list));
    }
  }

  /**
   * Starts building options in code.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.executable = executable;
    builder.regions = regions;
    builder.excludeRegions = excludeRegions;
    builder.services = services;
    builder.skip = skip;
    builder.ruleset = ruleset;
    builder.exceptions = exceptions;
    builder.maxWorkers = maxWorkers;
    builder.maxRate = maxRate;
    builder.extraArgs = extraArgs;
    builder.reportName = reportName;
    builder.subscriptions = subscriptions;
    builder.allSubscriptions = allSubscriptions;
    builder.folderId = folderId;
    builder.organizationId = organizationId;
    builder.allProjects = allProjects;
    builder.clusterProvider = clusterProvider;
    return builder;
  }

  /** Builds {@link ScoutSuiteOptions}. Not thread-safe. */
  public static final class Builder {
    private String executable;
    private List<String> regions = List.of();
    private List<String> excludeRegions = List.of();
    private List<String> services = List.of();
    private List<String> skip = List.of();
    private String ruleset;
    private Path exceptions;
    private Integer maxWorkers;
    private Integer maxRate;
    private List<String> extraArgs = List.of();
    private String reportName;
    private List<String> subscriptions = List.of();
    private boolean allSubscriptions;
    private String folderId;
    private String organizationId;
    private boolean allProjects;
    private String clusterProvider;

    private Builder() {
    }

    /** @param executable a path or a name on PATH, nullable; @return this builder */
    public Builder executable(String executable) {
      this.executable = executable;
      return this;
    }

    /** @param regions aws regions to scan; @return this builder */
    public Builder regions(List<String> regions) {
      this.regions = regions;
      return this;
    }

    /** @param regions aws regions not to scan; @return this builder */
    public Builder excludeRegions(List<String> regions) {
      this.excludeRegions = regions;
      return this;
    }

    /** @param services services to scan; @return this builder */
    public Builder services(List<String> services) {
      this.services = services;
      return this;
    }

    /** @param services services not to scan; @return this builder */
    public Builder skip(List<String> services) {
      this.skip = services;
      return this;
    }

    /** @param ruleset a ruleset file or name, nullable; @return this builder */
    public Builder ruleset(String ruleset) {
      this.ruleset = ruleset;
      return this;
    }

    /** @param exceptions an exceptions file, nullable; @return this builder */
    public Builder exceptions(Path exceptions) {
      this.exceptions = exceptions;
      return this;
    }

    /** @param maxWorkers 1 to 1000, nullable; @return this builder */
    public Builder maxWorkers(Integer maxWorkers) {
      this.maxWorkers = maxWorkers;
      return this;
    }

    /** @param maxRate 1 to 100000, nullable; @return this builder */
    public Builder maxRate(Integer maxRate) {
      this.maxRate = maxRate;
      return this;
    }

    /** @param extraArgs arguments appended verbatim; @return this builder */
    public Builder extraArgs(List<String> extraArgs) {
      this.extraArgs = extraArgs;
      return this;
    }

    /** @param reportName the report name, nullable; @return this builder */
    public Builder reportName(String reportName) {
      this.reportName = reportName;
      return this;
    }

    /** @param subscriptions azure subscriptions; @return this builder */
    public Builder subscriptions(List<String> subscriptions) {
      this.subscriptions = subscriptions;
      return this;
    }

    /** @param allSubscriptions whether to scan every azure subscription; @return this builder */
    public Builder allSubscriptions(boolean allSubscriptions) {
      this.allSubscriptions = allSubscriptions;
      return this;
    }

    /** @param folderId a gcp folder, nullable; @return this builder */
    public Builder folderId(String folderId) {
      this.folderId = folderId;
      return this;
    }

    /** @param organizationId a gcp organization, nullable; @return this builder */
    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    /** @param allProjects whether to scan every gcp project; @return this builder */
    public Builder allProjects(boolean allProjects) {
      this.allProjects = allProjects;
      return this;
    }

    /** @param clusterProvider aks, eks or gke, nullable; @return this builder */
    public Builder clusterProvider(String clusterProvider) {
      this.clusterProvider = clusterProvider;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws ConfigurationException listing every problem
     */
    public ScoutSuiteOptions build() {
      return new ScoutSuiteOptions(executable, regions, excludeRegions, services, skip, ruleset, exceptions,
          maxWorkers, maxRate, extraArgs, reportName, subscriptions, allSubscriptions, folderId, organizationId,
          allProjects, clusterProvider);
    }
  }
}
