package io.secposture.examples.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.Inventory;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Scan the configured accounts, aggregate one report and publish it.",
        "Accounts come from SECPOSTURE_ACCOUNTS and SECPOSTURE_ACCOUNT_<NAME>_* variables and/or an inventory file "
            + "(see the README). Every configuration problem is reported at once."})
public final class RunCommand implements Callable<Integer> {
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

  @Mixin
  FailOnOption failOn;

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
    JobEnvironment job = new JobEnvironment(environment);
    URI destination = job.destination(publish, "secposture-site");
    Settings publisherSettings = job.publishOptions(publishOptions);
    Settings scannerOptions = job.scannerOptions(options);
    int parallel = job.concurrency(concurrency);
    Duration timeout = job.scanTimeout(scanTimeout, Pipeline.DEFAULT_SCAN_TIMEOUT);
    List<String> defaultScanners = job.scanners(scanners);
    List<String> problems = new ArrayList<>();
    try {
      failOn.validate();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    String id = null;
    try {
      id = Runs.runId(job.first(runId, JobEnvironment.RUN_ID, null));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    List<CloudAccount> accounts = accounts(job, problems);
    job.check(problems);

    Path work = workDir != null ? workDir : job.first(null, JobEnvironment.WORK_DIR, null) != null
        ? Path.of(job.first(null, JobEnvironment.WORK_DIR, null)) : Files.createTempDirectory("secposture-run-");
    Plugins plugins = Plugins.discover();
    plugins.publisherFor(destination);
    Pipeline pipeline = Pipeline.builder(plugins).concurrency(parallel).scanTimeout(timeout).workDirectory(work)
        .defaultScanners(defaultScanners).scannerOptions(scannerOptions).build();
    String run = id;
    RunOutcome outcome = Runs.interruptibly(() -> pipeline.run(run, accounts))
        .withDiff(destination, publisherSettings);
    Console console = new Console(spec.commandLine().getOut());
    console.summary(outcome.report());
    new DiffPrinter(spec.commandLine().getOut()).brief(outcome.report(), outcome.report().diff(), 5);
    PublishResult result = outcome.publish(destination, publisherSettings);
    console.published(result);
    if (outcome.cancelled()) {
      return ExitCode.INTERRUPTED;
    }
    int gate = failOn.verdict(outcome.report().diff(), console);
    if (gate != ExitCode.OK) {
      return gate;
    }
    return outcome.succeeded() ? ExitCode.OK : ExitCode.INCOMPLETE;
  }

  private List<CloudAccount> accounts(JobEnvironment job, List<String> problems) {
    List<CloudAccount> accounts = new ArrayList<>();
    String file = accountsFile != null ? accountsFile.toString() : job.first(null, JobEnvironment.ACCOUNTS_FILE, null);
    boolean fromEnvironment = Inventory.isConfigured(environment);
    if (file == null && !fromEnvironment) {
      problems.add("no accounts configured: set " + Inventory.ACCOUNTS_VARIABLE + " (and "
          + Inventory.ACCOUNT_VARIABLE_PREFIX + "<NAME>_* variables) or give --accounts-file / "
          + JobEnvironment.ACCOUNTS_FILE);
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
        accounts.addAll(Inventory.fromFile(Path.of(file), environment).accounts());
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    return accounts;
  }
}
