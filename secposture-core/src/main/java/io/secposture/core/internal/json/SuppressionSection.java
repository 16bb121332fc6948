package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import io.secposture.api.CloudProvider;
import io.secposture.api.Suppression;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not public API: the report's {@code suppressions} section, one object per entry of the suppressions file:
 *
 * <pre>{@code
 * "suppressions": [{"id": "legacy-logs", "rule": "s3_bucket_*", "scanner": "prowler", "provider": "aws",
 *   "accounts": ["prod"], "labels": {"team": "payments"}, "region": null, "service": "s3",
 *   "resource": "arn:aws:s3:::legacy-logs*", "reason": "...", "owner": "network-team", "ticket": "SEC-1234",
 *   "expires": "2027-03-31", "matched": 3, "expired": false, "unused": false}]
 * }</pre>
 *
 * <p>Absent fields of the entry are written as {@code null} (lists and maps empty); {@code unused} is derived, so it
 * is not read back. Stateless.
 */
final class SuppressionSection {
  static final String KEY = "suppressions";
  private static final String RULE = "rule";
  private static final String RESOURCE = "resource";
  private static final String OWNER = "owner";
  private static final String TICKET = "ticket";
  private static final String EXPIRES = "expires";
  private static final String MATCHED = "matched";
  private static final String EXPIRED = "expired";
  private static final String UNUSED = "unused";

  private SuppressionSection() {
  }

  static void write(JsonGenerator json, List<Suppression> entries) throws IOException {
    json.writeArrayFieldStart(KEY);
    for (Suppression entry : entries) {
      json.writeStartObject();
      json.writeStringField(Keys.ID, entry.id());
      json.writeStringField(RULE, entry.rule());
      json.writeStringField(Keys.SCANNER, entry.scanner());
      json.writeStringField(Keys.PROVIDER, entry.provider() == null ? null : entry.provider().id());
      json.writeArrayFieldStart(Keys.ACCOUNTS);
      for (String account : entry.accounts()) {
        json.writeString(account);
      }
      json.writeEndArray();
      json.writeObjectFieldStart(Keys.LABELS);
      for (Map.Entry<String, String> label : JsonFormat.fieldNames(entry.labels(), (a, b) -> a.compareTo(b) <= 0 ? a : b).entrySet()) {
        json.writeStringField(label.getKey(), label.getValue());
      }
      json.writeEndObject();
      json.writeStringField(Keys.REGION, entry.region());
      json.writeStringField(Keys.SERVICE, entry.service());
      json.writeStringField(RESOURCE, entry.resource());
      json.writeStringField(Keys.REASON, entry.reason());
      json.writeStringField(OWNER, entry.owner());
      json.writeStringField(TICKET, entry.ticket());
      json.writeStringField(EXPIRES, entry.expires() == null ? null : entry.expires().toString());
      json.writeNumberField(MATCHED, entry.matched());
      json.writeBooleanField(EXPIRED, entry.expired());
      json.writeBooleanField(UNUSED, entry.unused());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  static Suppression read(JsonCursor cursor) {
    cursor.requireObject("a suppression (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String id = null;
    String rule = null;
    String scanner = null;
    CloudProvider provider = null;
    List<String> accounts = new ArrayList<>();
    TreeMap<String, String> labels = new TreeMap<>();
    String region = null;
    String service = null;
    String resource = null;
    String reason = null;
    String owner = null;
    String ticket = null;
    LocalDate expires = null;
    long matched = 0;
    boolean expired = false;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.ID: id = cursor.string("the suppression id (a string)"); break;
        case RULE: rule = cursor.nullableString("the rule glob (a string or null)"); break;
        case Keys.SCANNER: scanner = cursor.nullableString("the scanner (a string or null)"); break;
        case Keys.PROVIDER: provider = nullableProvider(cursor); break;
        case Keys.ACCOUNTS: Sections.readArray(cursor, "an array of account ids or names",
            () -> accounts.add(cursor.currentString(cursor.token(), "an account (a string)"))); break;
        case Keys.LABELS:
          cursor.startObject("an object of labels");
          String label;
          while ((label = cursor.nextField()) != null) {
            labels.put(label, cursor.string("a label value (a string)"));
          }
          break;
        case Keys.REGION: region = cursor.nullableString("the region (a string or null)"); break;
        case Keys.SERVICE: service = cursor.nullableString("the service (a string or null)"); break;
        case RESOURCE: resource = cursor.nullableString("the resource glob (a string or null)"); break;
        case Keys.REASON: reason = cursor.string("the reason (a string)"); break;
        case OWNER: owner = cursor.string("the owner (a string)"); break;
        case TICKET: ticket = cursor.nullableString("the ticket (a string or null)"); break;
        case EXPIRES: expires = date(cursor); break;
        case MATCHED: matched = cursor.count("a count"); break;
        case EXPIRED: expired = cursor.bool("true or false"); break;
        default: cursor.skipValue();
      }
    }
    if (id == null || reason == null || owner == null) {
      throw cursor.failAt(start, path, "a suppression with id, reason and owner",
          "missing " + (id == null ? Keys.ID : reason == null ? Keys.REASON : OWNER));
    }
    try {
      return new Suppression(id, rule, scanner, provider, accounts, labels, region, service, resource, reason, owner,
          ticket, expires, matched, expired);
    } catch (IllegalArgumentException e) {
      throw cursor.failAt(start, path, "a valid suppression", e.getMessage());
    }
  }

  private static CloudProvider nullableProvider(JsonCursor cursor) {
    String id = cursor.nullableString("a provider id such as aws, or null");
    return id == null ? null : cursor.currentProvider(id, "a provider id such as aws");
  }

  private static LocalDate date(JsonCursor cursor) {
    String text = cursor.nullableString("a date (YYYY-MM-DD) or null");
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw cursor.fail("a date (YYYY-MM-DD) or null", "found '" + text + "'");
    }
  }
}
