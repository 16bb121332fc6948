package io.secposture.core.internal.pipeline;

import io.secposture.api.CloudAccount;
import io.secposture.api.Scanner;
import java.util.Objects;

/**
 * Not public API: one scan a run will do, or will report skipped.
 *
 * @param index the scan's position in the run, from 0
 * @param account the account
 * @param scannerName the scanner's name
 * @param scanner the scanner; null when the scan is skipped
 * @param skipReason why it is skipped; null when it runs
 */
public record PlannedScan(int index, CloudAccount account, String scannerName, Scanner scanner, String skipReason) {
  /** Validates that exactly one of scanner and skip reason is present. */
  public PlannedScan {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(scannerName, "scannerName");
    if ((scanner == null) == (skipReason == null)) {
      throw new IllegalArgumentException("a planned scan has either a scanner or a skip reason");
    }
  }

  /**
   * Tells whether the scan will run.
   *
   * @return true unless it is skipped
   */
  public boolean runs() {
    return scanner != null;
  }

  /**
   * Describes the scan for logs: {@code aws/123456789012 (prod) scoutsuite}.
   *
   * @return the description
   */
  public String describe() {
    return describe(account, scannerName);
  }

  /**
   * Describes an account and scanner for logs.
   *
   * @param account the account
   * @param scanner the scanner name
   * @return e.g. {@code aws/123456789012 (prod) scoutsuite}
   */
  public static String describe(CloudAccount account, String scanner) {
    return account.key() + (account.name().equals(account.id()) ? "" : " (" + account.name() + ")") + " " + scanner;
  }
}
