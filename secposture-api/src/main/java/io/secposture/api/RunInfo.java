package io.secposture.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The run an aggregation belongs to.
 *
 * @param runId the run id (see {@link ScanRequest#requireRunId(String)})
 * @param startedAt when the run started; reports of this run use it as their generation time until the final
 *     report is stamped
 */
public record RunInfo(String runId, Instant startedAt) {
  /** Validates the components. */
  public RunInfo {
    ScanRequest.requireRunId(runId);
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
