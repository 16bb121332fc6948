package io.secposture.exporters.internal;

import static io.secposture.exporters.internal.MessageFormat.lower;

import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.Severity;
import java.io.IOException;

/**
 * Not public API: a Microsoft Teams message for a workflow webhook ("Post to a channel when a webhook request is
 * received"): one attachment holding an Adaptive Card 1.4 with the title, a fact set of counts, one text block per
 * listed finding, "and N more", failed scans, SLA breaches and an {@code Action.OpenUrl} to the front page (when it
 * is an http(s) link). Stateless.
 */
public final class TeamsFormat implements MessageFormat {
  @Override
  public byte[] render(RouteMessage message) {
    return MessageFormat.json(json -> {
      json.writeStartObject();
      json.writeStringField("type", "message");
      json.writeArrayFieldStart("attachments");
      json.writeStartObject();
      json.writeStringField("contentType", "application/vnd.microsoft.card.adaptive");
      json.writeNullField("contentUrl");
      json.writeObjectFieldStart("content");
      json.writeStringField("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
      json.writeStringField("type", "AdaptiveCard");
      json.writeStringField("version", "1.4");
      json.writeArrayFieldStart("body");
      text(json, SlackFormat.title(message), true);
      json.writeStartObject();
      json.writeStringField("type", "FactSet");
      json.writeArrayFieldStart("facts");
      fact(json, "New", Long.toString(message.newCount()));
      fact(json, "Reopened", Long.toString(message.reopenedCount()));
      for (Severity severity : Severity.values()) {
        long count = message.bySeverity().getOrDefault(severity, 0L);
        if (count > 0) {
          fact(json, capitalised(lower(severity)), Long.toString(count));
        }
      }
      if (!message.runTotals().isEmpty()) {
        fact(json, "Whole run", message.runTotals().getOrDefault("new", 0L) + " new, "
            + message.runTotals().getOrDefault("reopened", 0L) + " reopened, "
            + message.runTotals().getOrDefault("resolved", 0L) + " resolved");
      }
      if (!message.failedScans().isEmpty()) {
        fact(json, "Failed scans", Integer.toString(message.failedScans().size()));
      }
      if (message.breaches() > 0) {
        StringBuilder breaches = new StringBuilder();
        message.slaBreached().forEach((severity, count) -> {
          if (count > 0) {
            breaches.append(breaches.length() == 0 ? "" : ", ").append(severity).append(' ').append(count);
          }
        });
        fact(json, "SLA breaches", breaches.toString());
      }
      json.writeEndArray();
      json.writeEndObject();
      for (Alert alert : message.alerts()) {
        text(json, "**" + capitalised(lower(alert.severity())) + "** " + lower(alert.change()) + ": "
            + alert.title() + " (" + alert.ruleId() + ", " + alert.provider() + "/" + alert.account()
            + (alert.resource() == null ? "" : ", " + alert.resource())
            + (alert.owner() == null ? "" : ", owner " + alert.owner()) + ")", false);
      }
      if (message.more() > 0) {
        text(json, MessageFormat.andMore(message.more()), false);
      }
      for (RouteMessage.FailedScan scan : message.failedScans()) {
        text(json, "Scan " + scan.provider() + "/" + scan.account() + " " + scan.scanner() + ": " + scan.status()
            + (scan.reason() == null ? "" : " (" + scan.reason() + ")"), false);
      }
      json.writeEndArray();
      if (message.site() != null && message.site().getScheme() != null
          && message.site().getScheme().startsWith("http")) {
        json.writeArrayFieldStart("actions");
        json.writeStartObject();
        json.writeStringField("type", "Action.OpenUrl");
        json.writeStringField("title", "Open the front page");
        json.writeStringField("url", message.site().toString());
        json.writeEndObject();
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private static void text(JsonGenerator json, String text, boolean heading) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "TextBlock");
    json.writeStringField("text", text);
    json.writeBooleanField("wrap", true);
    if (heading) {
      json.writeStringField("weight", "Bolder");
      json.writeStringField("size", "Medium");
    }
    json.writeEndObject();
  }

  private static void fact(JsonGenerator json, String title, String value) throws IOException {
    json.writeStartObject();
    json.writeStringField("title", title);
    json.writeStringField("value", value);
    json.writeEndObject();
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
