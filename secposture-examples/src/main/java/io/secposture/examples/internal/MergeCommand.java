package io.secposture.examples.internal;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.ScanStatus;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import io.secposture.core.ReportJson;
import io.secposture.core.ShardMerge;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture merge}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Merge partial reports (for example one per shard of a run) into the report a single run would "
        + "have produced, and publish it.",
        "Each REPORT is a local report JSON file or a URI a publisher can read (s3://bucket/path/report.json).",
        "With --shards, reads the partial report every shard of a run published to the destination "
            + "(runs/<run-id>/shards/<i>-of-<N>.json) and publishes the run: dated report, history, index, latest."})
public final class MergeCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to publish to (default: ./secposture-site).")
  Path output;

  @Option(names = "--publish", paramLabel = "URI", description = "Publish to a store instead (s3://, gs://, azblob://).")
  String publish;

  @Option(names = "--publish-option", paramLabel = "KEY=VALUE", description = "A publisher setting (repeatable).")
  List<String> publishOptions = new ArrayList<>();

  @Option(names = "--aggregator", defaultValue = "default", description = "The aggregator whose merge to use (default: ${DEFAULT-VALUE}).")
  String aggregator;

  @Parameters(arity = "0..*", paramLabel = "REPORT", description = "Partial report JSON files or URIs.")
  List<String> reports = new ArrayList<>();

  @Option(names = "--shards",
      description = "Merge the shards of a run from the destination (--publish or SECPOSTURE_PUBLISH) instead of "
          + "REPORTs; needs --run-id and --shard-count.")
  boolean shards;

  @Option(names = "--run-id", paramLabel = "ID", description = "The run id the shards share (env SECPOSTURE_RUN_ID).")
  String runId;

  @Option(names = "--shard-count", paramLabel = "N",
      description = "How many shards the run has (env SECPOSTURE_SHARD_COUNT).")
  Integer shardCount;

  /**
   * Creates the command.
   *
   * @param environment the environment variables
   */
  public MergeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    if (shards) {
      return mergeShards();
    }
    if (reports.isEmpty()) {
      throw new ConfigurationException("name the partial reports to merge (REPORT...), or merge the shards of a run"
          + " with --shards --run-id ID --shard-count N");
    }
    JobEnvironment job = new JobEnvironment(environment);
    URI destination = publish != null ? job.toDestination(publish, "--publish")
        : (output != null ? output : Path.of("secposture-site")).toAbsolutePath().normalize().toUri();
    Settings settings = job.publishOptions(publishOptions);
    job.check(List.of());
    Plugins plugins = Plugins.discover();
    List<PostureReport> partials = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String report : reports) {
      try {
        partials.add(read(plugins, job, report, settings));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    job.check(problems);
    PostureReport merged = plugins.aggregator(aggregator).merge(partials);
    Console console = new Console(spec.commandLine().getOut());
    console.summary(merged);
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    PublishResult result = publisher.publish(destination, new Publication(merged, List.of(), settings));
    console.published(result);
    return ExitCode.OK;
  }

  private int mergeShards() {
    JobEnvironment job = new JobEnvironment(environment);
    URI destination = publish != null ? job.toDestination(publish, "--publish")
        : output != null ? output.toAbsolutePath().normalize().toUri() : job.destination(null, "secposture-site");
    Settings settings = job.publishOptions(publishOptions);
    Integer count = job.shardCount(shardCount);
    String run = job.first(runId, JobEnvironment.RUN_ID, null);
    List<String> problems = new ArrayList<>();
    if (!reports.isEmpty()) {
      problems.add("--shards reads the shards' reports from the destination; do not name REPORTs as well");
    }
    if (run == null) {
      problems.add("--shards needs the run id the shards share: --run-id or " + JobEnvironment.RUN_ID);
    }
    if (count == null) {
      problems.add("--shards needs the number of shards: --shard-count or " + JobEnvironment.SHARD_COUNT);
    }
    job.check(problems);
    Plugins plugins = Plugins.discover();
    ShardMerge.Merged merged = ShardMerge.merge(plugins, destination, run, count,
        aggregator == null ? Pipeline.DEFAULT_AGGREGATOR : aggregator, settings);
    Console console = new Console(spec.commandLine().getOut());
    console.summary(merged.report());
    console.published(merged.published());
    return merged.report().accounts().stream().allMatch(row -> row.status().hasResults()
        || row.status() == ScanStatus.SKIPPED) && merged.report().failedInputs().isEmpty()
        && !merged.manifest().cancelled() ? ExitCode.OK : ExitCode.INCOMPLETE;
  }

  private static PostureReport read(Plugins plugins, JobEnvironment job, String report, Settings settings)
      throws Exception {
    if (!report.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") || report.startsWith("file:")) {
      Path path = report.startsWith("file:") ? Path.of(URI.create(report)) : Path.of(report);
      if (!Files.isRegularFile(path)) {
        throw new ConfigurationException("report " + report + " does not exist");
      }
      try (InputStream in = Files.newInputStream(path)) {
        return ReportJson.read(in, path.toString());
      }
    }
    URI uri = job.toDestination(report, "REPORT");
    String path = uri.getPath() == null ? "" : uri.getPath();
    int slash = path.lastIndexOf('/');
    if (slash < 0 || slash == path.length() - 1) {
      throw new ConfigurationException("report " + report + " does not name a file");
    }
    URI parent = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path.substring(0, slash));
    String key = path.substring(slash + 1);
    Optional<InputStream> content = plugins.publisherFor(uri).read(parent, key, settings);
    if (content.isEmpty()) {
      throw new ConfigurationException("report " + report + " does not exist");
    }
    try (InputStream in = content.get()) {
      return ReportJson.read(in, report);
    }
  }
}
