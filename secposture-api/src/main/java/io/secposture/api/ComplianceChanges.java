package io.secposture.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How one framework of one provider changed since the previous run: the report diff's {@code compliance} entries
 * ({@link RunDiff#compliance()}). secposture-core's {@code RunDiffer} computes them from the previous report's
 * compliance section and this run's; the {@code diff} command prints them.
 *
 * <p>Changes are counted per requirement and account, so that the diffs of the shards of a run (each over its own
 * accounts) sum exactly: a requirement <b>newly fails</b> in an account when it fails there now and did not fail
 * there in the previous run (it passed, was manual or was not assessed); it <b>newly passes</b> when it passes there
 * now and failed there before. An account the previous run has rows for but no results (its scan failed) is not
 * compared, nor is a framework the previous run did not assess at all (see {@code RunDiffer}).
 *
 * <p>Immutable and thread-safe; the list of changes is bounded ({@link #LIMIT}) and kept in {@link Change#ORDER}.
 *
 * @param framework the framework key, as in the compliance section
 * @param provider the cloud
 * @param newlyFailing how many (requirement, account) pairs newly fail, over all of them, listed or not
 * @param newlyPassing how many (requirement, account) pairs newly pass
 * @param changes the first {@link #LIMIT} changes in {@link Change#ORDER}: newly failing ones first
 */
public record ComplianceChanges(String framework, CloudProvider provider, long newlyFailing, long newlyPassing,
    List<Change> changes) {

  /** How many changes one framework entry lists at most; the counts cover all of them. */
  public static final int LIMIT = 100;

  /** Orders framework entries: by framework, then provider. */
  public static final Comparator<ComplianceChanges> ORDER =
      Comparator.comparing(ComplianceChanges::framework).thenComparing(ComplianceChanges::provider);

  /** Validates the components and keeps the first {@link #LIMIT} distinct changes. */
  public ComplianceChanges {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(provider, "provider");
    if (newlyFailing < 0 || newlyPassing < 0) {
      throw new IllegalArgumentException("compliance change counts must not be negative");
    }
    TreeSet<Change> kept = new TreeSet<>(Change.ORDER);
    for (Change change : changes) {
      kept.add(Objects.requireNonNull(change, "changes element"));
      if (kept.size() > LIMIT) {
        kept.pollLast();
      }
    }
    changes = List.copyOf(kept);
  }

  /**
   * One requirement that newly fails or newly passes in one account.
   *
   * @param requirement the requirement id
   * @param title the requirement's title in this run; nullable when no scanner gave one
   * @param account the account id
   * @param failing true if it newly fails there, false if it newly passes
   */
  public record Change(String requirement, String title, String account, boolean failing) {
    /**
     * The order of {@link ComplianceChanges#changes()}: newly failing first, then by requirement
     * ({@link ComplianceRequirement#ID_ORDER}), account and title. A total order, so that keeping the first
     * {@link #LIMIT} of any union of lists is associative and commutative.
     */
    public static final Comparator<Change> ORDER = Comparator.comparing(Change::failing).reversed()
        .thenComparing(Change::requirement, ComplianceRequirement.ID_ORDER)
        .thenComparing(Change::account)
        .thenComparing(Change::title, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Validates the components. */
    public Change {
      Objects.requireNonNull(requirement, "requirement");
      Objects.requireNonNull(account, "account");
    }
  }

  /**
   * Combines the entries of shard diffs of one run: entries of the same framework and provider sum their counts and
   * unite their lists (keeping the first {@link #LIMIT}). Associative and commutative.
   *
   * @param entries the entries, of any frameworks
   * @return one entry per framework and provider, in {@link #ORDER}
   */
  public static List<ComplianceChanges> combine(List<ComplianceChanges> entries) {
    TreeMap<ComplianceChanges, List<ComplianceChanges>> byFramework = new TreeMap<>(ORDER);
    for (ComplianceChanges entry : entries) {
      byFramework.computeIfAbsent(Objects.requireNonNull(entry, "entries element"), key -> new ArrayList<>(1))
          .add(entry);
    }
    List<ComplianceChanges> combined = new ArrayList<>(byFramework.size());
    byFramework.forEach((key, group) -> {
      if (group.size() == 1) {
        combined.add(group.get(0));
        return;
      }
      long failing = 0;
      long passing = 0;
      List<Change> changes = new ArrayList<>();
      for (ComplianceChanges entry : group) {
        failing = Math.addExact(failing, entry.newlyFailing);
        passing = Math.addExact(passing, entry.newlyPassing);
        changes.addAll(entry.changes);
      }
      combined.add(new ComplianceChanges(key.framework, key.provider, failing, passing, changes));
    });
    return List.copyOf(combined);
  }
}
