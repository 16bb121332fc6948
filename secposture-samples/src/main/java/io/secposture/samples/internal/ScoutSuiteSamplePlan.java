package io.secposture.samples.internal;

import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Catalog;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Kind;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Rule;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Scope;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Service;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: everything a ScoutSuite sample is made of, decided ahead of writing and reproducible from the
 * seed: how many resources each kind has, their ids, which (rule, resource) pairs are flagged in a generation, and
 * the resulting counts. Nothing here is per resource in memory: ids and flags are pure functions of the indices, so
 * the writer can stream gigabytes and the summary (written before the services) still matches the items.
 *
 * <p>Generations model weekly runs: in generation 0 each (rule, resource) pair is flagged with the rule's
 * probability {@code p}; from one generation to the next each flagged pair is fixed with probability 0.10 and each
 * clean pair becomes flagged with probability {@code 0.05 p / (1 - p)}, which adds about 5% of the previous
 * generation's flagged count. Pairs not drawn keep their state.
 */
final class ScoutSuiteSamplePlan {
  static final double FIX_RATE = 0.10;
  static final double NEW_RATE = 0.05;
  private static final long SALT_RULE = 0x5EEDL;
  private static final long SALT_BASE = 0xBA5EL;
  private static final long SALT_FIX = 0xF1C5L;
  private static final long SALT_NEW = 0x0E3EL;
  private static final long SALT_ID = 0x1D5L;
  private static final long SALT_VALUE = 0x7A1L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_EXCEPTIONS = 3;

  final Catalog catalog;
  final String accountId;
  final long seed;
  final int generation;
  final double scale;
  private final Map<Kind, Integer> kindIds = new IdentityHashMap<>();
  private final Map<Rule, Integer> ruleIds = new IdentityHashMap<>();
  private final Map<Kind, Integer> counts = new IdentityHashMap<>();
  private final Map<Rule, Long> flaggedCounts = new IdentityHashMap<>();
  private final double[] probabilities;
  private final double[] newProbabilities;
  /** The rule whose first flagged resources are excepted, or null. */
  final Rule exceptedRule;
  /** The resource indices excepted from {@link #exceptedRule}. */
  final long[] exceptedResources;

  ScoutSuiteSamplePlan(Catalog catalog, String accountId, long seed, int generation, double scale,
      boolean withExceptions) {
    this.catalog = catalog;
    this.accountId = accountId;
    this.seed = seed;
    this.generation = generation;
    this.scale = scale;
    List<Rule> rules = new ArrayList<>();
    for (Service service : catalog.services()) {
      for (Kind kind : service.kinds()) {
        kindIds.put(kind, kindIds.size());
        counts.put(kind, countOf(kind));
      }
      for (Rule rule : service.rules()) {
        ruleIds.put(rule, rules.size());
        rules.add(rule);
      }
    }
    probabilities = new double[rules.size()];
    newProbabilities = new double[rules.size()];
    for (Rule rule : rules) {
      int id = ruleIds.get(rule);
      double factor = 0.6 + 0.8 * uniform(SALT_RULE, id, 0, 0);
      double p = Math.min(0.9, rule.weight() * factor);
      probabilities[id] = p;
      newProbabilities[id] = p >= 1 ? 0 : NEW_RATE * p / (1 - p);
    }
    Rule excepted = null;
    long[] exceptedIndices = new long[0];
    if (withExceptions) {
      for (Rule rule : rules) {
        if (rule.kind() != null && probabilities[ruleIds.get(rule)] > 0) {
          excepted = rule;
          break;
        }
      }
      if (excepted != null) {
        List<Long> found = new ArrayList<>();
        long n = count(excepted.kind());
        for (long j = 0; j < n && found.size() < MAX_EXCEPTIONS; j++) {
          if (flaggedBeforeExceptions(excepted, j)) {
            found.add(j);
          }
        }
        exceptedIndices = found.stream().mapToLong(Long::longValue).toArray();
      }
    }
    this.exceptedRule = excepted;
    this.exceptedResources = exceptedIndices;
    for (Rule rule : rules) {
      long flagged = 0;
      if (rule.kind() != null) {
        long n = count(rule.kind());
        for (long j = 0; j < n; j++) {
          if (flagged(rule, j)) {
            flagged++;
          }
        }
      }
      flaggedCounts.put(rule, flagged);
    }
  }

  private int countOf(Kind kind) {
    if (kind.scope() == Scope.REGION_ITSELF) {
      return catalog.regions().size();
    }
    return (int) Math.max(1, Math.round(kind.base() * scale));
  }

  /** How many resources a kind has. */
  int count(Kind kind) {
    return counts.get(kind);
  }

  /** How many scope units (regions, zones, or 1) a kind's resources are spread over. */
  int units(Kind kind) {
    switch (kind.scope()) {
      case REGION: case VPC: case REGION_ITSELF: return catalog.regions().size();
      case ZONE: return catalog.zones().size();
      default: return 1;
    }
  }

  /** How many resources of a kind live in one scope unit: resources {@code u, u + U, u + 2U, ...}. */
  int countInUnit(Kind kind, int unit) {
    int n = count(kind);
    int units = units(kind);
    return unit >= n ? 0 : (n - unit + units - 1) / units;
  }

  /** How many items a rule lists (flagged resources, exceptions removed). */
  long flaggedCount(Rule rule) {
    return flaggedCounts.get(rule);
  }

  /** How many resources a rule checked. */
  long checkedCount(Rule rule) {
    return rule.kind() == null ? 0 : count(rule.kind());
  }

  /** Tells whether a rule flags resource {@code j} of its kind in this plan's generation. */
  boolean flagged(Rule rule, long j) {
    if (!flaggedBeforeExceptions(rule, j)) {
      return false;
    }
    if (rule == exceptedRule) {
      for (long excepted : exceptedResources) {
        if (excepted == j) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean flaggedBeforeExceptions(Rule rule, long j) {
    int id = ruleIds.get(rule);
    double p = probabilities[id];
    if (p <= 0) {
      return false;
    }
    boolean flagged = uniform(SALT_BASE, id, j, 0) < p;
    for (int g = 1; g <= generation; g++) {
      if (flagged) {
        flagged = uniform(SALT_FIX, id, j, g) >= FIX_RATE;
      } else {
        flagged = uniform(SALT_NEW, id, j, g) < newProbabilities[id];
      }
    }
    return flagged;
  }

  /** A uniform double in [0, 1) that depends only on the seed and the given values. */
  double uniform(long salt, long a, long b, long c) {
    long h = mix(seed ^ salt * 0x9E3779B97F4A7C15L);
    h = mix(h + a);
    h = mix(h + b);
    h = mix(h + c);
    return (h >>> 11) * 0x1.0p-53;
  }

  /** A value picked from a list by resource index, stable per seed. */
  <T> T pick(List<T> values, Kind kind, long j, int attribute) {
    long h = mix(mix(seed ^ SALT_VALUE + kindIds.get(kind)) + j * 31 + attribute);
    return values.get((int) Math.floorMod(h, (long) values.size()));
  }

  static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Appends the id of resource {@code j} of a kind: the prefix, then hex digits of which the first 8 encode a
   * random per-kind base plus the index (so ids sort by index, as ScoutSuite's sorted keys require) and the rest
   * are random. 32 digits without a
   * prefix are formatted as a UUID.
   */
  void appendId(StringBuilder out, Kind kind, long j) {
    if (kind.scope() == Scope.REGION_ITSELF) {
      out.append(catalog.regions().get((int) j));
      return;
    }
    out.append(kind.idPrefix());
    int digits = kind.idHexDigits();
    boolean upper = kind.upperCaseId();
    boolean uuid = digits == 32 && kind.idPrefix().isEmpty();
    long kindSalt = mix(seed ^ SALT_ID * 31 + kindIds.get(kind) * 0x632BE59BD9B4E019L);
    long index = (kindSalt >>> 33) + j;
    long random = mix(kindSalt + j);
    for (int i = 0; i < digits; i++) {
      if (uuid && (i == 8 || i == 12 || i == 16 || i == 20)) {
        out.append('-');
      }
      int nibble;
      if (i < 8) {
        nibble = (int) (index >>> (4 * (7 - i))) & 0xF;
      } else {
        if ((i - 8) % 16 == 0 && i > 8) {
          random = mix(random);
        }
        nibble = (int) (random >>> (4 * ((i - 8) % 16))) & 0xF;
      }
      char c = HEX[nibble];
      out.append(upper ? Character.toUpperCase(c) : c);
    }
  }

  /** Returns the id of resource {@code j}. */
  String id(Kind kind, long j) {
    StringBuilder out = new StringBuilder(48);
    appendId(out, kind, j);
    return out.toString();
  }

  /** Returns the id of the (single) VPC of an aws region. */
  String vpcId(int region) {
    StringBuilder out = new StringBuilder("vpc-");
    long random = mix(seed ^ 0x7BCL + region);
    for (int i = 0; i < 17; i++) {
      out.append(HEX[(int) (random >>> (4 * (i % 16))) & 0xF]);
    }
    return out.toString();
  }
}
