package io.secposture.exporters.internal;

import static io.secposture.exporters.internal.MessageFormat.lower;

import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.Severity;
import java.io.IOException;
import java.util.Map;

/**
 * Not public API: a Slack incoming-webhook message in Block Kit: a header, the counts, one section per listed
 * finding, "and N more", failed scans, SLA breaches, and a button to the front page (when it is an http(s) link).
 * Slack's limits are kept: at most 50 blocks, 3000 characters per text. Stateless.
 */
public final class SlackFormat implements MessageFormat {
  private static final int MAX_TEXT = 2900;
  /** Slack refuses more than 50 blocks; the header, counts, "more", failed scans, SLA and button take six. */
  static final int MAX_LISTED = 40;

  @Override
  public byte[] render(RouteMessage message) {
    String title = title(message);
    return MessageFormat.json(json -> {
      json.writeStartObject();
      json.writeStringField("text", title);
      json.writeArrayFieldStart("blocks");
      json.writeStartObject();
      json.writeStringField("type", "header");
      plain(json, "text", title.length() <= 150 ? title : title.substring(0, 147) + "...");
      json.writeEndObject();
      section(json, counts(message));
      for (Alert alert : message.alerts().subList(0, Math.min(MAX_LISTED, message.alerts().size()))) {
        section(json, "*" + escape(capitalised(lower(alert.severity()))) + "* " + lower(alert.change()) + ": "
            + escape(alert.title()) + "\n`" + escape(alert.ruleId()) + "` " + escape(alert.provider()) + "/"
            + escape(alert.account()) + (alert.resource() == null ? "" : " " + escape(alert.resource()))
            + (alert.owner() == null ? "" : " (owner " + escape(alert.owner()) + ")"));
      }
      long more = message.more() + Math.max(0, message.alerts().size() - MAX_LISTED);
      if (more > 0) {
        context(json, MessageFormat.andMore(more));
      }
      if (!message.failedScans().isEmpty()) {
        StringBuilder text = new StringBuilder("*Scans that did not succeed*");
        for (RouteMessage.FailedScan scan : message.failedScans()) {
          text.append("\n• ").append(escape(scan.provider() + "/" + scan.account() + " " + scan.scanner())).append(": ")
              .append(scan.status()).append(scan.reason() == null ? "" : " (" + escape(scan.reason()) + ")");
        }
        section(json, text.toString());
      }
      if (message.breaches() > 0) {
        StringBuilder text = new StringBuilder("*SLA breaches*:");
        message.slaBreached().forEach((severity, count) -> {
          if (count > 0) {
            text.append(" ").append(severity).append(" ").append(count);
          }
        });
        section(json, text.toString());
      }
      if (message.site() != null && message.site().getScheme() != null
          && message.site().getScheme().startsWith("http")) {
        json.writeStartObject();
        json.writeStringField("type", "actions");
        json.writeArrayFieldStart("elements");
        json.writeStartObject();
        json.writeStringField("type", "button");
        plain(json, "text", "Open the front page");
        json.writeStringField("url", message.site().toString());
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
      } else if (message.site() != null) {
        context(json, "Front page: " + escape(message.site().toString()));
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static String title(RouteMessage message) {
    return "secposture run " + message.runId() + ": " + message.newCount() + " new, " + message.reopenedCount()
        + " reopened finding(s) at " + lower(message.minSeverity()) + " or above"
        + (message.route() == null ? "" : " for " + message.route());
  }

  private static String counts(RouteMessage message) {
    StringBuilder text = new StringBuilder();
    for (Severity severity : Severity.values()) {
      long count = message.bySeverity().getOrDefault(severity, 0L);
      if (count > 0) {
        text.append(text.length() == 0 ? "" : ", ").append(count).append(' ').append(lower(severity));
      }
    }
    StringBuilder line = new StringBuilder("*New or reopened:* ").append(text.length() == 0 ? "none" : text);
    Map<String, Long> totals = message.runTotals();
    if (!totals.isEmpty()) {
      line.append("\n*Whole run:* ").append(totals.getOrDefault("new", 0L)).append(" new, ")
          .append(totals.getOrDefault("reopened", 0L)).append(" reopened, ")
          .append(totals.getOrDefault("resolved", 0L)).append(" resolved");
    }
    if (!message.failedScans().isEmpty()) {
      line.append("\n*Failed scans:* ").append(message.failedScans().size());
    }
    return line.toString();
  }

  private static void section(JsonGenerator json, String markdown) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "section");
    json.writeObjectFieldStart("text");
    json.writeStringField("type", "mrkdwn");
    json.writeStringField("text", markdown.length() <= MAX_TEXT ? markdown : markdown.substring(0, MAX_TEXT) + "...");
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void context(JsonGenerator json, String markdown) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "context");
    json.writeArrayFieldStart("elements");
    json.writeStartObject();
    json.writeStringField("type", "mrkdwn");
    json.writeStringField("text", markdown);
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void plain(JsonGenerator json, String field, String text) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("type", "plain_text");
    json.writeStringField("text", text);
    json.writeEndObject();
  }

  /** Escapes the three characters Slack's mrkdwn reserves. */
  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
