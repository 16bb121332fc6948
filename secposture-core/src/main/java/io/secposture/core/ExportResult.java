package io.secposture.core;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link FindingExporter} exported for a run: printed by the job and logged by {@link ExportRunner}.
 * Immutable and thread-safe; nothing in it may be a secret (it is printed).
 *
 * @param exporter the exporter's name
 * @param exported how many findings (or messages, for an exporter that sends messages) were exported
 * @param warnings what went wrong without failing the export (a finding refused, a route skipped), each a sentence
 *     naming what and why
 */
public record ExportResult(String exporter, long exported, List<String> warnings) {
  /** Validates the components and copies the warnings. */
  public ExportResult {
    Objects.requireNonNull(exporter, "exporter");
    if (exported < 0) {
      throw new IllegalArgumentException("exported must not be negative, got " + exported);
    }
    warnings = List.copyOf(warnings);
  }

  /**
   * Returns a result without warnings.
   *
   * @param exporter the exporter's name
   * @param exported how many were exported
   * @return the result
   */
  public static ExportResult of(String exporter, long exported) {
    return new ExportResult(exporter, exported, List.of());
  }
}
