package io.secposture.core.internal.html;

import java.util.regex.Pattern;

/**
 * Not public API: escaping and link checks for the pages secposture renders.
 *
 * <p>{@link #escape(String)} makes any text safe in HTML text and in double- or single-quoted attribute values.
 * {@link #relativeLink(String)} accepts only the relative object keys {@code SiteLayout} produces, so a link can
 * never carry a scheme ({@code javascript:}, {@code data:}, {@code https:}), start at the root or another host
 * ({@code /x}, {@code //host}) or climb out of the site ({@code ..}). Stateless.
 */
public final class Html {
  /** A relative key: safe segments separated by single slashes. */
  private static final Pattern RELATIVE_KEY = Pattern.compile("[A-Za-z0-9._@=+~-]+(?:/[A-Za-z0-9._@=+~-]+)*");

  private Html() {
  }

  /**
   * Escapes text for HTML text and quoted attribute values: {@code & < > " '} become entities, control characters
   * (other than tab, line feed and carriage return) and unpaired surrogates become U+FFFD.
   *
   * @param text any text; {@code null} becomes the empty string
   * @return the escaped text
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      String replacement = replacement(text, i, c);
      if (replacement == null) {
        if (out != null) {
          out.append(c);
        }
        if (Character.isHighSurrogate(c)) {
          // a valid pair: copy the low half as well
          i++;
          if (out != null) {
            out.append(text.charAt(i));
          }
        }
      } else {
        if (out == null) {
          out = new StringBuilder(length + 16).append(text, 0, i);
        }
        out.append(replacement);
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(String text, int index, char c) {
    switch (c) {
      case '&': return "&amp;";
      case '<': return "&lt;";
      case '>': return "&gt;";
      case '"': return "&quot;";
      case '\'': return "&#39;";
      case '\t': case '\n': case '\r': return null;
      default:
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
          return "\uFFFD";
        }
        if (Character.isHighSurrogate(c)) {
          boolean paired = index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
          return paired ? null : "\uFFFD";
        }
        if (Character.isLowSurrogate(c)) {
          return "\uFFFD";
        }
        return null;
    }
  }

  /**
   * Returns a link target if it is a safe relative key, for use in {@code href}.
   *
   * @param key a link from a report row
   * @return the escaped key, or {@code null} if it is not a relative key of safe segments
   */
  public static String relativeLink(String key) {
    if (key == null || key.length() > 2048 || !RELATIVE_KEY.matcher(key).matches()) {
      return null;
    }
    for (String segment : key.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return escape(key);
  }
}
