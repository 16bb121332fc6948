package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.InputFailure;
import io.secposture.api.ReportParseException;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not public API: readers of the objects the report and history JSON hold. Each reads one value with a
 * {@link JsonCursor} and fails with a {@link ReportParseException} at the value's position. Counts of services are
 * strict (all three keys required, as the original job always wrote them); other objects default what is absent and
 * skip keys they do not know. Stateless.
 */
final class Sections {
  private Sections() {
  }


  /** A callback per field of an object. */
  interface FieldReader {
    void read(String field);
  }

  /**
   * Reads every field of the object the cursor is in. A problem inside one field's value is remembered and
   * reading goes on with the next field, so a caller can still look at a field that comes later (the schema
   * version); malformed JSON stops at once.
   *
   * @return the first problem, or {@code null}
   */
  static ReportParseException readFields(JsonCursor cursor, FieldReader reader) {
    JsonStreamContext object = cursor.context();
    ReportParseException first = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      try {
        reader.read(field);
      } catch (ReportParseException e) {
        if (cursor.isBroken()) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
        cursor.skipTo(object);
      }
    }
    return first;
  }

  static void readArray(JsonCursor cursor, String what, Runnable element) {
    cursor.startArray(what);
    while (cursor.nextElement()) {
      element.run();
    }
  }

  static CloudProvider providerOrNull(String id) {
    try {
      return new CloudProvider(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads {@code {"checked_items": n, "flagged_items": n, "resources_count": n}}. */
  static ServiceStats stats(JsonCursor cursor) {
    cursor.startObject("an object of counts (checked_items, flagged_items, resources_count)");
    return statsFromStart(cursor);
  }

  /** Reads the counts object whose start the cursor is on. */
  static ServiceStats statsFromStart(JsonCursor cursor) {
    JsonLocation start = cursor.location();
    String path = cursor.path();
    Long checked = null;
    Long flagged = null;
    Long resources = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.CHECKED: checked = cursor.count("a count"); break;
        case Keys.FLAGGED: flagged = cursor.count("a count"); break;
        case Keys.RESOURCES: resources = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    if (checked == null || flagged == null || resources == null) {
      throw cursor.failAt(start, path, "checked_items, flagged_items and resources_count", "missing "
          + (checked == null ? Keys.CHECKED : flagged == null ? Keys.FLAGGED : Keys.RESOURCES));
    }
    return new ServiceStats(checked, flagged, resources);
  }

  /** Reads an object of counts by severity; every key must be a severity. */
  static EnumMap<Severity, Long> severityCounts(JsonCursor cursor) {
    cursor.startObject("an object of counts by severity");
    EnumMap<Severity, Long> counts = new EnumMap<>(Severity.class);
    String field;
    while ((field = cursor.nextField()) != null) {
      Severity severity = Keys.severity(field);
      if (severity == null) {
        throw cursor.fail("a severity (critical, high, medium, low, informational)", "found '" + field + "'");
      }
      counts.put(severity, cursor.count("a count"));
    }
    return counts;
  }

  /** Reads {@code {"new": n, "resolved": n, "reopened": n, "unchanged": n, "unknown": n}}; absent counts are 0. */
  static RunDiff.Counts counts(JsonCursor cursor) {
    cursor.startObject("an object of diff counts (new, resolved, reopened, unchanged)");
    return countsFromStart(cursor);
  }

  /** Reads {@code null} or a diff counts object. */
  static RunDiff.Counts nullableCounts(JsonCursor cursor) {
    JsonToken token = cursor.next();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw cursor.unexpected(token, "null or an object of diff counts");
    }
    return countsFromStart(cursor);
  }

  private static RunDiff.Counts countsFromStart(JsonCursor cursor) {
    long added = 0;
    long resolved = 0;
    long reopened = 0;
    long unchanged = 0;
    long unknown = 0;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.NEW: added = cursor.count("a count"); break;
        case Keys.RESOLVED: resolved = cursor.count("a count"); break;
        case Keys.REOPENED: reopened = cursor.count("a count"); break;
        case Keys.UNCHANGED: unchanged = cursor.count("a count"); break;
        case Keys.UNKNOWN: unknown = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    return new RunDiff.Counts(added, resolved, reopened, unchanged, unknown);
  }

  static AccountSummary account(JsonCursor cursor) {
    cursor.requireObject("an account row (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    CloudProvider provider = null;
    String accountId = null;
    String name = null;
    String scanner = null;
    ScanStatus status = null;
    Integer exitCode = null;
    Instant startedAt = null;
    Duration duration = Duration.ZERO;
    String reason = null;
    TreeMap<String, String> labels = new TreeMap<>();
    FindingTally findings = FindingTally.ZERO;
    TreeMap<String, ServiceStats> services = new TreeMap<>();
    TreeMap<String, String> links = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.ACCOUNT_ID: accountId = cursor.string("the account id (a string)"); break;
        case Keys.NAME: name = cursor.nullableString("the account name (a string)"); break;
        case Keys.SCANNER: scanner = cursor.string("the scanner name (a string)"); break;
        case Keys.STATUS: status = status(cursor); break;
        case Keys.EXIT_CODE: exitCode = cursor.nullableInt("the exit code (a whole number or null)"); break;
        case Keys.STARTED_AT: startedAt = cursor.nullableInstant("an ISO-8601 instant or null"); break;
        case Keys.DURATION_SECONDS: duration = cursor.seconds("a duration in seconds"); break;
        case Keys.REASON: reason = cursor.nullableString("the reason (a string or null)"); break;
        case Keys.LABELS: strings(cursor, labels, "an object of labels"); break;
        case Keys.FINDINGS: findings = tally(cursor); break;
        case Keys.SERVICES: serviceMap(cursor, services); break;
        case Keys.LINKS: strings(cursor, links, "an object of links"); break;
        case Keys.WARNINGS: readArray(cursor, "an array of warnings",
            () -> warnings.add(cursor.currentString(cursor.token(), "a warning (a string)"))); break;
        default: cursor.skipValue();
      }
    }
    if (provider == null || accountId == null || scanner == null || status == null) {
      throw cursor.failAt(start, path, "an account row with provider, account_id, scanner and status",
          "missing " + (provider == null ? Keys.PROVIDER : accountId == null ? Keys.ACCOUNT_ID
              : scanner == null ? Keys.SCANNER : Keys.STATUS));
    }
    try {
      return new AccountSummary(provider, accountId, name, scanner, status, exitCode, startedAt, duration, reason,
          labels, services, findings, links, warnings);
    } catch (IllegalArgumentException e) {
      throw cursor.failAt(start, path, "a valid account row", e.getMessage());
    }
  }

  private static ScanStatus status(JsonCursor cursor) {
    String text = cursor.string("a scan status (SUCCEEDED, PARTIAL, FAILED, TIMED_OUT, SKIPPED)");
    ScanStatus status = Keys.status(text);
    if (status == null) {
      throw cursor.fail("a scan status (SUCCEEDED, PARTIAL, FAILED, TIMED_OUT, SKIPPED)", "found '" + text + "'");
    }
    return status;
  }

  private static void strings(JsonCursor cursor, Map<String, String> target, String what) {
    cursor.startObject(what);
    String field;
    while ((field = cursor.nextField()) != null) {
      target.put(field, cursor.string("a string value"));
    }
  }

  private static void serviceMap(JsonCursor cursor, Map<String, ServiceStats> target) {
    cursor.startObject("an object of counts per service");
    String field;
    while ((field = cursor.nextField()) != null) {
      target.put(field, stats(cursor));
    }
  }

  private static FindingTally tally(JsonCursor cursor) {
    cursor.startObject("an object of finding counts");
    EnumMap<Severity, Long> flagged = new EnumMap<>(Severity.class);
    long failed = 0;
    long passed = 0;
    long muted = 0;
    long manual = 0;
    String field;
    while ((field = cursor.nextField()) != null) {
      Severity severity = Keys.severity(field);
      if (severity != null) {
        flagged.put(severity, cursor.count("a count"));
        continue;
      }
      switch (field) {
        case Keys.FAILED: failed = cursor.count("a count"); break;
        case Keys.PASSED: passed = cursor.count("a count"); break;
        case Keys.MUTED: muted = cursor.count("a count"); break;
        case Keys.MANUAL: manual = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    return new FindingTally(flagged, failed, passed, muted, manual);
  }

  static RuleSummary rule(JsonCursor cursor) {
    cursor.requireObject("a rule (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String tool = null;
    CloudProvider provider = null;
    String service = null;
    String ruleId = null;
    String title = null;
    Severity severity = null;
    Long flagged = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.TOOL: tool = cursor.string("the tool (a string)"); break;
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.SERVICE: service = cursor.string("the service (a string)"); break;
        case Keys.RULE_ID: ruleId = cursor.string("the rule id (a string)"); break;
        case Keys.TITLE: title = cursor.string("the title (a string)"); break;
        case Keys.SEVERITY: severity = severity(cursor); break;
        case Keys.RULE_FLAGGED: flagged = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    if (tool == null || provider == null || service == null || ruleId == null || title == null
        || severity == null || flagged == null) {
      throw cursor.failAt(start, path, "a rule with tool, provider, service, rule_id, title, severity and flagged",
          "missing " + (tool == null ? Keys.TOOL : provider == null ? Keys.PROVIDER : service == null
              ? Keys.SERVICE : ruleId == null ? Keys.RULE_ID : title == null ? Keys.TITLE
              : severity == null ? Keys.SEVERITY : Keys.RULE_FLAGGED));
    }
    return new RuleSummary(tool, provider, service, ruleId, title, severity, flagged);
  }

  static Severity severity(JsonCursor cursor) {
    String text = cursor.string("a severity (critical, high, medium, low, informational)");
    Severity severity = Keys.severity(text);
    if (severity == null) {
      throw cursor.fail("a severity (critical, high, medium, low, informational)", "found '" + text + "'");
    }
    return severity;
  }

  static InputFailure failure(JsonCursor cursor) {
    cursor.requireObject("a failed input (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String source = null;
    String reason = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.SOURCE: source = cursor.string("the source (a string)"); break;
        case Keys.REASON: reason = cursor.string("the reason (a string)"); break;
        default: cursor.skipValue();
      }
    }
    if (source == null || reason == null) {
      throw cursor.failAt(start, path, "a failed input with source and reason",
          "missing " + (source == null ? Keys.SOURCE : Keys.REASON));
    }
    return new InputFailure(source, reason);
  }

  /**
   * Reads one framework entry of the compliance section: framework, provider and requirements. The counts, pass
   * rates and account entries are derived from the requirements, so they are not read.
   */
  static FrameworkCompliance framework(JsonCursor cursor) {
    cursor.requireObject("a compliance framework entry (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String framework = null;
    CloudProvider provider = null;
    List<ComplianceRequirement> requirements = new ArrayList<>();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.FRAMEWORK: framework = cursor.string("the framework (a string)"); break;
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.REQUIREMENTS: readArray(cursor, "an array of requirements",
            () -> requirements.add(requirement(cursor))); break;
        default: cursor.skipValue();
      }
    }
    if (framework == null || provider == null) {
      throw cursor.failAt(start, path, "a compliance entry with framework and provider",
          "missing " + (framework == null ? Keys.FRAMEWORK : Keys.PROVIDER));
    }
    return new FrameworkCompliance(framework, provider, requirements);
  }

  private static ComplianceRequirement requirement(JsonCursor cursor) {
    cursor.requireObject("a requirement (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String id = null;
    String title = null;
    List<String> failing = new ArrayList<>();
    List<String> passing = new ArrayList<>();
    List<String> manual = new ArrayList<>();
    long flagged = 0;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.ID: id = cursor.string("the requirement id (a string)"); break;
        case Keys.TITLE: title = cursor.nullableString("the requirement title (a string or null)"); break;
        case Keys.FAILING_ACCOUNTS: accountIds(cursor, failing); break;
        case Keys.PASSING_ACCOUNTS: accountIds(cursor, passing); break;
        case Keys.MANUAL_ACCOUNTS: accountIds(cursor, manual); break;
        case Keys.RULE_FLAGGED: flagged = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    if (id == null) {
      throw cursor.failAt(start, path, "a requirement with an id", "missing " + Keys.ID);
    }
    return new ComplianceRequirement(id, title, failing, passing, manual, flagged);
  }

  private static void accountIds(JsonCursor cursor, List<String> into) {
    readArray(cursor, "an array of account ids",
        () -> into.add(cursor.currentString(cursor.token(), "an account id (a string)")));
  }

  static RunDiff diff(JsonCursor cursor) {
    JsonToken token = cursor.next();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw cursor.unexpected(token, "null or a diff object");
    }
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String previousRunId = null;
    Instant previousGeneratedAt = null;
    RunDiff.Counts total = RunDiff.Counts.ZERO;
    EnumMap<Severity, RunDiff.Counts> bySeverity = new EnumMap<>(Severity.class);
    TreeMap<CloudProvider, RunDiff.Counts> byProvider = new TreeMap<>();
    TreeMap<String, RunDiff.Counts> byAccount = new TreeMap<>();
    List<RunDiff.NewFinding> newFindings = new ArrayList<>();
    TreeMap<String, String> notCompared = new TreeMap<>();
    List<ComplianceChanges> compliance = List.of();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.PREVIOUS_RUN_ID: previousRunId = cursor.string("the previous run id (a string)"); break;
        case Keys.PREVIOUS_GENERATED_AT:
          previousGeneratedAt = cursor.instant("an ISO-8601 instant such as 2026-11-22T02:00:00Z");
          break;
        case Keys.TOTAL: total = counts(cursor); break;
        case Keys.BY_SEVERITY:
          cursor.startObject("an object of diff counts by severity");
          String severityKey;
          while ((severityKey = cursor.nextField()) != null) {
            Severity severity = Keys.severity(severityKey);
            if (severity == null) {
              throw cursor.fail("a severity (critical, high, medium, low, informational)",
                  "found '" + severityKey + "'");
            }
            bySeverity.put(severity, counts(cursor));
          }
          break;
        case Keys.BY_PROVIDER:
          cursor.startObject("an object of diff counts by provider");
          String providerKey;
          while ((providerKey = cursor.nextField()) != null) {
            byProvider.put(cursor.currentProvider(providerKey, "a provider id such as aws"), counts(cursor));
          }
          break;
        case Keys.BY_ACCOUNT:
          cursor.startObject("an object of diff counts by account");
          String accountKey;
          while ((accountKey = cursor.nextField()) != null) {
            byAccount.put(accountKey, counts(cursor));
          }
          break;
        case Keys.NEW_FINDINGS:
          readArray(cursor, "an array of new findings", () -> newFindings.add(newFinding(cursor)));
          break;
        case Keys.NOT_COMPARED: strings(cursor, notCompared, "an object of reasons by account row"); break;
        case Keys.COMPLIANCE: compliance = ComplianceChangesJson.read(cursor); break;
        default: cursor.skipValue();
      }
    }
    if (previousRunId == null || previousGeneratedAt == null) {
      throw cursor.failAt(start, path, "a diff with previous_run_id and previous_generated_at",
          "missing " + (previousRunId == null ? Keys.PREVIOUS_RUN_ID : Keys.PREVIOUS_GENERATED_AT));
    }
    try {
      return new RunDiff(previousRunId, previousGeneratedAt, total, bySeverity, byProvider, byAccount, newFindings,
          notCompared, compliance);
    } catch (IllegalArgumentException e) {
      throw cursor.failAt(start, path, "a valid diff", e.getMessage());
    }
  }

  private static RunDiff.NewFinding newFinding(JsonCursor cursor) {
    cursor.requireObject("a new finding (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    FindingFields fields = new FindingFields();
    boolean reopened = false;
    String field;
    while ((field = cursor.nextField()) != null) {
      if (field.equals(Keys.REOPENED)) {
        reopened = cursor.bool("true or false");
      } else if (!fields.read(field, cursor)) {
        cursor.skipValue();
      }
    }
    String missing = fields.missing();
    if (missing != null) {
      throw cursor.failAt(start, path, "a new finding with provider, account_id, scanner, severity, service, rule_id,"
          + " title and fingerprint", "missing " + missing);
    }
    return new RunDiff.NewFinding(fields.provider, fields.accountId, fields.scanner, fields.severity, fields.service,
        fields.ruleId, fields.title, fields.resourceId, fields.region, fields.fingerprint, reopened);
  }
}
