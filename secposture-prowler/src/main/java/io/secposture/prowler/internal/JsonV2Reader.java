package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads the JSON of Prowler 2.x: one compact object per line ({@code jq -c}; not one JSON document),
 * or the same objects pretty-printed one after another, as the README shows them. Keys are {@code Account Number},
 * {@code Control} ({@code [check14] Ensure ...}, whose bracket is the check id), {@code Status} ({@code PASS},
 * {@code FAIL}, {@code INFO}, {@code WARNING}, in any case), {@code Service}, {@code Resource ID} (2.5+). Results
 * without a resource id are fingerprinted by region and message, as that is all that tells them apart. An empty
 * file is an empty result: Prowler 2 writes nothing when there is nothing to report. Stateless.
 */
final class JsonV2Reader {
  private static final JsonSelector SELECTOR;
  private static final int ACCOUNT;
  private static final int CONTROL;
  private static final int CONTROL_ID;
  private static final int MESSAGE;
  private static final int SEVERITY;
  private static final int STATUS;
  private static final int REGION;
  private static final int SERVICE;
  private static final int RESOURCE;
  private static final int COMPLIANCE;
  private static final int REMEDIATION;
  private static final int DOC_LINK;
  private static final int TIMESTAMP;

  static {
    JsonSelector.Builder fields = JsonSelector.builder();
    ACCOUNT = fields.text("Account Number");
    CONTROL = fields.text("Control");
    CONTROL_ID = fields.text("Control ID");
    MESSAGE = fields.text("Message");
    SEVERITY = fields.text("Severity");
    STATUS = fields.text("Status");
    REGION = fields.text("Region");
    SERVICE = fields.text("Service");
    RESOURCE = fields.text("Resource ID");
    COMPLIANCE = fields.text("Compliance");
    REMEDIATION = fields.text("Remediation");
    DOC_LINK = fields.text("Doc link");
    TIMESTAMP = fields.text("Timestamp");
    SELECTOR = fields.build();
  }

  private JsonV2Reader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "line");
    ProwlerResult result = new ProwlerResult();
    JsonFindings.read(source, JsonFindings.Shape.ARRAY_OR_OBJECTS, "Prowler 2 JSON lines (one finding object per "
        + "line)", SELECTOR, (values, line) -> {
          result.clear();
          String control = values.text(CONTROL);
          result.provider = "aws";
          result.account = values.text(ACCOUNT);
          result.checkId = ProwlerText.firstNonBlank(ProwlerText.v2CheckId(control), values.text(CONTROL_ID));
          result.service = values.text(SERVICE);
          result.title = ProwlerText.v2Title(control);
          result.severity = values.text(SEVERITY);
          result.status = values.text(STATUS);
          result.resourceId = values.text(RESOURCE);
          result.region = values.text(REGION);
          result.description = values.text(MESSAGE);
          String doc = values.text(DOC_LINK);
          result.remediation = ProwlerText.remediation(values.text(REMEDIATION), doc == null ? null : List.of(doc));
          ProwlerText.v2Compliance(values.text(COMPLIANCE), result.compliance);
          result.fingerprintKey = result.region + "|" + result.description;
          result.time = values.text(TIMESTAMP);
          assembler.accept(result, line);
        }, assembler::problem);
    return assembler.finish();
  }
}
