package io.secposture.prowler;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import io.secposture.prowler.internal.ProwlerFormat;
import io.secposture.prowler.internal.ProwlerRunFiles;
import java.util.Objects;

/**
 * Reads Prowler 3.6-3.16 JSON-OCSF: a JSON array of OCSF 1.0.0-rc.3 Security Findings (class 2001), whose
 * {@code status} is the result ({@code Success}, {@code Failure}, {@code Other} for allowlisted, {@code Unknown}
 * for informational).
 *
 * <p>An empty array is an empty result; an empty file is a {@link ReportParseException}.
 *
 * <p><b>Who calls it.</b> Discovered through {@code ServiceLoader} under the name {@value #NAME}; the pipeline and
 * the {@code aggregate} command pick it for a file when {@link #accepts(ReportSource)} recognises the file's
 * content (never by extension alone). Counting follows secposture's Prowler rules: checked = PASS + FAIL (muted
 * included), flagged = non-muted FAIL, resources = distinct resource ids per service, MANUAL/INFO counted apart.
 * Findings are streamed one at a time; memory does not grow with the file.
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
public final class ProwlerOcsfV3Parser implements ReportParser {
  /** The parser's name. */
  public static final String NAME = "prowler-ocsf-v3";

  /** Creates the parser. */
  public ProwlerOcsfV3Parser() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(ReportSource source) {
    return ProwlerFormat.sniff(Objects.requireNonNull(source, "source")) == ProwlerFormat.OCSF_V3;
  }

  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    return ProwlerFormat.OCSF_V3.parse(source, sink, NAME);
  }

  /**
   * Tells which Prowler run wrote the file: its other formats ({@code <name>.ocsf.json}, {@code .json}, {@code .csv},
   * {@code .asff.json}) and its {@code compliance/<name>_<framework>.csv} files hold the same results, which are
   * counted once, from the richest format.
   */
  @Override
  public ReportRun runOf(ReportSource source) {
    return ProwlerRunFiles.runOf(Objects.requireNonNull(source, "source"), ProwlerFormat.OCSF_V3);
  }
}
