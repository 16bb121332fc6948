package io.secposture.api;

import java.util.Objects;

/**
 * How one account stands against one framework: its requirements counted as {@link FrameworkCompliance} counts
 * them, restricted to that account. Derived from the requirements by {@link FrameworkCompliance#accounts()};
 * immutable.
 *
 * @param account the account id
 * @param passed requirements that pass in the account
 * @param failed requirements that fail in the account
 * @param manual requirements that only have MANUAL results in the account
 */
public record AccountCompliance(String account, long passed, long failed, long manual) {

  /** Validates the components. */
  public AccountCompliance {
    Objects.requireNonNull(account, "account");
    if (passed < 0 || failed < 0 || manual < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Returns the share of assessed requirements that pass: {@code passed / (passed + failed)}.
   *
   * @return 0.0 to 1.0; {@code null} when no requirement passed or failed (only MANUAL ones)
   */
  public Double passRate() {
    return FrameworkCompliance.rate(passed, failed);
  }
}
