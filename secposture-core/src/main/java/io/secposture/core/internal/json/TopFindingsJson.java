package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
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
      FindingFields.write(json, finding.provider(), finding.accountId(), finding.scanner(), finding.severity(),
          finding.service(), finding.ruleId(), finding.title(), finding.resourceId(), finding.region(),
          finding.fingerprint());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  static TopFinding read(JsonCursor cursor) {
    cursor.requireObject("a top finding (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    FindingFields fields = new FindingFields();
    String field;
    while ((field = cursor.nextField()) != null) {
      if (!fields.read(field, cursor)) {
        cursor.skipValue();
      }
    }
    String missing = fields.missing();
    if (missing != null) {
      throw cursor.failAt(start, path, "a top finding with provider, account_id, scanner, severity, service, rule_id,"
          + " title and fingerprint", "missing " + missing);
    }
    return new TopFinding(fields.provider, fields.accountId, fields.scanner, fields.severity, fields.service,
        fields.ruleId, fields.title, fields.resourceId, fields.region, fields.fingerprint);
  }
}
