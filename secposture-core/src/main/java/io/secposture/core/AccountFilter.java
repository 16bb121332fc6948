package io.secposture.core;

import io.secposture.api.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which discovered accounts to scan: include rules (none means every account) and exclude rules, which win.
 *
 * <p>Rules are written as the job's {@code --include} and {@code --exclude} options take them:
 * <pre>
 * 123456789012        an account id; {@code *} and {@code ?} are wildcards ({@code id:} may be written first)
 * id:prod-*           the same, explicitly
 * name:*-sandbox      the account's display name (AWS account name, GCP project name, subscription name)
 * ou:ou-ab12-cdef3456 accounts in an AWS organizational unit, at any depth below it
 * folder:123456789    GCP projects in a folder, at any depth below it
 * tag:env=prod        accounts with a tag (AWS tag, GCP label, Azure tag); the value may hold wildcards
 * tag:env             accounts with the tag, whatever its value
 * </pre>
 * Each {@link AccountDiscovery} says which rule words it understands ({@link #unsupported(Set)}); it looks tags and
 * groups up only when a rule needs them ({@link #usesTags()}, {@link #usesGroups()}), since that costs API calls.
 *
 * <p>Immutable and thread-safe.
 *
 * @param include rules of which an account must match at least one; empty for every account
 * @param exclude rules of which an account must match none
 */
public record AccountFilter(List<Rule> include, List<Rule> exclude) {
  /** A filter that admits every account. */
  public static final AccountFilter ALL = new AccountFilter(List.of(), List.of());

  /** Copies the lists. */
  public AccountFilter {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** What a rule looks at. */
  public enum Kind {
    /** The account id. */
    ID,
    /** The display name. */
    NAME,
    /** A group the account sits in, at any depth: an AWS organizational unit, a GCP folder. */
    GROUP,
    /** A tag or label. */
    TAG
  }

  /**
   * One rule.
   *
   * @param kind what it looks at
   * @param word the word it was written with ({@code id}, {@code name}, {@code ou}, {@code folder}, {@code tag})
   * @param key the id or name pattern, the group id, or the tag key
   * @param value the tag value pattern; nullable for "any value" and for rules other than tags
   */
  public record Rule(Kind kind, String word, String key, String value) {
    /** Validates the components. */
    public Rule {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(word, "word");
      Objects.requireNonNull(key, "key");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("a rule needs a value after '" + word + ":'");
      }
    }

    /**
     * Tells whether an account matches this rule.
     *
     * @param account what is known about the account
     * @return true if it matches
     */
    public boolean matches(Candidate account) {
      switch (kind) {
        case ID:
          return glob(key).matcher(account.id()).matches();
        case NAME:
          return glob(key).matcher(account.name()).matches();
        case GROUP:
          return account.groups().contains(key);
        case TAG:
          String tag = account.tags().get(key);
          return tag != null && (value == null || glob(value).matcher(tag).matches());
        default:
          throw new IllegalStateException("unknown rule kind " + kind);
      }
    }

    /** Returns the rule as it is written, e.g. {@code tag:env=prod}. */
    @Override
    public String toString() {
      return word + ":" + key + (value == null ? "" : "=" + value);
    }
  }

  /**
   * What a discovery knows about an account when it filters.
   *
   * @param id the account id
   * @param name the display name; the id when it has none
   * @param groups the groups it sits in, at every depth (OU ids, folder ids); empty when not looked up
   * @param tags its tags or labels; empty when not looked up
   */
  public record Candidate(String id, String name, Set<String> groups, Map<String, String> tags) {
    /** Validates the components and copies the collections. */
    public Candidate {
      Objects.requireNonNull(id, "id");
      name = name == null || name.isBlank() ? id : name;
      groups = Set.copyOf(groups);
      tags = Map.copyOf(tags);
    }
  }

  /**
   * Parses include and exclude rules.
   *
   * @param include the include rules as written
   * @param exclude the exclude rules as written
   * @return the filter
   * @throws ConfigurationException listing every rule that does not parse, with the forms that do
   */
  public static AccountFilter parse(List<String> include, List<String> exclude) {
    List<String> problems = new ArrayList<>();
    AccountFilter filter = new AccountFilter(parse(include, "--include", problems), parse(exclude, "--exclude",
        problems));
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return filter;
  }

  private static List<Rule> parse(List<String> texts, String where, List<String> problems) {
    List<Rule> rules = new ArrayList<>();
    for (String text : texts) {
      String rule = text.trim();
      if (rule.isEmpty()) {
        continue;
      }
      try {
        rules.add(parseRule(rule));
      } catch (IllegalArgumentException e) {
        problems.add(where + " rule '" + rule + "': " + e.getMessage() + "; write an account id (wildcards * and ?),"
            + " id:PATTERN, name:PATTERN, ou:OU_ID, folder:FOLDER_ID, tag:KEY or tag:KEY=VALUE");
      }
    }
    return rules;
  }

  private static Rule parseRule(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new Rule(Kind.ID, "id", text, null);
    }
    String word = text.substring(0, colon).trim();
    String rest = text.substring(colon + 1).trim();
    switch (word) {
      case "id":
        return new Rule(Kind.ID, word, rest, null);
      case "name":
        return new Rule(Kind.NAME, word, rest, null);
      case "ou":
      case "folder":
        return new Rule(Kind.GROUP, word, rest, null);
      case "tag":
      case "label":
        int equals = rest.indexOf('=');
        return equals < 0 ? new Rule(Kind.TAG, word, rest, null)
            : new Rule(Kind.TAG, word, rest.substring(0, equals).trim(), rest.substring(equals + 1).trim());
      default:
        throw new IllegalArgumentException("unknown rule word '" + word + "'");
    }
  }

  /**
   * Tells whether an account passes: it matches an include rule (or there are none) and no exclude rule.
   *
   * @param account what is known about the account
   * @return true to scan it
   */
  public boolean admits(Candidate account) {
    for (Rule rule : exclude) {
      if (rule.matches(account)) {
        return false;
      }
    }
    if (include.isEmpty()) {
      return true;
    }
    for (Rule rule : include) {
      if (rule.matches(account)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether any rule looks at tags, so a discovery must fetch them.
   *
   * @return true if tags are needed
   */
  public boolean usesTags() {
    return uses(Kind.TAG);
  }

  /**
   * Tells whether any rule looks at groups, so a discovery must walk its hierarchy.
   *
   * @return true if groups are needed
   */
  public boolean usesGroups() {
    return uses(Kind.GROUP);
  }

  /**
   * Returns the group ids the rules name, so a discovery walks only below them.
   *
   * @return the group ids, sorted
   */
  public Set<String> groups() {
    TreeSet<String> groups = new TreeSet<>();
    for (Rule rule : all()) {
      if (rule.kind() == Kind.GROUP) {
        groups.add(rule.key());
      }
    }
    return groups;
  }

  /**
   * Returns a problem for every rule written with a word a discovery does not understand.
   *
   * @param words the words it understands, e.g. {@code [id, name, ou, tag]}
   * @return the problems, empty when every rule is understood
   */
  public List<String> unsupported(Set<String> words) {
    List<String> problems = new ArrayList<>();
    for (Rule rule : all()) {
      if (!words.contains(rule.word())) {
        problems.add("the rule '" + rule + "' does not apply here; this discovery understands "
            + new TreeSet<>(words));
      }
    }
    return problems;
  }

  private boolean uses(Kind kind) {
    return all().stream().anyMatch(rule -> rule.kind() == kind);
  }

  private List<Rule> all() {
    List<Rule> all = new ArrayList<>(include);
    all.addAll(exclude);
    return all;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** Returns the rules as written, e.g. {@code include [ou:ou-1] exclude [tag:env=dev]}. */
  @Override
  public String toString() {
    return "include " + include + " exclude " + exclude;
  }
}
