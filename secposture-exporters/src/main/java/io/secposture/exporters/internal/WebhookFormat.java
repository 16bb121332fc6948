package io.secposture.exporters.internal;

import static io.secposture.exporters.internal.MessageFormat.iso;
import static io.secposture.exporters.internal.MessageFormat.lower;

import io.secposture.api.Severity;
import java.util.Map;

/**
 * Not public API: the generic webhook's JSON: {@code run_id}, {@code site}, {@code route}, {@code counts},
 * {@code findings} (each {@code severity}, {@code change}, {@code provider}, {@code account}, {@code rule_id},
 * {@code title}, {@code resource}, {@code first_seen}, {@code owner}), {@code more}, {@code failed_scans},
 * {@code sla_breached}. Stateless.
 */
public final class WebhookFormat implements MessageFormat {
  @Override
  public byte[] render(RouteMessage message) {
    return MessageFormat.json(json -> {
      json.writeStartObject();
      json.writeStringField("run_id", message.runId());
      json.writeStringField("site", message.site() == null ? null : message.site().toString());
      json.writeStringField("route", message.route());
      json.writeStringField("min_severity", lower(message.minSeverity()));
      json.writeObjectFieldStart("counts");
      json.writeNumberField("alerts", message.alertCount());
      json.writeNumberField("new", message.newCount());
      json.writeNumberField("reopened", message.reopenedCount());
      for (Severity severity : Severity.values()) {
        json.writeNumberField(lower(severity), message.bySeverity().getOrDefault(severity, 0L));
      }
      json.writeNumberField("failed_scans", message.failedScans().size());
      json.writeNumberField("sla_breached", message.breaches());
      json.writeObjectFieldStart("run");
      for (Map.Entry<String, Long> total : message.runTotals().entrySet()) {
        json.writeNumberField(total.getKey(), total.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeArrayFieldStart("findings");
      for (Alert alert : message.alerts()) {
        json.writeStartObject();
        json.writeStringField("severity", lower(alert.severity()));
        json.writeStringField("change", lower(alert.change()));
        json.writeStringField("provider", alert.provider());
        json.writeStringField("account", alert.account());
        json.writeStringField("rule_id", alert.ruleId());
        json.writeStringField("title", alert.title());
        json.writeStringField("resource", alert.resource());
        json.writeStringField("first_seen", iso(alert.firstSeen()));
        json.writeStringField("owner", alert.owner());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("more", message.more());
      json.writeArrayFieldStart("failed_scans");
      for (RouteMessage.FailedScan scan : message.failedScans()) {
        json.writeStartObject();
        json.writeStringField("provider", scan.provider());
        json.writeStringField("account", scan.account());
        json.writeStringField("scanner", scan.scanner());
        json.writeStringField("status", scan.status());
        json.writeStringField("reason", scan.reason());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("sla_breached");
      for (Map.Entry<String, Long> entry : message.slaBreached().entrySet()) {
        json.writeNumberField(entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    });
  }
}
