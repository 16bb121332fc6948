package io.secposture.exporters;

import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.exporters.internal.MessageDelivery;
import io.secposture.exporters.internal.WebhookFormat;
import java.time.Clock;

/**
 * The {@code webhook} exporter: one JSON message per run and route to any HTTP endpoint (an incident tool, a Lambda
 * URL, an in-house bot), signed with HMAC-SHA256 when {@code webhook.secret} is set.
 *
 * <p><b>Body</b>: {@code {"run_id", "site", "route", "min_severity", "counts": {"alerts", "new", "reopened",
 * "critical", "high", "medium", "low", "informational", "failed_scans", "sla_breached", "run": {"new", "reopened",
 * "resolved"}}, "findings": [{"severity", "change", "provider", "account", "rule_id", "title", "resource",
 * "first_seen", "owner"}], "more", "failed_scans": [{"provider", "account", "scanner", "status", "reason"}],
 * "sla_breached": {"<severity>": n}}}.
 *
 * <p><b>Signature</b>: with {@code webhook.secret}, the request carries {@code X-Secposture-Timestamp} (seconds since
 * the epoch) and {@code X-Secposture-Signature: sha256=<hex>}, the HMAC-SHA256 with the secret as key over the
 * timestamp, a dot and the raw body bytes ({@code <timestamp>.<body>}). Check it with a constant-time comparison and
 * refuse timestamps older than a few minutes (replays).
 *
 * <p><b>What is sent</b>: the run's NEW and REOPENED findings at or above {@code webhook.min-severity} (default
 * high), at most {@code webhook.max-findings} listed (default 20, the most severe first; the rest counted), routed by
 * owner: a finding whose owner (its {@code owner}, else the account's {@code team} label) has a
 * {@code webhook.route.<owner>=<url>} goes there, the rest to {@code webhook.url}, which also gets the failed scans
 * and the report's SLA breaches. A route with nothing to say gets no message ({@code webhook.always=true} sends the
 * default route one every run). Requests time out after {@code webhook.timeout} (30s) and are retried
 * {@code webhook.retries} times (3) on 429, 5xx and connection errors, with a backoff from
 * {@code webhook.retry-backoff} (1s) doubling, honouring {@code Retry-After}.
 *
 * <p><b>Secrets</b>: the URLs (and the signing secret) are secrets: never logged, never in an exception or
 * {@code toString()}; messages name the route's setting and the host only. Give them through
 * {@code SECPOSTURE_EXPORT_OPTIONS}, not on the command line.
 *
 * <p>Who calls it: {@link io.secposture.core.ExportRunner} after the run is published (job option
 * {@code --export webhook}). Stateless and thread-safe.
 */
public final class WebhookExporter implements FindingExporter {
  /** The exporter's name. */
  public static final String NAME = "webhook";

  private final MessageDelivery delivery;

  /** Creates the exporter (the registry calls this). */
  public WebhookExporter() {
    this(Clock.systemUTC());
  }

  WebhookExporter(Clock clock) {
    this.delivery = new MessageDelivery(NAME, new WebhookFormat(), true, clock);
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
    return "WebhookExporter[" + NAME + "]";
  }
}
