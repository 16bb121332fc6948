package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.InputFailure;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanRequest;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.SlaSummary;
import io.secposture.api.Suppression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Not public API: reads the report JSON contract back into a {@link PostureReport} for
 * {@code io.secposture.core.ReportJson}.
 *
 * <p>Streams with a {@link JsonParser}, so every problem has a line, column and JSON path. Derived sections
 * ({@code report_date}, the totals, the row counts, {@code coverage}) are skipped; keys it does not know are
 * skipped too, so a report with fields added by a later minor version still reads. A top-level key that is a valid
 * provider id and holds an object is a provider section. A {@code schema_version} newer than this library's is
 * refused, and that message wins over any other problem in the document, because a newer report may well look
 * broken to an older reader. Stateless; each call uses its own parser.
 */
public final class ReportReader {
  private ReportReader() {
  }

  /**
   * Reads a report.
   *
   * @param in the JSON; not closed
   * @param source what it is, for messages
   * @return the report
   * @throws ReportParseException if it is not a valid report
   * @throws UncheckedIOException if reading fails
   */
  public static PostureReport read(InputStream in, String source) {
    try (JsonParser parser = JsonFormat.parser(in)) {
      return new Document(new JsonCursor(parser, source)).read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /** The state of one read. */
  private static final class Document {
    private final JsonCursor cursor;
    private Integer schemaVersion;
    private JsonLocation schemaVersionAt;
    private String runId;
    private Instant generatedAt;
    private final TreeMap<CloudProvider, TreeMap<String, ServiceStats>> services = new TreeMap<>();
    private final List<AccountSummary> accounts = new ArrayList<>();
    private final EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    private long failed;
    private long passed;
    private long muted;
    private long manual;
    private final List<RuleSummary> rules = new ArrayList<>();
    private final List<InputFailure> failedInputs = new ArrayList<>();
    private RunDiff diff;
    private final List<FrameworkCompliance> compliance = new ArrayList<>();
    private SlaSummary sla;
    private OwnerSummary owners;
    private final List<io.secposture.api.TopFinding> topFindings = new ArrayList<>();
    private final List<Suppression> suppressions = new ArrayList<>();

    Document(JsonCursor cursor) {
      this.cursor = cursor;
    }

    PostureReport read() {
      JsonToken first = cursor.next();
      if (first != JsonToken.START_OBJECT) {
        throw first == null ? cursor.fail("a JSON object (a secposture report)", "the input is empty")
            : cursor.unexpected(first, "a JSON object (a secposture report)");
      }
      JsonLocation start = cursor.location();
      ReportParseException problem = Sections.readFields(cursor, this::field);
      checkVersion();
      if (problem != null) {
        throw problem;
      }
      if (cursor.next() != null) {
        throw cursor.fail("the end of the input after the report object", "found more content");
      }
      if (schemaVersion == null || runId == null || generatedAt == null) {
        List<String> missing = new ArrayList<>();
        if (schemaVersion == null) {
          missing.add(Keys.SCHEMA_VERSION);
        }
        if (runId == null) {
          missing.add(Keys.RUN_ID);
        }
        if (generatedAt == null) {
          missing.add(Keys.GENERATED_AT);
        }
        throw cursor.failAt(start, "/", "a secposture report with " + Keys.SCHEMA_VERSION + ", " + Keys.RUN_ID
            + " and " + Keys.GENERATED_AT, "missing " + String.join(", ", missing)
            + " (a report of the original job has only report_date and counts; it cannot be read as a report)");
      }
      FindingTally findings = new FindingTally(severities, failed, passed, muted, manual);
      try {
        return PostureReport.builder(runId, generatedAt).schemaVersion(schemaVersion).services(services)
            .accounts(accounts).findings(findings).rules(rules).failedInputs(failedInputs).diff(diff)
            .compliance(compliance).sla(sla).owners(owners).topFindings(topFindings).suppressions(suppressions)
            .build();
      } catch (IllegalArgumentException e) {
        throw cursor.failAt(start, "/", "a valid report", e.getMessage());
      }
    }

    private void checkVersion() {
      if (schemaVersion != null && schemaVersion > PostureReport.SCHEMA_VERSION) {
        throw cursor.failAt(schemaVersionAt, "/" + Keys.SCHEMA_VERSION, "schema_version "
            + PostureReport.SCHEMA_VERSION + " or lower", "found " + schemaVersion
            + ": the report was written by a newer secposture; upgrade secposture to read it");
      }
    }

    private void field(String field) {
      switch (field) {
        case Keys.SCHEMA_VERSION:
          long version = cursor.count("a schema version (a whole number of 1 or more)");
          schemaVersionAt = cursor.location();
          if (version < 1 || version > Integer.MAX_VALUE) {
            throw cursor.fail("a schema version (a whole number of 1 or more)", "found " + version);
          }
          schemaVersion = (int) version;
          break;
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
        case Keys.ACCOUNTS:
          Sections.readArray(cursor, "an array of account rows", () -> accounts.add(Sections.account(cursor)));
          break;
        case Keys.SEVERITIES:
          severities.putAll(Sections.severityCounts(cursor));
          break;
        case Keys.STATUSES:
          readStatuses();
          break;
        case Keys.TOP_RULES:
          Sections.readArray(cursor, "an array of rules", () -> rules.add(Sections.rule(cursor)));
          break;
        case Keys.FAILED_INPUTS:
          Sections.readArray(cursor, "an array of failed inputs", () -> failedInputs.add(Sections.failure(cursor)));
          break;
        case Keys.DIFF:
          diff = Sections.diff(cursor);
          break;
        case Keys.COMPLIANCE:
          Sections.readArray(cursor, "an array of compliance frameworks",
              () -> compliance.add(Sections.framework(cursor)));
          break;
        case LifecycleSections.SLA:
          sla = LifecycleSections.sla(cursor);
          break;
        case LifecycleSections.OWNERS:
          owners = LifecycleSections.owners(cursor);
          break;
        case Keys.TOP_FINDINGS:
          Sections.readArray(cursor, "an array of top findings", () -> topFindings.add(TopFindingsJson.read(cursor)));
          break;
        case SuppressionSection.KEY:
          Sections.readArray(cursor, "an array of suppressions",
              () -> suppressions.add(SuppressionSection.read(cursor)));
          break;
        case Keys.REPORT_DATE:
        case Keys.TOTAL:
        case Keys.COVERAGE:
          cursor.skipValue();
          break;
        default:
          providerOrSkip(field);
      }
    }

    private void providerOrSkip(String field) {
      CloudProvider provider = Sections.providerOrNull(field);
      if (cursor.next() != JsonToken.START_OBJECT || provider == null) {
        cursor.skipChildren();
        return;
      }
      TreeMap<String, ServiceStats> byService = new TreeMap<>();
      String service;
      while ((service = cursor.nextField()) != null) {
        if (cursor.next() != JsonToken.START_OBJECT || service.equals(Keys.TOTAL)) {
          cursor.skipChildren();
        } else {
          byService.put(service, Sections.statsFromStart(cursor));
        }
      }
      if (!byService.isEmpty()) {
        services.put(provider, byService);
      }
    }

    private void readStatuses() {
      cursor.startObject("an object of counts by result");
      String field;
      while ((field = cursor.nextField()) != null) {
        switch (field) {
          case Keys.STATUS_FAIL: failed = cursor.count("a count"); break;
          case Keys.STATUS_PASS: passed = cursor.count("a count"); break;
          case Keys.MUTED: muted = cursor.count("a count"); break;
          case Keys.MANUAL: manual = cursor.count("a count"); break;
          default: cursor.skipValue();
        }
      }
    }
  }
}
