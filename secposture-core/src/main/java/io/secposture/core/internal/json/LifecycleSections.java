package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.AgedFinding;
import io.secposture.api.CloudProvider;
import io.secposture.api.OwnerSummary;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Not public API: the report's {@code sla} and {@code owners} sections, for {@link ReportWriter} and
 * {@link ReportReader}. Both are written only when the report has them (so reports of runs whose findings were not
 * tracked keep their exact form) and read as {@code null} when absent or {@code null}:
 *
 * <pre>{@code
 * "sla": {"policy": {"critical": "7d", "high": "30d", "medium": "90d", "low": "180d"},
 *         "open": {"critical": n, ...}, "breached": {"critical": n, ...}, "breached_total": n,
 *         "oldest": [{"provider", "account_id", "scanner", "owner", "severity", "service", "rule_id", "title",
 *                     "resource_id", "region", "fingerprint", "first_seen", "reopened_at", "age_days", "breached"}],
 *         "by_account": {"aws/123/scoutsuite": n}, "by_owner": {"payments": n}},
 * "owners": {"label": "team",
 *            "owners": {"payments": {"flagged": n, "new": n, "reopened": n, "breached": n, "suppressed": n}}}
 * }</pre>
 * Stateless.
 */
final class LifecycleSections {
  static final String SLA = "sla";
  static final String OWNERS = "owners";
  private static final String POLICY = "policy";
  private static final String OPEN = "open";
  private static final String BREACHED = "breached";
  private static final String BREACHED_TOTAL = "breached_total";
  private static final String OLDEST = "oldest";
  private static final String BY_ACCOUNT = "by_account";
  private static final String BY_OWNER = "by_owner";
  private static final String OWNER = "owner";
  private static final String FIRST_SEEN = "first_seen";
  private static final String REOPENED_AT = "reopened_at";
  private static final String AGE_DAYS = "age_days";
  private static final String LABEL = "label";
  private static final String FLAGGED = "flagged";
  private static final String NEW = "new";
  private static final String REOPENED = "reopened";
  private static final String SUPPRESSED = "suppressed";

  private LifecycleSections() {
  }

  static void write(JsonGenerator json, SlaSummary sla, OwnerSummary owners) throws IOException {
    if (sla != null) {
      json.writeObjectFieldStart(SLA);
      json.writeObjectFieldStart(POLICY);
      for (Map.Entry<Severity, Duration> limit : sla.policy().limits().entrySet()) {
        json.writeStringField(Keys.of(limit.getKey()), SlaPolicy.format(limit.getValue()));
      }
      json.writeEndObject();
      json.writeObjectFieldStart(OPEN);
      ReportWriter.writeSeverityFields(json, sla.open());
      json.writeEndObject();
      json.writeObjectFieldStart(BREACHED);
      ReportWriter.writeSeverityFields(json, sla.breached());
      json.writeEndObject();
      json.writeNumberField(BREACHED_TOTAL, sla.totalBreached());
      json.writeArrayFieldStart(OLDEST);
      for (AgedFinding finding : sla.oldest()) {
        writeAged(json, finding);
      }
      json.writeEndArray();
      writeCounts(json, BY_ACCOUNT, sla.byAccount());
      writeCounts(json, BY_OWNER, sla.byOwner());
      json.writeEndObject();
    }
    if (owners != null) {
      json.writeObjectFieldStart(OWNERS);
      json.writeStringField(LABEL, owners.label());
      json.writeObjectFieldStart(OWNERS);
      for (Map.Entry<String, OwnerSummary.Counts> owner : owners.owners().entrySet()) {
        OwnerSummary.Counts counts = owner.getValue();
        json.writeObjectFieldStart(owner.getKey());
        json.writeNumberField(FLAGGED, counts.flagged());
        json.writeNumberField(NEW, counts.added());
        json.writeNumberField(REOPENED, counts.reopened());
        json.writeNumberField(BREACHED, counts.breached());
        json.writeNumberField(SUPPRESSED, counts.suppressed());
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  private static void writeAged(JsonGenerator json, AgedFinding finding) throws IOException {
    json.writeStartObject();
    json.writeStringField(Keys.PROVIDER, finding.provider().id());
    json.writeStringField(Keys.ACCOUNT_ID, finding.accountId());
    json.writeStringField(Keys.SCANNER, finding.scanner());
    json.writeStringField(OWNER, finding.owner());
    json.writeStringField(Keys.SEVERITY, Keys.of(finding.severity()));
    json.writeStringField(Keys.SERVICE, finding.service());
    json.writeStringField(Keys.RULE_ID, finding.ruleId());
    json.writeStringField(Keys.TITLE, finding.title());
    json.writeStringField(Keys.RESOURCE_ID, finding.resourceId());
    json.writeStringField(Keys.REGION, finding.region());
    json.writeStringField(Keys.FINGERPRINT, finding.fingerprint());
    json.writeStringField(FIRST_SEEN, ReportWriter.instant(finding.firstSeen()));
    json.writeStringField(REOPENED_AT, finding.reopenedAt() == null ? null : ReportWriter.instant(finding.reopenedAt()));
    json.writeNumberField(AGE_DAYS, finding.ageDays());
    json.writeBooleanField(BREACHED, finding.breached());
    json.writeEndObject();
  }

  private static void writeCounts(JsonGenerator json, String field, SortedMap<String, Long> counts) throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> entry : JsonFormat.fieldNames(counts, Long::sum).entrySet()) {
      json.writeNumberField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  static SlaSummary sla(JsonCursor cursor) {
    JsonToken token = cursor.next();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw cursor.unexpected(token, "null or an sla object");
    }
    JsonLocation start = cursor.location();
    String path = cursor.path();
    EnumMap<Severity, Duration> limits = new EnumMap<>(Severity.class);
    EnumMap<Severity, Long> open = new EnumMap<>(Severity.class);
    EnumMap<Severity, Long> breached = new EnumMap<>(Severity.class);
    List<AgedFinding> oldest = new ArrayList<>();
    TreeMap<String, Long> byAccount = new TreeMap<>();
    TreeMap<String, Long> byOwner = new TreeMap<>();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case POLICY:
          cursor.startObject("an object of SLA durations by severity");
          String severityKey;
          while ((severityKey = cursor.nextField()) != null) {
            Severity severity = Keys.severity(severityKey);
            if (severity == null) {
              throw cursor.fail("a severity (critical, high, medium, low, informational)", "found '" + severityKey
                  + "'");
            }
            String text = cursor.string("a duration such as 30d");
            try {
              limits.put(severity, SlaPolicy.parse(severityKey + "=" + text).limit(severity));
            } catch (RuntimeException e) {
              throw cursor.fail("a duration such as 30d", "found '" + text + "'");
            }
          }
          break;
        case OPEN: open.putAll(Sections.severityCounts(cursor)); break;
        case BREACHED: breached.putAll(Sections.severityCounts(cursor)); break;
        case OLDEST: Sections.readArray(cursor, "an array of open findings", () -> oldest.add(aged(cursor))); break;
        case BY_ACCOUNT: counts(cursor, byAccount); break;
        case BY_OWNER: counts(cursor, byOwner); break;
        default: cursor.skipValue();
      }
    }
    try {
      return new SlaSummary(new SlaPolicy(limits), open, breached, oldest, byAccount, byOwner);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw cursor.failAt(start, path, "a valid sla section", e.getMessage());
    }
  }

  private static void counts(JsonCursor cursor, Map<String, Long> into) {
    cursor.startObject("an object of counts");
    String key;
    while ((key = cursor.nextField()) != null) {
      into.put(key, cursor.count("a count"));
    }
  }

  private static AgedFinding aged(JsonCursor cursor) {
    cursor.requireObject("an open finding (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    CloudProvider provider = null;
    String accountId = null;
    String scanner = null;
    String owner = OwnerSummary.UNOWNED;
    Severity severity = null;
    String service = null;
    String ruleId = null;
    String title = null;
    String resourceId = null;
    String region = null;
    String fingerprint = null;
    Instant firstSeen = null;
    Instant reopenedAt = null;
    long ageDays = 0;
    boolean breached = false;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.ACCOUNT_ID: accountId = cursor.string("the account id (a string)"); break;
        case Keys.SCANNER: scanner = cursor.string("the scanner name (a string)"); break;
        case OWNER: owner = cursor.string("the owner (a string)"); break;
        case Keys.SEVERITY:
          String text = cursor.string("a severity");
          severity = Keys.severity(text);
          if (severity == null) {
            throw cursor.fail("a severity (critical, high, medium, low, informational)", "found '" + text + "'");
          }
          break;
        case Keys.SERVICE: service = cursor.string("the service (a string)"); break;
        case Keys.RULE_ID: ruleId = cursor.string("the rule id (a string)"); break;
        case Keys.TITLE: title = cursor.string("the title (a string)"); break;
        case Keys.RESOURCE_ID: resourceId = cursor.nullableString("the resource id (a string or null)"); break;
        case Keys.REGION: region = cursor.nullableString("the region (a string or null)"); break;
        case Keys.FINGERPRINT: fingerprint = cursor.string("the fingerprint (a string)"); break;
        case FIRST_SEEN: firstSeen = cursor.instant("an ISO-8601 instant"); break;
        case REOPENED_AT: reopenedAt = cursor.nullableInstant("an ISO-8601 instant or null"); break;
        case AGE_DAYS: ageDays = cursor.count("a whole number of days"); break;
        case BREACHED: breached = cursor.bool("true or false"); break;
        default: cursor.skipValue();
      }
    }
    try {
      return new AgedFinding(provider, accountId, scanner, owner, severity, service, ruleId, title, resourceId,
          region, fingerprint, firstSeen, reopenedAt, ageDays, breached);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw cursor.failAt(start, path, "an open finding with provider, account_id, scanner, severity, service,"
          + " rule_id, title, fingerprint and first_seen", e.getMessage());
    }
  }

  static OwnerSummary owners(JsonCursor cursor) {
    JsonToken token = cursor.next();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw cursor.unexpected(token, "null or an owners object");
    }
    String label = OwnerSummary.DEFAULT_LABEL;
    TreeMap<String, OwnerSummary.Counts> owners = new TreeMap<>();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case LABEL: label = cursor.string("the owner label (a string)"); break;
        case OWNERS:
          cursor.startObject("an object of counts by owner");
          String owner;
          while ((owner = cursor.nextField()) != null) {
            owners.put(owner, ownerCounts(cursor));
          }
          break;
        default: cursor.skipValue();
      }
    }
    return new OwnerSummary(label, owners);
  }

  private static OwnerSummary.Counts ownerCounts(JsonCursor cursor) {
    cursor.startObject("an object of counts (flagged, new, reopened, breached, suppressed)");
    long flagged = 0;
    long added = 0;
    long reopened = 0;
    long breached = 0;
    long suppressed = 0;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case FLAGGED: flagged = cursor.count("a count"); break;
        case NEW: added = cursor.count("a count"); break;
        case REOPENED: reopened = cursor.count("a count"); break;
        case BREACHED: breached = cursor.count("a count"); break;
        case SUPPRESSED: suppressed = cursor.count("a count"); break;
        default: cursor.skipValue();
      }
    }
    return new OwnerSummary.Counts(flagged, added, reopened, breached, suppressed);
  }
}
