package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads the JSON-OCSF of Prowler 3.6-3.16, an array of OCSF 1.0.0-rc.3 Security Findings (class
 * 2001). Its {@code status} is the result ({@code Success} = PASS, {@code Failure} = FAIL, {@code Other} = WARNING,
 * an allowlisted (muted) failure, {@code Unknown} = INFO); the check id is {@code metadata.product.feature.uid};
 * compliance requirements are strings such as {@code HIPAA: ['164_308_a_4_ii_a', '164_312_e_1']}. Stateless.
 */
final class OcsfV3Reader {
  private static final JsonSelector SELECTOR;
  private static final int MESSAGE;
  private static final int STATUS_DETAIL;
  private static final int STATUS;
  private static final int SEVERITY;
  private static final int SEVERITY_ID;
  private static final int CLASS_UID;
  private static final int TIME;
  private static final int ORIGINAL_TIME;
  private static final int FEATURE_UID;
  private static final int FEATURE_NAME;
  private static final int PRODUCT_VERSION;
  private static final int FINDING_UID;
  private static final int FINDING_TITLE;
  private static final int REMEDIATION_DESC;
  private static final int KB_ARTICLES;
  private static final int RESOURCE_UID;
  private static final int RESOURCE_NAME;
  private static final int RESOURCE_TYPE;
  private static final int RESOURCE_REGION;
  private static final int RESOURCE_GROUP;
  private static final int ACCOUNT_UID;
  private static final int CLOUD_PROVIDER;
  private static final int CLOUD_REGION;
  private static final int REQUIREMENTS;

  static {
    JsonSelector.Builder fields = JsonSelector.builder();
    MESSAGE = fields.text("message");
    STATUS_DETAIL = fields.text("status_detail");
    STATUS = fields.text("status");
    SEVERITY = fields.text("severity");
    SEVERITY_ID = fields.text("severity_id");
    CLASS_UID = fields.text("class_uid");
    TIME = fields.text("time");
    ORIGINAL_TIME = fields.text("metadata.original_time");
    FEATURE_UID = fields.text("metadata.product.feature.uid");
    FEATURE_NAME = fields.text("metadata.product.feature.name");
    PRODUCT_VERSION = fields.text("metadata.product.version");
    FINDING_UID = fields.text("finding.uid");
    FINDING_TITLE = fields.text("finding.title");
    REMEDIATION_DESC = fields.text("finding.remediation.desc");
    KB_ARTICLES = fields.list("finding.remediation.kb_articles");
    RESOURCE_UID = fields.text("resources.0.uid");
    RESOURCE_NAME = fields.text("resources.0.name");
    RESOURCE_TYPE = fields.text("resources.0.type");
    RESOURCE_REGION = fields.text("resources.0.region");
    RESOURCE_GROUP = fields.text("resources.0.group.name");
    ACCOUNT_UID = fields.text("cloud.account.uid");
    CLOUD_PROVIDER = fields.text("cloud.provider");
    CLOUD_REGION = fields.text("cloud.region");
    REQUIREMENTS = fields.list("compliance.requirements");
    SELECTOR = fields.build();
  }

  private OcsfV3Reader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "line");
    ProwlerResult result = new ProwlerResult();
    JsonFindings.read(source, JsonFindings.Shape.ARRAY, "a JSON array of Prowler 3 OCSF (1.0.0-rc.3) Security "
        + "Findings", SELECTOR, (values, line) -> {
          String classUid = values.text(CLASS_UID);
          if (classUid != null && !"2001".equals(classUid)) {
            assembler.problem("skipped objects that are not OCSF Security Findings (class_uid " + classUid + ")",
                line);
            return;
          }
          result.clear();
          String findingUid = values.text(FINDING_UID);
          result.provider = ProwlerText.firstNonBlank(values.text(CLOUD_PROVIDER),
              OcsfReader.providerFromUid(findingUid));
          result.account = values.text(ACCOUNT_UID);
          result.checkId = ProwlerText.firstNonBlank(values.text(FEATURE_UID), values.text(FEATURE_NAME),
              OcsfReader.checkFromUid(findingUid, result.provider));
          result.service = values.text(RESOURCE_GROUP);
          result.title = values.text(FINDING_TITLE);
          result.severity = ProwlerText.firstNonBlank(values.text(SEVERITY), values.text(SEVERITY_ID));
          result.status = values.text(STATUS);
          result.resourceId = ProwlerText.firstNonBlank(values.text(RESOURCE_UID), values.text(RESOURCE_NAME));
          result.resourceType = values.text(RESOURCE_TYPE);
          result.region = ProwlerText.firstNonBlank(values.text(RESOURCE_REGION), values.text(CLOUD_REGION));
          result.description = ProwlerText.firstNonBlank(values.text(STATUS_DETAIL), values.text(MESSAGE));
          result.remediation = ProwlerText.remediation(values.text(REMEDIATION_DESC), values.list(KB_ARTICLES));
          List<String> requirements = values.list(REQUIREMENTS);
          if (requirements != null) {
            requirements.forEach(requirement -> ProwlerText.rc3Requirement(requirement, result.compliance));
          }
          result.time = ProwlerText.firstNonBlank(values.text(ORIGINAL_TIME), values.text(TIME));
          result.version = values.text(PRODUCT_VERSION);
          assembler.accept(result, line);
        }, assembler::problem);
    return assembler.finish();
  }
}
