package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads Prowler 4.x/5.x JSON-OCSF, an array of OCSF Detection Findings (class 2004), one finding at a
 * time.
 *
 * <p>Handles every shape since 4.0: {@code event_time} (4.0-4.4) or {@code time_dt} (4.5+); no
 * {@code metadata.event_code} in 4.0 (the check id then comes from {@code finding_info.uid},
 * {@code prowler-<provider>-<check>-...}); lists written as strings in 4.1-4.4; no {@code cloud} object for
 * Kubernetes (provider from {@code unmapped.provider} or the {@code container} profile, cluster from
 * {@code unmapped.provider_uid}). Muted is {@code status} {@code Suppressed} (or, without a {@code status},
 * {@code status_id} 3); {@code status_id} alone is not trusted because 4.0-4.4 used it for the result. Stateless.
 */
final class OcsfReader {
  private static final JsonSelector SELECTOR;
  private static final int MESSAGE;
  private static final int STATUS_DETAIL;
  private static final int STATUS_CODE;
  private static final int STATUS;
  private static final int STATUS_ID;
  private static final int SEVERITY;
  private static final int SEVERITY_ID;
  private static final int CLASS_UID;
  private static final int TIME_DT;
  private static final int EVENT_TIME;
  private static final int TIME;
  private static final int EVENT_CODE;
  private static final int PRODUCT_VERSION;
  private static final int PROFILES;
  private static final int FINDING_UID;
  private static final int FINDING_TITLE;
  private static final int RESOURCE_UID;
  private static final int RESOURCE_NAME;
  private static final int RESOURCE_TYPE;
  private static final int RESOURCE_REGION;
  private static final int RESOURCE_NAMESPACE;
  private static final int RESOURCE_GROUP;
  private static final int ACCOUNT_UID;
  private static final int CLOUD_PROVIDER;
  private static final int CLOUD_REGION;
  private static final int COMPLIANCE;
  private static final int PROVIDER_UID;
  private static final int UNMAPPED_PROVIDER;
  private static final int REMEDIATION_DESC;
  private static final int REMEDIATION_REFERENCES;

  static {
    JsonSelector.Builder fields = JsonSelector.builder();
    MESSAGE = fields.text("message");
    STATUS_DETAIL = fields.text("status_detail");
    STATUS_CODE = fields.text("status_code");
    STATUS = fields.text("status");
    STATUS_ID = fields.text("status_id");
    SEVERITY = fields.text("severity");
    SEVERITY_ID = fields.text("severity_id");
    CLASS_UID = fields.text("class_uid");
    TIME_DT = fields.text("time_dt");
    EVENT_TIME = fields.text("event_time");
    TIME = fields.text("time");
    EVENT_CODE = fields.text("metadata.event_code");
    PRODUCT_VERSION = fields.text("metadata.product.version");
    PROFILES = fields.list("metadata.profiles");
    FINDING_UID = fields.text("finding_info.uid");
    FINDING_TITLE = fields.text("finding_info.title");
    RESOURCE_UID = fields.text("resources.0.uid");
    RESOURCE_NAME = fields.text("resources.0.name");
    RESOURCE_TYPE = fields.text("resources.0.type");
    RESOURCE_REGION = fields.text("resources.0.region");
    RESOURCE_NAMESPACE = fields.text("resources.0.namespace");
    RESOURCE_GROUP = fields.text("resources.0.group.name");
    ACCOUNT_UID = fields.text("cloud.account.uid");
    CLOUD_PROVIDER = fields.text("cloud.provider");
    CLOUD_REGION = fields.text("cloud.region");
    COMPLIANCE = fields.map("unmapped.compliance");
    PROVIDER_UID = fields.text("unmapped.provider_uid");
    UNMAPPED_PROVIDER = fields.text("unmapped.provider");
    REMEDIATION_DESC = fields.text("remediation.desc");
    REMEDIATION_REFERENCES = fields.list("remediation.references");
    SELECTOR = fields.build();
  }

  private OcsfReader() {
  }

  /**
   * Parses a file.
   *
   * @param source the file
   * @param sink receives the findings
   * @param parser the parser's name, for the report
   * @return the report
   * @throws io.secposture.api.ReportParseException if the file is not a JSON array of findings
   */
  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "line");
    ProwlerResult result = new ProwlerResult();
    JsonFindings.read(source, JsonFindings.Shape.ARRAY, "a JSON array of Prowler OCSF Detection Findings", SELECTOR,
        (values, line) -> {
          String classUid = values.text(CLASS_UID);
          if (classUid != null && !"2004".equals(classUid)) {
            assembler.problem("skipped objects that are not OCSF Detection Findings (class_uid " + classUid + ")",
                line);
            return;
          }
          result.clear();
          String findingUid = values.text(FINDING_UID);
          result.provider = ProwlerText.firstNonBlank(values.text(CLOUD_PROVIDER), values.text(UNMAPPED_PROVIDER),
              providerFromUid(findingUid), profileProvider(values.list(PROFILES)));
          result.account = ProwlerText.firstNonBlank(values.text(ACCOUNT_UID), values.text(PROVIDER_UID));
          result.checkId = ProwlerText.firstNonBlank(values.text(EVENT_CODE),
              checkFromUid(findingUid, result.provider));
          result.service = values.text(RESOURCE_GROUP);
          result.title = values.text(FINDING_TITLE);
          result.severity = ProwlerText.firstNonBlank(values.text(SEVERITY), values.text(SEVERITY_ID));
          result.status = values.text(STATUS_CODE);
          String status = values.text(STATUS);
          result.muted = status != null ? "suppressed".equalsIgnoreCase(status.strip())
              : "3".equals(values.text(STATUS_ID));
          result.resourceId = ProwlerText.firstNonBlank(values.text(RESOURCE_UID), values.text(RESOURCE_NAME));
          result.resourceType = values.text(RESOURCE_TYPE);
          String namespace = ProwlerText.blankToNull(values.text(RESOURCE_NAMESPACE));
          result.region = ProwlerText.firstNonBlank(values.text(RESOURCE_REGION), values.text(CLOUD_REGION),
              namespace == null ? null : "namespace: " + namespace);
          result.description = ProwlerText.firstNonBlank(values.text(STATUS_DETAIL), values.text(MESSAGE));
          result.remediation = ProwlerText.remediation(values.text(REMEDIATION_DESC),
              values.list(REMEDIATION_REFERENCES));
          ProwlerText.compliance(values.map(COMPLIANCE), result.compliance);
          result.time = ProwlerText.firstNonBlank(values.text(TIME_DT), values.text(EVENT_TIME), values.text(TIME));
          result.version = values.text(PRODUCT_VERSION);
          assembler.accept(result, line);
        }, assembler::problem);
    return assembler.finish();
  }

  /** The provider of {@code prowler-<provider>-<check>-...}, or null. */
  static String providerFromUid(String findingUid) {
    if (findingUid == null || !findingUid.startsWith("prowler-")) {
      return null;
    }
    int end = findingUid.indexOf('-', "prowler-".length());
    return end < 0 ? null : ProwlerText.blankToNull(findingUid.substring("prowler-".length(), end));
  }

  /** The check of {@code prowler-<provider>-<check>-...} (check ids never contain '-'), or null. */
  static String checkFromUid(String findingUid, String provider) {
    if (findingUid == null || provider == null) {
      return null;
    }
    String prefix = "prowler-" + provider + "-";
    if (!findingUid.startsWith(prefix)) {
      return null;
    }
    int end = findingUid.indexOf('-', prefix.length());
    return end < 0 ? null : ProwlerText.blankToNull(findingUid.substring(prefix.length(), end));
  }

  private static String profileProvider(List<String> profiles) {
    return profiles != null && profiles.contains("container") ? "kubernetes" : null;
  }
}
