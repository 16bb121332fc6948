package io.secposture.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The report's {@code owners} section: findings broken down by the owner of their account. An account's owner is
 * the value of its owner label ({@link #label()}, setting {@value #LABEL_SETTING}, default {@value #DEFAULT_LABEL});
 * accounts without that label belong to {@value #UNOWNED}. secposture-core computes it with the {@link SlaSummary}
 * when a run is compared before publishing; the front page and exporters read it.
 *
 * <p>Immutable and thread-safe; no component is null. Shards' sections merge exactly with {@link #combine}.
 *
 * @param label the account label that names owners
 * @param owners the counts per owner, by owner
 */
public record OwnerSummary(String label, SortedMap<String, Counts> owners) {
  /** The publication setting naming the account label that holds owners. */
  public static final String LABEL_SETTING = "owner.label";
  /** The default owner label. */
  public static final String DEFAULT_LABEL = "team";
  /** The owner of accounts without the owner label. */
  public static final String UNOWNED = "unowned";

  /** Copies the components. */
  public OwnerSummary {
    Objects.requireNonNull(label, "label");
    TreeMap<String, Counts> copy = new TreeMap<>();
    owners.forEach((owner, counts) -> copy.put(Objects.requireNonNull(owner, "owner"),
        Objects.requireNonNull(counts, "counts")));
    owners = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * One owner's findings.
   *
   * @param flagged flagged (open) findings, as the account rows count them
   * @param added findings new since the previous run (0 without a previous run)
   * @param reopened findings flagged again after being resolved
   * @param breached open findings past their SLA
   * @param suppressed findings muted by a suppression entry (lines with {@code suppressed_by})
   */
  public record Counts(long flagged, long added, long reopened, long breached, long suppressed) {
    /** No findings. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /** Checks the counts are not negative. */
    public Counts {
      if (flagged < 0 || added < 0 || reopened < 0 || breached < 0 || suppressed < 0) {
        throw new IllegalArgumentException("owner counts must be zero or more");
      }
    }

    /**
     * Adds two counts.
     *
     * @param other the other counts
     * @return the sum
     */
    public Counts plus(Counts other) {
      return new Counts(flagged + other.flagged, added + other.added, reopened + other.reopened,
          breached + other.breached, suppressed + other.suppressed);
    }
  }

  /**
   * Returns the owner an account's labels name.
   *
   * @param labels the account's labels
   * @param label the owner label
   * @return the label's value, or {@value #UNOWNED} when it is absent or blank
   */
  public static String ownerOf(Map<String, String> labels, String label) {
    String owner = labels.get(label);
    return owner == null || owner.isBlank() ? UNOWNED : owner.trim();
  }

  /**
   * Merges the sections of several partial reports: counts per owner add up; the label whose text sorts first is
   * kept (partials should share one). Associative and commutative.
   *
   * @param sections the sections; null elements are skipped
   * @return the merged section, or {@code null} when none is given
   */
  public static OwnerSummary combine(List<OwnerSummary> sections) {
    OwnerSummary merged = null;
    for (OwnerSummary section : sections) {
      if (section == null) {
        continue;
      }
      if (merged == null) {
        merged = section;
        continue;
      }
      TreeMap<String, Counts> owners = new TreeMap<>(merged.owners);
      section.owners.forEach((owner, counts) -> owners.merge(owner, counts, Counts::plus));
      String label = merged.label.compareTo(section.label) <= 0 ? merged.label : section.label;
      merged = new OwnerSummary(label, owners);
    }
    return merged;
  }
}
