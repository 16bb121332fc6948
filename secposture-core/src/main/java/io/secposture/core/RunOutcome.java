package io.secposture.core;

import io.secposture.api.InputFailure;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.StagedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Pipeline} run (or aggregation of files) produced: the report, how every scan ended, the run
 * manifest and the files to publish. It is a value: nothing has been published, and publishing it (after comparing
 * it with the previous run at the destination) is {@link RunPublisher}'s job.
 *
 * <p>The files stay in the pipeline's work directory (see {@link #runDirectory()}); the pipeline never deletes
 * them, so a caller that used a temporary work directory removes it after publishing.
 *
 * <p>Who creates it: the pipeline, {@link RunPublisher#compare} (the same outcome with its diff), and tools that
 * assemble a run themselves. Immutable and thread-safe; no component is null.
 *
 * @param report the report, stamped with the time the run finished; once {@link #compared()}, with its {@code diff}
 *     section
 * @param scans how every scan ended, in the order the run planned them (skipped ones included); empty for an
 *     aggregation of files
 * @param manifest the run manifest (also staged as {@code runs/<run-id>/manifest.json})
 * @param files everything to publish: every scan's artifacts under its scan prefix, the findings files and the
 *     manifest, with keys unique and safe
 * @param runDirectory the local directory of this run ({@code <work directory>/<run-id>})
 * @param shard which shard of its run this outcome is; {@link Shard#whole()} for an unsharded run
 * @param compared whether {@link RunPublisher#compare} already compared it with the previous run
 * @param warnings problems met while comparing with the previous run (a previous run that cannot be read, a lost
 *     memory of resolved findings); {@link RunPublisher#publish} adds them to its result's warnings
 */
public record RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
    Path runDirectory, Shard shard, boolean compared, List<String> warnings) {

  /** Validates the components and copies the lists. */
  public RunOutcome {
    Objects.requireNonNull(report, "report");
    scans = List.copyOf(scans);
    Objects.requireNonNull(manifest, "manifest");
    files = List.copyOf(files);
    Objects.requireNonNull(runDirectory, "runDirectory");
    Objects.requireNonNull(shard, "shard");
    warnings = List.copyOf(warnings);
  }

  /**
   * Creates the outcome of a whole (unsharded) run, not yet compared.
   *
   * @param report the final report
   * @param scans how every scan ended, in plan order (empty for an aggregation of files)
   * @param manifest the run manifest
   * @param files everything to publish, with safe keys
   * @param runDirectory the directory holding the run's local files
   */
  public RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
      Path runDirectory) {
    this(report, scans, manifest, files, runDirectory, Shard.whole());
  }

  /**
   * Creates the outcome of one shard of a run, not yet compared.
   *
   * @param report the shard's report
   * @param scans how every scan of the shard ended, in plan order
   * @param manifest the shard's manifest
   * @param files everything to publish, with safe keys
   * @param runDirectory the directory holding the run's local files
   * @param shard which shard of the run this is; {@link Shard#whole()} for a whole run
   */
  public RunOutcome(PostureReport report, List<ScanResult> scans, RunManifest manifest, List<StagedFile> files,
      Path runDirectory, Shard shard) {
    this(report, scans, manifest, files, runDirectory, shard, false, List.of());
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

  @Override
  public String toString() {
    return "RunOutcome[run=" + report.runId() + ", scans=" + scans.size() + ", succeeded="
        + count(ScanStatus.SUCCEEDED) + ", partial=" + count(ScanStatus.PARTIAL) + ", failed="
        + count(ScanStatus.FAILED) + ", timedOut=" + count(ScanStatus.TIMED_OUT) + ", skipped="
        + count(ScanStatus.SKIPPED) + ", failedInputs=" + report.failedInputs().size() + ", cancelled="
        + cancelled() + ", files=" + files.size() + (shard.isWhole() ? "" : ", shard=" + shard) + "]";
  }
}
