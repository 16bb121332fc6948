package io.secposture.examples.internal;

import io.secposture.api.AccountSummary;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.ReportParseException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanStatus;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import io.secposture.core.ReportJson;
import io.secposture.core.ShardMerge;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture merge}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {"Merge partial reports (for example one per shard of a run) into the report a single run would "
        + "have produced, and publish it.",
        "Each REPORT is a local report JSON file or a URI a publisher can read (s3://bucket/path/report.json).",
        "A scan (provider/account/scanner) may be in one REPORT only, and the REPORTs must come from one run unless "
            + "--run-id names the merged run: anything else would count scans twice.",
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

  @Mixin
  ExportOption exports;

  @Option(names = "--aggregator", defaultValue = "default", description = "The aggregator whose merge to use (default: ${DEFAULT-VALUE}).")
  String aggregator;

  @Parameters(arity = "0..*", paramLabel = "REPORT", description = "Partial report JSON files or URIs.")
  List<String> reports = new ArrayList<>();

  @Option(names = "--shards",
      description = "Merge the shards of a run from the destination (--publish or SECPOSTURE_PUBLISH) instead of "
          + "REPORTs; needs --run-id and --shard-count.")
  boolean shards;

  @Option(names = "--run-id", paramLabel = "ID", description = {"With --shards: the run id the shards share.",
      "With REPORTs: the merged report's run id; needed to combine reports of different runs (env SECPOSTURE_RUN_ID)."})
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
    if (exports.exports != null && !exports.exports.isEmpty()) {
      throw new ConfigurationException("--export applies to merge --shards, whose shards published their findings;"
          + " merged report files carry none");
    }
    String run = job.first(runId, JobEnvironment.RUN_ID, null);
    if (run != null) {
      try {
        ScanRequest.requireRunId(run);
      } catch (IllegalArgumentException e) {
        job.problem("--run-id: " + e.getMessage());
      }
    }
    job.check(List.of());
    Plugins plugins = Plugins.discover();
    List<Input> inputs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String report : reports) {
      try {
        inputs.add(new Input(report, read(plugins, job, report, settings)));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    problems.addAll(overlaps(inputs, run != null));
    job.check(problems);
    PostureReport merged = plugins.aggregator(aggregator).merge(inputs.stream().map(Input::report).toList());
    if (run != null) {
      merged = merged.toBuilder().runId(run).build();
    }
    Console console = new Console(spec.commandLine().getOut());
    console.summary(merged);
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    PublishResult result = publisher.publish(destination, new Publication(merged, List.of(), settings));
    console.published(result);
    return ExitCode.OK;
  }

  /** A report named on the command line and what it holds. */
  private record Input(String name, PostureReport report) {
  }

  /**
   * Finds what would make the merge count something twice: one scan (provider/account/scanner row) in two inputs
   * (a report merged with itself, the same run merged twice, overlapping shards), or inputs of different runs when
   * no run id was given for the result.
   */
  static List<String> overlaps(List<Input> inputs, boolean runIdGiven) {
    List<String> problems = new ArrayList<>();
    Map<List<String>, Integer> firstInput = new HashMap<>();
    Map<List<Integer>, List<String>> shared = new LinkedHashMap<>();
    Map<String, String> byRun = new LinkedHashMap<>();
    for (int index = 0; index < inputs.size(); index++) {
      Input input = inputs.get(index);
      byRun.putIfAbsent(input.report().runId(), input.name());
      for (AccountSummary row : input.report().accounts()) {
        Integer previous = firstInput.putIfAbsent(List.of(row.provider().id(), row.accountId(), row.scanner()), index);
        if (previous != null) {
          shared.computeIfAbsent(List.of(previous, index), pair -> new ArrayList<>()).add(row.key());
        }
      }
    }
    shared.forEach((pair, rows) -> {
      String first = inputs.get(pair.get(0)).name();
      String second = inputs.get(pair.get(1)).name();
      String scans = rows.size() == 1 ? "the scan " + rows.get(0)
          : rows.size() + " scans (" + String.join(", ", rows.subList(0, Math.min(3, rows.size())))
              + (rows.size() > 3 ? " and " + (rows.size() - 3) + " more" : "") + ")";
      problems.add((first.equals(second) ? "the report " + first + " is named twice: " + scans + " would be"
          : scans + " " + (rows.size() == 1 ? "is" : "are") + " in both " + first + " and " + second + ": "
              + (rows.size() == 1 ? "it" : "they") + " would be")
          + " counted twice. Merge each scan once: not a report with itself, nor two runs over the same accounts"
          + " (keep the newer run's report)");
    });
    if (!runIdGiven && byRun.size() > 1) {
      problems.add("the reports come from " + byRun.size() + " different runs (" + byRun.entrySet().stream()
          .map(entry -> entry.getValue() + " is run " + entry.getKey()).collect(Collectors.joining(", "))
          + "); the partial reports of one run (its shards) share its run id. To combine different runs on purpose,"
          + " name the merged run with --run-id (or " + JobEnvironment.RUN_ID + ")");
    }
    return problems;
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
    ExportOption.Plan exportPlan = exports.plan(job, problems);
    job.check(problems);
    Plugins plugins = Plugins.discover();
    ShardMerge.Merged merged = ShardMerge.merge(plugins, destination, run, count,
        aggregator == null ? Pipeline.DEFAULT_AGGREGATOR : aggregator, settings);
    Console console = new Console(spec.commandLine().getOut());
    console.summary(merged.report());
    console.published(merged.published());
    ExportOption.Session exporting = exportPlan.session(plugins, null, List.of(), Settings.empty(), console);
    exporting.afterMerge(merged, destination, settings);
    return exporting.exitCode(merged.report().accounts().stream().allMatch(row -> row.status().hasResults()
        || row.status() == ScanStatus.SKIPPED) && merged.report().failedInputs().isEmpty()
        && !merged.manifest().cancelled() ? ExitCode.OK : ExitCode.INCOMPLETE);
  }

  private static PostureReport read(Plugins plugins, JobEnvironment job, String report, Settings settings)
      throws Exception {
    if (!report.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") || report.startsWith("file:")) {
      Path path = report.startsWith("file:") ? Path.of(URI.create(report)) : Path.of(report);
      if (!Files.isRegularFile(path)) {
        throw new ConfigurationException("report " + report + " does not exist");
      }
      try (InputStream in = Files.newInputStream(path)) {
        return parse(in, report);
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
      return parse(in, report);
    }
  }

  /** Reads a report; a file that is not one is the user's input problem (exit 2), named, not an internal error. */
  private static PostureReport parse(InputStream in, String report) {
    try {
      return ReportJson.read(in, report);
    } catch (ReportParseException e) {
      throw new ConfigurationException("report " + report + " is not a readable secposture report: "
          + e.getMessage() + "; give the report_latest.json or report_<date>_<run>.json a run published", e);
    } catch (UncheckedIOException e) {
      throw new ConfigurationException("report " + report + " cannot be read: " + e.getMessage(), e);
    }
  }
}
