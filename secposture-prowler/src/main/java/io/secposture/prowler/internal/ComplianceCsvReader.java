package io.secposture.prowler.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * and fingerprinted by framework and requirement. Severity is not in these files: findings are informational.
 *
 * <p><b>Framework key.</b> The other formats name a framework {@code <Framework>-<Version>} ({@code CIS-2.0},
 * {@code AWS-Foundational-Security-Best-Practices}); these files have the {@code FRAMEWORK} column and the version
 * only in the file name ({@code <name>_cis_6.0_aws.csv}). So the key is {@code FRAMEWORK} when the file's framework
 * part ({@code cis_6.0} once the provider is cut) is that name in lower case with {@code _} for {@code -}, and
 * {@code FRAMEWORK-<rest>} when it starts with it ({@code cis} + {@code 6.0}; a version with letters in upper case,
 * {@code ENS-RD2022}, as Prowler writes them). Otherwise (no {@code FRAMEWORK} column, a name that does not match)
 * it is {@code NAME}, else {@code FRAMEWORK}, else the file name's suffix ({@code cis_2.0_aws}).
 *
 * <p><b>Beside the run's main output</b> ({@link #requirements}): only each row's requirement result and the
 * requirement's title ({@code REQUIREMENTS_DESCRIPTION}), no findings, so that the main output's results are not
 * counted twice but the titles and the MANUAL requirements reach the compliance section. Stateless.
 */
final class ComplianceCsvReader {
  private static final String WHAT = "a Prowler compliance CSV (header PROVIDER;DESCRIPTION;...;REQUIREMENTS_ID;...;"
      + "STATUS;...;CHECKID;...)";
  private static final List<String> REQUIRED = List.of("PROVIDER", "REQUIREMENTS_ID", "STATUS", "CHECKID");
  private static final String ACCOUNT_COLUMNS = "ACCOUNTID|ACCOUNT_ID|SUBSCRIPTIONID|SUBSCRIPTION|PROJECTID|TENANTID"
      + "|CONTEXT|ACCOUNT_NAME";
  private static final Pattern FRAMEWORK_IN_NAME = Pattern.compile("-\\d{14}_(.+)\\.csv$");
  private static final int MAX_TITLE = 512;

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
        String frameworkLabel = frameworkKey(table.get(framework), table.get(name), fileFramework);
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

  /**
   * Reads the requirement results of a compliance CSV for the compliance section, without findings: one result per
   * account, framework, requirement and status, with the requirement's title. A muted FAIL is left out (it neither
   * fails nor passes), a row without account takes the account of the rows before it (or the scanned account). A file
   * whose framework key cannot be told from {@code FRAMEWORK} and the file name adds nothing: under another name its
   * requirements would be a second entry beside the main output's.
   */
  static List<RequirementResult> requirements(ReportSource source) {
    Map<String, RequirementResult> results = new LinkedHashMap<>();
    String fileFramework = frameworkFromFileName(source.fileName());
    CloudAccount scanned = source.account();
    try (CsvTable table = CsvTable.open(source, WHAT, REQUIRED, (what, line) -> { })) {
      int provider = table.column("PROVIDER");
      int account = table.column(ACCOUNT_COLUMNS);
      int requirement = table.column("REQUIREMENTS_ID");
      int requirementText = table.column("REQUIREMENTS_DESCRIPTION");
      int status = table.column("STATUS");
      int muted = table.column("MUTED");
      int name = table.column("NAME");
      int framework = table.column("FRAMEWORK");
      String lastAccount = null;
      while (table.next()) {
        String accountId = ProwlerText.blankToNull(table.get(account));
        if (accountId != null) {
          lastAccount = accountId;
        }
        String attributed = scanned != null ? scanned.id() : lastAccount;
        String requirementId = ProwlerText.blankToNull(table.get(requirement));
        ProwlerText.Status result = ProwlerText.status(table.get(status));
        CloudProvider cloud = cloud(table.get(provider), scanned);
        if (attributed == null || requirementId == null || result == null || cloud == null || result.muted()
            || "true".equalsIgnoreCase(ProwlerText.blankToNull(table.get(muted)))) {
          continue;
        }
        String title = ProwlerText.blankToNull(table.get(requirementText));
        if (title != null && title.length() > MAX_TITLE) {
          title = title.substring(0, MAX_TITLE - 1) + "\u2026";
        }
        String key = prowlerKey(table.get(framework), fileFramework);
        if (key == null) {
          // a framework whose key cannot be told would show up beside the main output's under another name
          continue;
        }
        ComplianceRef ref = new ComplianceRef(key, requirementId);
        FindingStatus findingStatus = result.status();
        results.putIfAbsent(cloud.id() + "\u0000" + attributed + "\u0000" + ref.framework() + "\u0000" + requirementId
            + "\u0000" + findingStatus, new RequirementResult(cloud, attributed, ref, findingStatus, title));
      }
    }
    return new ArrayList<>(results.values());
  }

  private static CloudProvider cloud(String raw, CloudAccount scanned) {
    if (scanned != null) {
      return scanned.provider();
    }
    String id = ProwlerText.blankToNull(raw);
    if (id == null) {
      return null;
    }
    try {
      return CloudProvider.of(id.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Returns Prowler's key of the file's framework, as the other formats write it (see the class comment).
   *
   * @param frameworkColumn the {@code FRAMEWORK} cell, e.g. {@code CIS}; nullable
   * @param nameColumn the {@code NAME} cell; nullable
   * @param fileFramework the file name's framework part, e.g. {@code cis_6.0_aws}, or the whole name without
   *     {@code .csv} when the output name is not Prowler's default ({@code my-scan_cis_6.0_aws})
   * @return the key, e.g. {@code CIS-6.0}
   */
  static String frameworkKey(String frameworkColumn, String nameColumn, String fileFramework) {
    String key = prowlerKey(frameworkColumn, fileFramework);
    return key != null ? key : ProwlerText.firstNonBlank(nameColumn, frameworkColumn, fileFramework);
  }

  /** Prowler's key from the {@code FRAMEWORK} cell and the file name; null when they do not tell it. */
  private static String prowlerKey(String frameworkColumn, String fileFramework) {
    String framework = ProwlerText.blankToNull(frameworkColumn);
    if (framework != null) {
      int providerCut = fileFramework.lastIndexOf('_');
      String part = (providerCut > 0 ? fileFramework.substring(0, providerCut) : fileFramework)
          .toLowerCase(Locale.ROOT);
      String normalized = framework.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      // the output name before the framework may be anything (--output-filename): find the framework's start
      int at = part.equals(normalized) || part.startsWith(normalized + "_") ? 0
          : part.endsWith("_" + normalized) ? part.length() - normalized.length()
          : part.lastIndexOf("_" + normalized + "_") + 1;
      if (at > 0 || part.startsWith(normalized)) {
        part = part.substring(at);
      }
      if (part.equals(normalized)) {
        return framework;
      }
      if (part.startsWith(normalized + "_") && part.length() > normalized.length() + 1) {
        String version = part.substring(normalized.length() + 1);
        boolean letters = version.chars().anyMatch(Character::isLetter);
        return framework + "-" + (letters ? version.toUpperCase(Locale.ROOT).replace('_', '-') : version);
      }
    }
    return null;
  }
}
