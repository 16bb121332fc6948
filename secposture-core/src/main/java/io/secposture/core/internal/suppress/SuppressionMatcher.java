package io.secposture.core.internal.suppress;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.ServiceStats;
import io.secposture.api.Suppression;
import io.secposture.core.Suppressions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Not public API: the suppressions of one run, compiled once (globs, expiry at the run's start) and scoped per
 * account ({@link #forAccount}), so that matching a finding costs a few string comparisons: only failed findings no
 * scanner muted are looked at, and entries with a literal rule id are found by a hash lookup.
 *
 * <p>Immutable and thread-safe; each {@link Scope} and {@link Counter} belongs to one thread.
 */
public final class SuppressionMatcher {
  private final List<Suppression> entries;
  private final boolean[] expired;
  private final Glob[] rules;
  private final Glob[] resources;

  private SuppressionMatcher(Suppressions suppressions, Instant runStart) {
    this.entries = suppressions.entries();
    int count = entries.size();
    this.expired = new boolean[count];
    this.rules = new Glob[count];
    this.resources = new Glob[count];
    for (int i = 0; i < count; i++) {
      Suppression entry = entries.get(i);
      expired[i] = entry.isExpiredAt(runStart);
      rules[i] = Glob.compile(entry.rule());
      resources[i] = Glob.compile(entry.resource());
    }
  }

  /**
   * Compiles a run's suppressions.
   *
   * @param suppressions the entries
   * @param runStart when the run started: entries that expired before it mute nothing
   * @return the matcher
   */
  public static SuppressionMatcher compile(Suppressions suppressions, Instant runStart) {
    return new SuppressionMatcher(Objects.requireNonNull(suppressions, "suppressions"),
        Objects.requireNonNull(runStart, "runStart"));
  }

  /**
   * Tells whether there are no entries, so nothing can be muted.
   *
   * @return true without entries
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Returns the entries that can match findings counted on an account's row: in force, and whose labels and
   * account names the account satisfies (account ids are checked per finding too, since a results file may name
   * another account).
   *
   * @param account the account of the scan; null for files aggregated without an inventory (then only account ids
   *     match, and entries with labels match nothing)
   * @return the scope
   */
  public Scope forAccount(CloudAccount account) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Suppression entry = entries.get(i);
      if (expired[i]) {
        continue;
      }
      if (!entry.labels().isEmpty() && (account == null || !hasLabels(account, entry.labels()))) {
        continue;
      }
      candidates.add(i);
    }
    return new Scope(account, candidates);
  }

  private static boolean hasLabels(CloudAccount account, Map<String, String> labels) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!label.getValue().equals(account.labels().get(label.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the entries that muted something, with their counts, for a partial report.
   *
   * @param counter the counts
   * @return the used entries; empty when nothing was muted
   */
  public List<Suppression> used(Counter counter) {
    List<Suppression> used = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (counter.counts[i] > 0) {
        used.add(entries.get(i).withUse(counter.counts[i], false));
      }
    }
    return used;
  }

  /**
   * Returns the run's suppressions section: every entry, with the counts the partial reports carry for it and
   * whether it had expired.
   *
   * @param partials the per-scan (or per-file) reports
   * @return the section, one entry per id
   */
  public List<Suppression> section(List<PostureReport> partials) {
    Map<String, Long> matched = new HashMap<>();
    for (PostureReport partial : partials) {
      for (Suppression used : partial.suppressions()) {
        matched.merge(used.id(), used.matched(), Math::addExact);
      }
    }
    List<Suppression> section = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Suppression entry = entries.get(i);
      section.add(entry.withUse(matched.getOrDefault(entry.id(), 0L), expired[i]));
    }
    return section;
  }

  /**
   * Describes what a run's suppressions did, for the run's log: how many findings they muted, and the ids of the
   * entries that expired or matched nothing, which need a decision.
   *
   * @param section the run's section, from {@link #section}
   * @return one line; null when there are no entries
   */
  public static String summary(List<Suppression> section) {
    if (section.isEmpty()) {
      return null;
    }
    long muted = section.stream().mapToLong(Suppression::matched).sum();
    List<String> expired = section.stream().filter(Suppression::expired).map(Suppression::id).toList();
    List<String> unused = section.stream().filter(Suppression::unused).map(Suppression::id).toList();
    return "suppressions muted " + muted + (muted == 1 ? " finding" : " findings")
        + (expired.isEmpty() ? "" : "; expired, muting nothing (renew or remove them): " + String.join(", ", expired))
        + (unused.isEmpty() ? "" : "; matched nothing: " + String.join(", ", unused));
  }

  /**
   * Returns a counter for one input (a results file): its counts are kept only if the input is counted.
   *
   * @return a counter with every count 0
   */
  public Counter counter() {
    return new Counter(entries.size());
  }

  /**
   * Returns the copy of a finding that a suppression mutes.
   *
   * @param finding the finding
   * @return the same finding with {@code muted} set
   */
  public static Finding muted(Finding finding) {
    return new Finding(finding.tool(), finding.provider(), finding.accountId(), finding.region(), finding.service(),
        finding.ruleId(), finding.title(), finding.severity(), finding.status(), true, finding.resourceId(),
        finding.resourceType(), finding.description(), finding.remediation(), finding.compliance(),
        finding.fingerprint());
  }

  /**
   * Counts what each entry muted, and how many flagged items each service of each account lost: a parser's
   * per-service counts were made before the suppressions applied. Not thread-safe.
   */
  public static final class Counter {
    private final long[] counts;
    private final Map<ServiceKey, long[]> byService = new HashMap<>();
    private ServiceKey lastKey;
    private long[] lastService;

    private Counter(int size) {
      this.counts = new long[size];
    }

    void count(int entry, Finding finding) {
      counts[entry]++;
      if (lastKey == null || !lastKey.matches(finding)) {
        lastKey = new ServiceKey(finding.provider(), finding.accountId(), finding.service());
        lastService = byService.computeIfAbsent(lastKey, key -> new long[1]);
      }
      lastService[0]++;
    }

    /**
     * Adds another counter's counts to this one.
     *
     * @param other the counts of an input that was counted
     */
    public void add(Counter other) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += other.counts[i];
      }
      other.byService.forEach((key, count) -> byService.computeIfAbsent(key, k -> new long[1])[0] += count[0]);
    }

    /**
     * Tells whether nothing was counted.
     *
     * @return true when every count is 0
     */
    public boolean isEmpty() {
      for (long count : counts) {
        if (count != 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * Returns a parsed file's report with the muted findings taken out of its services' flagged items (never below
     * zero), as if the scanner had muted them: the file's counts per service were made from the findings as parsed.
     * A finding whose service the file's counts do not name changes no service count.
     *
     * @param parsed the file's report, after the parse that these counts saw
     * @return the report with adjusted counts; the same report when nothing was muted
     */
    public ParsedReport withoutMuted(ParsedReport parsed) {
      if (byService.isEmpty()) {
        return parsed;
      }
      List<AccountStats> accounts = new ArrayList<>(parsed.accounts().size());
      for (AccountStats account : parsed.accounts()) {
        TreeMap<String, ServiceStats> services = new TreeMap<>(account.services());
        services.replaceAll((service, stats) -> {
          long[] muted = byService.get(new ServiceKey(account.provider(), account.accountId(), service));
          return muted == null ? stats : new ServiceStats(stats.checkedItems(),
              Math.max(0, stats.flaggedItems() - muted[0]), stats.resourcesCount());
        });
        accounts.add(new AccountStats(account.provider(), account.accountId(), services));
      }
      return new ParsedReport(parsed.parser(), parsed.source(), parsed.tool(), parsed.toolVersion(),
          parsed.scannedAt(), accounts, parsed.findings(), parsed.warnings(), parsed.partialReason(),
          parsed.requirementResults());
    }
  }

  /** A service of an account, as findings name it. */
  private record ServiceKey(CloudProvider provider, String accountId, String service) {
    boolean matches(Finding finding) {
      return provider.equals(finding.provider()) && accountId.equals(finding.accountId())
          && service.equals(finding.service());
    }
  }

  /** The entries that can match the findings of one account's row. Immutable. */
  public final class Scope {
    private final CloudAccount account;
    /** The entries that can match findings of the scope's account. */
    private final Index own;
    /** Entries that name other accounts only: they can match only findings a results file gives another id. */
    private final Index foreign;

    private Scope(CloudAccount account, List<Integer> candidates) {
      this.account = account;
      List<Integer> ownEntries = new ArrayList<>();
      List<Integer> foreignEntries = new ArrayList<>();
      for (int index : candidates) {
        List<String> accounts = entries.get(index).accounts();
        boolean elsewhere = account != null && !accounts.isEmpty() && !accounts.contains(account.id())
            && !accounts.contains(account.name());
        (elsewhere ? foreignEntries : ownEntries).add(index);
      }
      this.own = new Index(ownEntries);
      this.foreign = new Index(foreignEntries);
    }

    /**
     * Tells whether no entry can match in this scope.
     *
     * @return true when every finding keeps its status
     */
    public boolean isEmpty() {
      return own.isEmpty() && foreign.isEmpty();
    }

    /**
     * Finds the first entry (in file order) that mutes a finding, and counts it.
     *
     * @param finding the finding
     * @param counter where the match is counted
     * @return the entry's id; null when no entry mutes it (passed, manual or already muted findings included)
     */
    public String match(Finding finding, Counter counter) {
      if (finding.status() != FindingStatus.FAIL || finding.muted()) {
        return null;
      }
      int best = own.first(finding, Integer.MAX_VALUE);
      if (!foreign.isEmpty() && (account == null || !account.id().equals(finding.accountId()))) {
        best = foreign.first(finding, best);
      }
      if (best == Integer.MAX_VALUE) {
        return null;
      }
      counter.count(best, finding);
      return entries.get(best).id();
    }

    /**
     * Entries looked up by literal rule id; rule globs bucketed by their first character (a glob that starts with a
     * literal {@code c} can only match rule ids that start with {@code c}), the rest (globs starting with a wildcard,
     * any rule) scanned in file order. Immutable.
     */
    private final class Index {
      private static final int BUCKETS = 128;
      private final Map<String, int[]> byRule = new HashMap<>();
      private final int[][] byFirstCharacter = new int[BUCKETS][];
      private final int[] anyStart;
      private final boolean empty;

      Index(List<Integer> candidates) {
        Map<String, List<Integer>> literal = new HashMap<>();
        List<List<Integer>> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
          buckets.add(new ArrayList<>());
        }
        List<Integer> rest = new ArrayList<>();
        for (int index : candidates) {
          Glob rule = rules[index];
          String literalRule = rule == null ? null : rule.literal();
          char first = rule == null ? '*' : rule.firstCharacter();
          if (literalRule != null) {
            literal.computeIfAbsent(literalRule, key -> new ArrayList<>()).add(index);
          } else if (first != '*' && first != '?' && first < BUCKETS) {
            buckets.get(first).add(index);
          } else {
            rest.add(index);
          }
        }
        literal.forEach((rule, indexes) -> byRule.put(rule, toArray(indexes)));
        for (int i = 0; i < BUCKETS; i++) {
          byFirstCharacter[i] = buckets.get(i).isEmpty() ? null : toArray(buckets.get(i));
        }
        this.anyStart = toArray(rest);
        this.empty = candidates.isEmpty();
      }

      private static int[] toArray(List<Integer> indexes) {
        return indexes.stream().mapToInt(Integer::intValue).toArray();
      }

      boolean isEmpty() {
        return empty;
      }

      /** Returns the first matching entry before {@code before}, else {@code before}. */
      int first(Finding finding, int before) {
        String ruleId = finding.ruleId();
        int best = before;
        if (!byRule.isEmpty()) {
          int[] literal = byRule.get(ruleId);
          if (literal != null) {
            best = firstOf(literal, finding, best, false);
          }
        }
        if (!ruleId.isEmpty() && ruleId.charAt(0) < BUCKETS) {
          int[] bucket = byFirstCharacter[ruleId.charAt(0)];
          if (bucket != null) {
            best = firstOf(bucket, finding, best, true);
          }
        }
        return firstOf(anyStart, finding, best, true);
      }

      private int firstOf(int[] indexes, Finding finding, int before, boolean checkRule) {
        for (int index : indexes) {
          if (index >= before) {
            return before;
          }
          if ((!checkRule || rules[index] == null || rules[index].matches(finding.ruleId()))
              && matches(index, finding)) {
            return index;
          }
        }
        return before;
      }
    }

    /** Checks everything but the rule. */
    private boolean matches(int index, Finding finding) {
      Suppression entry = entries.get(index);
      if (entry.scanner() != null && !entry.scanner().equalsIgnoreCase(finding.tool())) {
        return false;
      }
      if (entry.provider() != null && !entry.provider().equals(finding.provider())) {
        return false;
      }
      if (entry.region() != null && !entry.region().equalsIgnoreCase(finding.region())) {
        return false;
      }
      if (entry.service() != null && !entry.service().equalsIgnoreCase(finding.service())) {
        return false;
      }
      if (resources[index] != null
          && (finding.resourceId() == null || !resources[index].matches(finding.resourceId()))) {
        return false;
      }
      return entry.accounts().isEmpty() || accountMatches(entry.accounts(), finding);
    }

    private boolean accountMatches(List<String> accounts, Finding finding) {
      for (String wanted : accounts) {
        if (wanted.equals(finding.accountId())
            || (account != null && (wanted.equals(account.name()) || wanted.equals(account.id())))) {
          return true;
        }
      }
      return false;
    }
  }
}
