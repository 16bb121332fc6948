package io.secposture.api;

import java.util.List;

/**
 * Reads one scanner output format (for example ScoutSuite's results file or Prowler's JSON-OCSF) and streams its
 * findings.
 *
 * <p><b>Who calls it.</b> The pipeline and the {@code aggregate} command find a parser for each file with
 * {@link Plugins#parserFor(ReportSource)}, which asks every discovered parser {@link #accepts(ReportSource)}, then
 * call {@link #parse(ReportSource, FindingSink)}. Several files may be parsed at once on different threads, each
 * with its own sink.
 *
 * <p><b>How to implement it.</b> A public no-argument constructor, registration in
 * {@code META-INF/services/io.secposture.api.ReportParser}, no mutable state. Parse in one streaming pass (a
 * Jackson {@code JsonParser}, a CSV reader): scanner outputs reach gigabytes and must never be loaded whole. Extend
 * {@code ReportParserContract} from secposture-test-kit.
 */
public interface ReportParser {

  /**
   * Returns the parser's unique name: lower-case letters, digits and dashes, e.g. {@code prowler-ocsf}.
   *
   * @return the name
   */
  String name();

  /**
   * Tells, cheaply, whether this parser reads the given file: a look at the file name and {@link ReportSource#head()}
   * only. Never trust the extension alone.
   *
   * @param source the file
   * @return true if this parser should be used for it
   */
  boolean accepts(ReportSource source);

  /**
   * Parses the file in one streaming pass, handing each finding to the sink as it is read.
   *
   * @param source the file
   * @param sink receives every finding, in file order
   * @return the counts and metadata the file holds
   * @throws ReportParseException if the file is not valid in this format; the message names the file, the position
   *     and what was expected
   */
  ParsedReport parse(ReportSource source, FindingSink sink);

  /**
   * Tells which scanner run wrote the file, when one run writes the same results into several files (several
   * formats, or one file per compliance framework), so that the run's results are counted once. Called after
   * {@link #accepts(ReportSource)} returned true, before parsing; cheap (the file name, its folder, perhaps a
   * listing of that folder; never the whole file).
   *
   * @param source the file
   * @return the run and this format's rank in it; {@code null} (the default) when the file stands alone and is always
   *     counted
   */
  default ReportRun runOf(ReportSource source) {
    return null;
  }

  /**
   * Returns what a file adds to its scanner run when another file of the same run ({@link #runOf}) is counted
   * instead of it: compliance results and requirement titles the counted format lacks. For example a Prowler
   * compliance CSV adds the requirements' titles and the MANUAL requirements no check covers to the run's JSON-OCSF
   * results. No finding is streamed and no count kept, so nothing is counted twice; the results only join the
   * compliance section (a requirement's status per account is the union of what every file says).
   *
   * <p>Called by the pipeline and the {@code aggregate} command for each file left out as a duplicate of its run,
   * in one streaming pass; a failure costs only these additions (logged as a warning). Default: none.
   *
   * @param source the file
   * @return the requirement results, at most one per account, requirement and status; empty (the default) when the
   *     format adds nothing
   * @throws ReportParseException if the file is not valid in this format
   */
  default List<RequirementResult> sameRunRequirements(ReportSource source) {
    return List.of();
  }
}
