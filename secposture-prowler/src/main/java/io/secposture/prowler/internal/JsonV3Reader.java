package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads the native JSON of Prowler 3.x, an array of objects with {@code CheckID}, {@code Status}
 * ({@code PASS}, {@code FAIL}, {@code INFO}, {@code WARNING} = allowlisted), {@code ServiceName} and the account as
 * {@code AccountId} (AWS), {@code Subscription} (Azure) or {@code ProjectId} (GCP). The resource is the ARN when
 * there is one, as later versions' resource uid is, else the resource id. Stateless.
 */
final class JsonV3Reader {
  private static final JsonSelector SELECTOR;
  private static final int PROVIDER;
  private static final int CHECK_ID;
  private static final int CHECK_TITLE;
  private static final int SERVICE;
  private static final int STATUS;
  private static final int STATUS_EXTENDED;
  private static final int SEVERITY;
  private static final int RESOURCE_TYPE;
  private static final int ACCOUNT_ID;
  private static final int SUBSCRIPTION;
  private static final int PROJECT_ID;
  private static final int REGION;
  private static final int LOCATION;
  private static final int RESOURCE_ARN;
  private static final int RESOURCE_ID;
  private static final int RESOURCE_NAME;
  private static final int COMPLIANCE;
  private static final int REMEDIATION_TEXT;
  private static final int REMEDIATION_URL;
  private static final int START_TIME;

  static {
    JsonSelector.Builder fields = JsonSelector.builder();
    PROVIDER = fields.text("Provider");
    CHECK_ID = fields.text("CheckID");
    CHECK_TITLE = fields.text("CheckTitle");
    SERVICE = fields.text("ServiceName");
    STATUS = fields.text("Status");
    STATUS_EXTENDED = fields.text("StatusExtended");
    SEVERITY = fields.text("Severity");
    RESOURCE_TYPE = fields.text("ResourceType");
    ACCOUNT_ID = fields.text("AccountId");
    SUBSCRIPTION = fields.text("Subscription");
    PROJECT_ID = fields.text("ProjectId");
    REGION = fields.text("Region");
    LOCATION = fields.text("Location");
    RESOURCE_ARN = fields.text("ResourceArn");
    RESOURCE_ID = fields.text("ResourceId");
    RESOURCE_NAME = fields.text("ResourceName");
    COMPLIANCE = fields.map("Compliance");
    REMEDIATION_TEXT = fields.text("Remediation.Recommendation.Text");
    REMEDIATION_URL = fields.text("Remediation.Recommendation.Url");
    START_TIME = fields.text("AssessmentStartTime");
    SELECTOR = fields.build();
  }

  private JsonV3Reader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "line");
    ProwlerResult result = new ProwlerResult();
    JsonFindings.read(source, JsonFindings.Shape.ARRAY, "a JSON array of Prowler 3 findings", SELECTOR,
        (values, line) -> {
          result.clear();
          result.provider = values.text(PROVIDER);
          result.account = ProwlerText.firstNonBlank(values.text(ACCOUNT_ID), values.text(SUBSCRIPTION),
              values.text(PROJECT_ID));
          result.checkId = values.text(CHECK_ID);
          result.service = values.text(SERVICE);
          result.title = values.text(CHECK_TITLE);
          result.severity = values.text(SEVERITY);
          result.status = values.text(STATUS);
          result.resourceId = ProwlerText.firstNonBlank(values.text(RESOURCE_ARN), values.text(RESOURCE_ID),
              values.text(RESOURCE_NAME));
          result.resourceType = values.text(RESOURCE_TYPE);
          result.region = ProwlerText.firstNonBlank(values.text(REGION), values.text(LOCATION));
          result.description = values.text(STATUS_EXTENDED);
          String url = values.text(REMEDIATION_URL);
          result.remediation = ProwlerText.remediation(values.text(REMEDIATION_TEXT),
              url == null ? null : List.of(url));
          ProwlerText.compliance(values.map(COMPLIANCE), result.compliance);
          result.time = values.text(START_TIME);
          assembler.accept(result, line);
        }, assembler::problem);
    return assembler.finish();
  }
}
