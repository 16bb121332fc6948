package io.secposture.prowler.internal;

import io.secposture.api.ComplianceRef;
import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: reads a Prowler compliance CSV ({@code compliance/<output name>_<framework>.csv}): one row per
 * (framework requirement, result), plus one MANUAL row per requirement no check covers. Columns differ per framework
 * family and provider; the ones read are common to all: {@code PROVIDER}, the account ({@code ACCOUNTID},
 * {@code SUBSCRIPTIONID}, {@code PROJECTID}, {@code TENANTID}, {@code CONTEXT}, ...), {@code REGION} or
 * {@code LOCATION} or {@code NAMESPACE}, {@code REQUIREMENTS_ID}, {@code STATUS}, {@code STATUSEXTENDED},
 * {@code RESOURCEID}, {@code CHECKID}, {@code MUTED} (v4+) and {@code NAME}/{@code FRAMEWORK} (5.x).
 *
 * <p><b>How they count.</b> Every row repeats a result of the scan's main output (the same check on the same
 * resource), once per requirement it maps to. So each row becomes a finding carrying its requirement as a
 * {@link ComplianceRef}, with the same fingerprint as the main output's finding for that check and resource, but
 * <em>no service counts</em>: the parsed report lists the file's accounts with no services, and an aggregate given
 * both the main results and the compliance CSVs of a scan counts each result's checked/flagged/resources once.
 * MANUAL requirement rows (check {@code manual}, no account) are attributed to the account of the rows before them
 * and fingerprinted by framework and requirement. The framework is {@code NAME} (5.x), else {@code FRAMEWORK}, else
 * the file name's suffix ({@code cis_2.0_aws}). Severity is not in these files: findings are informational.
 * Stateless.
 */
final class ComplianceCsvReader {
  private static final String WHAT = "a Prowler compliance CSV (header PROVIDER;DESCRIPTION;...;REQUIREMENTS_ID;...;"
      + "STATUS;...;CHECKID;...)";
  private static final List<String> REQUIRED = List.of("PROVIDER", "REQUIREMENTS_ID", "STATUS", "CHECKID");
  private static final String ACCOUNT_COLUMNS = "ACCOUNTID|ACCOUNT_ID|SUBSCRIPTIONID|SUBSCRIPTION|PROJECTID|TENANTID"
      + "|CONTEXT|ACCOUNT_NAME";
  private static final Pattern FRAMEWORK_IN_NAME = Pattern.compile("-\\d{14}_(.+)\\.csv$");

  private ComplianceCsvReader() {
  }

  static ParsedReport read(ReportSource source, FindingSink sink, String parser) {
    ReportAssembler assembler = new ReportAssembler(source, parser, sink, false, "row");
    ProwlerResult result = new ProwlerResult();
    String fileFramework = frameworkFromFileName(source.fileName());
    try (CsvTable table = CsvTable.open(source, WHAT, REQUIRED, assembler::problem)) {
      int provider = table.column("PROVIDER");
      int account = table.column(ACCOUNT_COLUMNS);
      int region = table.column("REGION|LOCATION|NAMESPACE");
      int requirement = table.column("REQUIREMENTS_ID");
      int requirementText = table.column("REQUIREMENTS_DESCRIPTION");
      int status = table.column("STATUS");
      int statusExtended = table.column("STATUSEXTENDED");
      int resourceId = table.column("RESOURCEID");
      int resourceName = table.column("RESOURCENAME");
      int check = table.column("CHECKID");
      int muted = table.column("MUTED");
      int name = table.column("NAME");
      int framework = table.column("FRAMEWORK");
      int time = table.column("ASSESSMENTDATE");
      String lastAccount = null;
      while (table.next()) {
        result.clear();
        String frameworkLabel = ProwlerText.firstNonBlank(table.get(name), table.get(framework), fileFramework);
        String requirementId = ProwlerText.blankToNull(table.get(requirement));
        String checkId = ProwlerText.blankToNull(table.get(check));
        String accountId = ProwlerText.blankToNull(table.get(account));
        if (accountId != null) {
          lastAccount = accountId;
        }
        result.provider = table.get(provider);
        result.account = accountId != null ? accountId : lastAccount;
        result.checkId = checkId;
        result.status = table.get(status);
        result.description = table.get(statusExtended);
        result.muted = "true".equalsIgnoreCase(ProwlerText.blankToNull(table.get(muted)));
        result.region = table.get(region);
        boolean manualRequirement = "manual".equalsIgnoreCase(checkId);
        if (manualRequirement) {
          result.title = ProwlerText.firstNonBlank(table.get(requirementText), checkId);
          result.fingerprintKey = frameworkLabel + "|" + requirementId;
        } else {
          result.resourceId = ProwlerText.firstNonBlank(table.get(resourceId), table.get(resourceName));
        }
        if (requirementId != null) {
          result.compliance.add(new ComplianceRef(frameworkLabel, requirementId));
        }
        result.time = table.get(time);
        assembler.accept(result, table.rowNumber());
      }
    }
    return assembler.finish();
  }

  /** {@code prowler-output-123-20260720125956_cis_6.0_aws.csv} gives {@code cis_6.0_aws}. */
  static String frameworkFromFileName(String fileName) {
    Matcher matcher = FRAMEWORK_IN_NAME.matcher(fileName);
    if (matcher.find()) {
      return matcher.group(1);
    }
    return fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }
}
