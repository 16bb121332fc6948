package io.secposture.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a suppressions file (an accepted risk) as written, and what it did in a run: the report's
 * {@code suppressions} section holds one per entry. secposture-core's {@code Suppressions} reads the file and builds
 * these with {@code matched} 0; the pipeline counts what each entry muted; {@link Aggregator#merge} (shards) adds
 * the counts of entries with the same id.
 *
 * <p>An entry mutes the failed, not otherwise muted findings that match every field it sets: {@code rule} and
 * {@code resource} are globs ({@code *} any run of characters, {@code ?} one character), the others exact values;
 * {@code accounts} lists account ids or inventory names (any one matches), {@code labels} account labels (all must
 * match). An entry whose {@code expires} day has ended (UTC) mutes nothing and is {@link #expired()}.
 *
 * <p>Immutable and thread-safe. Nullable: {@code rule}, {@code scanner}, {@code provider}, {@code region},
 * {@code service}, {@code resource}, {@code ticket} and {@code expires} (absent in the file); the lists and maps are
 * never null.
 *
 * @param id the entry's id: the file's {@code id}, else one derived from what the entry matches (see
 *     secposture-core's {@code Suppressions})
 * @param rule a glob over rule ids; nullable for any rule
 * @param scanner the scanner (tool) name, e.g. {@code prowler}; nullable for any
 * @param provider the cloud; nullable for any
 * @param accounts account ids or inventory names; empty for any account
 * @param labels account labels that must all match; empty for any account
 * @param region the region; nullable for any
 * @param service the service, e.g. {@code s3}; nullable for any
 * @param resource a glob over resource ids (ARNs, cloud ids); nullable for any resource
 * @param reason why the risk is accepted
 * @param owner who accepted it
 * @param ticket the tracking ticket; nullable
 * @param expires the last day the entry applies (UTC); nullable for never
 * @param matched how many findings the entry muted
 * @param expired true when the entry had expired when the run started, so it muted nothing
 */
public record Suppression(String id, String rule, String scanner, CloudProvider provider, List<String> accounts,
    SortedMap<String, String> labels, String region, String service, String resource, String reason, String owner,
    String ticket, LocalDate expires, long matched, boolean expired) {

  /** Orders entries as the report lists them: by id. */
  public static final Comparator<Suppression> ORDER = Comparator.comparing(Suppression::id);

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  /** Orders the definitions (everything but the counts), to pick one deterministically when two differ. */
  private static final Comparator<Suppression> DEFINITION = Comparator.comparing(Suppression::rule, NULLS_FIRST)
      .thenComparing(Suppression::scanner, NULLS_FIRST)
      .thenComparing(s -> s.provider() == null ? null : s.provider().id(), NULLS_FIRST)
      .thenComparing(Suppression::accounts, Suppression::compareTexts)
      .thenComparing(s -> flatten(s.labels()), Suppression::compareTexts)
      .thenComparing(Suppression::region, NULLS_FIRST)
      .thenComparing(Suppression::service, NULLS_FIRST)
      .thenComparing(Suppression::resource, NULLS_FIRST)
      .thenComparing(Suppression::reason)
      .thenComparing(Suppression::owner)
      .thenComparing(Suppression::ticket, NULLS_FIRST)
      .thenComparing(s -> s.expires() == null ? null : s.expires().toString(), NULLS_FIRST);

  /** Orders lists of texts element by element, a list before its extensions ({@code []} before {@code [""]}). */
  private static int compareTexts(List<String> left, List<String> right) {
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      int order = left.get(i).compareTo(right.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  private static List<String> flatten(SortedMap<String, String> labels) {
    List<String> flat = new ArrayList<>(labels.size() * 2);
    labels.forEach((key, value) -> {
      flat.add(key);
      flat.add(value);
    });
    return flat;
  }

  /** Validates the components and copies the collections. */
  public Suppression {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a suppression id must not be blank");
    }
    accounts = List.copyOf(accounts);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(owner, "owner");
    if (matched < 0) {
      throw new IllegalArgumentException("matched must not be negative, got " + matched);
    }
  }

  /**
   * Tells whether the entry was in force and muted nothing: worth removing or narrowing.
   *
   * @return true when not expired and {@link #matched()} is 0
   */
  public boolean unused() {
    return !expired && matched == 0;
  }

  /**
   * Tells whether the entry has expired at an instant: its {@code expires} day (UTC) has ended.
   *
   * @param at the instant, e.g. when a run started
   * @return true when {@code expires} is set and {@code at} is on or after the start of the following day, UTC
   */
  public boolean isExpiredAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return expires != null && !at.isBefore(expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /**
   * Returns how many whole days of the entry are left at an instant: 0 on its last day, negative once expired.
   *
   * @param at the instant, e.g. when the report was generated
   * @return the days from {@code at}'s date (UTC) to {@code expires}; null when the entry never expires
   */
  public Long daysToExpiry(Instant at) {
    Objects.requireNonNull(at, "at");
    return expires == null ? null : ChronoUnit.DAYS.between(at.atOffset(ZoneOffset.UTC).toLocalDate(), expires);
  }

  /**
   * Returns this entry with other counts.
   *
   * @param matchedCount how many findings it muted
   * @param isExpired whether it had expired
   * @return the entry
   */
  public Suppression withUse(long matchedCount, boolean isExpired) {
    return new Suppression(id, rule, scanner, provider, accounts, labels, region, service, resource, reason, owner,
        ticket, expires, matchedCount, isExpired);
  }

  /**
   * Combines the entries of one id from several partial reports (shards): counts are added, expired if expired in
   * any, and when the definitions differ (the file changed between shards) the smallest by a fixed order is kept.
   * Associative and commutative.
   *
   * @param entries entries with the same id, at least one
   * @return the combined entry
   * @throws IllegalArgumentException if the list is empty or the ids differ
   */
  public static Suppression combine(List<Suppression> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("combine needs at least one suppression");
    }
    Suppression kept = entries.get(0);
    long matched = 0;
    boolean expired = false;
    for (Suppression entry : entries) {
      if (!entry.id().equals(kept.id())) {
        throw new IllegalArgumentException("cannot combine suppressions '" + kept.id() + "' and '" + entry.id()
            + "'");
      }
      if (DEFINITION.compare(entry, kept) < 0) {
        kept = entry;
      }
      matched = Math.addExact(matched, entry.matched());
      expired |= entry.expired();
    }
    return kept.withUse(matched, expired);
  }
}
