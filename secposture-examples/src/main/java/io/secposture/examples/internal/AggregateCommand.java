package io.secposture.examples.internal;

import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.Pipeline;
import io.secposture.core.Suppressions;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture aggregate}. */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
    description = {"Parse existing scanner outputs (files or folders; the format of each file is recognised from "
        + "its content) into one report and publish it.",
        "Exits 0 when every input parsed, 3 when some could not be parsed: the report for the rest is still "
            + "published and lists what failed and why."})
public final class AggregateCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to publish to (default: ./secposture-site).")
  Path output;

  @Option(names = "--publish", paramLabel = "URI", description = "Publish to a store instead (s3://, gs://, azblob://).")
  String publish;

  @Option(names = "--publish-option", paramLabel = "KEY=VALUE", description = "A publisher setting (repeatable).")
  List<String> publishOptions = new ArrayList<>();

  @Option(names = "--run-id", paramLabel = "ID", description = "The run id (default: a UTC timestamp).")
  String runId;

  @Mixin
  ExportOption exports;

  @Mixin
  LifecycleOptions lifecycle;

  @Mixin
  SuppressionsOption suppressions;

  @Mixin
  ComplianceFrameworksOption complianceFrameworks;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Scanner output files or folders.")
  List<Path> inputs = new ArrayList<>();

  /**
   * Creates the command.
   *
   * @param environment the environment variables
   */
  public AggregateCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    JobEnvironment job = new JobEnvironment(environment);
    URI destination = publish != null ? job.toDestination(publish, "--publish")
        : (output != null ? output : Path.of("secposture-site")).toAbsolutePath().normalize().toUri();
    Settings settings = lifecycle.apply(job, job.publishOptions(publishOptions));
    List<String> problems = new ArrayList<>();
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        problems.add("input " + input + " does not exist");
      }
    }
    String id = null;
    try {
      id = Runs.runId(job.first(runId, JobEnvironment.RUN_ID, null));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    ExportOption.Plan exportPlan = exports.plan(job, problems);
    ComplianceFrameworks frameworks = complianceFrameworks.frameworks(job, problems);
    job.check(problems);
    Plugins plugins = Plugins.discover();
    plugins.publisherFor(destination);
    Suppressions accepted = suppressions.require(job, plugins, settings);
    String run = id;
    return WorkDirectory.within(null, "secposture-aggregate-", work -> {
      Pipeline pipeline = Pipeline.builder(plugins).workDirectory(work).suppressions(accepted).complianceFrameworks(frameworks).build();
      Console console = new Console(spec.commandLine().getOut());
      ExportOption.Session exporting = exportPlan.session(plugins, null, List.of(), Settings.empty(), console);
      RunPublisher publisher = new RunPublisher(plugins);
      RunOutcome outcome = exporting.stage(publisher.compare(Runs.interruptibly(() -> pipeline.aggregate(run, inputs)),
          destination, settings), destination, settings);
      console.summary(outcome.report());
      PublishResult result = publisher.publish(outcome, destination, settings);
      console.published(result);
      exporting.afterPublish(outcome, result, destination, settings);
      return exporting.exitCode(outcome.hasFailedInputs() ? ExitCode.INCOMPLETE : ExitCode.OK);
    });
  }
}
