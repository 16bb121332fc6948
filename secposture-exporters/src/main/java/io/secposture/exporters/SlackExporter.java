package io.secposture.exporters;

import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.exporters.internal.MessageDelivery;
import io.secposture.exporters.internal.SlackFormat;
import java.time.Clock;

/**
 * The {@code slack} exporter: one Block Kit message per run and route through a Slack incoming webhook
 * ({@code slack.url}, {@code https://hooks.slack.com/services/...}): a header with the counts, the most severe new and
 * reopened findings (at most 40 blocks of them, "and N more"), failed scans, SLA breaches and a button to the front
 * page.
 *
 * <p><b>What is sent</b>: the run's NEW and REOPENED findings at or above {@code slack.min-severity} (default
 * high), at most {@code slack.max-findings} listed (default 20, the most severe first; the rest counted), routed by
 * owner: a finding whose owner (its {@code owner}, else the account's {@code team} label) has a
 * {@code slack.route.<owner>=<url>} goes there, the rest to {@code slack.url}, which also gets the failed scans
 * and the report's SLA breaches. A route with nothing to say gets no message ({@code slack.always=true} sends the
 * default route one every run). Requests time out after {@code slack.timeout} (30s) and are retried
 * {@code slack.retries} times (3) on 429, 5xx and connection errors, with a backoff from
 * {@code slack.retry-backoff} (1s) doubling, honouring {@code Retry-After}.
 *
 * <p><b>Secrets</b>: the URLs (and the signing secret) are secrets: never logged, never in an exception or
 * {@code toString()}; messages name the route's setting and the host only. Give them through
 * {@code SECPOSTURE_EXPORT_OPTIONS}, not on the command line.
 *
 * <p>Who calls it: {@link io.secposture.core.ExportRunner} after the run is published (job option
 * {@code --export slack}). Stateless and thread-safe.
 */
public final class SlackExporter implements FindingExporter {
  /** The exporter's name. */
  public static final String NAME = "slack";

  private final MessageDelivery delivery;

  /** Creates the exporter (the registry calls this). */
  public SlackExporter() {
    this(Clock.systemUTC());
  }

  SlackExporter(Clock clock) {
    this.delivery = new MessageDelivery(NAME, new SlackFormat(), false, clock);
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
    return "SlackExporter[" + NAME + "]";
  }
}
