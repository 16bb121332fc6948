package io.secposture.core;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.InputFailure;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Pipeline} run (or aggregation of files) produced: the report, how every scan ended, the run
 * manifest and the files to publish. Nothing has been published yet; {@link #publish(URI, Settings)} does that,
 * after comparing the run with the previous one published at the destination ({@link #withDiff(URI, Settings)}).
 *
 * <p>The files stay in the pipeline's work directory (see {@link #runDirectory()}); the pipeline never deletes
 * them, so a caller that used a temporary work directory removes it after publishing.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RunOutcome {
  private final PostureReport report;
  private final List<ScanResult> scans;
  private final RunManifest manifest;
  private final List<StagedFile> files;
  private final Path runDirectory;
  private final Plugins plugins;
  private final Shard shard;
  private final boolean compared;
  private final List<String> warnings;

  /**
   * Creates an outcome of a whole (unsharded) run. The pipeline does this; tools that assemble a run themselves may
   * too.
   *
   * @param report the final report
   * @param scans how every scan ended, in plan order (empty for an aggregation of files)
   * @param manifest the run manifest
   * @param files everything to publish, with safe keys
   * @param runDirectory the directory holding the run's local files
   * @param plugins where {@link #publish(URI, Settings)} finds the publisher
   */
  public RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
      Path runDirectory, Plugins plugins) {
    this(report, scans, manifest, files, runDirectory, plugins, Shard.whole());
  }

  /**
   * Creates an outcome of one shard of a run.
   *
   * @param report the shard's report
   * @param scans how every scan of the shard ended, in plan order
   * @param manifest the shard's manifest
   * @param files everything to publish, with safe keys
   * @param runDirectory the directory holding the run's local files
   * @param plugins where {@link #publish(URI, Settings)} finds the publisher
   * @param shard which shard of the run this is; {@link Shard#whole()} for a whole run
   */
  public RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
      Path runDirectory, Plugins plugins, Shard shard) {
    this(report, scans, manifest, files, runDirectory, plugins, shard, false, List.of());
  }

  private RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
      Path runDirectory, Plugins plugins, Shard shard, boolean compared, List<String> warnings) {
    this.report = Objects.requireNonNull(report, "report");
    this.scans = List.copyOf(scans);
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.files = List.copyOf(files);
    this.runDirectory = Objects.requireNonNull(runDirectory, "runDirectory");
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.shard = Objects.requireNonNull(shard, "shard");
    this.compared = compared;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Returns which shard of its run this outcome is.
   *
   * @return the shard; {@link Shard#whole()} for an unsharded run
   */
  public Shard shard() {
    return shard;
  }

  /**
   * Returns the report, stamped with the time the run finished; after {@link #withDiff(URI, Settings)}, with its
   * {@code diff} section.
   *
   * @return the report
   */
  public PostureReport report() {
    return report;
  }

  /**
   * Returns how every scan ended, in the order the run planned them (skipped ones included).
   *
   * @return the results; empty for an aggregation of files
   */
  public List<ScanResult> scans() {
    return scans;
  }

  /**
   * Returns the run manifest (also staged as {@code runs/<run-id>/manifest.json}).
   *
   * @return the manifest
   */
  public RunManifest manifest() {
    return manifest;
  }

  /**
   * Returns the files to publish: every scan's artifacts under its scan prefix, the findings files and the
   * manifest.
   *
   * @return the staged files, keys unique and safe
   */
  public List<StagedFile> files() {
    return files;
  }

  /**
   * Returns the local directory of this run ({@code <work directory>/<run-id>}).
   *
   * @return the directory
   */
  public Path runDirectory() {
    return runDirectory;
  }

  /**
   * Tells whether the run was cancelled (its thread interrupted) before every scan ran.
   *
   * @return true if cancelled
   */
  public boolean cancelled() {
    return manifest.cancelled();
  }

  /**
   * Returns the results files that could not be parsed.
   *
   * @return the failures, sorted
   */
  public List<InputFailure> failedInputs() {
    return report.failedInputs();
  }

  /**
   * Tells whether any input failed to parse: the {@code aggregate} command exits non-zero when it did.
   *
   * @return true if at least one input failed
   */
  public boolean hasFailedInputs() {
    return !report.failedInputs().isEmpty();
  }

  /**
   * Counts the scans that ended a given way.
   *
   * @param status the status
   * @return how many scans ended with it
   */
  public long count(ScanStatus status) {
    return scans.stream().filter(scan -> scan.status() == status).count();
  }

  /**
   * Tells whether every scan that ran has results ({@link ScanStatus#SUCCEEDED} or {@link ScanStatus#PARTIAL}),
   * every input parsed and the run was not cancelled. Skipped scans do not count against it.
   *
   * @return true if nothing failed
   */
  public boolean succeeded() {
    return !cancelled() && !hasFailedInputs()
        && scans.stream().allMatch(scan -> scan.status().hasResults() || scan.status() == ScanStatus.SKIPPED);
  }

  /**
   * Returns problems met while comparing with the previous run (a previous run that cannot be read, a lost memory
   * of resolved findings); {@link #publish(URI, Settings)} adds them to its result's warnings.
   *
   * @return the warnings, empty before {@link #withDiff(URI, Settings)}
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Compares the run with the previous run at the destination (see {@link RunDiffer}) and returns the outcome to
   * publish: the report with its {@code diff} section (unless the destination holds no earlier run, or option
   * {@value RunDiffer#ENABLED} is false), each compared row linked to its memory of resolved findings (written into
   * the scan's directory and added to {@link #files()}), rows without results linked to their last state. Call it to
   * see the diff before publishing (the {@code run} command prints it and gates on it); {@link #publish} calls it
   * otherwise. A previous run that cannot be read is a warning, never a failure: the run is then published without
   * a diff. Calling it on an outcome it returned returns that outcome.
   *
   * @param destination the site the run will be published to, e.g. {@code s3://bucket/security}
   * @param options the publication options, including the {@code diff.*} ones {@link RunDiffer} documents
   * @return the outcome with the diff
   * @throws ConfigurationException if a diff option is malformed or no publisher reads the previous site
   */
  public RunOutcome withDiff(URI destination, Settings options) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    if (compared) {
      return this;
    }
    RunDiffer.Attached attached = RunDiffer.attach(report, files, plugins, destination, options);
    return new RunOutcome(attached.report(), scans, manifest, attached.files(), runDirectory, plugins, shard, true,
        attached.warnings());
  }

  /**
   * Publishes the run with the publisher registered for the destination's scheme ({@code file}, {@code s3},
   * {@code gs}, {@code azblob}; a URI without a scheme is a local path), after comparing it with the previous run
   * published there ({@link #withDiff(URI, Settings)}, unless already done).
   *
   * <p>A shard of a run publishes partially: its files and its partial report (with the diff of its own accounts,
   * which the merge sums) under {@link SiteLayout#shardReport}, but no dated report, history, index or latest report,
   * which {@link ShardMerge} writes once every shard has published (see {@link SitePublisher#SHARD}).
   *
   * @param destination the site root, e.g. {@code s3://bucket/security} or {@code file:///srv/site}
   * @param options publisher settings (see each publisher's documentation) and the {@code diff.*} options of
   *     {@link RunDiffer}
   * @return what was written; its warnings include those of the comparison
   * @throws ConfigurationException if no publisher handles the destination's scheme
   * @throws PublishException if publishing failed; the previous {@code report_latest.json} stays in place
   */
  public PublishResult publish(URI destination, Settings options) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    RunOutcome ready = withDiff(destination, options);
    Settings effective = shard.isWhole() ? options : options.with(SitePublisher.SHARD, shard.toString());
    PublishResult result = publisher.publish(destination, new Publication(ready.report, ready.files, effective));
    if (ready.warnings.isEmpty()) {
      return result;
    }
    List<String> all = new ArrayList<>(ready.warnings);
    all.addAll(result.warnings());
    return new PublishResult(result.destination(), result.index(), result.objects(), result.bytes(),
        result.elapsed(), all);
  }

  /**
   * Publishes the run to a local folder with the {@code file} publisher.
   *
   * @param directory the site root
   * @return what was written
   * @throws PublishException if publishing failed
   */
  public PublishResult publish(Path directory) {
    return publish(directory.toAbsolutePath().toUri(), Settings.empty());
  }

  @Override
  public String toString() {
    return "RunOutcome[run=" + report.runId() + ", scans=" + scans.size() + ", succeeded="
        + count(ScanStatus.SUCCEEDED) + ", partial=" + count(ScanStatus.PARTIAL) + ", failed="
        + count(ScanStatus.FAILED) + ", timedOut=" + count(ScanStatus.TIMED_OUT) + ", skipped="
        + count(ScanStatus.SKIPPED) + ", failedInputs=" + report.failedInputs().size() + ", cancelled="
        + cancelled() + ", files=" + files.size() + (shard.isWhole() ? "" : ", shard=" + shard) + "]";
  }
}
