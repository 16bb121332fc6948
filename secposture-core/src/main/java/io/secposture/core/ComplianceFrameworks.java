package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which compliance frameworks a report keeps: setting {@value #SETTING}, comma-separated globs matched against the
 * framework keys of the report's compliance section ({@code CIS-2.0}, {@code PCI-3.2.1},
 * {@code AWS-Foundational-Security-Best-Practices}, ScoutSuite's {@code CIS-1.2}...), {@code *} for any run of
 * characters and {@code ?} for one, ignoring case; for example {@code CIS-*,PCI-*}. Default: every framework.
 *
 * <p>Why: Prowler maps every check to 30 and more frameworks, and the compliance section lists each framework's
 * requirements with their accounts, so it grows with frameworks × requirements × accounts; keeping the frameworks
 * the organisation reports on keeps {@code report_latest.json} (and each run's memory) small. The README's
 * Compliance section has the measured sizes.
 *
 * <p><b>Where it applies.</b> {@link Pipeline.Builder#complianceFrameworks} filters the report of each scan (and
 * each file of {@code aggregate}) before the run merges them, so neither the report nor the run's memory holds the
 * frameworks left out; {@code history.json} rows and the diff derive from the filtered section. Findings files keep
 * every reference the scanner gave. The job sets it with {@code --compliance-frameworks} or
 * {@code SECPOSTURE_COMPLIANCE_FRAMEWORKS}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ComplianceFrameworks {
  /** The setting's key. */
  public static final String SETTING = "report.compliance.frameworks";

  private static final ComplianceFrameworks ALL = new ComplianceFrameworks(List.of(), List.of());

  private final List<String> globs;
  private final List<Pattern> patterns;

  private ComplianceFrameworks(List<String> globs, List<Pattern> patterns) {
    this.globs = List.copyOf(globs);
    this.patterns = List.copyOf(patterns);
  }

  /**
   * Returns the filter that keeps every framework (the default).
   *
   * @return the filter
   */
  public static ComplianceFrameworks all() {
    return ALL;
  }

  /**
   * Parses comma-separated globs such as {@code CIS-*,PCI-*}; blanks around commas are ignored. {@code *} alone, an
   * empty text or {@code null} keep every framework.
   *
   * @param text the globs; nullable
   * @return the filter
   * @throws ConfigurationException if an entry between commas is empty, naming the setting and an example
   */
  public static ComplianceFrameworks parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<String> globs = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String glob = part.strip();
      if (glob.isEmpty()) {
        throw new ConfigurationException("setting '" + SETTING + "' has value '" + text + "' with an empty entry;"
            + " expected comma-separated framework globs such as CIS-*,PCI-* (or * for all)");
      }
      if (glob.equals("*")) {
        return ALL;
      }
      globs.add(glob);
      patterns.add(toPattern(glob));
    }
    return new ComplianceFrameworks(globs, patterns);
  }

  /**
   * Reads {@value #SETTING} from settings.
   *
   * @param settings the settings
   * @return the filter; every framework when the setting is absent
   * @throws ConfigurationException if the value is malformed
   */
  public static ComplianceFrameworks from(Settings settings) {
    return parse(settings.getString(SETTING));
  }

  /**
   * Tells whether every framework is kept.
   *
   * @return true for the default
   */
  public boolean keepsAll() {
    return patterns.isEmpty();
  }

  /**
   * Tells whether a framework is kept.
   *
   * @param framework a framework key, e.g. {@code CIS-2.0}
   * @return true if some glob matches it (or every framework is kept)
   */
  public boolean keeps(String framework) {
    Objects.requireNonNull(framework, "framework");
    if (patterns.isEmpty()) {
      return true;
    }
    for (Pattern pattern : patterns) {
      if (pattern.matcher(framework).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the report with only the kept frameworks in its compliance section.
   *
   * @param report the report
   * @return the same report when nothing is left out, else a copy
   */
  public PostureReport apply(PostureReport report) {
    if (patterns.isEmpty() || report.compliance().isEmpty()) {
      return report;
    }
    List<FrameworkCompliance> kept = new ArrayList<>(report.compliance().size());
    for (FrameworkCompliance framework : report.compliance()) {
      if (keeps(framework.framework())) {
        kept.add(framework);
      }
    }
    return kept.size() == report.compliance().size() ? report : report.toBuilder().compliance(kept).build();
  }

  /**
   * Returns the globs.
   *
   * @return the globs as given; empty when every framework is kept
   */
  public List<String> globs() {
    return globs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ComplianceFrameworks that && globs.equals(that.globs);
  }

  @Override
  public int hashCode() {
    return globs.hashCode();
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "all frameworks" : String.join(",", globs);
  }

  private static Pattern toPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }
}
