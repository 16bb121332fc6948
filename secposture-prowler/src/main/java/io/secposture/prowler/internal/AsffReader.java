package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads Prowler's JSON-ASFF (AWS only): an array of findings (v3, v4, v5) or one finding object per
 * line (v2). The result is {@code Compliance.Status}: {@code PASSED}, {@code FAILED}, {@code WARNING} (muted in
 * v4/v5, allowlisted in v3) and the invalid {@code INFOED}/{@code WARNINGED} of 3.0-3.6 and {@code NOT_AVAILABLE}
 * (informational, never flagged). The check id is {@code GeneratorId} without its {@code prowler-} prefix; v2 titles
 * ({@code iam.[check14] Ensure ...}) also give the service. Findings Security Hub archived are skipped. An empty file
 * is an empty result (v2 writes nothing when there is nothing to report). Stateless.
 */
final class AsffReader {
  private static final JsonSelector SELECTOR;
  private static final int GENERATOR_ID;
  private static final int ACCOUNT;
  private static final int TITLE;
  private static final int DESCRIPTION;
  private static final int SEVERITY;
  private static final int STATUS;
  private static final int REQUIREMENTS;
  private static final int RESOURCE_ID;
  private static final int RESOURCE_TYPE;
  private static final int RESOURCE_REGION;
  private static final int REMEDIATION_TEXT;
  private static final int REMEDIATION_URL;
  private static final int PROVIDER_VERSION;
  private static final int CREATED_AT;
  private static final int RECORD_STATE;

  static {
    JsonSelector.Builder fields = JsonSelector.builder();
    GENERATOR_ID = fields.text("GeneratorId");
    ACCOUNT = fields.text("AwsAccountId");
    TITLE = fields.text("Title");
    DESCRIPTION = fields.text("Description");
    SEVERITY = fields.text("Severity.Label");
    STATUS = fields.text("Compliance.Status");
    REQUIREMENTS = fields.list("Compliance.RelatedRequirements");
    RESOURCE_ID = fields.text("Resources.0.Id");
    RESOURCE_TYPE = fields.text("Resources.0.Type");
    RESOURCE_REGION = fields.text("Resources.0.Region");
    REMEDIATION_TEXT = fields.text("Remediation.Recommendation.Text");
    REMEDIATION_URL = fields.text("Remediation.Recommendation.Url");
    PROVIDER_VERSION = fields.text("ProductFields.ProviderVersion");
    CREATED_AT = fields.text("CreatedAt");
    RECORD_STATE = fields.text("RecordState");
    SELECTOR = fields.build();
  }

  private AsffReader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "line");
    ProwlerResult result = new ProwlerResult();
    JsonFindings.read(source, JsonFindings.Shape.ARRAY_OR_OBJECTS, "a JSON array (or lines) of Prowler ASFF "
        + "findings", SELECTOR, (values, line) -> {
          if ("ARCHIVED".equalsIgnoreCase(values.text(RECORD_STATE))) {
            assembler.problem("skipped findings Security Hub archived (RecordState ARCHIVED)", line);
            return;
          }
          result.clear();
          String generator = ProwlerText.blankToNull(values.text(GENERATOR_ID));
          String title = values.text(TITLE);
          result.provider = "aws";
          result.account = values.text(ACCOUNT);
          result.checkId = generator != null && generator.startsWith("prowler-")
              ? generator.substring("prowler-".length()) : generator;
          result.service = ProwlerText.v2TitleService(title);
          result.title = ProwlerText.v2Title(title);
          result.severity = values.text(SEVERITY);
          result.status = values.text(STATUS);
          result.resourceId = values.text(RESOURCE_ID);
          result.resourceType = values.text(RESOURCE_TYPE);
          result.region = values.text(RESOURCE_REGION);
          result.description = values.text(DESCRIPTION);
          String url = values.text(REMEDIATION_URL);
          result.remediation = ProwlerText.remediation(values.text(REMEDIATION_TEXT),
              url == null ? null : List.of(url));
          List<String> requirements = values.list(REQUIREMENTS);
          if (requirements != null) {
            requirements.forEach(requirement -> ProwlerText.asffRequirement(requirement, result.compliance));
          }
          result.time = values.text(CREATED_AT);
          result.version = values.text(PROVIDER_VERSION);
          assembler.accept(result, line);
        }, assembler::problem);
    return assembler.finish();
  }
}
