package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.core.HistoryRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not public API: writes and reads {@code reports/history.json} for {@code io.secposture.core.ReportJson}.
 *
 * <pre>{@code
 * {"schema_version":1,"runs":[
 * {"run_id":"...","generated_at":"...","report_date":"11-22-2026","total":{...},"providers":{"aws":{...}},
 *  "severities":{...},"accounts":{"succeeded":3,"partial":0,"failed":1,"timed_out":0,"skipped":0},
 *  "diff":{"new":2,"resolved":1,"reopened":0,"unchanged":9,"unknown":0},
 *  "compliance":[{"framework":"CIS-2.0","provider":"aws","passed":31,"failed":12,"pass_rate":0.72}],
 *  "sla_breached":{"critical":1,"high":4,"medium":0,"low":0,"informational":0,"total":5}},
 * ...
 * ]}
 * }</pre>
 *
 * <p>Compact, one run per line, rows in the order given (oldest first by convention). The history shares the
 * report's schema version. Stateless.
 */
public final class HistoryCodec {
  private static final String SLA_BREACHED = "sla_breached";
  private static final DateTimeFormatter REPORT_DATE =
      DateTimeFormatter.ofPattern("MM-dd-yyyy").withZone(ZoneOffset.UTC);

  private HistoryCodec() {
  }

  /**
   * Writes history rows.
   *
   * @param rows the rows, oldest first
   * @param out where to write; flushed, not closed
   * @throws IOException if writing fails
   */
  public static void write(List<HistoryRow> rows, OutputStream out) throws IOException {
    try (JsonGenerator json = JsonFormat.lineGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField(Keys.SCHEMA_VERSION, PostureReport.SCHEMA_VERSION);
      json.writeArrayFieldStart(Keys.RUNS);
      for (HistoryRow row : rows) {
        writeRow(json, row);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeRow(JsonGenerator json, HistoryRow row) throws IOException {
    json.writeStartObject();
    json.writeStringField(Keys.RUN_ID, row.runId());
    json.writeStringField(Keys.GENERATED_AT, ReportWriter.instant(row.generatedAt()));
    json.writeStringField(Keys.REPORT_DATE, REPORT_DATE.format(row.generatedAt()));
    json.writeFieldName(Keys.TOTAL);
    ReportWriter.writeStats(json, row.total());
    json.writeObjectFieldStart(Keys.PROVIDERS);
    for (Map.Entry<CloudProvider, ServiceStats> provider : row.providers().entrySet()) {
      json.writeFieldName(provider.getKey().id());
      ReportWriter.writeStats(json, provider.getValue());
    }
    json.writeEndObject();
    json.writeObjectFieldStart(Keys.SEVERITIES);
    ReportWriter.writeSeverityFields(json, row.flaggedBySeverity());
    json.writeEndObject();
    json.writeObjectFieldStart(Keys.ACCOUNTS);
    for (ScanStatus status : ScanStatus.values()) {
      json.writeNumberField(Keys.of(status), row.accountsByStatus().get(status));
    }
    json.writeEndObject();
    json.writeFieldName(Keys.DIFF);
    if (row.diff() == null) {
      json.writeNull();
    } else {
      ReportWriter.writeCounts(json, row.diff());
    }
    if (!row.compliance().isEmpty()) {
      writeRates(json, row.compliance());
    }
    if (row.slaBreached() != null) {
      json.writeObjectFieldStart(SLA_BREACHED);
      ReportWriter.writeSeverityFields(json, row.slaBreached());
      json.writeNumberField(Keys.TOTAL, row.slaBreached().values().stream().mapToLong(Long::longValue).sum());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** Writes the pass rates of a row; rows without any leave the key out, as rows written before it existed. */
  private static void writeRates(JsonGenerator json, List<HistoryRow.FrameworkRate> rates) throws IOException {
    json.writeArrayFieldStart(Keys.COMPLIANCE);
    for (HistoryRow.FrameworkRate rate : rates) {
      json.writeStartObject();
      json.writeStringField(Keys.FRAMEWORK, rate.framework());
      json.writeStringField(Keys.PROVIDER, rate.provider().id());
      json.writeNumberField(Keys.PASSED, rate.passed());
      json.writeNumberField(Keys.FAILED, rate.failed());
      if (rate.passRate() == null) {
        json.writeNullField(Keys.PASS_RATE);
      } else {
        json.writeNumberField(Keys.PASS_RATE, rate.passRate());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * Reads history rows.
   *
   * @param in the JSON; not closed
   * @param source what it is, for messages
   * @return the rows in file order
   * @throws ReportParseException if it is not a valid history
   * @throws UncheckedIOException if reading fails
   */
  public static List<HistoryRow> read(InputStream in, String source) {
    try (JsonParser parser = JsonFormat.parser(in)) {
      return readDocument(new JsonCursor(parser, source));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private static List<HistoryRow> readDocument(JsonCursor cursor) {
    JsonToken first = cursor.next();
    if (first != JsonToken.START_OBJECT) {
      throw first == null ? cursor.fail("a JSON object (a secposture history)", "the input is empty")
          : cursor.unexpected(first, "a JSON object (a secposture history)");
    }
    JsonLocation start = cursor.location();
    Document document = new Document(cursor);
    ReportParseException problem = Sections.readFields(cursor, document::field);
    if (document.version > PostureReport.SCHEMA_VERSION) {
      throw cursor.failAt(document.versionAt, "/" + Keys.SCHEMA_VERSION, "schema_version "
          + PostureReport.SCHEMA_VERSION + " or lower", "found " + document.version
          + ": the history was written by a newer secposture; upgrade secposture to read it");
    }
    if (problem != null) {
      throw problem;
    }
    if (cursor.next() != null) {
      throw cursor.fail("the end of the input after the history object", "found more content");
    }
    if (document.version == 0 || !document.runsSeen) {
      throw cursor.failAt(start, "/", "a secposture history with schema_version and runs",
          "missing " + (document.version == 0 ? Keys.SCHEMA_VERSION : Keys.RUNS));
    }
    return List.copyOf(document.rows);
  }

  /** The state of one read. */
  private static final class Document {
    private final JsonCursor cursor;
    private final List<HistoryRow> rows = new ArrayList<>();
    private long version;
    private JsonLocation versionAt;
    private boolean runsSeen;

    Document(JsonCursor cursor) {
      this.cursor = cursor;
    }

    void field(String field) {
      switch (field) {
        case Keys.SCHEMA_VERSION:
          version = cursor.count("a schema version (a whole number of 1 or more)");
          versionAt = cursor.location();
          if (version < 1) {
            throw cursor.fail("a schema version (a whole number of 1 or more)", "found " + version);
          }
          break;
        case Keys.RUNS:
          runsSeen = true;
          Sections.readArray(cursor, "an array of runs", () -> rows.add(row(cursor)));
          break;
        default:
          cursor.skipValue();
      }
    }
  }

  private static HistoryRow row(JsonCursor cursor) {
    cursor.requireObject("a run (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String runId = null;
    Instant generatedAt = null;
    ServiceStats total = null;
    TreeMap<CloudProvider, ServiceStats> providers = new TreeMap<>();
    EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    EnumMap<ScanStatus, Long> accounts = new EnumMap<>(ScanStatus.class);
    RunDiff.Counts diff = null;
    List<HistoryRow.FrameworkRate> compliance = new ArrayList<>();
    EnumMap<Severity, Long> slaBreached = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.RUN_ID:
          runId = cursor.string("the run id (a string)");
          try {
            ScanRequest.requireRunId(runId);
          } catch (IllegalArgumentException e) {
            throw cursor.fail("a valid run id", e.getMessage());
          }
          break;
        case Keys.GENERATED_AT:
          generatedAt = cursor.instant("an ISO-8601 instant such as 2026-11-22T02:00:00Z");
          break;
        case Keys.TOTAL:
          total = Sections.stats(cursor);
          break;
        case Keys.PROVIDERS:
          cursor.startObject("an object of counts per provider");
          String provider;
          while ((provider = cursor.nextField()) != null) {
            providers.put(cursor.currentProvider(provider, "a provider id such as aws"), Sections.stats(cursor));
          }
          break;
        case Keys.SEVERITIES:
          severities = Sections.severityCounts(cursor);
          break;
        case Keys.ACCOUNTS:
          cursor.startObject("an object of account counts by status");
          String status;
          while ((status = cursor.nextField()) != null) {
            ScanStatus known = Keys.status(status);
            if (known == null) {
              cursor.skipValue();
            } else {
              accounts.put(known, cursor.count("a count"));
            }
          }
          break;
        case Keys.DIFF:
          diff = Sections.nullableCounts(cursor);
          break;
        case Keys.COMPLIANCE:
          Sections.readArray(cursor, "an array of framework pass rates", () -> compliance.add(rate(cursor)));
          break;
        case SLA_BREACHED:
          slaBreached = breaches(cursor);
          break;
        default:
          cursor.skipValue();
      }
    }
    if (runId == null || generatedAt == null || total == null) {
      throw cursor.failAt(start, path, "a run with run_id, generated_at and total",
          "missing " + (runId == null ? Keys.RUN_ID : generatedAt == null ? Keys.GENERATED_AT : Keys.TOTAL));
    }
    return new HistoryRow(runId, generatedAt, total, providers, severities, accounts, diff, compliance,
        slaBreached);
  }

  /** Reads a row's SLA breaches by severity; its {@code total} is derived, so it is skipped. */
  private static EnumMap<Severity, Long> breaches(JsonCursor cursor) {
    if (cursor.nextIsNull()) {
      return null;
    }
    if (cursor.token() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
      throw cursor.unexpected(cursor.token(), "null or an object of SLA breaches by severity");
    }
    EnumMap<Severity, Long> counts = new EnumMap<>(Severity.class);
    String field;
    while ((field = cursor.nextField()) != null) {
      Severity severity = Keys.severity(field);
      if (severity == null) {
        cursor.skipValue();
      } else {
        counts.put(severity, cursor.count("a count"));
      }
    }
    return counts;
  }

  private static HistoryRow.FrameworkRate rate(JsonCursor cursor) {
    cursor.requireObject("a framework pass rate (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String framework = null;
    CloudProvider provider = null;
    long passed = 0;
    long failed = 0;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.FRAMEWORK: framework = cursor.string("the framework (a string)"); break;
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.PASSED: passed = cursor.count("a count"); break;
        case Keys.FAILED: failed = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    if (framework == null || provider == null) {
      throw cursor.failAt(start, path, "a framework pass rate with framework and provider",
          "missing " + (framework == null ? Keys.FRAMEWORK : Keys.PROVIDER));
    }
    return new HistoryRow.FrameworkRate(framework, provider, passed, failed);
  }
}
