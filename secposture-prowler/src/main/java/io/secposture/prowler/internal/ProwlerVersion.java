package io.secposture.prowler.internal;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: a Prowler release, as {@code prowler --version} prints it, and what that release accepts.
 *
 * <p>Prowler 3.x-5.x answer {@code --version} with one line on standard output and exit 0: {@code Prowler 5.7.5},
 * followed by {@code (You are running the latest version, yay!)} or {@code (latest is 5.8.0, upgrade for the latest
 * features)} when it could ask GitHub within a second ({@code check_current_version()} in
 * {@code prowler/config/config.py}); some builds colour it with ANSI codes. {@link #parse} reads any of these, and a
 * bare {@code 5.7.5} line (wrappers).
 *
 * <p>Output formats ({@code --output-formats} choices, {@code prowler/lib/cli/parser.py} per tag): 4.0.x and 4.1.x
 * accept {@code csv json-asff json-ocsf}; {@code html} came back in 4.2.0; {@code sarif} came in 5.25.0. Prowler 3.x
 * and older take other flags ({@code -M/--output-modes}, no {@code --status}), so secposture runs 4.0 and later only.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version (0 when not printed)
 * @param text the version as printed, e.g. {@code 5.7.5} or {@code 5.0.0rc1}
 */
public record ProwlerVersion(int major, int minor, int patch, String text) implements Comparable<ProwlerVersion> {
  private static final Pattern NAMED = Pattern.compile("(?i)\\bProwler\\s+v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?"
      + "([0-9A-Za-z.+-]{0,20})");
  private static final Pattern BARE = Pattern.compile("^\\s*v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?"
      + "([0-9A-Za-z.+-]{0,20})\\s*$");

  /** Validates the components. */
  public ProwlerVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
    Objects.requireNonNull(text, "text");
  }

  /**
   * Reads a version from one line of {@code prowler --version} output.
   *
   * @param line the line, ANSI codes allowed
   * @return the version, or empty when the line names none
   */
  public static Optional<ProwlerVersion> parse(String line) {
    String clean = LogLines.clean(line);
    Matcher matcher = NAMED.matcher(clean);
    if (!matcher.find()) {
      matcher = BARE.matcher(clean);
      if (!matcher.find()) {
        return Optional.empty();
      }
    }
    int major = Integer.parseInt(matcher.group(1));
    int minor = Integer.parseInt(matcher.group(2));
    int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
    String text = major + "." + minor + (matcher.group(3) == null ? "" : "." + patch) + matcher.group(4);
    return Optional.of(new ProwlerVersion(major, minor, patch, text));
  }

  /**
   * Tells whether this release is at least the given one.
   *
   * @param major the major version
   * @param minor the minor version
   * @return true if this is {@code major.minor} or later
   */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  /**
   * Tells whether secposture can run this release: 4.0 or later.
   *
   * @return true for 4.x and later
   */
  public boolean supported() {
    return major >= 4;
  }

  /**
   * Returns the formats this release's {@code --output-formats} accepts.
   *
   * @return the format names
   */
  public Set<String> outputFormats() {
    Set<String> formats = new LinkedHashSet<>(Set.of("csv", "json-asff", "json-ocsf"));
    if (atLeast(4, 2)) {
      formats.add("html");
    }
    if (atLeast(5, 25)) {
      formats.add("sarif");
    }
    return formats;
  }

  /**
   * Says why this release does not write a format it refuses.
   *
   * @param format a format not in {@link #outputFormats()}
   * @return e.g. {@code html came back in Prowler 4.2.0}
   */
  public String whyNot(String format) {
    switch (format) {
      case "html": return "html came back in Prowler 4.2.0";
      case "sarif": return "sarif came in Prowler 5.25.0";
      default: return format + " is not an output format of this release";
    }
  }

  @Override
  public int compareTo(ProwlerVersion other) {
    int byMajor = Integer.compare(major, other.major);
    if (byMajor != 0) {
      return byMajor;
    }
    int byMinor = Integer.compare(minor, other.minor);
    return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return text;
  }
}
