package io.secposture.examples.internal;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.Settings;
import io.secposture.core.PublishedRun;
import io.secposture.core.ReportJson;
import io.secposture.core.RunDiffer;
import io.secposture.core.SiteLayout;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Not public API: {@code secposture diff}. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show what changed between two published runs, by the findings' stable fingerprints: new, "
        + "resolved, reopened, unchanged and unknown findings per severity, provider and account, and the most "
        + "serious new findings.",
        "CURRENT and --previous are each a site (a folder, file:///dir, s3://bucket/prefix, gs://bucket/prefix, "
            + "azblob://account/container/prefix: its reports/report_latest.json) or one report JSON file in a site "
            + "(site/reports/report_<date>_<run>.json, or the same as a URI). Without --previous, CURRENT is "
            + "compared with the run published before it at the same site.",
        "Accounts without results in the later run (failed, timed out, skipped, removed) are not compared: what "
            + "they flagged before is counted unknown, never resolved."})
public final class DiffCommand implements Callable<Integer> {
  private static final int DEFAULT_TOP = 10;

  @Spec
  CommandSpec spec;

  @Option(names = "--previous", paramLabel = "SITE_OR_REPORT",
      description = "The earlier run (default: the run before CURRENT at CURRENT's site).")
  String previous;

  @Parameters(index = "0", paramLabel = "CURRENT", description = "The later run: a site or a report JSON file.")
  String current;

  @Option(names = "--json", description = "Print the diff as JSON (the report's diff section) instead of text.")
  boolean json;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + DEFAULT_TOP,
      description = "How many new findings to list (default: ${DEFAULT-VALUE}; the diff keeps at most "
          + RunDiff.NEW_FINDINGS_LIMIT + ").")
  int top;

  @Option(names = "--publish-option", paramLabel = "KEY=VALUE",
      description = "A publisher setting for reading the sites, e.g. s3.region=eu-west-1 (repeatable; env "
          + "SECPOSTURE_PUBLISH_OPTIONS).")
  List<String> publishOptions = new ArrayList<>();

  @Mixin
  FailOnOption failOn;

  private final Map<String, String> environment;

  /**
   * Creates the command.
   *
   * @param environment the environment variables
   */
  public DiffCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    JobEnvironment job = new JobEnvironment(environment);
    Settings options = job.publishOptions(publishOptions);
    List<String> problems = new ArrayList<>();
    try {
      job.check(List.of());
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      failOn.validate();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (top < 0) {
      problems.add("--top must be 0 or more, got " + top);
    }
    Location later = null;
    Location earlier = null;
    try {
      later = Location.parse(current, "CURRENT");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      earlier = previous == null ? null : Location.parse(previous, "--previous");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Plugins plugins = Plugins.discover();
    Location where = later;
    PublishedRun currentRun = later.read(plugins, options)
        .orElseThrow(() -> new ConfigurationException("CURRENT " + current + " holds no report: "
            + where.describe() + " does not exist"));
    PostureReport report = currentRun.report();
    Optional<PublishedRun> previousRun;
    Location site = later;
    if (earlier == null) {
      previousRun = readSafely(() -> PublishedRun.before(site.publisher(plugins), site.site(), report.runId(),
          report.generatedAt(), options), later.describe());
    } else {
      Location other = earlier;
      previousRun = earlier.reportKey() != null ? earlier.read(plugins, options)
          : readSafely(() -> PublishedRun.before(other.publisher(plugins), other.site(), report.runId(),
              report.generatedAt(), options), earlier.describe());
      if (previousRun.isEmpty()) {
        throw new ConfigurationException("--previous " + previous + " holds no run older than run "
            + report.runId() + " (" + earlier.describe() + ")");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Console console = new Console(out);
    if (previousRun.isEmpty()) {
      if (json) {
        out.print(new String(ReportJson.diffToBytes(null), StandardCharsets.UTF_8));
        out.flush();
      } else {
        console.line("run " + DiffPrinter.clean(report.runId()) + " at " + later.describe()
            + " has no earlier run to compare with");
      }
      return failOn.verdict(null, json ? new Console(spec.commandLine().getErr()) : console);
    }
    RunDiff diff = readSafely(() -> Optional.of(RunDiffer.compare(previousRun.get(), currentRun)), later.describe())
        .orElseThrow();
    if (json) {
      out.print(new String(ReportJson.diffToBytes(diff), StandardCharsets.UTF_8));
      out.flush();
      return failOn.verdict(diff, new Console(spec.commandLine().getErr()));
    }
    new DiffPrinter(out).full(report, diff, top);
    return failOn.verdict(diff, console);
  }

  private interface Read<T> {
    Optional<T> get();
  }

  private static <T> Optional<T> readSafely(Read<T> read, String where) {
    try {
      return read.get();
    } catch (ReportParseException e) {
      throw new ConfigurationException("cannot read a report at " + where + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new ConfigurationException("cannot read " + where + ": " + e.getMessage(), e);
    } catch (PublishException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * Where a run is: a site root, and optionally the key of one report in it (otherwise the site's latest report).
   *
   * @param site the site root URI
   * @param reportKey the report's key; {@code null} for the latest
   * @param shown how the user wrote it
   */
  record Location(URI site, String reportKey, String shown) {
    static Location parse(String text, String what) {
      if (text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !text.startsWith("file:")) {
        URI uri;
        try {
          uri = new URI(text);
        } catch (URISyntaxException e) {
          throw new ConfigurationException(what + " '" + text + "' is not a valid URI: " + e.getReason());
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith(".json")) {
          return new Location(uri, null, text);
        }
        int reports = path.lastIndexOf("/reports/");
        int split = reports >= 0 ? reports : path.lastIndexOf('/');
        String key = path.substring(split + 1);
        URI site = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path.substring(0, split));
        return new Location(site, key, text);
      }
      Path path;
      try {
        path = text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(what + " '" + text + "' is not a valid path: " + e.getMessage(), e);
      }
      path = path.toAbsolutePath().normalize();
      if (Files.isDirectory(path)) {
        return new Location(path.toUri(), null, text);
      }
      if (!Files.isRegularFile(path)) {
        throw new ConfigurationException(what + " " + text + " does not exist; name a site folder or a report"
            + " JSON file");
      }
      Path parent = path.getParent();
      boolean inReports = parent.getFileName() != null && parent.getFileName().toString().equals("reports")
          && parent.getParent() != null;
      Path site = inReports ? parent.getParent() : parent;
      String key = inReports ? "reports/" + path.getFileName() : path.getFileName().toString();
      return new Location(site.toUri(), key, text);
    }

    ArtifactPublisher publisher(Plugins plugins) {
      return plugins.publisherFor(site);
    }

    Optional<PublishedRun> read(Plugins plugins, Settings options) {
      String key = reportKey == null ? SiteLayout.LATEST_REPORT : reportKey;
      return readSafely(() -> PublishedRun.read(publisher(plugins), site, key, options), describe());
    }

    String describe() {
      return reportKey == null ? shown + " (" + SiteLayout.LATEST_REPORT + ")" : shown;
    }
  }
}
