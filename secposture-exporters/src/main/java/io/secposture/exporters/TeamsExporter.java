package io.secposture.exporters;

import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.exporters.internal.MessageDelivery;
import io.secposture.exporters.internal.TeamsFormat;
import java.time.Clock;

/**
 * The {@code teams} exporter: one Adaptive Card (1.4) per run and route through a Microsoft Teams workflow
 * webhook ({@code teams.url}: a Power Automate / Workflows "When a Teams webhook request is received" flow that
 * posts the card to a channel): the counts as facts, the most severe new and reopened findings, failed scans, SLA
 * breaches and an "Open the front page" action.
 *
 * <p><b>What is sent</b>: the run's NEW and REOPENED findings at or above {@code teams.min-severity} (default
 * high), at most {@code teams.max-findings} listed (default 20, the most severe first; the rest counted), routed by
 * owner: a finding whose owner (its {@code owner}, else the account's {@code team} label) has a
 * {@code teams.route.<owner>=<url>} goes there, the rest to {@code teams.url}, which also gets the failed scans
 * and the report's SLA breaches. A route with nothing to say gets no message ({@code teams.always=true} sends the
 * default route one every run). Requests time out after {@code teams.timeout} (30s) and are retried
 * {@code teams.retries} times (3) on 429, 5xx and connection errors, with a backoff from
 * {@code teams.retry-backoff} (1s) doubling, honouring {@code Retry-After}.
 *
 * <p><b>Secrets</b>: the URLs (and the signing secret) are secrets: never logged, never in an exception or
 * {@code toString()}; messages name the route's setting and the host only. Give them through
 * {@code SECPOSTURE_EXPORT_OPTIONS}, not on the command line.
 *
 * <p>Who calls it: {@link io.secposture.core.ExportRunner} after the run is published (job option
 * {@code --export teams}). Stateless and thread-safe.
 */
public final class TeamsExporter implements FindingExporter {
  /** The exporter's name. */
  public static final String NAME = "teams";

  private final MessageDelivery delivery;

  /** Creates the exporter (the registry calls this). */
  public TeamsExporter() {
    this(Clock.systemUTC());
  }

  TeamsExporter(Clock clock) {
    this.delivery = new MessageDelivery(NAME, new TeamsFormat(), false, clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Preflight validate(Settings options) {
    return delivery.validate(options);
  }

  @Override
  public ExportResult export(ExportedRun run, Settings options) {
    return delivery.deliver(run, options);
  }

  @Override
  public String toString() {
    return "TeamsExporter[" + NAME + "]";
  }
}
