package io.secposture.prowler;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import io.secposture.prowler.internal.ProwlerFormat;
import io.secposture.prowler.internal.ProwlerRunFiles;
import java.util.List;
import java.util.Objects;

/**
 * Reads Prowler's compliance CSVs ({@code compliance/<name>_<framework>.csv}, {@code ;}-separated, header
 * {@code PROVIDER;DESCRIPTION;...;REQUIREMENTS_ID;...;STATUS;...;CHECKID;...}): one row per framework requirement and
 * result.
 *
 * <p><b>Counting.</b> These rows repeat the scan's main results, once per requirement. Each row becomes a finding
 * carrying its requirement as a {@link io.secposture.api.ComplianceRef} and the same fingerprint as the main
 * output's finding for that check and resource, but the report holds <em>no service counts</em> for it (its
 * accounts are listed with no services), so an aggregate over both a scan's JSON-OCSF and its compliance CSVs counts
 * checked, flagged and resources once. The findings themselves are still streamed (they carry the requirement
 * references, which is what these files add), so a consumer that tallies findings should deduplicate them by
 * fingerprint, or not give both kinds of file for the same scan. Their severity is informational: these files carry
 * none. Given with the run's JSON-OCSF file, a compliance CSV is not counted (same run) but adds its requirement
 * titles and MANUAL requirements ({@link #sameRunRequirements}).
 *
 * <p>A file with only the header is an empty result; an empty file is a {@link ReportParseException}.
 *
 * <p><b>Who calls it.</b> Discovered through {@code ServiceLoader} under the name {@value #NAME}; the pipeline and
 * the {@code aggregate} command pick it for a file when {@link #accepts(ReportSource)} recognises the file's
 * content (never by extension alone). Counting follows secposture's Prowler rules: checked = PASS + FAIL (muted
 * included), flagged = non-muted FAIL, resources = distinct resource ids per service, MANUAL/INFO counted apart.
 * Findings are streamed one at a time; memory does not grow with the file.
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
public final class ProwlerComplianceCsvParser implements ReportParser {
  /** The parser's name. */
  public static final String NAME = "prowler-compliance-csv";

  /** Creates the parser. */
  public ProwlerComplianceCsvParser() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(ReportSource source) {
    return ProwlerFormat.sniff(Objects.requireNonNull(source, "source")) == ProwlerFormat.COMPLIANCE_CSV;
  }

  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    return ProwlerFormat.COMPLIANCE_CSV.parse(source, sink, NAME);
  }

  /**
   * Returns the file's requirement results with their titles ({@code REQUIREMENTS_DESCRIPTION}), without findings,
   * when the run's JSON-OCSF (or other main) file is counted instead: the compliance section gains the requirements'
   * titles and the MANUAL requirements no check covers, and no result is counted twice. Frameworks are named with
   * Prowler's keys ({@code CIS-6.0} from {@code FRAMEWORK} {@code CIS} and the file name {@code ..._cis_6.0_aws.csv}),
   * so they join the main file's.
   */
  @Override
  public List<RequirementResult> sameRunRequirements(ReportSource source) {
    return ProwlerFormat.complianceRequirements(Objects.requireNonNull(source, "source"));
  }

  /**
   * Tells which Prowler run wrote the file: its other formats ({@code <name>.ocsf.json}, {@code .json}, {@code .csv},
   * {@code .asff.json}) and its {@code compliance/<name>_<framework>.csv} files hold the same results, which are
   * counted once, from the richest format.
   */
  @Override
  public ReportRun runOf(ReportSource source) {
    return ProwlerRunFiles.runOf(Objects.requireNonNull(source, "source"), ProwlerFormat.COMPLIANCE_CSV);
  }
}
