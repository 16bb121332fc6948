package io.secposture.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the relative links of a published HTML page ({@code src} and {@code href} attributes) and resolves them to
 * site keys, so a test can check that everything a page references was published. Absolute URLs, fragments,
 * {@code data:}, {@code mailto:} and {@code javascript:} links are ignored. Stateless.
 */
public final class SiteLinks {
  private static final Pattern ATTRIBUTE = Pattern.compile("\\b(?:src|href)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
      Pattern.CASE_INSENSITIVE);

  private SiteLinks() {
  }

  /**
   * Returns the keys a page links to.
   *
   * @param html the page
   * @param pageKey the page's own key, e.g. {@code runs/r1/aws/1234/scoutsuite/aws-1234.html}
   * @return the referenced keys, relative to the site root, sorted
   * @throws IllegalArgumentException if a link leaves the site root
   */
  public static SortedSet<String> relativeTargets(String html, String pageKey) {
    SortedSet<String> keys = new TreeSet<>();
    Matcher matcher = ATTRIBUTE.matcher(html);
    while (matcher.find()) {
      String link = unescape(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)).trim();
      String lower = link.toLowerCase(Locale.ROOT);
      if (link.isEmpty() || link.startsWith("#") || link.startsWith("//") || lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
        continue;
      }
      String path = link.replaceAll("[?#].*$", "");
      if (path.isEmpty()) {
        continue;
      }
      keys.add(resolve(pageKey, path));
    }
    return keys;
  }

  private static String resolve(String pageKey, String path) {
    try {
      URI base = new URI("http", "site", "/" + pageKey, null);
      URI target = base.resolve(new URI(null, null, URLDecoder.decode(path.replace("+", "%2B"),
          StandardCharsets.UTF_8), null)).normalize();
      String resolved = target.getPath();
      if (resolved == null || !resolved.startsWith("/") || resolved.startsWith("/..")) {
        throw new IllegalArgumentException("link '" + path + "' of " + pageKey + " leaves the site");
      }
      return resolved.substring(1);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("link '" + path + "' of " + pageKey + " is not a valid URI", e);
    }
  }

  private static String unescape(String text) {
    return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
