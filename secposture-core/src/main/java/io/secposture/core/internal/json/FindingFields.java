package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.CloudProvider;
import io.secposture.api.Severity;
import java.io.IOException;

/**
 * Not public API: the fields the report gives a finding it names, {@code provider, account_id, scanner, severity,
 * service, rule_id, title, resource_id, region, fingerprint}, written and read in one place for the diff's
 * {@code new_findings} and the {@code top_findings} section. An instance collects one object's fields while it is
 * read; not thread-safe.
 */
final class FindingFields {
  CloudProvider provider;
  String accountId;
  String scanner;
  Severity severity;
  String service;
  String ruleId;
  String title;
  String resourceId;
  String region;
  String fingerprint;

  /** Writes the fields into the object the generator is in, in the report's order. */
  static void write(JsonGenerator json, CloudProvider provider, String accountId, String scanner, Severity severity,
      String service, String ruleId, String title, String resourceId, String region, String fingerprint)
      throws IOException {
    json.writeStringField(Keys.PROVIDER, provider.id());
    json.writeStringField(Keys.ACCOUNT_ID, accountId);
    json.writeStringField(Keys.SCANNER, scanner);
    json.writeStringField(Keys.SEVERITY, Keys.of(severity));
    json.writeStringField(Keys.SERVICE, service);
    json.writeStringField(Keys.RULE_ID, ruleId);
    json.writeStringField(Keys.TITLE, title);
    json.writeStringField(Keys.RESOURCE_ID, resourceId);
    json.writeStringField(Keys.REGION, region);
    json.writeStringField(Keys.FINGERPRINT, fingerprint);
  }

  /**
   * Reads the value of a field if it is one of these; the cursor is on the field's name.
   *
   * @return false if the field is not one of these (its value is then still unread)
   */
  boolean read(String field, JsonCursor cursor) {
    switch (field) {
      case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); return true;
      case Keys.ACCOUNT_ID: accountId = cursor.string("the account id (a string)"); return true;
      case Keys.SCANNER: scanner = cursor.string("the scanner name (a string)"); return true;
      case Keys.SEVERITY: severity = Sections.severity(cursor); return true;
      case Keys.SERVICE: service = cursor.string("the service (a string)"); return true;
      case Keys.RULE_ID: ruleId = cursor.string("the rule id (a string)"); return true;
      case Keys.TITLE: title = cursor.string("the title (a string)"); return true;
      case Keys.RESOURCE_ID: resourceId = cursor.nullableString("the resource id (a string or null)"); return true;
      case Keys.REGION: region = cursor.nullableString("the region (a string or null)"); return true;
      case Keys.FINGERPRINT: fingerprint = cursor.string("the fingerprint (a string)"); return true;
      default: return false;
    }
  }

  /** The first required field not read (all but resource_id and region), or null when none is missing. */
  String missing() {
    return provider == null ? Keys.PROVIDER : accountId == null ? Keys.ACCOUNT_ID : scanner == null ? Keys.SCANNER
        : severity == null ? Keys.SEVERITY : service == null ? Keys.SERVICE : ruleId == null ? Keys.RULE_ID
        : title == null ? Keys.TITLE : fingerprint == null ? Keys.FINGERPRINT : null;
  }
}
