package io.secposture.examples.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialBrokerProvider;
import io.secposture.core.Inventory;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.Pipeline;
import io.secposture.core.RateBudget;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.Shard;
import io.secposture.core.Suppressions;
import io.secposture.core.ShardMerge;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Not public API: {@code secposture run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Scan the configured accounts, aggregate one report and publish it.",
        "Accounts come from SECPOSTURE_ACCOUNTS and SECPOSTURE_ACCOUNT_<NAME>_* variables and/or an inventory file "
            + "(see the README), and from organisation discovery (--discover). Every configuration problem is "
            + "reported at once.",
        "Accounts with aws-role, gcp-impersonation, azure-service-principal or azure-federated credentials are "
            + "scanned through credential chaining from the job's own identity (--no-chaining turns it off).",
        "With --shard i/N this job scans one stable part of the accounts and publishes a partial report; "
            + "merge --shards (or --merge-when-complete) publishes the run's report.",
        "Before the first scan, the whole configuration is checked: the destination and publisher settings, the "
            + "accounts' providers and scanners, and every SECPOSTURE_* variable (an unknown one is an error). "
            + "--dry-run (or the check command) goes further without scanning."},
    footer = {"", ExitCode.TABLE})
public class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = "--publish", paramLabel = "URI",
      description = "Where to publish: s3://bucket/prefix, gs://bucket/prefix, azblob://account/container/prefix, "
          + "file:///dir or a folder (env SECPOSTURE_PUBLISH; default ./secposture-site).")
  String publish;

  @Option(names = "--publish-option", paramLabel = "KEY=VALUE",
      description = "A publisher setting, e.g. s3.region=eu-west-1 (repeatable; env SECPOSTURE_PUBLISH_OPTIONS).")
  List<String> publishOptions = new ArrayList<>();

  @Option(names = "--accounts-file", paramLabel = "FILE",
      description = "A JSON or YAML inventory (env SECPOSTURE_ACCOUNTS_FILE).")
  Path accountsFile;

  @Option(names = "--concurrency", paramLabel = "N", description = "Scans at once (env SECPOSTURE_CONCURRENCY; default 4).")
  Integer concurrency;

  @Option(names = "--scan-timeout", paramLabel = "DURATION",
      description = "Time limit per scan, e.g. 90m or 2h (env SECPOSTURE_SCAN_TIMEOUT; default 2h).")
  String scanTimeout;

  @Option(names = "--scanners", split = ",", paramLabel = "NAME",
      description = "Scanners for accounts that list none (env SECPOSTURE_SCANNERS; default scoutsuite).")
  List<String> scanners;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "A scanner option for every account, e.g. scoutsuite.max-workers=4 (repeatable; env SECPOSTURE_OPTIONS).")
  List<String> options = new ArrayList<>();

  @Option(names = "--run-id", paramLabel = "ID", description = "The run id (env SECPOSTURE_RUN_ID; default a UTC timestamp).")
  String runId;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where scanner outputs go before publishing (env SECPOSTURE_WORK_DIR; default a temporary folder).")
  Path workDir;

  @Option(names = "--shard", paramLabel = "INDEX/COUNT|auto",
      description = "Scan one shard of the accounts, e.g. 0/4 (indexes start at 0); auto takes the index from "
          + "JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, the count from auto/COUNT or --shard-count "
          + "(env SECPOSTURE_SHARD). Every shard needs the same --run-id.")
  String shard;

  @Option(names = "--shard-count", paramLabel = "N",
      description = "How many shards the run has, for --shard auto (env SECPOSTURE_SHARD_COUNT).")
  Integer shardCount;

  @Option(names = "--merge-when-complete",
      description = "After publishing this shard, merge the run if every shard has published "
          + "(env SECPOSTURE_MERGE_WHEN_COMPLETE).")
  boolean mergeWhenComplete;

  @Option(names = "--discover", split = ",", paramLabel = "NAME",
      description = "List accounts from a cloud: aws-org, gcp-org, azure-subscriptions (repeatable; env "
          + "SECPOSTURE_DISCOVER). Configured accounts win over discovered ones with the same id.")
  List<String> discover;

  @Option(names = "--discovery-option", paramLabel = "KEY=VALUE",
      description = "A discovery setting, e.g. aws-org.role-name=SecpostureAudit (repeatable; env "
          + "SECPOSTURE_DISCOVERY_OPTIONS).")
  List<String> discoveryOptions = new ArrayList<>();

  @Option(names = "--include", paramLabel = "RULE",
      description = "Keep only discovered accounts matching a rule: an id (wildcards * ?), name:PATTERN, "
          + "ou:OU_ID, folder:FOLDER_ID, tag:KEY[=VALUE] (repeatable; env SECPOSTURE_INCLUDE).")
  List<String> include;

  @Option(names = "--exclude", paramLabel = "RULE",
      description = "Drop discovered accounts matching a rule (repeatable; env SECPOSTURE_EXCLUDE).")
  List<String> exclude;

  @Option(names = "--chaining-option", paramLabel = "KEY=VALUE",
      description = "A credential chaining setting, e.g. aws.region=eu-west-1 or gcp.token-lifetime=2h "
          + "(repeatable; env SECPOSTURE_CHAINING_OPTIONS).")
  List<String> chainingOptions = new ArrayList<>();

  @Option(names = "--no-chaining",
      description = "Hand scanners the accounts' own credentials instead of chaining from the job's identity "
          + "(env SECPOSTURE_CHAINING=off).")
  boolean noChaining;

  @Option(names = "--rate-budget", paramLabel = "KEY=VALUE",
      description = "An API budget the scans of a provider share, e.g. aws.max-requests-per-second=100, "
          + "aws.retries-max-attempts=10 (repeatable; env SECPOSTURE_RATE_BUDGET).")
  List<String> rateBudget = new ArrayList<>();

  @Option(names = "--dry-run",
      description = "Do everything but scan and publish: the same as the check command (see check --help).")
  boolean dryRun;

  @Mixin
  FailOnOption failOn;

  @Mixin
  ExportOption exports;

  @Mixin
  LifecycleOptions lifecycle;

  @Mixin
  SuppressionsOption suppressions;

  @Mixin
  ComplianceFrameworksOption complianceFrameworks;

  /**
   * Creates the command.
   *
   * @param environment the environment variables
   */
  public RunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    ReadVariables variables = new ReadVariables(environment);
    JobEnvironment job = new JobEnvironment(variables);
    URI destination = job.destination(publish, "secposture-site");
    Settings publisherSettings = lifecycle.apply(job, job.publishOptions(publishOptions));
    Settings scannerOptions = job.scannerOptions(options);
    int parallel = job.concurrency(concurrency);
    Duration timeout = job.scanTimeout(scanTimeout, Pipeline.DEFAULT_SCAN_TIMEOUT);
    List<String> defaultScanners = job.scanners(scanners);
    Shard part = job.shard(shard, shardCount);
    boolean merge = job.flag(mergeWhenComplete, JobEnvironment.MERGE_WHEN_COMPLETE, false);
    boolean chaining = !noChaining && job.flag(false, JobEnvironment.CHAINING, true);
    List<String> discoveries = job.list(discover, JobEnvironment.DISCOVER);
    Settings discoverySettings = job.discoveryOptions(discoveryOptions);
    Settings chainingSettings = job.chainingOptions(chainingOptions);
    Settings budgetSettings = job.rateBudget(rateBudget);
    List<String> problems = new ArrayList<>();
    try {
      failOn.validate();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    ComplianceFrameworks frameworks = complianceFrameworks.frameworks(job, problems);
    String id = null;
    try {
      id = Runs.runId(job.first(runId, JobEnvironment.RUN_ID, null));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (part != null && job.first(runId, JobEnvironment.RUN_ID, null) == null && !dryRun()) {
      problems.add("a sharded run needs --run-id or " + JobEnvironment.RUN_ID + ", the same for every shard (e.g. the"
          + " CI pipeline's run id), so the shards' partial reports can be merged");
    }
    if (merge && (part == null || part.isWhole())) {
      problems.add("--merge-when-complete needs --shard: only the shards of a run are merged");
    }
    RateBudget budget = RateBudget.none();
    try {
      budget = RateBudget.from(budgetSettings);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    AccountFilter filter = AccountFilter.ALL;
    try {
      filter = AccountFilter.parse(job.list(include, JobEnvironment.INCLUDE), job.list(exclude,
          JobEnvironment.EXCLUDE));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    List<AccountDiscovery> discoverers = new ArrayList<>();
    for (String name : discoveries) {
      try {
        discoverers.add(AccountDiscovery.named(name));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    Plugins plugins = null;
    try {
      plugins = Plugins.discover();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (plugins != null) {
      // the destination and publisher settings are checked now, not after every scan ran
      try {
        plugins.publisherFor(destination).validate(destination, publisherSettings);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    List<CloudAccount> accounts = List.copyOf(accounts(job, variables, problems, !discoverers.isEmpty()));
    String workFromEnvironment = job.first(null, JobEnvironment.WORK_DIR, null);
    Path configuredWork = workDir != null ? workDir : workFromEnvironment != null ? Path.of(workFromEnvironment) : null;
    Suppressions accepted = suppressions.load(job, plugins, publisherSettings, problems);
    Pipeline.Builder planning = null;
    if (plugins != null) {
      try {
        planning = Pipeline.builder(plugins).concurrency(Math.max(1, parallel)).scanTimeout(timeout)
            .defaultScanners(defaultScanners).scannerOptions(scannerOptions)
            .shard(part == null ? Shard.whole() : part).rateBudget(budget).suppressions(accepted)
            .complianceFrameworks(frameworks);
        if (configuredWork != null) {
          planning.workDirectory(configuredWork);
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    String planId = id != null ? id : "check";
    if (planning != null && discoverers.isEmpty() && !accounts.isEmpty()) {
      // unknown scanners or providers, accounts listed twice: with the other problems, before anything runs
      try {
        planning.build().plan(planId, accounts);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    ExportOption.Plan exportPlan = exports.plan(job, problems);
    job.checkVariables(referencedVariables(variables, publisherSettings, scannerOptions, discoverySettings,
        chainingSettings, budgetSettings), true);
    if (dryRun()) {
      List<String> found = new ArrayList<>();
      try {
        job.check(problems);
      } catch (ConfigurationException e) {
        found.addAll(e.problems());
      }
      RunCheck check = new RunCheck(new Console(spec.commandLine().getOut()), plugins, parallel, found);
      AccountFilter accountFilter = filter;
      return check.run(() -> withDiscovered(accounts, discoverers, discoverySettings, accountFilter), planning, planId,
          part, defaultScanners, scannerOptions, () -> chaining ? brokers(chainingSettings) : null, configuredWork,
          destination, publisherSettings);
    }
    job.check(problems);

    List<CloudAccount> inventory = withDiscovered(accounts, discoverers, discoverySettings, filter);
    planning.build().plan(planId, inventory);
    Plugins registry = plugins;
    String run = id;
    try (CredentialBroker broker = chaining ? brokers(chainingSettings) : null) {
      Pipeline.Builder pipelineBuilder = planning.credentialBroker(broker);
      return WorkDirectory.within(configuredWork, "secposture-run-", work -> {
        Console console = new Console(spec.commandLine().getOut());
        Pipeline pipeline = pipelineBuilder.workDirectory(work).build();
        RunPublisher publisher = new RunPublisher(registry);
        ExportOption.Session exporting = exportPlan.session(registry, broker, inventory, scannerOptions, console);
        RunOutcome outcome = exporting.stage(publisher.compare(Runs.interruptibly(() -> pipeline.run(run,
            inventory)), destination, publisherSettings), destination, publisherSettings);
        console.summary(outcome.report());
        new DiffPrinter(spec.commandLine().getOut()).brief(outcome.report(), outcome.report().diff(), 5);
        PublishResult result = publisher.publish(outcome, destination, publisherSettings);
        console.published(result);
        exporting.afterPublish(outcome, result, destination, publisherSettings);
        if (part != null && !part.isWhole()) {
          console.line("shard " + part + " of run " + run + " published its partial report; merge --shards --run-id "
              + run + " --shard-count " + part.count() + " publishes the run once every shard has");
          if (merge && !outcome.cancelled()) {
            Optional<ShardMerge.Merged> merged = ShardMerge.mergeIfComplete(registry, destination, run, part.count(),
                Pipeline.DEFAULT_AGGREGATOR, publisherSettings);
            if (merged.isPresent()) {
              console.line("every shard of run " + run + " has published: merged");
              console.summary(merged.get().report());
              console.published(merged.get().published());
              exporting.afterMerge(merged.get(), destination, publisherSettings);
            } else {
              console.line("other shards of run " + run + " are still running; the last one to finish merges");
            }
          }
        }
        if (outcome.cancelled()) {
          return ExitCode.INTERRUPTED;
        }
        int gate = failOn.verdictForRun(outcome.report(), console);
        if (gate != ExitCode.OK) {
          return gate;
        }
        return exporting.exitCode(outcome.succeeded() ? ExitCode.OK : ExitCode.INCOMPLETE);
      });
    }
  }

  /**
   * Tells whether this command only checks: everything a run does before its first scan, plus the scanners'
   * executables, credential chaining and the destination, and no scan. {@code run --dry-run}, or {@code check}.
   *
   * @return true to check instead of running
   */
  boolean dryRun() {
    return dryRun;
  }

  /** The variables the configuration reads or names: an inventory's {@code { env: VAR }}, a setting's value. */
  private static Set<String> referencedVariables(ReadVariables variables, Settings... settings) {
    Set<String> referenced = new TreeSet<>(variables.read());
    referenced.addAll(JobEnvironment.namedIn(settings));
    return referenced;
  }

  /** Creates and combines a broker for every cloud module on the class path; null when there is none. */
  private static CredentialBroker brokers(Settings settings) {
    Map<String, CredentialBrokerProvider> providers = CredentialBrokerProvider.discover();
    List<String> problems = new ArrayList<>();
    for (String key : settings.asMap().keySet()) {
      String namespace = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (!providers.containsKey(namespace)) {
        problems.add("credential chaining setting '" + key + "' belongs to no chaining provider; known namespaces: "
            + providers.keySet());
      }
    }
    List<CredentialBroker> brokers = new ArrayList<>();
    for (CredentialBrokerProvider provider : providers.values()) {
      try {
        brokers.add(provider.create(settings));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      brokers.forEach(CredentialBroker::close);
      throw new ConfigurationException(problems);
    }
    if (brokers.isEmpty()) {
      return null;
    }
    LOG.debug("credential chaining for {}", providers.keySet());
    return CredentialBroker.combine(brokers);
  }

  /** Adds the discovered accounts; a configured account wins over a discovered one with the same key. */
  private static List<CloudAccount> withDiscovered(List<CloudAccount> configured, List<AccountDiscovery> discoverers,
      Settings settings, AccountFilter filter) {
    if (discoverers.isEmpty()) {
      return configured;
    }
    Map<String, CloudAccount> byKey = new LinkedHashMap<>();
    configured.forEach(account -> byKey.put(account.key(), account));
    List<String> problems = new ArrayList<>();
    for (AccountDiscovery discovery : discoverers) {
      try {
        for (CloudAccount account : discovery.discover(settings, filter)) {
          if (byKey.putIfAbsent(account.key(), account) != null) {
            LOG.info("{} is configured and discovered by {}; its configuration is used", account.key(),
                discovery.name());
          }
        }
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return List.copyOf(byKey.values());
  }

  private List<CloudAccount> accounts(JobEnvironment job, Map<String, String> variables, List<String> problems,
      boolean discovering) {
    List<CloudAccount> accounts = new ArrayList<>();
    String file = accountsFile != null ? accountsFile.toString() : job.first(null, JobEnvironment.ACCOUNTS_FILE, null);
    boolean fromEnvironment = Inventory.isConfigured(environment);
    if (file == null && !fromEnvironment && discovering) {
      return accounts;
    }
    if (file == null && !fromEnvironment) {
      problems.add("no accounts configured: set " + Inventory.ACCOUNTS_VARIABLE + " (and "
          + Inventory.ACCOUNT_VARIABLE_PREFIX + "<NAME>_* variables), give --accounts-file / "
          + JobEnvironment.ACCOUNTS_FILE + ", or discover them with --discover aws-org|gcp-org|azure-subscriptions");
      return accounts;
    }
    if (fromEnvironment) {
      try {
        accounts.addAll(Inventory.fromEnvironment(environment).accounts());
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (file != null) {
      try {
        accounts.addAll(Inventory.fromFile(Path.of(file), variables).accounts());
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    return accounts;
  }
}
