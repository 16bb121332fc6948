package io.secposture.examples.internal;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.CloudAccount;
import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.HistoryRow;
import io.secposture.core.Pipeline;
import io.secposture.core.Suppressions;
import io.secposture.core.ReportJson;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.SiteLayout;
import io.secposture.samples.DemoScanners;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole flow on made-up accounts, with no cloud: stand-in ScoutSuite and Prowler scans "
        + "through the real engine (concurrently), parsing, aggregation and publishing.",
        "Run it twice: the second run models a week later (some findings fixed, some new), is dated a week after the"
            + " first, and shows the diff."})
public final class DemoCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to publish to (default: ${DEFAULT-VALUE}).",
      defaultValue = "secposture-site")
  Path output;

  @Option(names = "--publish", paramLabel = "URI",
      description = "Publish to s3://bucket/prefix, gs://bucket/prefix or azblob://account/container/prefix instead.")
  String publish;

  @Option(names = "--publish-option", paramLabel = "KEY=VALUE", description = "A publisher setting (repeatable).")
  List<String> publishOptions = new ArrayList<>();

  @Option(names = "--accounts", paramLabel = "N", defaultValue = "9", description = "How many made-up accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--seed", defaultValue = "2026", description = "Sample data seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--concurrency", paramLabel = "N", description = "Scans at once (default: 4).")
  Integer concurrency;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where scan outputs go before publishing (default: a temporary folder).")
  Path workDir;

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
  public DemoCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    JobEnvironment job = new JobEnvironment(environment);
    URI destination = publish != null ? job.toDestination(publish, "--publish") : output.toAbsolutePath().normalize().toUri();
    Settings options = lifecycle.apply(job, job.publishOptions(publishOptions));
    int parallel = job.concurrency(concurrency);
    List<String> problems = new ArrayList<>();
    if (accounts < 1 || accounts > 10_000) {
      problems.add("--accounts must be between 1 and 10000, got " + accounts);
    }
    try {
      failOn.validate();
    } catch (io.secposture.api.ConfigurationException e) {
      problems.addAll(e.problems());
    }
    ExportOption.Plan exportPlan = exports.plan(job, problems);
    io.secposture.core.ComplianceFrameworks frameworks = complianceFrameworks.frameworks(job, problems);
    job.check(problems);

    Plugins discovered = Plugins.discover();
    Suppressions accepted = suppressions.require(job, discovered, options);
    ArtifactPublisher publisher = discovered.publisherFor(destination);
    List<HistoryRow> previous = previousRuns(publisher, destination, options);
    int generation = previous.size();
    Clock clock = DemoWeeks.clock(Clock.systemUTC(), previous);
    List<CloudAccount> demoAccounts = new ArrayList<>();
    for (CloudAccount account : DemoScanners.accounts(accounts, seed)) {
      Map<String, String> labels = new HashMap<>(account.labels());
      labels.put(DemoScanners.GENERATION_LABEL, Integer.toString(generation));
      demoAccounts.add(account.toBuilder().labels(labels).build());
    }
    return WorkDirectory.within(workDir, "secposture-demo-", work -> {
      Pipeline pipeline = Pipeline.builder(DemoScanners.plugins(discovered, seed, Duration.ofMillis(400)))
          .concurrency(parallel).scanTimeout(Duration.ofMinutes(2)).workDirectory(work).clock(clock)
          .defaultScanners(List.of("scoutsuite")).suppressions(accepted).complianceFrameworks(frameworks).build();
      String runId = Runs.newRunId(clock);
      Console console = new Console(spec.commandLine().getOut());
      console.line("demo: " + demoAccounts.size() + " made-up accounts, week " + (generation + 1)
          + " of their history, publishing to " + destination);
      RunPublisher runPublisher = new RunPublisher(discovered);
      ExportOption.Session exporting = exportPlan.session(discovered, null, demoAccounts, Settings.empty(), console);
      RunOutcome outcome = exporting.stage(runPublisher.compare(Runs.interruptibly(() -> pipeline.run(runId,
          demoAccounts)), destination, options), destination, options);
      console.summary(outcome.report());
      new DiffPrinter(spec.commandLine().getOut()).brief(outcome.report(), outcome.report().diff(), 5);
      PublishResult result = runPublisher.publish(outcome, destination, options);
      console.published(result);
      exporting.afterPublish(outcome, result, destination, options);
      console.line("(the failed and partial accounts are deliberate: they show that one account's failure never stops "
          + "the others)");
      if (outcome.cancelled()) {
        return ExitCode.INTERRUPTED;
      }
      return exporting.exitCode(failOn.verdictForRun(outcome.report(), console));
    });
  }

  /** Reads the runs already published at the destination: the demo's next week is their count. */
  private static List<HistoryRow> previousRuns(ArtifactPublisher publisher, URI destination, Settings options) {
    Optional<InputStream> history = publisher.read(destination, SiteLayout.HISTORY, options);
    if (history.isEmpty()) {
      return List.of();
    }
    try (InputStream in = history.get()) {
      return ReportJson.readHistory(in, destination + "/" + SiteLayout.HISTORY);
    } catch (Exception e) {
      return List.of();
    }
  }
}
