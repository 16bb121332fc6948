package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads the CSV of Prowler 3.x, 4.x and 5.x ({@code ;}-separated, upper-case header), mapping
 * columns by name so that every column layout reads: v3's 28 common columns plus the provider's own
 * ({@code ACCOUNT_ID}/{@code RESOURCE_ARN} for AWS, {@code SUBSCRIPTION} for Azure, {@code PROJECT_ID}/{@code LOCATION}
 * for GCP), v4/v5's 41, 42 (5.13+, {@code ADDITIONAL_URLS}) or 44 (5.20+, {@code ACCOUNT_OU_*}) columns, and any
 * columns added later. Muted is {@code MUTED=True} (v4+) or status {@code WARNING} (v3). The resource is
 * {@code RESOURCE_UID} (v4+), else v3's ARN, else its id. Stateless.
 */
final class CsvReader {
  private static final String WHAT = "a Prowler 3/4/5 CSV (header AUTH_METHOD;TIMESTAMP;... or "
      + "ASSESSMENT_START_TIME;FINDING_UNIQUE_ID;...)";
  private static final List<String> REQUIRED = List.of("PROVIDER", "CHECK_ID", "STATUS",
      "ACCOUNT_UID|ACCOUNT_ID|SUBSCRIPTION|PROJECT_ID");

  private CsvReader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "row");
    ProwlerResult result = new ProwlerResult();
    try (CsvTable table = CsvTable.open(source, WHAT, REQUIRED, assembler::problem)) {
      int provider = table.column("PROVIDER");
      int account = table.column("ACCOUNT_UID|ACCOUNT_ID|SUBSCRIPTION|PROJECT_ID");
      int check = table.column("CHECK_ID");
      int title = table.column("CHECK_TITLE");
      int status = table.column("STATUS");
      int statusExtended = table.column("STATUS_EXTENDED");
      int muted = table.column("MUTED");
      int service = table.column("SERVICE_NAME");
      int severity = table.column("SEVERITY");
      int resourceType = table.column("RESOURCE_TYPE");
      int resourceUid = table.column("RESOURCE_UID");
      int resourceArn = table.column("RESOURCE_ARN");
      int resourceId = table.column("RESOURCE_ID");
      int resourceName = table.column("RESOURCE_NAME");
      int region = table.column("REGION|LOCATION");
      int compliance = table.column("COMPLIANCE");
      int remediationText = table.column("REMEDIATION_RECOMMENDATION_TEXT");
      int remediationUrl = table.column("REMEDIATION_RECOMMENDATION_URL");
      int time = table.column("TIMESTAMP|ASSESSMENT_START_TIME");
      int version = table.column("PROWLER_VERSION");
      while (table.next()) {
        result.clear();
        result.provider = table.get(provider);
        result.account = table.get(account);
        result.checkId = table.get(check);
        result.title = table.get(title);
        result.status = table.get(status);
        result.description = table.get(statusExtended);
        result.muted = "true".equalsIgnoreCase(ProwlerText.blankToNull(table.get(muted)));
        result.service = table.get(service);
        result.severity = table.get(severity);
        result.resourceType = table.get(resourceType);
        result.resourceId = ProwlerText.firstNonBlank(table.get(resourceUid), table.get(resourceArn),
            table.get(resourceId), table.get(resourceName));
        result.region = table.get(region);
        ProwlerText.unrolledCompliance(table.get(compliance), result.compliance);
        String url = table.get(remediationUrl);
        result.remediation = ProwlerText.remediation(table.get(remediationText), url == null ? null : List.of(url));
        result.time = table.get(time);
        result.version = table.get(version);
        assembler.accept(result, table.rowNumber());
      }
    }
    return assembler.finish();
  }
}
