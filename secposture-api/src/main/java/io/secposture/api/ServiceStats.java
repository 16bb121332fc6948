package io.secposture.api;

/**
 * The counts the report keeps per service, per provider and in total, as the original job's JSON did.
 *
 * <p>ScoutSuite's stats are its {@code last_run.summary} entry. For Prowler, {@code checkedItems} counts PASS and
 * FAIL results (muted included), {@code flaggedItems} non-muted FAIL results and {@code resourcesCount} distinct
 * resource ids.
 *
 * @param checkedItems how many resource checks ran
 * @param flaggedItems how many of them failed (and are not muted)
 * @param resourcesCount how many resources were looked at
 */
public record ServiceStats(long checkedItems, long flaggedItems, long resourcesCount) {

  /** All counts zero: the identity of {@link #plus(ServiceStats)}. */
  public static final ServiceStats ZERO = new ServiceStats(0, 0, 0);

  /** Validates that no count is negative. */
  public ServiceStats {
    if (checkedItems < 0 || flaggedItems < 0 || resourcesCount < 0) {
      throw new IllegalArgumentException("counts must not be negative: checked=" + checkedItems + ", flagged="
          + flaggedItems + ", resources=" + resourcesCount);
    }
  }

  /**
   * Returns the sum of these counts and another's.
   *
   * @param other the other counts
   * @return the sums
   */
  public ServiceStats plus(ServiceStats other) {
    return new ServiceStats(Math.addExact(checkedItems, other.checkedItems),
        Math.addExact(flaggedItems, other.flaggedItems), Math.addExact(resourcesCount, other.resourcesCount));
  }
}
