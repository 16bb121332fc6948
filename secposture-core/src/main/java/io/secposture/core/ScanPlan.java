package io.secposture.core;

import io.secposture.api.CloudAccount;
import java.util.Objects;

/**
 * One scan a run would do, or would report SKIPPED, as {@link Pipeline#plan} returns it: what the job's
 * {@code check} command and {@code run --dry-run} print instead of scanning.
 *
 * <p>Immutable and thread-safe.
 *
 * @param account the account
 * @param scanner the scanner's name
 * @param skipReason why the scan would be SKIPPED (a disabled account, a scanner that does not scan its provider);
 *     null when it would run
 */
public record ScanPlan(CloudAccount account, String scanner, String skipReason) {

  /** Validates the components. */
  public ScanPlan {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(scanner, "scanner");
  }

  /**
   * Tells whether the scan would run.
   *
   * @return true unless it would be skipped
   */
  public boolean runs() {
    return skipReason == null;
  }
}
