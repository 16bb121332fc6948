package io.secposture.core;

import io.secposture.api.AccountSummary;
import io.secposture.api.ArtifactPublisher;
import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Preflight;
import io.secposture.api.PublishResult;
import io.secposture.api.ScanResult;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.diff.FindingChanges;
import io.secposture.core.internal.diff.RunFiles;
import io.secposture.core.internal.export.RunView;
import io.secposture.core.spi.QueryOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured {@link FindingExporter}s on a run, each isolated from the others: an exporter's failure of any
 * kind (an exception, an {@link Error}) is caught, logged and returned with the exporter's name, the other exporters
 * still run, and the run stays published (the job then exits 3).
 *
 * <p><b>When exporters run.</b> Exporters that {@link FindingExporter#publishesFiles() publish files} (such as
 * {@code ocsf}) run in {@link #stage}, after the run was compared with the previous one and before the upload; the
 * files they add go into the returned outcome and so are published with the run, atomically with it (a failed
 * exporter's half-written file is dropped). The others (alerts, Security Hub) run in {@link #afterPublish}, once the
 * site holds the run, so a link in a message never points at a page that is not there. For a sharded run, each
 * shard's {@code stage} writes its own files ({@code findings.ocsf.0-of-4.json}); the others run once, on the merged
 * run ({@link #afterMerge}); {@code afterPublish} of a shard exports nothing.
 *
 * <p><b>The findings' change</b> comes from comparing each finding with the run published before this one at the
 * destination (or at the {@link RunDiffer#PREVIOUS} site), with the rules of {@link RunDiffer}, reading one account
 * row at a time. A previous run that cannot be read makes every flagged finding {@link ExportedFinding.Change#UNKNOWN}
 * (never new: an unreadable bucket must not raise every alert again).
 *
 * <p><b>Options</b> are the export options ({@code --export-option}): each exporter's namespace, plus
 * {@value #SITE_URL}, the front page address for people (a bucket website), used in messages instead of the
 * publisher's {@code s3:}/{@code file:} index URI. Values of keys that look secret ({@code *.url}, {@code *.secret},
 * {@code *.token}, {@code *.password}, {@code *.route.*}) are masked in every failure message and log line.
 *
 * <p><b>Who calls it.</b> The job's {@code run}, {@code demo} and {@code aggregate} commands, and embedding code.
 * Immutable; thread-safe as long as one run is exported at a time per instance (exporters are stateless).
 */
public final class ExportRunner {
  /** Option: the front page address messages link to, e.g. {@code https://security.example.com/}. */
  public static final String SITE_URL = "export.site-url";

  private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
  /**
   * Scanner options that limit what a scan looks at in ways a {@link ScanScope} cannot express (exclusions,
   * severity or status filters, rule sets, frameworks, raw arguments): a scan with one of them has unknown filters.
   */
  private static final List<String> UNEXPRESSED_LIMITS = List.of("exclude-regions", "excluded-check",
      "excluded-checks", "excluded-service", "excluded-services", "skip", "severity", "severities", "status",
      "compliance", "ruleset", "extra-args");

  private final Plugins plugins;
  private final List<FindingExporter> exporters;
  private final Settings options;
  private final CredentialBroker broker;
  private final List<CloudAccount> accounts;
  private final Settings scannerOptions;
  private final Redactor redactor;

  private ExportRunner(Builder builder) {
    this.plugins = builder.plugins;
    this.exporters = List.copyOf(builder.exporters);
    this.options = builder.options;
    this.broker = builder.broker;
    this.accounts = List.copyOf(builder.accounts);
    this.scannerOptions = builder.scannerOptions;
    this.redactor = redactorFor(options);
  }

  /**
   * Starts building a runner.
   *
   * @param plugins where the publisher that reads the previous run comes from
   * @return the builder
   */
  public static Builder builder(Plugins plugins) {
    return new Builder(plugins);
  }

  /**
   * Finds exporters by name, reporting every unknown name at once with did-you-mean.
   *
   * @param names the names, e.g. from {@code --export}; duplicates are dropped
   * @return the exporters, in the order named
   * @throws ConfigurationException naming every unknown name and the names there are
   */
  public static List<FindingExporter> named(List<String> names) {
    Map<String, FindingExporter> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      if (found.containsKey(name)) {
        continue;
      }
      try {
        found.put(name, FindingExporter.named(name));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return List.copyOf(found.values());
  }

  /**
   * Returns the exporters this runner runs.
   *
   * @return the exporters, in order
   */
  public List<FindingExporter> exporters() {
    return exporters;
  }

  /**
   * Checks every exporter's settings and {@value #SITE_URL} without contacting anything.
   *
   * @return every problem, each naming the exporter; empty when all can run
   */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    siteUrl(problems);
    for (FindingExporter exporter : exporters) {
      try {
        Preflight preflight = exporter.validate(options);
        preflight.problems().forEach(problem -> problems.add("exporter " + exporter.name() + ": "
            + redactor.redact(problem)));
      } catch (ConfigurationException e) {
        e.problems().forEach(problem -> problems.add("exporter " + exporter.name() + ": " + redactor.redact(problem)));
      } catch (RuntimeException e) {
        problems.add("exporter " + exporter.name() + ": its settings cannot be checked: " + describe(e));
      }
    }
    return problems;
  }

  /**
   * Runs the exporters that publish files, before the upload.
   *
   * @param outcome the run (compared with the previous one first, if it was not)
   * @param destination where it will be published
   * @param publisherOptions the publisher settings (to read the previous run)
   * @return the outcome to publish: compared, with the exporters' files added; and what they exported
   */
  public Staged stage(RunOutcome outcome, URI destination, Settings publisherOptions) {
    Objects.requireNonNull(outcome, "outcome");
    RunOutcome compared = new RunPublisher(plugins).compare(outcome, destination, publisherOptions);
    List<FindingExporter> writers = exporters.stream().filter(FindingExporter::publishesFiles).toList();
    if (writers.isEmpty()) {
      return new Staged(compared, Outcome.NONE);
    }
    RunFiles files = localFiles(compared.files());
    FindingChanges changes = changes(compared.report(), files, destination, publisherOptions);
    List<ScanScope> scopes = scopes(compared.report(), compared.scans(), compared.shard());
    Path folder = compared.runDirectory().resolve("exports");
    URI site = site(destination, null);
    List<StagedFile> added = new ArrayList<>();
    Outcome result = run(writers, exporter -> new RunView(compared.report(), site, compared.shard(), scopes,
        accounts(compared.report()), broker, changes, null, folder.resolve(exporter.name())), (view, ok) -> {
          if (ok) {
            added.addAll(view.addedFiles());
          } else {
            view.discardAddedFiles();
          }
        });
    if (added.isEmpty()) {
      return new Staged(compared, result);
    }
    List<StagedFile> all = new ArrayList<>(compared.files());
    all.addAll(added);
    return new Staged(new RunOutcome(compared.report(), compared.scans(), compared.manifest(), all,
        compared.runDirectory(), compared.shard(), compared.compared(), compared.warnings()), result);
  }

  /**
   * Runs the exporters that do not publish files, once the run is published. A shard of a run exports nothing
   * here: its run is exported when merged ({@link #afterMerge}).
   *
   * @param outcome the published run, as {@link #stage} returned it (compared: its report carries the diff)
   * @param published what publishing returned
   * @param destination where it was published
   * @param publisherOptions the publisher settings
   * @return what the exporters exported and which failed
   */
  public Outcome afterPublish(RunOutcome outcome, PublishResult published, URI destination,
      Settings publisherOptions) {
    Objects.requireNonNull(outcome, "outcome");
    List<FindingExporter> senders = exporters.stream().filter(exporter -> !exporter.publishesFiles()).toList();
    if (senders.isEmpty()) {
      return Outcome.NONE;
    }
    if (!outcome.shard().isWhole()) {
      LOG.info("shard {} of run {}: exporters {} run once the run is merged", outcome.shard(),
          outcome.report().runId(), names(senders));
      return Outcome.NONE;
    }
    RunFiles files = localFiles(outcome.files());
    FindingChanges changes = changes(outcome.report(), files, destination, publisherOptions);
    List<ScanScope> scopes = scopes(outcome.report(), outcome.scans(), outcome.shard());
    return afterUpload(senders, outcome.report(), changes, scopes, published, destination, publisherOptions);
  }

  /**
   * Runs the exporters that do not publish files on a merged run (exporters that publish files ran in each shard).
   * The scans' limits are not known here ({@link ScanScope#filtersKnown()} is false).
   *
   * @param merged the merge
   * @param destination where the run was published
   * @param publisherOptions the publisher settings
   * @return what the exporters exported and which failed
   */
  public Outcome afterMerge(ShardMerge.Merged merged, URI destination, Settings publisherOptions) {
    Objects.requireNonNull(merged, "merged");
    List<FindingExporter> senders = exporters.stream().filter(exporter -> !exporter.publishesFiles()).toList();
    if (senders.isEmpty()) {
      return Outcome.NONE;
    }
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    RunFiles files = PublishedRun.of(merged.report(), publisher, destination, publisherOptions).files();
    FindingChanges changes = changes(merged.report(), files, destination, publisherOptions);
    List<ScanScope> scopes = scopes(merged.report(), List.of(), Shard.whole());
    return afterUpload(senders, merged.report(), changes, scopes, merged.published(), destination,
        publisherOptions);
  }

  private Outcome afterUpload(List<FindingExporter> senders, PostureReport report, FindingChanges changes,
      List<ScanScope> scopes, PublishResult published, URI destination, Settings publisherOptions) {
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    Function<String, Optional<InputStream>> open = key -> publisher.read(destination, key, publisherOptions);
    URI site = site(destination, published);
    List<CloudAccount> runAccounts = accounts(report);
    return run(senders, exporter -> new RunView(report, site, Shard.whole(), scopes, runAccounts, broker, changes,
        open, null), (view, ok) -> { });
  }

  private interface AfterEach {
    void done(RunView view, boolean succeeded);
  }

  private Outcome run(List<FindingExporter> which, Function<FindingExporter, RunView> views, AfterEach after) {
    List<ExportResult> results = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (FindingExporter exporter : which) {
      String name = exporter.name();
      long started = System.nanoTime();
      RunView view = null;
      boolean ok = false;
      try {
        view = views.apply(exporter);
        ExportResult result = exporter.export(view, options);
        if (result == null) {
          throw new ExportException(name, "exporter " + name + " (" + exporter.getClass().getName()
              + ") returned no result");
        }
        List<String> warnings = result.warnings().stream().map(redactor::redact).toList();
        results.add(new ExportResult(name, result.exported(), warnings));
        warnings.forEach(warning -> LOG.warn("exporter {}: {}", name, warning));
        LOG.info("exporter {}: exported {} in {} ms{}", name, result.exported(),
            (System.nanoTime() - started) / 1_000_000,
            warnings.isEmpty() ? "" : " (" + warnings.size() + " warning(s))");
        ok = true;
      } catch (Throwable e) {
        // any failure of one exporter (an Error too) is reported and never costs the run or the other exporters
        String message = describe(e);
        failures.add(new Failure(name, message));
        LOG.warn("exporter {} failed: {}; the run stays published", name, message);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      } finally {
        if (view != null) {
          after.done(view, ok);
        }
      }
    }
    return new Outcome(results, failures);
  }

  private String describe(Throwable e) {
    String message = e.getMessage();
    String text = e instanceof ExportException || e instanceof ConfigurationException
        ? String.valueOf(message) : e.getClass().getName() + (message == null ? "" : ": " + message);
    return redactor.redact(text);
  }

  private FindingChanges changes(PostureReport report, RunFiles files, URI destination, Settings publisherOptions) {
    URI previousSite = previousSite(destination, publisherOptions);
    try {
      ArtifactPublisher publisher = plugins.publisherFor(previousSite);
      Optional<PublishedRun> before = PublishedRun.before(publisher, previousSite, report.runId(),
          report.generatedAt(), publisherOptions);
      return before.map(run -> new FindingChanges(report, files, run.report(), run.files()))
          .orElseGet(() -> new FindingChanges(report, files, null, null));
    } catch (RuntimeException e) {
      LOG.warn("exporters cannot read the run before {} at {} ({}): every flagged finding is exported as unknown,"
          + " not new", report.runId(), QueryOptions.withoutSecrets(previousSite), e.getMessage());
      return FindingChanges.withUnreadablePrevious(report, files);
    }
  }

  private static URI previousSite(URI destination, Settings publisherOptions) {
    String value = publisherOptions.getString(RunDiffer.PREVIOUS);
    if (value == null || value.isEmpty()) {
      return destination;
    }
    try {
      URI uri = new URI(value);
      return uri.getScheme() == null ? Path.of(value).toAbsolutePath().normalize().toUri() : uri;
    } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
      return destination;
    }
  }

  private static RunFiles localFiles(List<StagedFile> staged) {
    Map<String, Path> byKey = new HashMap<>();
    staged.forEach(file -> byKey.put(file.key(), file.file()));
    return RunFiles.local(byKey);
  }

  private List<ScanScope> scopes(PostureReport report, List<ScanResult> scans, Shard shard) {
    Map<String, ScanResult> byKey = new HashMap<>();
    for (ScanResult scan : scans) {
      byKey.put(scan.account().provider().id() + "/" + scan.account().id() + "/" + scan.scanner(), scan);
    }
    List<ScanScope> scopes = new ArrayList<>();
    for (AccountSummary row : report.accounts()) {
      ScanResult scan = byKey.get(row.key());
      if (scan == null) {
        scopes.add(new ScanScope(row.provider(), row.accountId(), row.scanner(), row.status(), List.of(), List.of(),
            List.of(), false, shard));
        continue;
      }
      Settings effective = scannerOptions.with(scan.account().options());
      String prefix = row.scanner() + ".";
      boolean expressible = UNEXPRESSED_LIMITS.stream().noneMatch(key -> effective.contains(prefix + key));
      scopes.add(new ScanScope(row.provider(), row.accountId(), row.scanner(), row.status(),
          either(effective, prefix + "regions", prefix + "region"),
          either(effective, prefix + "services", prefix + "service"),
          either(effective, prefix + "checks", prefix + "check"), expressible, shard));
    }
    return scopes;
  }

  private static List<String> either(Settings settings, String key, String alias) {
    List<String> values = settings.getList(key);
    return values.isEmpty() ? settings.getList(alias) : values;
  }

  private List<CloudAccount> accounts(PostureReport report) {
    Map<String, CloudAccount> byKey = new LinkedHashMap<>();
    accounts.forEach(account -> byKey.putIfAbsent(account.key(), account));
    for (AccountSummary row : report.accounts()) {
      CloudAccount fromRow = CloudAccount.builder(row.provider(), row.accountId()).name(row.name())
          .labels(row.labels()).build();
      byKey.putIfAbsent(fromRow.key(), fromRow);
    }
    return List.copyOf(byKey.values());
  }

  private URI site(URI destination, PublishResult published) {
    URI configured = siteUrl(new ArrayList<>());
    if (configured != null) {
      return configured;
    }
    if (published != null && published.index() != null) {
      return QueryOptions.withoutSecrets(published.index());
    }
    return QueryOptions.withoutSecrets(destination);
  }

  private URI siteUrl(List<String> problems) {
    String value = options.getString(SITE_URL);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null && !"file".equals(uri.getScheme())) {
        problems.add("setting '" + SITE_URL + "' has value '" + value + "'; expected the front page address for"
            + " people, such as https://security.example.com/");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add("setting '" + SITE_URL + "' has value '" + value + "'; expected the front page address for"
          + " people, such as https://security.example.com/");
      return null;
    }
  }

  private static Redactor redactorFor(Settings options) {
    List<Secret> secrets = new ArrayList<>();
    options.asMap().forEach((key, value) -> {
      if (isSecretKey(key) && !value.isEmpty()) {
        secrets.add(Secret.of(value));
      }
    });
    return Redactor.of(secrets);
  }

  /**
   * Tells whether an export option's value is a secret, to be masked in messages: keys ending in {@code .url},
   * {@code .secret}, {@code .token}, {@code .password} or holding {@code .route.} (webhook URLs carry their
   * credentials in the path).
   *
   * @param key the option key
   * @return true if its value is masked
   */
  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.endsWith(".url") || lower.endsWith(".secret") || lower.endsWith(".token")
        || lower.endsWith(".password") || lower.contains(".route.");
  }

  private static List<String> names(List<FindingExporter> exporters) {
    return exporters.stream().map(FindingExporter::name).toList();
  }

  /**
   * An exporter that failed.
   *
   * @param exporter its name
   * @param message what failed, with secrets masked
   */
  public record Failure(String exporter, String message) {
    /** Validates the components. */
    public Failure {
      Objects.requireNonNull(exporter, "exporter");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * What the exporters of one phase did.
   *
   * @param results one per exporter that succeeded, in order
   * @param failures one per exporter that failed, in order
   */
  public record Outcome(List<ExportResult> results, List<Failure> failures) {
    /** Nothing exported, nothing failed. */
    public static final Outcome NONE = new Outcome(List.of(), List.of());

    /** Copies the lists. */
    public Outcome {
      results = List.copyOf(results);
      failures = List.copyOf(failures);
    }

    /**
     * Tells whether some exporter failed.
     *
     * @return true if the job should exit 3
     */
    public boolean failed() {
      return !failures.isEmpty();
    }

    /**
     * Returns both phases' outcomes together.
     *
     * @param other the other phase
     * @return the combined outcome
     */
    public Outcome plus(Outcome other) {
      List<ExportResult> allResults = new ArrayList<>(results);
      allResults.addAll(other.results);
      List<Failure> allFailures = new ArrayList<>(failures);
      allFailures.addAll(other.failures);
      return new Outcome(allResults, allFailures);
    }
  }

  /**
   * The run with the files of the exporters that publish files, and what they did.
   *
   * @param outcome the run to publish
   * @param exports what those exporters did
   */
  public record Staged(RunOutcome outcome, Outcome exports) {
    /** Validates the components. */
    public Staged {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(exports, "exports");
    }
  }

  /** Builds an {@link ExportRunner}. Not thread-safe. */
  public static final class Builder {
    private final Plugins plugins;
    private List<FindingExporter> exporters = List.of();
    private Settings options = Settings.empty();
    private CredentialBroker broker;
    private List<CloudAccount> accounts = List.of();
    private Settings scannerOptions = Settings.empty();

    private Builder(Plugins plugins) {
      this.plugins = Objects.requireNonNull(plugins, "plugins");
    }

    /**
     * Sets the exporters to run, in order.
     *
     * @param exporters the exporters
     * @return this builder
     */
    public Builder exporters(List<FindingExporter> exporters) {
      this.exporters = List.copyOf(exporters);
      return this;
    }

    /**
     * Sets the export options: each exporter reads its namespace.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(Settings options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets the broker that leases chained credentials ({@link ExportedRun#lease}).
     *
     * @param broker the broker; nullable for none (accounts' own credentials are used)
     * @return this builder
     */
    public Builder credentialBroker(CredentialBroker broker) {
      this.broker = broker;
      return this;
    }

    /**
     * Sets the configured accounts, with their credentials (accounts of the report not listed are added with
     * ambient credentials).
     *
     * @param accounts the accounts
     * @return this builder
     */
    public Builder accounts(List<CloudAccount> accounts) {
      this.accounts = List.copyOf(accounts);
      return this;
    }

    /**
     * Sets the job-wide scanner options the scans ran with (an account's own win), from which each scan's limits
     * ({@code <scanner>.regions}, {@code .services}, {@code .checks}) are read.
     *
     * @param scannerOptions the options
     * @return this builder
     */
    public Builder scannerOptions(Settings scannerOptions) {
      this.scannerOptions = Objects.requireNonNull(scannerOptions, "scannerOptions");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     */
    public ExportRunner build() {
      return new ExportRunner(this);
    }
  }
}
