package io.secposture.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One requirement of a framework in the report's compliance section: where it fails, passes or only needs a human.
 *
 * <p>An account is in exactly one of the three lists: failing when some non-muted FAIL maps to the requirement
 * there, else passing when some PASS does, else manual when only MANUAL results do. The constructor enforces that
 * (an account given as failing and passing is failing), so merging two requirements is the union of their lists.
 * Built by the aggregator and the report codec; immutable and thread-safe.
 *
 * @param id the requirement id within the framework, e.g. {@code 2.1.1}
 * @param title the requirement's title; nullable when no scanner gave one
 * @param failingAccounts accounts where it fails, sorted
 * @param passingAccounts accounts where it passes, sorted
 * @param manualAccounts accounts where only MANUAL results map to it, sorted
 * @param flagged how many flagged (non-muted FAIL) findings map to it, over all accounts
 */
public record ComplianceRequirement(String id, String title, List<String> failingAccounts,
    List<String> passingAccounts, List<String> manualAccounts, long flagged) {

  /** Orders requirement ids with their numeric parts compared as numbers: {@code 1.2} before {@code 1.10}. */
  public static final Comparator<String> ID_ORDER = ComplianceRequirement::compareIds;

  /** Validates the components and puts the account lists in canonical form. */
  public ComplianceRequirement {
    Objects.requireNonNull(id, "id");
    TreeSet<String> failing = new TreeSet<>(failingAccounts);
    TreeSet<String> passing = new TreeSet<>(passingAccounts);
    passing.removeAll(failing);
    TreeSet<String> manual = new TreeSet<>(manualAccounts);
    manual.removeAll(failing);
    manual.removeAll(passing);
    failingAccounts = List.copyOf(failing);
    passingAccounts = List.copyOf(passing);
    manualAccounts = List.copyOf(manual);
    if (flagged < 0) {
      throw new IllegalArgumentException("flagged must not be negative");
    }
  }

  /**
   * Returns the requirement's status over all accounts: FAIL when it fails in some account, else PASS when it passes
   * in some account, else MANUAL.
   *
   * @return the status
   */
  public FindingStatus status() {
    if (!failingAccounts.isEmpty()) {
      return FindingStatus.FAIL;
    }
    return passingAccounts.isEmpty() ? FindingStatus.MANUAL : FindingStatus.PASS;
  }

  /**
   * Returns the requirement's status in one account.
   *
   * @param account the account id
   * @return the status; {@code null} when the requirement was not assessed there
   */
  public FindingStatus status(String account) {
    if (contains(failingAccounts, account)) {
      return FindingStatus.FAIL;
    }
    if (contains(passingAccounts, account)) {
      return FindingStatus.PASS;
    }
    return contains(manualAccounts, account) ? FindingStatus.MANUAL : null;
  }

  /**
   * Returns every account the requirement was assessed in.
   *
   * @return the accounts, sorted
   */
  public List<String> accounts() {
    TreeSet<String> all = new TreeSet<>(failingAccounts);
    all.addAll(passingAccounts);
    all.addAll(manualAccounts);
    return List.copyOf(all);
  }

  /**
   * Combines two entries of the same requirement (from two partial reports): account lists are united, flagged
   * counts summed, and the title is the smaller non-null one. Associative and commutative.
   *
   * @param other an entry with the same id
   * @return the combined entry
   * @throws IllegalArgumentException if the ids differ
   */
  public ComplianceRequirement plus(ComplianceRequirement other) {
    if (!id.equals(other.id)) {
      throw new IllegalArgumentException("cannot combine requirement " + id + " with " + other.id);
    }
    String mergedTitle = title == null ? other.title
        : other.title == null || title.compareTo(other.title) <= 0 ? title : other.title;
    return new ComplianceRequirement(id, mergedTitle, union(failingAccounts, other.failingAccounts),
        union(passingAccounts, other.passingAccounts), union(manualAccounts, other.manualAccounts),
        Math.addExact(flagged, other.flagged));
  }

  /**
   * Combines several entries of the same requirement at once, as repeated {@link #plus} would.
   *
   * @param entries entries with the same id; not empty
   * @return the combined entry
   * @throws IllegalArgumentException if the list is empty or the ids differ
   */
  public static ComplianceRequirement combine(List<ComplianceRequirement> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("nothing to combine");
    }
    ComplianceRequirement first = entries.get(0);
    if (entries.size() == 1) {
      return first;
    }
    String title = null;
    List<String> failing = new ArrayList<>();
    List<String> passing = new ArrayList<>();
    List<String> manual = new ArrayList<>();
    long flagged = 0;
    for (ComplianceRequirement entry : entries) {
      if (!first.id.equals(entry.id)) {
        throw new IllegalArgumentException("cannot combine requirement " + first.id + " with " + entry.id);
      }
      if (entry.title != null && (title == null || entry.title.compareTo(title) < 0)) {
        title = entry.title;
      }
      failing.addAll(entry.failingAccounts);
      passing.addAll(entry.passingAccounts);
      manual.addAll(entry.manualAccounts);
      flagged = Math.addExact(flagged, entry.flagged);
    }
    return new ComplianceRequirement(first.id, title, failing, passing, manual, flagged);
  }

  private static List<String> union(Collection<String> a, Collection<String> b) {
    List<String> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  private static boolean contains(List<String> sorted, String account) {
    return Collections.binarySearch(sorted, account) >= 0;
  }

  private static int compareIds(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (isDigit(x) && isDigit(y)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        String numberA = stripZeros(a.substring(i, endA));
        String numberB = stripZeros(b.substring(j, endB));
        int byLength = Integer.compare(numberA.length(), numberB.length());
        if (byLength != 0) {
          return byLength;
        }
        int byDigits = numberA.compareTo(numberB);
        if (byDigits != 0) {
          return byDigits;
        }
        i = endA;
        j = endB;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int byRest = Integer.compare(a.length() - i, b.length() - j);
    // equal under numeric comparison ("01" and "1"): fall back to the plain order so the order stays total
    return byRest != 0 ? byRest : a.compareTo(b);
  }

  private static int digitsEnd(String text, int from) {
    int end = from;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String stripZeros(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    return digits.substring(start);
  }
}
