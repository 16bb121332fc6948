package io.secposture.prowler.internal;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;

/**
 * Not public API: reads the CSV of Prowler 2.x ({@code ,}-separated; header {@code PROFILE,ACCOUNT_NUM,REGION,...}
 * of 18 columns in 2.4, 20 in 2.5-2.7 with {@code CHECK_RESOURCE_ID}, 25 in 2.8+). The check id is the bracket of
 * {@code TITLE_TEXT} ({@code [check11] Avoid the use of the root account}); {@code CHECK_RESULT} is {@code PASS},
 * {@code FAIL}, {@code INFO} or {@code WARNING}. Files before 2.5 name no resource, so their results count no
 * resources and are fingerprinted by region and message. Stateless.
 */
final class CsvV2Reader {
  private static final String WHAT = "a Prowler 2 CSV (header PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,CHECK_RESULT,...)";
  private static final List<String> REQUIRED = List.of("ACCOUNT_NUM", "CHECK_RESULT", "TITLE_TEXT|TITLE_ID");

  private CsvV2Reader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, true, "row");
    ProwlerResult result = new ProwlerResult();
    try (CsvTable table = CsvTable.open(source, WHAT, REQUIRED, assembler::problem)) {
      int account = table.column("ACCOUNT_NUM");
      int region = table.column("REGION");
      int titleId = table.column("TITLE_ID");
      int titleText = table.column("TITLE_TEXT");
      int status = table.column("CHECK_RESULT");
      int statusExtended = table.column("CHECK_RESULT_EXTENDED");
      int severity = table.column("CHECK_SEVERITY");
      int service = table.column("CHECK_SERVICENAME");
      int resourceType = table.column("CHECK_ASFF_RESOURCE_TYPE");
      int resource = table.column("CHECK_RESOURCE_ID");
      int compliance = table.column("CHECK_ASFF_COMPLIANCE_TYPE");
      int remediation = table.column("CHECK_REMEDIATION");
      int doc = table.column("CHECK_DOC");
      int time = table.column("PROWLER_START_TIME");
      while (table.next()) {
        result.clear();
        String title = table.get(titleText);
        result.provider = "aws";
        result.account = table.get(account);
        result.checkId = ProwlerText.firstNonBlank(ProwlerText.v2CheckId(title), table.get(titleId));
        result.title = ProwlerText.v2Title(title);
        result.status = table.get(status);
        result.description = table.get(statusExtended);
        result.severity = table.get(severity);
        result.service = table.get(service);
        result.resourceType = table.get(resourceType);
        result.resourceId = table.get(resource);
        result.region = table.get(region);
        ProwlerText.v2Compliance(table.get(compliance), result.compliance);
        String link = table.get(doc);
        result.remediation = ProwlerText.remediation(table.get(remediation), link == null ? null : List.of(link));
        result.fingerprintKey = result.region + "|" + result.description;
        result.time = table.get(time);
        assembler.accept(result, table.rowNumber());
      }
    }
    return assembler.finish();
  }
}
