package io.secposture.core.internal.diff;

import static io.secposture.core.internal.json.JsonLines.bool;
import static io.secposture.core.internal.json.JsonLines.text;
import static io.secposture.core.internal.json.JsonLines.unexpected;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.secposture.api.ReportParseException;
import io.secposture.api.Severity;
import io.secposture.core.internal.json.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Not public API: reads a {@code findings.jsonl.gz} (the format of {@code io.secposture.core.FindingsFile}) for a
 * diff, keeping only what a diff needs: the fingerprint, the severity, whether the finding is flagged and, when
 * asked for, the few texts a list of new findings shows. Every other value is skipped without being decoded, so a
 * diff reads findings several times faster than building full {@code Finding}s. Memory does not depend on the file
 * size. Stateless.
 */
final class FindingLines {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(16_000_000).build())
      .build();
  private static final int BUFFER = 64 * 1024;
  private static final Severity[] SEVERITIES = Severity.values();

  private FindingLines() {
  }

  /** One finding as a diff sees it; the reader reuses one instance for every line. */
  static final class Line {
    String fingerprint;
    Severity severity;
    boolean flagged;
    String service;
    String ruleId;
    String title;
    String resourceId;
    String region;
    /** The line's {@code first_seen}, {@code reopened_at} and {@code suppressed_by}; null when absent. */
    String firstSeen;
    String reopenedAt;
    String suppressedBy;
    long line;
  }

  /** Receives each line. */
  interface Visitor {
    void visit(Line line);
  }

  /**
   * Reads a gzip-compressed findings file.
   *
   * @param compressed the file's bytes; closed once read
   * @param source what it is (an object key or path), for messages
   * @param details whether to read the texts a new finding shows (service, rule, title, resource, region)
   * @param visitor receives each line
   * @return how many lines were read
   * @throws ReportParseException if the content is not a findings file, naming the source and line
   * @throws UncheckedIOException if reading fails
   */
  static long read(InputStream compressed, String source, boolean details, Visitor visitor) {
    Line line = new Line();
    try (InputStream in = JsonLines.gunzip(compressed, source, "a gzip-compressed findings file (findings.jsonl.gz)",
        BUFFER)) {
      return JsonLines.read(JSON, in, source, "findings JSON lines", "finding", parser -> {
        readLine(parser, source, details, line);
        visitor.visit(line);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }


  private static void readLine(JsonParser parser, String source, boolean details, Line line) throws IOException {
    line.line = parser.currentTokenLocation().getLineNr();
    line.fingerprint = null;
    line.service = null;
    line.ruleId = null;
    line.title = null;
    line.resourceId = null;
    line.region = null;
    line.firstSeen = null;
    line.reopenedAt = null;
    line.suppressedBy = null;
    String severity = null;
    String status = null;
    boolean muted = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "fingerprint": line.fingerprint = text(parser, source, field); break;
        case "severity": severity = text(parser, source, field); break;
        case "status": status = text(parser, source, field); break;
        case "muted": muted = bool(parser, source, field); break;
        case "service": line.service = details ? text(parser, source, field) : skip(parser); break;
        case "rule_id": line.ruleId = details ? text(parser, source, field) : skip(parser); break;
        case "title": line.title = details ? text(parser, source, field) : skip(parser); break;
        case "resource_id": line.resourceId = details ? text(parser, source, field) : skip(parser); break;
        case "region": line.region = details ? text(parser, source, field) : skip(parser); break;
        case "first_seen": line.firstSeen = text(parser, source, field); break;
        case "reopened_at": line.reopenedAt = text(parser, source, field); break;
        case "suppressed_by": line.suppressedBy = text(parser, source, field); break;
        default: parser.skipChildren(); break;
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw unexpected(source, parser, "a key or the end of the finding object");
    }
    line.severity = severity(severity);
    String missing = line.fingerprint == null ? "fingerprint"
        : line.severity == null
            ? "severity (critical, high, medium, low or informational; got " + quoted(severity) + ")"
        : status == null ? "status (fail, pass or manual)"
        : details && (line.service == null || line.ruleId == null || line.title == null)
            ? (line.service == null ? "service" : line.ruleId == null ? "rule_id" : "title") : null;
    if (missing != null) {
      throw new ReportParseException(source, line.line, 0, "a finding with " + missing, null, null);
    }
    switch (status) {
      case "fail": line.flagged = !muted; break;
      case "pass": case "manual": line.flagged = false; break;
      default:
        String lower = status.toLowerCase(Locale.ROOT);
        if (!lower.equals("fail") && !lower.equals("pass") && !lower.equals("manual")) {
          throw new ReportParseException(source, line.line, 0, "a finding with status fail, pass or manual",
              "got " + quoted(status), null);
        }
        line.flagged = lower.equals("fail") && !muted;
    }
  }

  private static String skip(JsonParser parser) throws IOException {
    parser.skipChildren();
    return null;
  }

  private static Severity severity(String text) {
    if (text == null) {
      return null;
    }
    switch (text) {
      case "critical": return Severity.CRITICAL;
      case "high": return Severity.HIGH;
      case "medium": return Severity.MEDIUM;
      case "low": return Severity.LOW;
      case "informational": return Severity.INFORMATIONAL;
      default: return Severity.parse(text);
    }
  }

  static Severity severity(int ordinal) {
    return SEVERITIES[ordinal];
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
