package io.secposture.api;

/** What a file a scanner wrote is for; decides whether it is parsed and how it is published. */
public enum ArtifactRole {
  /** Machine-readable results to parse into findings and statistics. */
  RESULTS,
  /** A human-readable report page. */
  HTML,
  /** A file a report page or results file needs beside it: scripts, styles, images, error and exception lists. */
  ASSET,
  /** A log of the scanner's output. */
  LOG,
  /**
   * The normalised findings secposture wrote for a scan ({@code findings.jsonl.gz}: one JSON object per line,
   * gzip-compressed), the input of run-to-run diffs. Written by the pipeline, never by a scanner.
   */
  FINDINGS
}
