package io.secposture.core.internal.pipeline;

import io.secposture.api.PostureReport;
import io.secposture.api.ScanResult;
import io.secposture.core.RunManifest;
import java.util.List;
import java.util.Objects;

/**
 * Not public API: everything one scan contributes to its run.
 *
 * @param result how the scan ended, final (redacted, with the findings file)
 * @param partial the report of this scan alone, to merge
 * @param inputs the results files it parsed or failed to, for the manifest
 */
public record ScanOutcome(ScanResult result, PostureReport partial, List<RunManifest.Input> inputs) {
  /** Validates the components. */
  public ScanOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(partial, "partial");
    inputs = List.copyOf(inputs);
  }
}
