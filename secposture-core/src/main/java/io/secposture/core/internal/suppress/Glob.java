package io.secposture.core.internal.suppress;

/**
 * Not public API: a compiled glob over ids ({@code *} any run of characters, {@code /} and {@code :} included;
 * {@code ?} one character; everything else literal, case-sensitive). Literal globs compare with {@code equals},
 * a single {@code *} at one end with {@code startsWith}/{@code endsWith}, the rest with a two-pointer match.
 * Immutable and thread-safe.
 */
abstract class Glob {

  /**
   * Compiles a glob.
   *
   * @param glob the glob; nullable
   * @return the matcher, or null for a null glob or {@code *} (anything)
   */
  static Glob compile(String glob) {
    if (glob == null || glob.equals("*")) {
      return null;
    }
    int stars = count(glob, '*');
    boolean question = glob.indexOf('?') >= 0;
    if (stars == 0 && !question) {
      return new Literal(glob);
    }
    if (stars == 1 && !question && glob.endsWith("*")) {
      return new Prefix(glob.substring(0, glob.length() - 1));
    }
    if (stars == 1 && !question && glob.startsWith("*")) {
      return new Suffix(glob.substring(1));
    }
    return new Wildcard(glob);
  }

  /**
   * Tells whether a value matches.
   *
   * @param value the value
   * @return true when it matches
   */
  abstract boolean matches(String value);

  /**
   * Returns the glob's first character, a wildcard included.
   *
   * @return the first character; {@code *} for an empty glob
   */
  abstract char firstCharacter();

  /**
   * Returns the literal this glob is, if it has no wildcard.
   *
   * @return the literal; null for a pattern
   */
  String literal() {
    return null;
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static final class Literal extends Glob {
    private final String text;

    Literal(String text) {
      this.text = text;
    }

    @Override
    boolean matches(String value) {
      return text.equals(value);
    }

    @Override
    String literal() {
      return text;
    }

    @Override
    char firstCharacter() {
      return text.isEmpty() ? '*' : text.charAt(0);
    }
  }

  private static final class Prefix extends Glob {
    private final String prefix;

    Prefix(String prefix) {
      this.prefix = prefix;
    }

    @Override
    boolean matches(String value) {
      return value.startsWith(prefix);
    }

    @Override
    char firstCharacter() {
      return prefix.isEmpty() ? '*' : prefix.charAt(0);
    }
  }

  private static final class Suffix extends Glob {
    private final String suffix;

    Suffix(String suffix) {
      this.suffix = suffix;
    }

    @Override
    boolean matches(String value) {
      return value.endsWith(suffix);
    }

    @Override
    char firstCharacter() {
      return '*';
    }
  }

  /** The general case: the classic two-pointer wildcard match, linear in practice and never exponential. */
  private static final class Wildcard extends Glob {
    private final String glob;

    Wildcard(String glob) {
      this.glob = glob;
    }

    @Override
    char firstCharacter() {
      return glob.charAt(0);
    }

    @Override
    boolean matches(String value) {
      int g = 0;
      int v = 0;
      int star = -1;
      int resume = 0;
      while (v < value.length()) {
        char next = g < glob.length() ? glob.charAt(g) : 0;
        if (g < glob.length() && (next == '?' || (next != '*' && next == value.charAt(v)))) {
          g++;
          v++;
        } else if (g < glob.length() && glob.charAt(g) == '*') {
          star = g++;
          resume = v;
        } else if (star >= 0) {
          g = star + 1;
          v = ++resume;
        } else {
          return false;
        }
      }
      while (g < glob.length() && glob.charAt(g) == '*') {
        g++;
      }
      return g == glob.length();
    }
  }
}
