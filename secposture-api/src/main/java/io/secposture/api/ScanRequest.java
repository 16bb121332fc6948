package io.secposture.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one call to {@link Scanner#scan(ScanRequest)} needs: which account, with which credentials, where to
 * write, how long it may take and the options for this scan.
 *
 * @param runId the id of the run this scan belongs to: letters, digits, {@code -}, {@code _} and {@code .}
 * @param account the account to scan
 * @param credentials the credentials to hand to the scanner; usually the account's own, or short-lived ones that
 *     credential chaining obtained for it
 * @param outputDirectory an existing, empty directory the scanner writes everything into (results, HTML, logs);
 *     the pipeline creates a fresh one per scan
 * @param timeout how long the scan may run before it is stopped and reported {@link ScanStatus#TIMED_OUT}
 * @param options the job's scanner options overlaid with the account's own (account wins)
 */
public record ScanRequest(String runId, CloudAccount account, Credentials credentials, Path outputDirectory,
    Duration timeout, Settings options) {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Validates the components. */
  public ScanRequest {
    requireRunId(runId);
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    Objects.requireNonNull(options, "options");
  }

  /**
   * Creates a request with the account's own credentials and options.
   *
   * @param runId the run id
   * @param account the account
   * @param outputDirectory an existing, empty directory for the scanner's output
   * @param timeout the time limit
   * @return the request
   */
  public static ScanRequest of(String runId, CloudAccount account, Path outputDirectory, Duration timeout) {
    return new ScanRequest(runId, account, account.credentials(), outputDirectory, timeout, account.options());
  }

  /**
   * Checks that a run id is safe to use in file names and object keys.
   *
   * @param runId the run id
   * @return the run id
   * @throws IllegalArgumentException if it is not 1-128 letters, digits, '.', '_' or '-' starting with a letter
   *     or digit
   */
  public static String requireRunId(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id '" + runId
          + "' is not valid: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return runId;
  }
}
