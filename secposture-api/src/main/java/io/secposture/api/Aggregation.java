package io.secposture.api;

/**
 * An accumulator that folds scan results, parsed reports and findings into a {@link PostureReport}. Obtain one from
 * {@link Aggregator#start(RunInfo)}.
 *
 * <p>An aggregation describes either <b>one scan</b> ({@link #add(ScanResult)} once, then the reports parsed from
 * that scan's results and their findings, all attributed to the scan's account row whatever account ids the files
 * name) or <b>a set of files without a scan</b> (only reports and findings, attributed to the accounts the files
 * name). The pipeline uses one aggregation per scan and {@link Aggregator#merge(java.util.List) merges} them, so the
 * order of calls within an aggregation does not matter.
 *
 * <p>Not thread-safe: use each aggregation from one thread at a time.
 */
public interface Aggregation extends FindingSink {

  /**
   * Adds the scan this aggregation describes. Call at most once.
   *
   * @param scan the scan result
   * @throws IllegalStateException if a scan was already added
   */
  void add(ScanResult scan);

  /**
   * Adds the counts and metadata of one parsed file.
   *
   * @param report the parsed report
   */
  void add(ParsedReport report);

  /**
   * Records a scanner output that could not be parsed; the report lists it so a reader knows what is missing.
   *
   * @param failure the file and why it failed
   */
  void addFailedInput(InputFailure failure);

  /**
   * Returns the report of everything added. The aggregation can still be used afterwards; a later call returns a
   * report of everything added by then.
   *
   * @return the report
   */
  PostureReport finish();
}
