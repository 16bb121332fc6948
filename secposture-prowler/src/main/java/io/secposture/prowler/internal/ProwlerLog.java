package io.secposture.prowler.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: what Prowler's log (its standard error, already redacted) says about a scan, and what its
 * standard output says about an empty one.
 *
 * <p><b>Log lines.</b> Prowler logs {@code <time> [File: <file>.py:<line>] \t[Module: <module>]\t <LEVEL>: <message>}
 * (for example {@code 2026-12-06 03:31:32,865 [File: ec2_elastic_ip_shodan.py:36] \t[Module:
 * ec2_elastic_ip_shodan]\t ERROR: No Shodan API Key -- ...}), or with {@code --only-logs} and {@code --log-file}
 * {@code {"timestamp": ..., "filename": "<file>.py:<line>", "level": "ERROR", "module": "<module>", "message":
 * "..."}}. Other lines (banner, progress, tracebacks) are not log records, except that a line holding
 * {@code ] ERROR: } or starting with {@code ERROR: } is read as one without its file and module. The file is read
 * line by line with each line cut to {@value LogLines#MAX_LINE} characters; it can be large.
 *
 * <p><b>How ERROR and CRITICAL lines are classified</b> (from Prowler 4.x/5.x source: {@code logger.error} and
 * {@code logger.critical} calls in the service classes, the checks and {@code lib/check/check.py}):
 * <ol>
 *   <li><b>Notices</b>: messages about an optional integration or an empty selection, which lose no data Prowler
 *   was asked to collect: {@code No Shodan API Key -- ...} (logged by {@code ec2_elastic_ip_shodan} in every AWS scan
 *   that includes EC2 and has no Shodan key), {@code There are no checks to execute ...} and
 *   {@code Fixer method not implemented ...}. They become warnings and never make a scan PARTIAL.</li>
 *   <li><b>Collection errors</b>: data that was not collected. Their shape is
 *   {@code [<scope> -- ]<Exception>[<line>]: <message>}: a service class calling the cloud API
 *   ({@code us-east-1 -- ClientError[120]: An error occurred (AccessDenied) when calling the DescribeInstances
 *   operation ...}, {@code ResponseParserError}, throttling, {@code AttributeError} on an API the installed SDK
 *   lacks; Azure logs {@code Subscription name: <name>} on the line before the error, which is read as where that error
 *   happened and not counted itself; GCP writes the project or region), or a check that crashed
 *   ({@code <check_id> -- KeyError[31]: 'Policy'} from {@code check.py}, or {@code <check_id> - ...}); also
 *   {@code Check '<id>' was not found for the AWS provider} (the check did not run). Each is counted under a kind:
 *   the AWS error code of {@code An error occurred (<Code>) when calling ...} when the message has one (AccessDenied,
 *   Throttling, ...), else the exception class ({@code ResponseParserError}), {@code CheckNotFound} for a missing
 *   check; by service: the module ({@code ec2_service} is ec2, a check module such as {@code s3_bucket_public_access}
 *   is s3, a crashed check's id in the message names its service; other modules are named as they are); and by
 *   where: the scope before {@code --} when it names a region, location, project or subscription rather than a
 *   check.</li>
 *   <li><b>Anything else</b> at ERROR or CRITICAL is counted as a collection error of kind {@code other}: secposture
 *   cannot tell that no data was lost, so it says so rather than hiding it.</li>
 * </ol>
 * A scan with collection errors is PARTIAL with {@link #collectionSummary()} as its reason, e.g.
 * {@code collection errors: ResponseParserError x3 (ec2 2, s3 1; us-east-1 3); some checks did not run or saw partial
 * data; first: us-east-1 -- ResponseParserError[594]: Unable to parse response ...}.
 *
 * <p><b>Empty scans.</b> Prowler 4.3 and later write no result file when there is nothing to report and print
 * {@code There are no findings in <Account|Tenant Domain|Tenant ID/s|Project ID/s|Context> <id>} on standard output
 * instead ({@code prowler/lib/outputs/summary_table.py}); {@link #noFindings(Path)} finds that line.
 *
 * <p>Memory is bounded whatever the log holds: at most {@value #MAX_KINDS} kinds, {@value #MAX_PLACES} services and
 * places per kind and {@value #MAX_NOTICES} notices are kept apart; the rest are counted together. Immutable after
 * {@link #read}.
 */
final class ProwlerLog {
  private static final Pattern STREAM_RECORD = Pattern.compile(
      "\\[File: ([^\\]]*?)(?::\\d+)?]\\s*\\[Module: ([^\\]]*)]\\s*(DEBUG|INFO|WARNING|ERROR|CRITICAL): ?(.*)$");
  private static final Pattern JSON_RECORD = Pattern.compile(
      "\"filename\":\\s*\"([^\"]*?)(?::\\d+)?\",\\s*\"level\":\\s*\"(\\w+)\",\\s*\"module\":\\s*\"([^\"]*)\","
          + "\\s*\"message\":\\s*\"(.*)\"\\s*}\\s*$");
  private static final Pattern BARE_RECORD = Pattern.compile("(?:^|]\\s+)(ERROR|CRITICAL):\\s(.*)$");
  private static final Pattern USAGE_ERROR = Pattern.compile("^prowler(?:\\.py)?(?: [a-z0-9]+)?: error: (.*)$");
  private static final Pattern EXCEPTION_FORM = Pattern.compile(
      "^(?:(.{1,200}?) -{1,2} )?([A-Za-z_][A-Za-z0-9_.]*)\\[(\\d+)](?::\\s?| -- )(.*)$", Pattern.DOTALL);
  private static final Pattern AWS_CODE = Pattern.compile("An error occurred \\(([A-Za-z][A-Za-z0-9.]*)\\) when "
      + "calling the");
  private static final Pattern CHECK_NOT_FOUND = Pattern.compile("^Check '([^']{1,200})' was not found for the ");
  private static final Pattern CHECK_ID = Pattern.compile("^[a-z0-9]+(?:_[a-z0-9]+)+$");
  private static final Pattern CHECK_ID_WORD = Pattern.compile("(?<![\\w-])([a-z0-9]+(?:_[a-z0-9]+)+)(?![\\w-])");
  private static final Pattern LIBRARY_MODULE = Pattern.compile(
      ".*_(?:provider|mutelist|models|table|hub|utils|loader|metadata|inventory|mapper|arguments|parser|config)$");
  private static final Pattern SUBSCRIPTION = Pattern.compile("^Subscription(?: name)?: (.{1,100})$");
  private static final Pattern NO_FINDINGS = Pattern.compile("There are no findings in (\\S.*?)\\s*$");
  private static final List<Pattern> NOTICES = List.of(
      Pattern.compile("^No Shodan API Key\\b"),
      Pattern.compile("^There are no checks to execute\\b"),
      Pattern.compile("^Fixer method not implemented\\b"));
  private static final int MAX_MESSAGE = 400;
  static final int MAX_KINDS = 50;
  static final int MAX_PLACES = 20;
  static final int MAX_NOTICES = 10;
  private static final int SHOWN_KINDS = 5;
  private static final int SHOWN_PLACES = 4;

  private final long errors;
  private final long criticals;
  private final long collectionErrors;
  private final Map<String, Kind> kinds;
  private final Map<String, Long> notices;
  private final String firstCollectionError;
  private final String lastError;
  private final String lastCritical;
  private final String usageError;

  private ProwlerLog(Reader reader) {
    this.errors = reader.errors;
    this.criticals = reader.criticals;
    this.collectionErrors = reader.collectionErrors;
    this.kinds = reader.kinds;
    this.notices = reader.notices;
    this.firstCollectionError = reader.firstCollectionError;
    this.lastError = reader.lastError;
    this.lastCritical = reader.lastCritical;
    this.usageError = reader.usageError;
  }

  /**
   * Reads a log file; a missing or unreadable file reads as a log without errors.
   *
   * @param file the standard error log
   * @return what it says
   */
  static ProwlerLog read(Path file) {
    Reader reader = new Reader();
    LogLines.forEach(file, reader::line);
    return new ProwlerLog(reader);
  }

  /**
   * Finds Prowler's statement that a scan had nothing to report.
   *
   * @param stdout the standard output log
   * @return what was scanned as Prowler names it ({@code Account 123456789012}), or null when it did not say so
   */
  static String noFindings(Path stdout) {
    String[] entity = new String[1];
    LogLines.forEach(stdout, line -> {
      Matcher matcher = NO_FINDINGS.matcher(line);
      if (matcher.find()) {
        entity[0] = matcher.group(1);
      }
    });
    return entity[0];
  }

  /** @return ERROR plus CRITICAL lines, notices included */
  long problems() {
    return errors + criticals;
  }

  /** @return CRITICAL lines */
  long criticals() {
    return criticals;
  }

  /** @return ERROR and CRITICAL lines that are collection errors (not notices) */
  long collectionErrors() {
    return collectionErrors;
  }

  /** @return the message of the last ERROR or CRITICAL line, or null */
  String lastError() {
    return lastError;
  }

  /** @return the message of the last CRITICAL line (what preceded a fatal exit), else of the last ERROR, or null */
  String fatal() {
    return lastCritical != null ? lastCritical : lastError;
  }

  /** @return argparse's complaint ({@code prowler: error: ...}), or null */
  String usageError() {
    return usageError;
  }

  /**
   * Summarises the collection errors for a PARTIAL scan's reason.
   *
   * @return e.g. {@code collection errors: AccessDenied x2 (ec2 2; eu-west-1 1, us-east-1 1), KeyError x1 (s3 1);
   *     some checks did not run or saw partial data; first: ...}, or null when there were none
   */
  String collectionSummary() {
    if (collectionErrors == 0) {
      return null;
    }
    List<Map.Entry<String, Kind>> sorted = new ArrayList<>(kinds.entrySet());
    sorted.sort(Map.Entry.<String, Kind>comparingByValue(Comparator.comparingLong(kind -> -kind.count))
        .thenComparing(Map.Entry.comparingByKey()));
    StringBuilder text = new StringBuilder("collection errors: ");
    for (int i = 0; i < sorted.size() && i < SHOWN_KINDS; i++) {
      if (i > 0) {
        text.append(", ");
      }
      Kind kind = sorted.get(i).getValue();
      text.append(sorted.get(i).getKey()).append(" x").append(kind.count);
      String services = top(kind.services);
      String places = top(kind.places);
      if (!services.isEmpty() || !places.isEmpty()) {
        text.append(" (").append(services).append(!services.isEmpty() && !places.isEmpty() ? "; " : "")
            .append(places).append(')');
      }
    }
    if (sorted.size() > SHOWN_KINDS) {
      long more = sorted.subList(SHOWN_KINDS, sorted.size()).stream().mapToLong(entry -> entry.getValue().count)
          .sum();
      text.append(", ").append(more).append(" more of ").append(sorted.size() - SHOWN_KINDS).append(" other kinds");
    }
    return text.append("; some checks did not run or saw partial data; first: ").append(firstCollectionError)
        .toString();
  }

  /**
   * Returns the notices, for a scan's warnings.
   *
   * @return e.g. {@code Prowler notice: No Shodan API Key -- Please input a Shodan API Key with -N/--shodan or in
   *     config.yaml}, with {@code (x3)} when logged more than once; in the order first logged
   */
  List<String> notices() {
    List<String> texts = new ArrayList<>();
    notices.forEach((message, count) -> texts.add("Prowler notice: " + message + (count > 1 ? " (x" + count + ")"
        : "")));
    return texts;
  }

  private static String top(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sorted.size() && i < SHOWN_PLACES; i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(sorted.get(i).getKey()).append(' ').append(sorted.get(i).getValue());
    }
    if (sorted.size() > SHOWN_PLACES) {
      text.append(", ...");
    }
    return text.toString();
  }

  private static String shorten(String text) {
    String flat = text.strip();
    return flat.length() > MAX_MESSAGE ? flat.substring(0, MAX_MESSAGE) + " ..." : flat;
  }

  /** Counts of one kind of collection error. */
  private static final class Kind {
    long count;
    final Map<String, Long> services = new LinkedHashMap<>();
    final Map<String, Long> places = new LinkedHashMap<>();

    void add(String service, String place) {
      count++;
      if (service != null) {
        bump(services, service);
      }
      if (place != null) {
        bump(places, place);
      }
    }

    private static void bump(Map<String, Long> counts, String key) {
      if (counts.containsKey(key) || counts.size() < MAX_PLACES) {
        counts.merge(key, 1L, Long::sum);
      } else {
        counts.merge("others", 1L, Long::sum);
      }
    }
  }

  /** Reads lines; one per {@link #read}. */
  private static final class Reader {
    long errors;
    long criticals;
    long collectionErrors;
    final Map<String, Kind> kinds = new LinkedHashMap<>();
    final Map<String, Long> notices = new LinkedHashMap<>();
    String firstCollectionError;
    String lastError;
    String lastCritical;
    String usageError;
    /** Azure services log {@code Subscription name: <name>} on the line before their error: where that one is. */
    String pendingPlace;
    String pendingModule;

    void line(String line) {
      Matcher usage = USAGE_ERROR.matcher(line);
      if (usage.find()) {
        usageError = shorten(usage.group(1));
        return;
      }
      String module;
      String level;
      String message;
      Matcher record = STREAM_RECORD.matcher(line);
      if (record.find()) {
        module = record.group(2).strip();
        level = record.group(3);
        message = record.group(4);
      } else if ((record = JSON_RECORD.matcher(line)).find()) {
        module = record.group(3).strip();
        level = record.group(2);
        message = record.group(4);
      } else if ((record = BARE_RECORD.matcher(line)).find()) {
        module = null;
        level = record.group(1);
        message = record.group(2);
      } else {
        return;
      }
      boolean critical = "CRITICAL".equals(level);
      if (!critical && !"ERROR".equals(level)) {
        return;
      }
      String text = message.strip();
      String shown = shorten(text);
      String place = pendingPlace != null && java.util.Objects.equals(module, pendingModule) ? pendingPlace : null;
      pendingPlace = null;
      Matcher subscription = SUBSCRIPTION.matcher(text);
      if (!critical && subscription.matches() && !text.contains(" -- ")) {
        errors++;
        pendingPlace = "subscription " + subscription.group(1).strip();
        pendingModule = module;
        return;
      }
      if (critical) {
        criticals++;
        lastCritical = shown;
      } else {
        errors++;
      }
      lastError = shown;
      if (!critical && NOTICES.stream().anyMatch(notice -> notice.matcher(text).find())) {
        if (notices.containsKey(shown) || notices.size() < MAX_NOTICES) {
          notices.merge(shown, 1L, Long::sum);
        } else {
          notices.merge("further notices", 1L, Long::sum);
        }
        return;
      }
      collectionErrors++;
      if (firstCollectionError == null) {
        firstCollectionError = shown;
      }
      classify(module, text, place);
    }

    private void classify(String module, String message, String contextPlace) {
      String label = "other";
      String scope = null;
      String checkId = null;
      Matcher form = EXCEPTION_FORM.matcher(message);
      Matcher notFound = CHECK_NOT_FOUND.matcher(message);
      if (form.find()) {
        scope = form.group(1) == null ? null : form.group(1).strip();
        Matcher subscription = scope == null ? null : SUBSCRIPTION.matcher(scope);
        if (subscription != null && subscription.matches()) {
          scope = "subscription " + subscription.group(1).strip();
        }
        String exception = form.group(2);
        label = exception.substring(exception.lastIndexOf('.') + 1);
        Matcher code = AWS_CODE.matcher(form.group(4));
        if (code.find()) {
          label = code.group(1);
        }
        if (scope != null) {
          Matcher word = CHECK_ID_WORD.matcher(scope);
          while (word.find()) {
            checkId = word.group(1);
          }
        }
      } else if (notFound.find()) {
        label = "CheckNotFound";
        checkId = notFound.group(1);
      } else {
        Matcher code = AWS_CODE.matcher(message);
        if (code.find()) {
          label = code.group(1);
        }
      }
      String place = scope != null && checkId == null && scope.length() <= 80 ? scope : contextPlace;
      Kind kind = kinds.get(label);
      if (kind == null) {
        kind = kinds.computeIfAbsent(kinds.size() < MAX_KINDS ? label : "other", key -> new Kind());
      }
      kind.add(service(module, checkId), place);
    }

    /** The service a line is about: its service module, its check's service, or the module as it is named. */
    private static String service(String module, String checkId) {
      if (module == null || module.isEmpty() || module.equals("check") || module.equals("checks_loader")) {
        return checkId != null ? checkId.substring(0, checkId.indexOf('_')) : module == null || module.isEmpty()
            ? null : module;
      }
      if (module.endsWith("_service")) {
        return module.substring(0, module.length() - "_service".length());
      }
      if (module.endsWith("_client")) {
        return module.substring(0, module.length() - "_client".length());
      }
      if (CHECK_ID.matcher(module).matches() && !LIBRARY_MODULE.matcher(module).matches()) {
        return module.substring(0, module.indexOf('_'));
      }
      return module.length() > 60 ? module.substring(0, 60) : module;
    }
  }
}
