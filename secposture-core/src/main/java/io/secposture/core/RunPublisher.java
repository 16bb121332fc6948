package io.secposture.core;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Publishes a {@link RunOutcome}: compares it with the previous run at the destination ({@link RunDiffer}), then
 * hands the report and files to the publisher registered for the destination's scheme, which writes the raw files,
 * the dated report, {@code history.json}, {@code index.html} and the latest report ({@link SitePublisher}).
 *
 * <p>A shard of a run ({@link RunOutcome#shard()} not {@link Shard#whole() whole}) publishes partially: its files
 * and its partial report (with the diff of its own accounts, which the merge sums) at
 * {@link SiteLayout#shardReport}, but no dated report, history, index or latest report; {@link ShardMerge} writes
 * those once every shard has published.
 *
 * <p>Who calls it: the job's {@code run}, {@code aggregate} and {@code demo} commands, and any program embedding
 * the {@link Pipeline}. Stateless apart from the registry it was made with, so thread-safe when the registry is.
 * No argument may be null.
 */
public final class RunPublisher {
  private final Plugins plugins;

  /**
   * Creates the service.
   *
   * @param plugins where the publisher for a destination's scheme (and for the previous run's site) comes from
   */
  public RunPublisher(Plugins plugins) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
  }

  /**
   * Compares a run with the previous run at the destination (see {@link RunDiffer}) and returns the outcome to
   * publish: the report with its {@code diff} section (unless the destination holds no earlier run, or option
   * {@value RunDiffer#ENABLED} is false), each compared row linked to its memory of resolved findings (written into
   * the scan's directory and added to {@link RunOutcome#files()}), rows without results linked to their last state.
   * Call it to see the diff before publishing (the {@code run} command prints it and gates on it);
   * {@link #publish} calls it otherwise. A previous run that cannot be read is a warning, never a failure: the run is
   * then published without a diff. Given an outcome it returned, it returns that outcome.
   *
   * @param outcome the run
   * @param destination the site the run will be published to, e.g. {@code s3://bucket/security}
   * @param options the publication options, including the {@code diff.*} ones {@link RunDiffer} documents
   * @return the outcome with the diff, {@link RunOutcome#compared()}
   * @throws ConfigurationException if a diff option is malformed or no publisher reads the previous site
   */
  public RunOutcome compare(RunOutcome outcome, URI destination, Settings options) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    if (outcome.compared()) {
      return outcome;
    }
    RunDiffer.Attached attached = RunDiffer.attach(outcome.report(), outcome.files(), plugins, destination, options);
    return new RunOutcome(attached.report(), outcome.scans(), outcome.manifest(), attached.files(),
        outcome.runDirectory(), outcome.shard(), true, attached.warnings());
  }

  /**
   * Publishes a run with the publisher registered for the destination's scheme ({@code file}, {@code s3},
   * {@code gs}, {@code azblob}; a URI without a scheme is a local path), after comparing it with the previous run
   * published there ({@link #compare}, unless already done).
   *
   * @param outcome the run
   * @param destination the site root, e.g. {@code s3://bucket/security} or {@code file:///srv/site}
   * @param options publisher settings (see each publisher's documentation) and the {@code diff.*} options of
   *     {@link RunDiffer}
   * @return what was written; its warnings include those of the comparison
   * @throws ConfigurationException if no publisher handles the destination's scheme
   * @throws PublishException if publishing failed; the previous {@code report_latest.json} stays in place
   */
  public PublishResult publish(RunOutcome outcome, URI destination, Settings options) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    ArtifactPublisher publisher = plugins.publisherFor(destination);
    RunOutcome ready = compare(outcome, destination, options);
    String partialKey = ready.shard().isWhole() ? null
        : SiteLayout.shardReport(ready.report().runId(), ready.shard());
    PublishResult result = publisher.publish(destination,
        new Publication(ready.report(), ready.files(), options, partialKey));
    if (ready.warnings().isEmpty()) {
      return result;
    }
    List<String> all = new ArrayList<>(ready.warnings());
    all.addAll(result.warnings());
    return new PublishResult(result.destination(), result.index(), result.objects(), result.bytes(),
        result.elapsed(), all);
  }

  /**
   * Publishes a run to a local folder with the {@code file} publisher.
   *
   * @param outcome the run
   * @param directory the site root
   * @return what was written
   * @throws PublishException if publishing failed
   */
  public PublishResult publish(RunOutcome outcome, Path directory) {
    return publish(outcome, directory.toAbsolutePath().toUri(), Settings.empty());
  }
}
