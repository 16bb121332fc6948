package io.secposture.prowler.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: what Prowler's log (its standard error, already redacted) says about a scan.
 *
 * <p>Prowler logs on standard error as {@code <time> [File: check.py:745] [Module: check] ERROR: <message>}, or as
 * JSON-ish lines ({@code "level": "ERROR"}) with {@code --only-logs}. Errors inside checks and access-denied API calls
 * are logged at ERROR and do not change the exit code, so a scan can exit 0 or 3 with checks that did not run or saw
 * partial data; CRITICAL precedes a fatal exit. The log is read line by line (it can be large); errors are counted by
 * kind: the AWS error code of {@code An error occurred (AccessDenied) when calling ...}, else the exception class
 * Prowler prints ({@code ClientError[123]:}), else "other". Immutable after {@link #read}.
 */
final class ProwlerLog {
  private static final Pattern LEVEL =
      Pattern.compile("(?:^|]\\s+)(ERROR|CRITICAL):\\s|\"level\":\\s*\"(ERROR|CRITICAL)\"");
  private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\":\\s*\"(.*)\"\\s*}\\s*$");
  private static final Pattern AWS_CODE = Pattern.compile("\\(([A-Za-z][A-Za-z.]*)\\) when calling the");
  private static final Pattern EXCEPTION = Pattern.compile("([A-Z][A-Za-z]*(?:Error|Exception|Denied))\\[\\d+]");
  private static final Pattern USAGE_ERROR = Pattern.compile("^prowler(?:\\.py)?(?: [a-z0-9]+)?: error: (.*)$");
  private static final int MAX_LINE = 400;

  private final long errors;
  private final long criticals;
  private final Map<String, Long> kinds;
  private final String firstError;
  private final String lastError;
  private final String usageError;

  private ProwlerLog(long errors, long criticals, Map<String, Long> kinds, String firstError, String lastError,
      String usageError) {
    this.errors = errors;
    this.criticals = criticals;
    this.kinds = kinds;
    this.firstError = firstError;
    this.lastError = lastError;
    this.usageError = usageError;
  }

  /**
   * Reads a log file; a missing or unreadable file reads as a log without errors.
   *
   * @param file the standard error log
   * @return what it says
   */
  static ProwlerLog read(Path file) {
    long errors = 0;
    long criticals = 0;
    Map<String, Long> kinds = new LinkedHashMap<>();
    String firstError = null;
    String lastError = null;
    String usageError = null;
    if (Files.isReadable(file)) {
      try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file,
          java.nio.file.LinkOption.NOFOLLOW_LINKS),
          StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
        String line;
        while ((line = reader.readLine()) != null) {
          Matcher usage = USAGE_ERROR.matcher(line);
          if (usage.find()) {
            usageError = shorten(usage.group(1));
            continue;
          }
          Matcher level = LEVEL.matcher(line);
          if (!level.find()) {
            continue;
          }
          boolean critical = "CRITICAL".equals(level.group(1)) || "CRITICAL".equals(level.group(2));
          if (critical) {
            criticals++;
          } else {
            errors++;
          }
          kinds.merge(kind(line), 1L, Long::sum);
          Matcher json = level.group(2) != null ? JSON_MESSAGE.matcher(line) : null;
          String message = shorten(json != null && json.find() ? json.group(1)
              : line.substring(level.end()).strip());
          if (firstError == null) {
            firstError = message;
          }
          lastError = message;
        }
      } catch (IOException e) {
        // the log is evidence, not a result: a partial read still tells what it can
      }
    }
    return new ProwlerLog(errors, criticals, Map.copyOf(kinds), firstError, lastError, usageError);
  }

  private static String kind(String line) {
    Matcher code = AWS_CODE.matcher(line);
    if (code.find()) {
      return code.group(1);
    }
    Matcher exception = EXCEPTION.matcher(line);
    return exception.find() ? exception.group(1) : "other";
  }

  private static String shorten(String text) {
    return text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + " ..." : text;
  }

  /** @return ERROR plus CRITICAL lines */
  long problems() {
    return errors + criticals;
  }

  /** @return CRITICAL lines */
  long criticals() {
    return criticals;
  }

  /** @return the message of the last ERROR or CRITICAL line, or null */
  String lastError() {
    return lastError;
  }

  /** @return argparse's complaint ({@code prowler: error: ...}), or null */
  String usageError() {
    return usageError;
  }

  /**
   * Summarises the errors for a scan result's warnings.
   *
   * @return e.g. {@code Prowler logged 12 errors (AccessDenied x8, ClientError x3, other x1); some checks did not run
   *     or saw partial data; first: ...}, or null when there were none
   */
  String summary() {
    if (problems() == 0) {
      return null;
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(kinds.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    StringBuilder text = new StringBuilder("Prowler logged ").append(problems())
        .append(problems() == 1 ? " error" : " errors").append(" (");
    for (int i = 0; i < sorted.size() && i < 5; i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(sorted.get(i).getKey()).append(" x").append(sorted.get(i).getValue());
    }
    if (sorted.size() > 5) {
      text.append(", ...");
    }
    return text.append("); some checks did not run or saw partial data; first: ").append(firstError).toString();
  }
}
