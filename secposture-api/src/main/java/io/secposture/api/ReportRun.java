package io.secposture.api;

import java.util.Objects;

/**
 * Which run of a scanner wrote a results file, for readers that meet several files of one run. A run may write the
 * same results in several formats (Prowler writes JSON-OCSF, CSV and ASFF files of one set of results, and its
 * compliance CSVs repeat them per framework); adding those files up would count every result several times.
 *
 * <p><b>Who uses it.</b> A {@link ReportParser} returns one from {@link ReportParser#runOf(ReportSource)}. The
 * {@code aggregate} command and the pipeline group the files whose parsers return equal {@link #key() keys}, count
 * only the file of the lowest {@link #rank() rank} (the richest format; between equal ranks, the first by name), and
 * list the others in the run manifest as "same run, not counted" with the file they repeat.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key identifies the run, whatever format a file of it has: for example the tool's name, the real path of the
 *     run's output folder and the file name without its format extension. Files with equal keys must hold the same
 *     results; include the tool's name so that keys of different tools never meet
 * @param rank the format's preference among the run's formats: the lowest rank is counted (Prowler: JSON-OCSF 0,
 *     JSON 1, CSV 2, ASFF 3, compliance CSV 4)
 */
public record ReportRun(String key, int rank) {
  /** Validates the components. */
  public ReportRun {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
  }
}
