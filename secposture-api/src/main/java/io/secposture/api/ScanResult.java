package io.secposture.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one scan of one account ended, and what it left behind. Scanners return one from
 * {@link Scanner#scan(ScanRequest)} instead of throwing, so a failing account is recorded in the run manifest and
 * never stops the others.
 *
 * @param scanner the name of the scanner that ran
 * @param account the account scanned
 * @param status how the scan ended
 * @param exitCode the scanner process's exit code; nullable when no process ran or it was killed before exiting
 * @param startedAt when the scan started
 * @param duration how long it ran
 * @param artifacts the files it wrote, results first
 * @param reason why the scan did not succeed, in words a user can act on; nullable when it succeeded
 * @param logTail the last lines of the scanner's output, redacted of secrets; empty when it succeeded quietly
 * @param warnings problems that did not stop the scan, e.g. "570 collection errors (AccessDenied: rds 120, ...)"
 */
public record ScanResult(String scanner, CloudAccount account, ScanStatus status, Integer exitCode,
    Instant startedAt, Duration duration, List<Artifact> artifacts, String reason, List<String> logTail,
    List<String> warnings) {

  /** Validates the components and copies collections. */
  public ScanResult {
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    artifacts = List.copyOf(artifacts);
    logTail = List.copyOf(logTail);
    warnings = List.copyOf(warnings);
    if (status != ScanStatus.SUCCEEDED && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a " + status + " scan result needs a reason");
    }
  }

  /**
   * Returns the artifacts with the given role.
   *
   * @param role the role
   * @return the matching artifacts, in order
   */
  public List<Artifact> artifacts(ArtifactRole role) {
    return artifacts.stream().filter(a -> a.role() == role).toList();
  }

  /**
   * Starts building a result.
   *
   * @param scanner the scanner name
   * @param account the account
   * @param status how the scan ended
   * @return a builder with {@code startedAt} now and zero duration
   */
  public static Builder builder(String scanner, CloudAccount account, ScanStatus status) {
    return new Builder(scanner, account, status);
  }

  /**
   * Returns a builder initialised with this result's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(scanner, account, status).exitCode(exitCode).startedAt(startedAt)
        .duration(duration).reason(reason).logTail(logTail);
    artifacts.forEach(builder::artifact);
    warnings.forEach(builder::warning);
    return builder;
  }

  /**
   * Returns a SKIPPED result.
   *
   * @param scanner the scanner name
   * @param account the account
   * @param reason why it was skipped
   * @return the result
   */
  public static ScanResult skipped(String scanner, CloudAccount account, String reason) {
    return builder(scanner, account, ScanStatus.SKIPPED).reason(reason).build();
  }

  /** Builds {@link ScanResult}s. Not thread-safe. */
  public static final class Builder {
    private final String scanner;
    private final CloudAccount account;
    private ScanStatus status;
    private Integer exitCode;
    private Instant startedAt = Instant.now();
    private Duration duration = Duration.ZERO;
    private final List<Artifact> artifacts = new ArrayList<>();
    private String reason;
    private List<String> logTail = List.of();
    private final List<String> warnings = new ArrayList<>();

    private Builder(String scanner, CloudAccount account, ScanStatus status) {
      this.scanner = scanner;
      this.account = account;
      this.status = status;
    }

    /**
     * Sets the status.
     *
     * @param status how the scan ended
     * @return this builder
     */
    public Builder status(ScanStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Sets the exit code.
     *
     * @param exitCode the exit code; nullable
     * @return this builder
     */
    public Builder exitCode(Integer exitCode) {
      this.exitCode = exitCode;
      return this;
    }

    /**
     * Sets the start time.
     *
     * @param startedAt when the scan started
     * @return this builder
     */
    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    /**
     * Sets the duration.
     *
     * @param duration how long it ran
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Adds an artifact.
     *
     * @param artifact a file the scan wrote
     * @return this builder
     */
    public Builder artifact(Artifact artifact) {
      artifacts.add(Objects.requireNonNull(artifact, "artifact"));
      return this;
    }

    /**
     * Sets the reason.
     *
     * @param reason why the scan did not succeed; nullable
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Sets the log tail.
     *
     * @param logTail the last lines of output, redacted
     * @return this builder
     */
    public Builder logTail(List<String> logTail) {
      this.logTail = logTail;
      return this;
    }

    /**
     * Adds a warning.
     *
     * @param warning a problem that did not stop the scan
     * @return this builder
     */
    public Builder warning(String warning) {
      warnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public ScanResult build() {
      return new ScanResult(scanner, account, status, exitCode, startedAt, duration, artifacts, reason, logTail,
          warnings);
    }
  }
}
