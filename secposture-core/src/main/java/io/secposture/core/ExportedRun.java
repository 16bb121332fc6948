package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A run handed to each {@link FindingExporter}: its report and diff, what each scan looked at, the accounts (with a
 * way to lease their credentials), and its findings, streamed from every scan's {@code findings.jsonl.gz} with how
 * each changed since the previous run.
 *
 * <p><b>Who makes it.</b> {@link ExportRunner}, once per run, for every exporter in turn. Findings are read again
 * on every call of {@link #forEachFinding} and {@link #forEachResolved} (never all kept in memory; a change is
 * computed one account row at a time, so memory is bounded by the largest row). Not thread-safe: one exporter uses
 * it at a time, on the thread that called {@link FindingExporter#export}.
 */
public interface ExportedRun {

  /**
   * Returns the run id.
   *
   * @return e.g. {@code 20261122T020000Z-3f2a}
   */
  String runId();

  /**
   * Returns when the run's report was produced.
   *
   * @return the report's generation time
   */
  Instant generatedAt();

  /**
   * Returns the link to the run's front page for people: the export option {@code export.site-url} when set (for
   * example the bucket's website address), else the publisher's index ({@code file:}, {@code s3:}, ... URI).
   *
   * @return the front page link; empty when the run is not published (an {@code aggregate} to nowhere)
   */
  Optional<URI> site();

  /**
   * Returns the run's report, with its {@code diff} section when it was compared with a previous run.
   *
   * @return the report
   */
  PostureReport report();

  /**
   * Returns what changed since the previous run, counted per severity, provider and account.
   *
   * @return the diff; empty for a first run or when the comparison was not possible
   */
  Optional<RunDiff> diff();

  /**
   * Returns the shard of the run this export covers: {@link Shard#whole()} for a whole or merged run.
   *
   * @return the shard
   */
  Shard shard();

  /**
   * Returns what every scan of the run looked at, one per account row of the report, in the report's row order.
   *
   * @return the scopes
   */
  List<ScanScope> scopes();

  /**
   * Returns the run's accounts: the configured ones (with their credentials) for {@code run} and {@code demo}; for
   * a merged or aggregated run, accounts made from the report's rows, with {@link io.secposture.api.Credentials.Ambient
   * ambient} credentials.
   *
   * @return the accounts, one per provider and id
   */
  List<CloudAccount> accounts();

  /**
   * Leases credentials for an account: through the job's credential broker when the account's credentials are
   * chained ({@code aws-role}, ...), else its own credentials (ambient ones, the job's identity, when it has none).
   *
   * @param account one of {@link #accounts()}
   * @return the lease, which the caller closes when done
   * @throws io.secposture.api.SecpostureException if no credentials can be obtained; the message names the account
   *     and never holds a secret
   */
  CredentialLease lease(CloudAccount account);

  /**
   * Streams every finding of the run (flagged or not: FAIL, PASS, MANUAL, muted) with its change since the previous
   * run, account row by account row in the report's order, each row's findings in file order. Rows without a
   * findings file (failed scans, aggregated files) contribute nothing.
   *
   * @param action receives each finding; an exception it throws stops the stream and is thrown from here
   * @throws io.secposture.api.ReportParseException if a findings file is corrupt (findings before the problem were
   *     handed over)
   * @throws java.io.UncheckedIOException if a findings file cannot be read
   */
  void forEachFinding(Consumer<? super ExportedFinding> action);

  /**
   * Streams the findings of the previous run that this run resolved ({@link ExportedFinding.Change#RESOLVED}): flagged
   * in the previous run's row, not flagged in this run's row, for rows that have results in both (a row whose scan
   * failed or that is missing from this run resolves nothing). Each finding is as the previous run recorded it, once
   * per fingerprint. Nothing for a first run.
   *
   * @param action receives each resolved finding
   * @throws io.secposture.api.ReportParseException if a findings file is corrupt
   * @throws java.io.UncheckedIOException if a findings file cannot be read
   */
  void forEachResolved(Consumer<? super ExportedFinding> action);

  /**
   * Opens a published file of the run's site, such as {@link SiteLayout#LATEST_REPORT} (to read report sections
   * an exporter knows, such as {@code sla}).
   *
   * @param key the key relative to the site root
   * @return the content, which the caller closes; empty if there is no such file, or the run is not published yet
   *     (an exporter that {@link FindingExporter#publishesFiles() publishes files} runs before the upload)
   */
  Optional<InputStream> openPublished(String key);

  /**
   * Returns a new local file that is published with the run as {@code runs/<run-id>/<fileName>} (a sharded run's
   * shard adds {@code .<index>-of-<count>} before the extension). Only for an exporter that
   * {@link FindingExporter#publishesFiles() publishes files}, which runs before the upload.
   *
   * @param fileName the file's name, e.g. {@code findings.ocsf.json}: letters, digits, dots, dashes, underscores
   * @param mediaType its media type, e.g. {@code application/json}
   * @return the file to write (its folder exists; the file does not yet)
   * @throws IllegalStateException if the run is already published
   * @throws IllegalArgumentException if the name is not a plain file name or is taken
   */
  Path addFile(String fileName, String mediaType);
}
