package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import io.secposture.api.CloudProvider;
import io.secposture.api.Severity;
import io.secposture.api.TopFinding;
import java.io.IOException;
import java.util.List;

/**
 * Not public API: the report's {@code top_findings} section, written by {@link ReportWriter} and read by
 * {@link ReportReader}: an array of {@code {provider, account_id, scanner, severity, service, rule_id, title,
 * resource_id, region, fingerprint}}, the critical and high flagged findings in {@link TopFinding#ORDER}. Reports
 * written before the section existed read with an empty list. Stateless.
 */
final class TopFindingsJson {
  private TopFindingsJson() {
  }

  static void write(JsonGenerator json, List<TopFinding> findings) throws IOException {
    json.writeArrayFieldStart(Keys.TOP_FINDINGS);
    for (TopFinding finding : findings) {
      json.writeStartObject();
      json.writeStringField(Keys.PROVIDER, finding.provider().id());
      json.writeStringField(Keys.ACCOUNT_ID, finding.accountId());
      json.writeStringField(Keys.SCANNER, finding.scanner());
      json.writeStringField(Keys.SEVERITY, Keys.of(finding.severity()));
      json.writeStringField(Keys.SERVICE, finding.service());
      json.writeStringField(Keys.RULE_ID, finding.ruleId());
      json.writeStringField(Keys.TITLE, finding.title());
      json.writeStringField(Keys.RESOURCE_ID, finding.resourceId());
      json.writeStringField(Keys.REGION, finding.region());
      json.writeStringField(Keys.FINGERPRINT, finding.fingerprint());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  static TopFinding read(JsonCursor cursor) {
    cursor.requireObject("a top finding (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    CloudProvider provider = null;
    String accountId = null;
    String scanner = null;
    Severity severity = null;
    String service = null;
    String ruleId = null;
    String title = null;
    String resourceId = null;
    String region = null;
    String fingerprint = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case Keys.ACCOUNT_ID: accountId = cursor.string("the account id (a string)"); break;
        case Keys.SCANNER: scanner = cursor.string("the scanner name (a string)"); break;
        case Keys.SEVERITY: severity = Sections.severity(cursor); break;
        case Keys.SERVICE: service = cursor.string("the service (a string)"); break;
        case Keys.RULE_ID: ruleId = cursor.string("the rule id (a string)"); break;
        case Keys.TITLE: title = cursor.string("the title (a string)"); break;
        case Keys.RESOURCE_ID: resourceId = cursor.nullableString("the resource id (a string or null)"); break;
        case Keys.REGION: region = cursor.nullableString("the region (a string or null)"); break;
        case Keys.FINGERPRINT: fingerprint = cursor.string("the fingerprint (a string)"); break;
        default: cursor.skipValue();
      }
    }
    String missing = provider == null ? Keys.PROVIDER : accountId == null ? Keys.ACCOUNT_ID : scanner == null
        ? Keys.SCANNER : severity == null ? Keys.SEVERITY : service == null ? Keys.SERVICE : ruleId == null
        ? Keys.RULE_ID : title == null ? Keys.TITLE : fingerprint == null ? Keys.FINGERPRINT : null;
    if (missing != null) {
      throw cursor.failAt(start, path, "a top finding with provider, account_id, scanner, severity, service, rule_id,"
          + " title and fingerprint", "missing " + missing);
    }
    return new TopFinding(provider, accountId, scanner, severity, service, ruleId, title, resourceId, region,
        fingerprint);
  }
}
