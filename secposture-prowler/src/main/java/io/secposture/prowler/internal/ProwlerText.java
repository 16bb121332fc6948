package io.secposture.prowler.internal;

import io.secposture.api.ComplianceRef;
import io.secposture.api.FindingStatus;
import io.secposture.api.Severity;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: how Prowler's vocabularies, across versions and formats, map onto the normalised finding. Each
 * mapping names the Prowler version and format it comes from (see {@code shared/reference/prowler.md} section 3).
 * Stateless.
 */
final class ProwlerText {

  /**
   * A result status with the muted flag some statuses imply.
   *
   * @param status the normalised status
   * @param muted true when the status itself says the result is muted or allowlisted
   */
  record Status(FindingStatus status, boolean muted) {
    static final Status PASS = new Status(FindingStatus.PASS, false);
    static final Status FAIL = new Status(FindingStatus.FAIL, false);
    static final Status MUTED_FAIL = new Status(FindingStatus.FAIL, true);
    static final Status MANUAL = new Status(FindingStatus.MANUAL, false);
  }

  private static final Map<String, Status> STATUSES = Map.ofEntries(
      // v4/v5 status_code and CSV STATUS; v2/v3 PASS/FAIL (v2 also "Pass"/"Fail", hence the upper-casing)
      Map.entry("PASS", Status.PASS),
      Map.entry("FAIL", Status.FAIL),
      Map.entry("MANUAL", Status.MANUAL),
      // v2/v3: INFO is informational/manual; WARNING is allowlisted (muted) or a check's own warning
      Map.entry("INFO", Status.MANUAL),
      Map.entry("WARNING", Status.MUTED_FAIL),
      // v5 iac: the wrapped scanner reports a muted failure
      Map.entry("MUTED", Status.MUTED_FAIL),
      // ASFF Compliance.Status: 3.7+ and v4/v5 PASSED/FAILED/WARNING(muted)/NOT_AVAILABLE; 3.0-3.6 status + "ED"
      Map.entry("PASSED", Status.PASS),
      Map.entry("FAILED", Status.FAIL),
      Map.entry("WARNINGED", Status.MUTED_FAIL),
      Map.entry("INFOED", Status.MANUAL),
      Map.entry("NOT_AVAILABLE", Status.MANUAL),
      // v3 OCSF 1.0.0-rc.3 status: Success (PASS), Failure (FAIL), Other (WARNING), Unknown (INFO)
      Map.entry("SUCCESS", Status.PASS),
      Map.entry("FAILURE", Status.FAIL),
      Map.entry("OTHER", Status.MUTED_FAIL),
      Map.entry("UNKNOWN", Status.MANUAL));

  private static final Pattern V2_CHECK = Pattern.compile("^\\s*\\[([A-Za-z0-9_.-]+)]\\s*");
  private static final Pattern V2_SERVICE_TITLE = Pattern.compile("^([a-z0-9]+)\\.\\[([A-Za-z0-9_.-]+)]\\s*");
  private static final Pattern RC3_REQUIREMENT = Pattern.compile("'([^']*)'|\"([^\"]*)\"");
  private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*([.-][0-9A-Za-z.-]+)?");
  private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
      .toFormatter(Locale.ROOT);

  private ProwlerText() {
  }

  /**
   * Returns the text, or null when it is null or blank.
   *
   * @param text the text
   * @return the trimmed text or null
   */
  static String blankToNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * Returns the first of the values that is not blank.
   *
   * @param values candidates
   * @return the first non-blank value, trimmed, or null
   */
  static String firstNonBlank(String... values) {
    for (String value : values) {
      String text = blankToNull(value);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  /**
   * Maps a status of any version and format.
   *
   * @param raw the status text
   * @return the status, or null when it is none Prowler writes
   */
  static Status status(String raw) {
    String text = blankToNull(raw);
    return text == null ? null : STATUSES.get(text.toUpperCase(Locale.ROOT));
  }

  /**
   * Maps a severity label ({@code critical}, {@code High}, {@code MEDIUM}, ...) or an OCSF severity id (1-5; the
   * rc.3 format of v3 writes 0 for informational).
   *
   * @param raw the severity text
   * @return the severity, or null when it is neither
   */
  static Severity severity(String raw) {
    String text = blankToNull(raw);
    if (text == null) {
      return null;
    }
    Severity parsed = Severity.parse(text);
    if (parsed != null) {
      return parsed;
    }
    switch (text) {
      case "5": return Severity.CRITICAL;
      case "4": return Severity.HIGH;
      case "3": return Severity.MEDIUM;
      case "2": return Severity.LOW;
      case "1": case "0": return Severity.INFORMATIONAL;
      default: return null;
    }
  }

  /**
   * Returns the service of a check: the check id's prefix before the first {@code _} (Prowler's check ids are
   * {@code <service>_<what>}), or the whole id when it has none.
   *
   * @param checkId the check id
   * @return the service
   */
  static String serviceOf(String checkId) {
    int underscore = checkId.indexOf('_');
    return underscore > 0 ? checkId.substring(0, underscore) : checkId;
  }

  /**
   * Returns the check id of a v2 control text such as {@code [check14] Ensure access keys are rotated}.
   *
   * @param control the control or title text
   * @return the id in brackets, or null
   */
  static String v2CheckId(String control) {
    if (control == null) {
      return null;
    }
    Matcher matcher = V2_CHECK.matcher(control);
    if (matcher.find()) {
      return matcher.group(1);
    }
    Matcher titled = V2_SERVICE_TITLE.matcher(control);
    return titled.find() ? titled.group(2) : null;
  }

  /**
   * Returns a v2 control or ASFF title without its {@code [check14]} or {@code iam.[check14]} prefix.
   *
   * @param control the text
   * @return the title
   */
  static String v2Title(String control) {
    if (control == null) {
      return null;
    }
    Matcher titled = V2_SERVICE_TITLE.matcher(control);
    if (titled.find()) {
      return control.substring(titled.end());
    }
    Matcher matcher = V2_CHECK.matcher(control);
    return matcher.find() ? control.substring(matcher.end()) : control;
  }

  /**
   * Returns the service prefix of a v2 ASFF title such as {@code iam.[check14] Ensure ...}.
   *
   * @param title the title
   * @return the service, or null
   */
  static String v2TitleService(String title) {
    if (title == null) {
      return null;
    }
    Matcher titled = V2_SERVICE_TITLE.matcher(title);
    return titled.find() ? titled.group(1) : null;
  }

  /**
   * Adds the requirements of a JSON compliance object ({@code {"CIS-1.4": ["1.20"], ...}}).
   *
   * @param compliance framework to requirement ids; nullable
   * @param into where to add them
   */
  static void compliance(Map<String, List<String>> compliance, List<ComplianceRef> into) {
    if (compliance == null) {
      return;
    }
    for (Map.Entry<String, List<String>> framework : compliance.entrySet()) {
      String name = blankToNull(framework.getKey());
      if (name == null) {
        continue;
      }
      for (String requirement : framework.getValue()) {
        String id = blankToNull(requirement);
        if (id != null) {
          into.add(new ComplianceRef(name, id));
        }
      }
    }
  }

  /**
   * Adds the requirements of a CSV {@code COMPLIANCE} cell: {@code CIS-1.4: 1.20 | CIS-1.5: 1.20, 1.21}.
   *
   * @param cell the cell; nullable
   * @param into where to add them
   */
  static void unrolledCompliance(String cell, List<ComplianceRef> into) {
    String text = blankToNull(cell);
    if (text == null) {
      return;
    }
    for (String part : text.split("\\|")) {
      int colon = part.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String framework = part.substring(0, colon).strip();
      for (String requirement : part.substring(colon + 1).split(",")) {
        String id = blankToNull(requirement);
        if (id != null && !framework.isEmpty()) {
          into.add(new ComplianceRef(framework, id));
        }
      }
    }
  }

  /**
   * Adds the requirements of a v3 OCSF rc.3 {@code compliance.requirements} entry: {@code HIPAA: ['164_308', 'x']}.
   *
   * @param entry the entry; nullable
   * @param into where to add them
   */
  static void rc3Requirement(String entry, List<ComplianceRef> into) {
    String text = blankToNull(entry);
    if (text == null) {
      return;
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return;
    }
    String framework = text.substring(0, colon).strip();
    Matcher ids = RC3_REQUIREMENT.matcher(text.substring(colon + 1));
    while (ids.find()) {
      String id = blankToNull(ids.group(1) != null ? ids.group(1) : ids.group(2));
      if (id != null) {
        into.add(new ComplianceRef(framework, id));
      }
    }
  }

  /**
   * Adds the requirements of an ASFF {@code Compliance.RelatedRequirements} entry: {@code CIS-1.5 1.20} (v3+), or
   * space-separated ENS ids in v2 ({@code ens-op.acc.1.aws.iam.4 ens-op.acc.5.aws.iam.3}). Prowler cuts each v3+
   * entry to {@value #ASFF_REQUIREMENT_CHARS} characters (Security Hub's limit), so the last id of an entry that long
   * (unless it ends in a space) may be a fragment ({@code 164_312_} of {@code 164_312_a_2_iv}); it is left out
   * rather than reported as a requirement that does not exist. Ids containing spaces cannot be told apart here.
   *
   * @param entry the entry; nullable
   * @param into where to add them
   */
  static void asffRequirement(String entry, List<ComplianceRef> into) {
    String text = blankToNull(entry);
    if (text == null) {
      return;
    }
    String[] tokens = text.split("\\s+");
    if (tokens[0].startsWith("ens-")) {
      v2Compliance(text, into);
      return;
    }
    boolean cutInAnId = entry.length() >= ASFF_REQUIREMENT_CHARS
        && !Character.isWhitespace(entry.charAt(entry.length() - 1));
    int end = cutInAnId ? tokens.length - 1 : tokens.length;
    for (int i = 1; i < end; i++) {
      into.add(new ComplianceRef(tokens[0], tokens[i]));
    }
  }

  /** The length Prowler cuts each ASFF {@code RelatedRequirements} entry to. */
  static final int ASFF_REQUIREMENT_CHARS = 63;

  /**
   * Adds the ENS requirements of a v2 compliance text ({@code ens-op.acc.1.aws.iam.4 ens-op.acc.5.aws.iam.3});
   * other words (v2 also writes ASFF types such as {@code Software and Configuration Checks} there) are ignored.
   *
   * @param text the text; nullable
   * @param into where to add them
   */
  static void v2Compliance(String text, List<ComplianceRef> into) {
    if (text == null) {
      return;
    }
    for (String token : text.split("\\s+")) {
      if (token.startsWith("ens-") && token.length() > 4) {
        into.add(new ComplianceRef("ENS", token.substring(4)));
      }
    }
  }

  /**
   * Parses a scan time as Prowler writes it: ISO with or without offset ({@code 2025-02-14T14:27:03.913874},
   * {@code 2023-03-18T15:43:31Z}), with a space ({@code 2025-02-14 14:27:03.913874}) or epoch seconds. Prowler writes
   * naive local times; secposture runs it with {@code TZ=UTC}, so naive times are read as UTC.
   *
   * @param raw the text
   * @return the instant, or null when it is none of those
   */
  static Instant time(String raw) {
    String text = blankToNull(raw);
    if (text == null) {
      return null;
    }
    try {
      if (text.chars().allMatch(Character::isDigit) && text.length() <= 12) {
        return Instant.ofEpochSecond(Long.parseLong(text));
      }
      if (text.endsWith("Z") || text.endsWith("z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
      }
      return LocalDateTime.parse(text, LOCAL_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * Returns a Prowler version if the text looks like one ({@code 5.4.0}, {@code 3.0-beta-21Nov2022},
   * {@code 2.9.0-13April2022}); the example files' {@code <prowler_version>} placeholder is not.
   *
   * @param raw the text
   * @return the version or null
   */
  static String version(String raw) {
    String text = blankToNull(raw);
    return text != null && VERSION.matcher(text).matches() ? text : null;
  }

  /**
   * Joins a remediation text and its reference URLs (or commands), one per line.
   *
   * @param text the recommendation; nullable
   * @param references URLs or commands; nullable
   * @return the joined text, or null when there is neither
   */
  static String remediation(String text, List<String> references) {
    StringBuilder joined = new StringBuilder();
    String recommendation = blankToNull(text);
    if (recommendation != null) {
      joined.append(recommendation);
    }
    if (references != null) {
      for (String reference : references) {
        String line = blankToNull(reference);
        if (line != null && joined.indexOf(line) < 0) {
          if (joined.length() > 0) {
            joined.append('\n');
          }
          joined.append(line);
        }
      }
    }
    return joined.length() == 0 ? null : joined.toString();
  }

  /**
   * Replaces Windows line ends inside a value ({@code \r\n} and the {@code \r\r\n} of Windows text mode) by
   * {@code \n}.
   *
   * @param text the text; nullable
   * @return the text with plain line feeds
   */
  static String lineFeeds(String text) {
    if (text == null || text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace('\r', '\n');
  }
}
