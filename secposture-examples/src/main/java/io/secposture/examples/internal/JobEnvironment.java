package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import io.secposture.core.Inventory;
import io.secposture.core.Pipeline;
import io.secposture.core.Shard;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: the job-wide settings read from environment variables, each overridable on the command line.
 * Every malformed value is collected, so the user sees all problems at once.
 *
 * <pre>
 * SECPOSTURE_PUBLISH          where to publish (s3://, gs://, azblob://, file:// or a folder); default ./secposture-site
 * SECPOSTURE_PUBLISH_OPTIONS  publisher settings, "key=value;key=value" (e.g. s3.region=eu-west-1)
 * SECPOSTURE_ACCOUNTS_FILE    a JSON or YAML inventory instead of (or in addition to) SECPOSTURE_ACCOUNTS
 * SECPOSTURE_CONCURRENCY      scans at once; default 4
 * SECPOSTURE_SCAN_TIMEOUT     per scan, e.g. 2h or 90m; default 2h
 * SECPOSTURE_SCANNERS         scanners for accounts that list none; default scoutsuite
 * SECPOSTURE_OPTIONS          job-wide scanner options, "key=value;key=value" (e.g. scoutsuite.max-workers=4)
 * SECPOSTURE_RUN_ID           the run id; default a UTC timestamp plus a random suffix (every shard of a run sets the same)
 * SECPOSTURE_WORK_DIR         where scanner outputs go before publishing; default a temporary folder
 * SECPOSTURE_SHARD            this job's shard, INDEX/COUNT (0/4), or auto (JOB_COMPLETION_INDEX or
 *                             AWS_BATCH_JOB_ARRAY_INDEX) with SECPOSTURE_SHARD_COUNT or auto/COUNT
 * SECPOSTURE_SHARD_COUNT      how many shards the run has (with auto, and for merge --shards)
 * SECPOSTURE_MERGE_WHEN_COMPLETE  true: the last shard to publish merges the run
 * SECPOSTURE_DISCOVER         account discoveries to run: aws-org, gcp-org, azure-subscriptions (comma-separated)
 * SECPOSTURE_DISCOVERY_OPTIONS  discovery settings, "key=value;key=value" (e.g. aws-org.role-name=SecpostureAudit)
 * SECPOSTURE_INCLUDE / _EXCLUDE  which discovered accounts to keep / drop, comma-separated rules (ou:ou-1a2b,tag:env=prod)
 * SECPOSTURE_CHAINING         off to hand scanners the accounts' own credentials (default on: chain from the job's identity)
 * SECPOSTURE_CHAINING_OPTIONS credential chaining settings, "key=value;key=value" (e.g. aws.region=eu-west-1)
 * SECPOSTURE_RATE_BUDGET      API budget shared by concurrent scans, "key=value;..." (aws.max-requests-per-second=100)
 * SECPOSTURE_SUPPRESSIONS     accepted risks to mute: a YAML or JSON file or a store URI (run, demo, aggregate)
 * </pre>
 * The prefix is reserved: {@code run} and {@code check} refuse any other {@code SECPOSTURE_*} variable (a typo such as
 * {@code SECPOSTURE_CONCURENCY} would otherwise be ignored), except those the configuration refers to by name; the
 * other commands refuse near misses of the names above. See {@link #checkVariables}.
 */
public final class JobEnvironment {
  /** Variable: destination. */
  public static final String PUBLISH = "SECPOSTURE_PUBLISH";
  /** Variable: publisher settings. */
  public static final String PUBLISH_OPTIONS = "SECPOSTURE_PUBLISH_OPTIONS";
  /** Variable: inventory file. */
  public static final String ACCOUNTS_FILE = "SECPOSTURE_ACCOUNTS_FILE";
  /** Variable: concurrency. */
  public static final String CONCURRENCY = "SECPOSTURE_CONCURRENCY";
  /** Variable: scan timeout. */
  public static final String SCAN_TIMEOUT = "SECPOSTURE_SCAN_TIMEOUT";
  /** Variable: default scanners. */
  public static final String SCANNERS = "SECPOSTURE_SCANNERS";
  /** Variable: scanner options. */
  public static final String OPTIONS = "SECPOSTURE_OPTIONS";
  /** Variable: run id. */
  public static final String RUN_ID = "SECPOSTURE_RUN_ID";
  /** Variable: work directory. */
  public static final String WORK_DIR = "SECPOSTURE_WORK_DIR";
  /** Variable: this job's shard. */
  public static final String SHARD = "SECPOSTURE_SHARD";
  /** Variable: how many shards the run has. */
  public static final String SHARD_COUNT = "SECPOSTURE_SHARD_COUNT";
  /** Variable: whether the last shard merges. */
  public static final String MERGE_WHEN_COMPLETE = "SECPOSTURE_MERGE_WHEN_COMPLETE";
  /** Variable: account discoveries. */
  public static final String DISCOVER = "SECPOSTURE_DISCOVER";
  /** Variable: discovery settings. */
  public static final String DISCOVERY_OPTIONS = "SECPOSTURE_DISCOVERY_OPTIONS";
  /** Variable: discovery include rules. */
  public static final String INCLUDE = "SECPOSTURE_INCLUDE";
  /** Variable: discovery exclude rules. */
  public static final String EXCLUDE = "SECPOSTURE_EXCLUDE";
  /** Variable: credential chaining on or off. */
  public static final String CHAINING = "SECPOSTURE_CHAINING";
  /** Variable: credential chaining settings. */
  public static final String CHAINING_OPTIONS = "SECPOSTURE_CHAINING_OPTIONS";
  /** Variable: the rate budget. */
  public static final String RATE_BUDGET = "SECPOSTURE_RATE_BUDGET";
  /** Variable: the exporters to run after publishing, comma-separated. */
  public static final String EXPORTS = "SECPOSTURE_EXPORTS";
  /** Variable: exporter settings, {@code key=value} pairs separated by {@code ;}. */
  public static final String EXPORT_OPTIONS = "SECPOSTURE_EXPORT_OPTIONS";
  /** Variable: the suppressions file ({@link SuppressionsOption}). */
  public static final String SUPPRESSIONS = "SECPOSTURE_SUPPRESSIONS";

  /** The compliance frameworks the report keeps, as comma-separated globs ({@code --compliance-frameworks}). */
  public static final String COMPLIANCE_FRAMEWORKS = "SECPOSTURE_COMPLIANCE_FRAMEWORKS";
  /** The S3 publisher's credentials variables (secposture-storage-s3 reads them from the process environment). */
  public static final List<String> S3_CREDENTIALS = List.of("SECPOSTURE_S3_ACCESS_KEY_ID",
      "SECPOSTURE_S3_SECRET_ACCESS_KEY", "SECPOSTURE_S3_SESSION_TOKEN");
  /** Where the CI templates download the job from; set in the pipeline, not read by the job. */
  public static final String JAR_URL = "SECPOSTURE_JAR_URL";
  /**
   * The variables of the job's launcher script ({@code target/secposture}): the jar, the JVM options and the class
   * data sharing archive; set for the launcher, not read by the job, and passed on to it.
   */
  public static final List<String> LAUNCHER_VARIABLES = List.of("SECPOSTURE_JAR", "SECPOSTURE_JAVA_OPTIONS",
      "SECPOSTURE_CDS_ARCHIVE");
  /** The prefix of the Grafana data source's variables (grafana/provisioning), which Grafana reads. */
  public static final String GRAFANA_PREFIX = "SECPOSTURE_GRAFANA_";
  /** Every {@code SECPOSTURE_*} variable the job, its plugins or its templates read, by exact name. */
  public static final Set<String> KNOWN_VARIABLES;

  static {
    Set<String> known = new TreeSet<>(List.of(PUBLISH, PUBLISH_OPTIONS, ACCOUNTS_FILE, CONCURRENCY, SCAN_TIMEOUT,
        SCANNERS, OPTIONS, RUN_ID, WORK_DIR, SHARD, SHARD_COUNT, MERGE_WHEN_COMPLETE, DISCOVER, DISCOVERY_OPTIONS,
        INCLUDE, EXCLUDE, CHAINING, CHAINING_OPTIONS, RATE_BUDGET, Inventory.ACCOUNTS_VARIABLE, JAR_URL, EXPORTS,
        EXPORT_OPTIONS, SUPPRESSIONS, COMPLIANCE_FRAMEWORKS));
    known.addAll(S3_CREDENTIALS);
    known.addAll(LAUNCHER_VARIABLES);
    known.addAll(LifecycleOptions.VARIABLES);
    KNOWN_VARIABLES = Collections.unmodifiableSet(known);
  }

  /** The index variables an orchestrator sets for {@code --shard auto}, in the order they are looked at. */
  public static final List<String> SHARD_INDEX_VARIABLES = List.of("JOB_COMPLETION_INDEX",
      "AWS_BATCH_JOB_ARRAY_INDEX");

  private static final String PREFIX = "SECPOSTURE_";
  private static final Pattern VARIABLE_NAME = Pattern.compile("SECPOSTURE_[A-Z0-9_]+");

  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();
  private boolean variablesChecked;

  /**
   * Reads settings from an environment.
   *
   * @param environment the process environment
   */
  public JobEnvironment(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Returns the destination: the command-line value, else the variable, else the default.
   *
   * @param cli the command-line value; nullable
   * @param defaultValue the default
   * @return the destination URI
   */
  public URI destination(String cli, String defaultValue) {
    String value = first(cli, PUBLISH, defaultValue);
    return toDestination(value, cli != null ? "--publish" : PUBLISH);
  }

  /**
   * Turns a destination text (a URI with a scheme, or a local path) into a URI.
   *
   * @param value the text
   * @param where the option or variable that holds it, for the message
   * @return the URI; a local path becomes an absolute {@code file:} URI
   */
  public URI toDestination(String value, String where) {
    if (value.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      try {
        return new URI(value);
      } catch (URISyntaxException e) {
        problems.add(where + " '" + value + "' is not a valid URI: " + e.getReason());
        return Path.of(".").toUri();
      }
    }
    return Path.of(value).toAbsolutePath().normalize().toUri();
  }

  /**
   * Returns the publisher settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings publishOptions(List<String> cli) {
    return pairs(environment.get(PUBLISH_OPTIONS), PUBLISH_OPTIONS).with(pairs(cli, "--publish-option"));
  }

  /**
   * Returns the job-wide scanner options: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings scannerOptions(List<String> cli) {
    return pairs(environment.get(OPTIONS), OPTIONS).with(pairs(cli, "--option"));
  }

  /**
   * Returns the discovery settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings discoveryOptions(List<String> cli) {
    return pairs(environment.get(DISCOVERY_OPTIONS), DISCOVERY_OPTIONS).with(pairs(cli, "--discovery-option"));
  }

  /**
   * Returns the credential chaining settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings chainingOptions(List<String> cli) {
    return pairs(environment.get(CHAINING_OPTIONS), CHAINING_OPTIONS).with(pairs(cli, "--chaining-option"));
  }

  /**
   * Returns the rate budget settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings rateBudget(List<String> cli) {
    return pairs(environment.get(RATE_BUDGET), RATE_BUDGET).with(pairs(cli, "--rate-budget"));
  }

  /**
   * Returns the exporter settings: the variable's pairs overlaid with command-line pairs.
   *
   * @param cli {@code key=value} pairs from the command line
   * @return the settings
   */
  public Settings exportOptions(List<String> cli) {
    return pairs(environment.get(EXPORT_OPTIONS), EXPORT_OPTIONS).with(pairs(cli, "--export-option"));
  }

  /**
   * Returns a comma-separated list from the command line, else a variable.
   *
   * @param cli the command-line values; nullable or empty when not given
   * @param variable the variable
   * @return the values, trimmed, without empty ones
   */
  public List<String> list(List<String> cli, String variable) {
    if (cli != null && !cli.isEmpty()) {
      return cli.stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
    }
    String value = environment.get(variable);
    return value == null || value.isBlank() ? List.of() : Settings.of(Map.of("v", value)).getList("v");
  }

  /**
   * Returns a switch: on when given on the command line, else the variable's boolean value, else the default.
   *
   * @param cli true when the option was given
   * @param variable the variable
   * @param defaultValue the default
   * @return the value
   */
  public boolean flag(boolean cli, String variable, boolean defaultValue) {
    if (cli) {
      return true;
    }
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Settings.of(Map.of(variable, value)).getBoolean(variable, defaultValue);
    } catch (ConfigurationException e) {
      problems.add(variable + " has value '" + value + "'; expected true or false (on/off, yes/no)");
      return defaultValue;
    }
  }

  /**
   * Returns this job's shard: {@code INDEX/COUNT}, or {@code auto} with the index from the orchestrator's variable
   * ({@link #SHARD_INDEX_VARIABLES}) and the count from {@code auto/COUNT}, {@code --shard-count} or
   * {@link #SHARD_COUNT}.
   *
   * @param cli the {@code --shard} value; nullable
   * @param countCli the {@code --shard-count} value; nullable
   * @return the shard, or {@code null} for an unsharded run (also when a problem was recorded)
   */
  public Shard shard(String cli, Integer countCli) {
    String value = first(cli, SHARD, null);
    if (value == null) {
      return null;
    }
    String where = cli != null ? "--shard" : SHARD;
    if (!value.startsWith("auto")) {
      try {
        return Shard.parse(value);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage() + (value.contains("/") ? ""
            : "; or auto to take the index from " + String.join(" or ", SHARD_INDEX_VARIABLES)));
        return null;
      }
    }
    Integer count = countCli;
    if (value.startsWith("auto/")) {
      count = positive(value.substring("auto/".length()), where);
    } else if (!value.equals("auto")) {
      problems.add(where + " has value '" + value + "'; expected INDEX/COUNT, auto or auto/COUNT");
      return null;
    }
    if (count == null) {
      count = shardCount(null);
    }
    String indexVariable = SHARD_INDEX_VARIABLES.stream().filter(name -> environment.get(name) != null
        && !environment.get(name).isBlank()).findFirst().orElse(null);
    if (indexVariable == null) {
      problems.add(where + " is auto, but neither " + String.join(" nor ", SHARD_INDEX_VARIABLES) + " is set; run"
          + " in a Kubernetes Indexed Job or an AWS Batch array job, or give --shard INDEX/COUNT");
      return null;
    }
    if (count == null) {
      problems.add(where + " is auto, but the number of shards is unknown; give auto/COUNT, --shard-count or "
          + SHARD_COUNT);
      return null;
    }
    Integer index = positive(environment.get(indexVariable).trim(), indexVariable, true);
    if (index == null) {
      return null;
    }
    try {
      return new Shard(index, count);
    } catch (IllegalArgumentException e) {
      problems.add(where + " (" + indexVariable + "=" + index + ", " + count + " shards): " + e.getMessage());
      return null;
    }
  }

  /**
   * Returns the number of shards: the command-line value, else {@link #SHARD_COUNT}.
   *
   * @param cli the command-line value; nullable
   * @return the count, or {@code null} when neither is set (or the value is malformed, recorded as a problem)
   */
  public Integer shardCount(Integer cli) {
    if (cli != null) {
      if (cli < 1 || cli > Shard.MAX_COUNT) {
        problems.add("--shard-count must be 1 to " + Shard.MAX_COUNT + ", got " + cli);
        return null;
      }
      return cli;
    }
    String value = environment.get(SHARD_COUNT);
    return value == null || value.isBlank() ? null : positive(value.trim(), SHARD_COUNT);
  }

  private Integer positive(String text, String where) {
    Integer value = positive(text, where, false);
    if (value != null && value > Shard.MAX_COUNT) {
      problems.add(where + " has " + value + " shards; at most " + Shard.MAX_COUNT);
      return null;
    }
    return value;
  }

  private Integer positive(String text, String where, boolean zeroAllowed) {
    try {
      int value = Integer.parseInt(text);
      if (value < (zeroAllowed ? 0 : 1)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(where + " has value '" + text + "'; expected a whole number" + (zeroAllowed ? " from 0" : " from 1"));
      return null;
    }
  }

  /**
   * Records a problem to report with the others.
   *
   * @param problem what is wrong and what to do
   */
  public void problem(String problem) {
    problems.add(problem);
  }

  /**
   * Returns the concurrency.
   *
   * @param cli the command-line value; nullable
   * @return the number of scans at once
   */
  public int concurrency(Integer cli) {
    if (cli != null) {
      if (cli < 1) {
        problems.add("--concurrency must be at least 1, got " + cli);
      }
      return cli;
    }
    String value = environment.get(CONCURRENCY);
    if (value == null || value.isBlank()) {
      return Pipeline.DEFAULT_CONCURRENCY;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 1) {
        problems.add(CONCURRENCY + " must be at least 1, got '" + value + "'");
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(CONCURRENCY + " has value '" + value + "'; expected a whole number such as 4");
      return Pipeline.DEFAULT_CONCURRENCY;
    }
  }

  /**
   * Returns the scan timeout.
   *
   * @param cli the command-line value; nullable
   * @param defaultValue the default
   * @return the timeout
   */
  public Duration scanTimeout(String cli, Duration defaultValue) {
    String value = first(cli, SCAN_TIMEOUT, null);
    if (value == null) {
      return defaultValue;
    }
    Duration parsed = Settings.parseDuration(value);
    if (parsed == null || parsed.isZero() || parsed.isNegative()) {
      problems.add((cli != null ? "--scan-timeout" : SCAN_TIMEOUT) + " has value '" + value
          + "'; expected a positive duration such as 90m, 2h or PT2H");
      return defaultValue;
    }
    return parsed;
  }

  /**
   * Returns the default scanners.
   *
   * @param cli the command-line list; nullable
   * @return scanner names
   */
  public List<String> scanners(List<String> cli) {
    if (cli != null && !cli.isEmpty()) {
      return cli;
    }
    String value = environment.get(SCANNERS);
    if (value == null || value.isBlank()) {
      return Pipeline.DEFAULT_SCANNERS;
    }
    return Settings.of(Map.of("s", value)).getList("s");
  }

  /**
   * Returns a value from the command line, else a variable, else a default.
   *
   * @param cli the command-line value; nullable
   * @param variable the variable name
   * @param defaultValue the default; nullable
   * @return the value, or null when all three are absent
   */
  public String first(String cli, String variable, String defaultValue) {
    if (cli != null && !cli.isBlank()) {
      return cli;
    }
    String value = environment.get(variable);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  /**
   * Records a problem for every {@code SECPOSTURE_*} variable that nothing reads, so a typo
   * ({@code SECPOSTURE_CONCURENCY}) is not silently ignored. Known are the job's variables
   * ({@link #KNOWN_VARIABLES}, the Grafana ones), the per-account {@code SECPOSTURE_ACCOUNT_<NAME>_*} variables when
   * {@code SECPOSTURE_ACCOUNTS} is set (the inventory reader checks those itself), and the variables the
   * configuration refers to by name: read through {@code referenced} (an inventory's {@code { env: VAR }}) or
   * named in a setting's value (e.g. {@code azure-subscriptions.client-secret-variable}).
   *
   * @param referenced the variables read or named by the configuration
   * @param strict true to refuse every unknown variable ({@code run}, {@code check}, which read the whole
   *     configuration); false to refuse only near misses of a known name (commands that read part of it)
   */
  public void checkVariables(Set<String> referenced, boolean strict) {
    variablesChecked = true;
    boolean accountsListed = Inventory.isConfigured(environment);
    for (String name : new TreeSet<>(environment.keySet())) {
      if (!name.startsWith(PREFIX) || KNOWN_VARIABLES.contains(name) || name.startsWith(GRAFANA_PREFIX)
          || referenced.contains(name)) {
        continue;
      }
      boolean perAccount = name.startsWith(Inventory.ACCOUNT_VARIABLE_PREFIX);
      if (perAccount && accountsListed) {
        continue;
      }
      String suffix = name.substring(PREFIX.length());
      Optional<String> guess = Suggestions.closest(suffix, KNOWN_VARIABLES.stream()
          .map(known -> known.substring(PREFIX.length())).toList(), strict ? Math.max(2, suffix.length() / 4) : 2)
          .map(known -> PREFIX + known);
      if (perAccount && guess.isEmpty()) {
        if (strict) {
          problems.add("the variable " + name + " configures an account, but " + Inventory.ACCOUNTS_VARIABLE
              + " is not set; list the account names in " + Inventory.ACCOUNTS_VARIABLE + " or remove the variable");
        }
        continue;
      }
      if (guess.isPresent()) {
        problems.add("unknown variable " + name + "; did you mean " + guess.get() + "? (a misspelt setting is not"
            + " read; see --help and the README's configuration section)");
      } else if (strict) {
        problems.add("unknown variable " + name + ": secposture reads no such variable, and the SECPOSTURE_ prefix"
            + " is reserved for its settings (see --help and the README's configuration section); rename a variable"
            + " of your own, or refer to it from the inventory ({ env: " + name + " })");
      }
    }
  }

  /**
   * Returns the names of {@code SECPOSTURE_*} variables that settings' values name, such as
   * {@code azure-subscriptions.client-secret-variable=SECPOSTURE_AZ_SECRET}.
   *
   * @param settings the settings
   * @return the variable names found in their values
   */
  public static Set<String> namedIn(Settings... settings) {
    Set<String> names = new TreeSet<>();
    for (Settings each : settings) {
      for (String value : each.asMap().values()) {
        Matcher matcher = VARIABLE_NAME.matcher(value);
        while (matcher.find()) {
          names.add(matcher.group());
        }
      }
    }
    return names;
  }

  /**
   * Throws every problem found so far, if any, together with further problems. Unless {@link #checkVariables} ran,
   * near misses of the job's variable names are among them.
   *
   * @param more problems found elsewhere (e.g. by the inventory)
   * @throws ConfigurationException listing all problems
   */
  public void check(List<String> more) {
    if (!variablesChecked) {
      checkVariables(Set.of(), false);
    }
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    if (!all.isEmpty()) {
      throw new ConfigurationException(all);
    }
  }

  private Settings pairs(String text, String where) {
    if (text == null || text.isBlank()) {
      return Settings.empty();
    }
    return pairs(List.of(text.split(";")), where);
  }

  private Settings pairs(List<String> items, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    int position = 0;
    for (String item : items) {
      position++;
      if (item.isBlank()) {
        continue;
      }
      int equals = item.indexOf('=');
      if (equals <= 0) {
        // never echo the entry: a mistyped pair may hold a secret
        problems.add(where + " entry " + position + " is not key=value");
        continue;
      }
      values.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
    }
    return Settings.of(values, where);
  }
}
