package io.secposture.core.internal.diff;

import static io.secposture.core.internal.json.JsonLines.bool;
import static io.secposture.core.internal.json.JsonLines.text;
import static io.secposture.core.internal.json.JsonLines.unexpected;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportParseException;
import io.secposture.api.Severity;
import io.secposture.core.internal.json.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not public API: reads a {@code findings.jsonl.gz} into whole {@link Finding}s together with the optional keys
 * later writers add to a line ({@code first_seen}, {@code reopened_at}, {@code owner}, {@code suppressed_by}), for
 * exporters. Streams: memory does not depend on the file size. Stateless.
 */
final class TrackedLines {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(16_000_000).build())
      .build();
  private static final int BUFFER = 64 * 1024;

  private TrackedLines() {
  }

  /** One line: the finding and the optional keys; nullable where absent. */
  record Line(Finding finding, Instant firstSeen, Instant reopenedAt, String owner, String suppressedBy) {
  }

  /** Receives each line. */
  interface Visitor {
    void visit(Line line);
  }

  /**
   * Reads a gzip-compressed findings file.
   *
   * @param compressed the file's bytes; closed once read
   * @param source what it is, for messages
   * @param visitor receives each line
   * @return how many lines were read
   * @throws ReportParseException if the content is not a findings file, naming the source and line
   * @throws UncheckedIOException if reading fails
   */
  static long read(InputStream compressed, String source, Visitor visitor) {
    try (InputStream in = JsonLines.gunzip(compressed, source, "a gzip-compressed findings file (findings.jsonl.gz)",
        BUFFER)) {
      return JsonLines.read(JSON, in, source, "findings JSON lines", "finding",
          parser -> visitor.visit(readLine(parser, source)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private static Line readLine(JsonParser parser, String source) throws IOException {
    long line = parser.currentTokenLocation().getLineNr();
    Finding.Builder finding = Finding.builder();
    String provider = null;
    String severity = null;
    String status = null;
    String fingerprint = null;
    List<String> missing = new ArrayList<>();
    boolean[] seen = new boolean[4];
    String firstSeen = null;
    String reopenedAt = null;
    String owner = null;
    String suppressedBy = null;
    List<ComplianceRef> compliance = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "tool": seen[0] = set(finding::tool, text(parser, source, field)); break;
        case "provider": provider = text(parser, source, field); break;
        case "account_id": seen[1] = set(finding::accountId, text(parser, source, field)); break;
        case "region": finding.region(text(parser, source, field)); break;
        case "service": seen[2] = set(finding::service, text(parser, source, field)); break;
        case "rule_id": seen[3] = set(finding::ruleId, text(parser, source, field)); break;
        case "title": finding.title(text(parser, source, field)); break;
        case "severity": severity = text(parser, source, field); break;
        case "status": status = text(parser, source, field); break;
        case "muted": finding.muted(bool(parser, source, field)); break;
        case "resource_id": finding.resourceId(text(parser, source, field)); break;
        case "resource_type": finding.resourceType(text(parser, source, field)); break;
        case "description": finding.description(text(parser, source, field)); break;
        case "remediation": finding.remediation(text(parser, source, field)); break;
        case "compliance": compliance(parser, source, compliance); break;
        case "fingerprint": fingerprint = text(parser, source, field); break;
        case "first_seen": firstSeen = text(parser, source, field); break;
        case "reopened_at": reopenedAt = text(parser, source, field); break;
        case "owner": owner = text(parser, source, field); break;
        case "suppressed_by": suppressedBy = text(parser, source, field); break;
        default: parser.skipChildren(); break;
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw unexpected(source, parser, "a key or the end of the finding object");
    }
    String[] names = {"tool", "account_id", "service", "rule_id"};
    for (int i = 0; i < names.length; i++) {
      if (!seen[i]) {
        missing.add(names[i]);
      }
    }
    Severity parsedSeverity = Severity.parse(severity);
    FindingStatus parsedStatus = status(status);
    CloudProvider cloud = null;
    if (provider == null) {
      missing.add("provider");
    } else {
      try {
        cloud = CloudProvider.of(provider);
      } catch (IllegalArgumentException e) {
        missing.add("provider (" + e.getMessage() + ")");
      }
    }
    if (parsedSeverity == null) {
      missing.add("severity (critical, high, medium, low or informational)");
    }
    if (parsedStatus == null) {
      missing.add("status (fail, pass or manual)");
    }
    if (fingerprint == null) {
      missing.add("fingerprint");
    }
    Instant first = instant(firstSeen, "first_seen", missing);
    Instant reopened = instant(reopenedAt, "reopened_at", missing);
    if (!missing.isEmpty()) {
      throw new ReportParseException(source, line, 0, "a finding with " + String.join(", ", missing), null, null);
    }
    Finding built;
    try {
      built = finding.provider(cloud).severity(parsedSeverity).status(parsedStatus).compliance(compliance)
          .fingerprint(fingerprint).build();
    } catch (RuntimeException e) {
      throw new ReportParseException(source, line, 0, "a valid finding", e.getMessage(), null);
    }
    return new Line(built, first, reopened, owner, suppressedBy);
  }

  private static boolean set(java.util.function.Function<String, Finding.Builder> setter, String value) {
    if (value == null) {
      return false;
    }
    setter.apply(value);
    return true;
  }

  private static Instant instant(String text, String field, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(field + " (an ISO-8601 instant such as 2026-11-22T02:00:00Z; got '" + text + "')");
      return null;
    }
  }

  private static FindingStatus status(String status) {
    if (status == null) {
      return null;
    }
    switch (status.toLowerCase(Locale.ROOT)) {
      case "fail": return FindingStatus.FAIL;
      case "pass": return FindingStatus.PASS;
      case "manual": return FindingStatus.MANUAL;
      default: return null;
    }
  }

  private static void compliance(JsonParser parser, String source, List<ComplianceRef> refs) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return;
    }
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw unexpected(source, parser, "an array for 'compliance'");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String framework = null;
      String requirement = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("framework")) {
          framework = text(parser, source, "compliance.framework");
        } else if (field.equals("requirement")) {
          requirement = text(parser, source, "compliance.requirement");
        } else {
          parser.skipChildren();
        }
      }
      if (framework == null || requirement == null) {
        throw unexpected(source, parser, "a compliance entry with 'framework' and 'requirement'");
      }
      refs.add(new ComplianceRef(framework, requirement));
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw unexpected(source, parser, "a compliance entry object or the end of the array");
    }
  }
}
