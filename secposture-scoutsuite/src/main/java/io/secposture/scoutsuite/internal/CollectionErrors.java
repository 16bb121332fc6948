package io.secposture.scoutsuite.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: classifies the entries of ScoutSuite's errors file ({@code scoutsuite_errors_<name>.json}, written
 * by {@code print_exception} in {@code ScoutSuite/core/console.py}: {@code exception} is the message ScoutSuite
 * logged, {@code traceback} Python's {@code traceback.format_exc()} or the text {@code None}, {@code file} the module
 * the exception was caught in) by error kind, service and region, and tallies them into one short line. A tally is
 * bounded whatever the file holds: at most {@value #MAX_KINDS} kinds, {@value #MAX_SERVICES} services per kind and
 * {@value #MAX_REGIONS} regions per kind are told apart, names are shortened and stripped of control characters.
 * Not thread-safe.
 */
final class CollectionErrors {
  static final int MAX_KINDS = 64;
  static final int MAX_SERVICES = 64;
  static final int MAX_REGIONS = 64;
  private static final int KINDS_SHOWN = 6;
  private static final int SERVICES_SHOWN = 5;
  private static final int MAX_NAME = 60;
  private static final String OTHER_KINDS = "(other kinds)";
  private static final String OTHER_SERVICES = "(other services)";

  /** botocore's ClientError text: {@code An error occurred (AccessDenied) when calling ...}. */
  private static final Pattern BOTOCORE_CODE = Pattern.compile("An error occurred \\(([^()\\s]{1,100})\\)");
  /** Azure's HttpResponseError text starts with the code: {@code (AuthorizationFailed) The client ...}. */
  private static final Pattern AZURE_CODE = Pattern.compile("(?:^|: )\\(([A-Z][A-Za-z0-9]{1,100})\\) ");
  private static final Pattern HTTP_ERROR = Pattern.compile("HttpError (\\d{3})");
  private static final Pattern ANY_CODE = Pattern.compile("\\(([A-Z][A-Za-z0-9]{1,100})\\)");
  /** An exception line of a traceback: the (dotted) class name, then a colon and the message, or nothing. */
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^([A-Za-z_][A-Za-z0-9_]{0,100}(?:\\.[A-Za-z_][A-Za-z0-9_]{0,100}){0,20})(?::|$)");
  /** Without a traceback header, only a name that reads like an exception class is trusted. */
  private static final Pattern EXCEPTION_NAME =
      Pattern.compile("(?:Error|Exception|Warning|Exit|Interrupt|Fault|Failure|Timeout)$");
  /** botocore's fixed messages, for entries without a traceback. */
  private static final Map<String, String> BOTOCORE_MESSAGES = Map.of(
      "Could not connect to the endpoint URL", "EndpointConnectionError",
      "Connect timeout on endpoint URL", "ConnectTimeoutError",
      "Read timeout on endpoint URL", "ReadTimeoutError",
      "Unable to parse response", "ResponseParserError");
  private static final Pattern FOR_THE_SERVICE = Pattern.compile("for the ([A-Za-z0-9_-]{1,60}) service");
  private static final Pattern PROVIDER_API = Pattern.compile("(?i)\\b(?:aws|azure|gcp) ([a-z0-9_-]{1,60}) api\\b");
  private static final Pattern RESOURCES_DIR = Pattern.compile("/providers/\\w{1,30}/resources/(\\w{1,60})/");
  private static final Pattern FACADE_FILE = Pattern.compile("/providers/\\w{1,30}/facade/(\\w{1,60})\\.py");
  /** ScoutSuite's modules that run rules rather than collect data. */
  private static final Set<String> RULE_ENGINE = Set.of("conditions", "processingengine", "ruleset", "rule",
      "rule_definition", "exceptions");
  /** AWS region names, as they appear in ARNs and endpoint URLs. */
  private static final Pattern REGION = Pattern.compile("(?<![a-z0-9-])([a-z]{2}(?:-gov|-iso[a-z]?)?-(?:north|south|"
      + "east|west|central|northeast|southeast|northwest|southwest)-\\d{1,2})(?![a-z0-9-])");

  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private long total;

  /** The entries of one error kind. */
  private static final class Kind {
    long count;
    final Map<String, Long> services = new LinkedHashMap<>();
    final Set<String> regions = new TreeSet<>();
    boolean moreRegions;
  }

  /**
   * Counts one entry of the errors file.
   *
   * @param exception its {@code exception} text, empty if none
   * @param traceback its {@code traceback} text, empty if none
   * @param file its {@code file} value, empty if none
   */
  void add(String exception, String traceback, String file) {
    total++;
    String kindName = kindOf(exception, traceback);
    if (!kinds.containsKey(kindName) && kinds.size() >= MAX_KINDS) {
      kindName = OTHER_KINDS;
    }
    Kind kind = kinds.computeIfAbsent(kindName, name -> new Kind());
    kind.count++;
    String service = serviceOf(exception, traceback, file);
    if (!kind.services.containsKey(service) && kind.services.size() >= MAX_SERVICES) {
      service = OTHER_SERVICES;
    }
    kind.services.merge(service, 1L, Long::sum);
    String region = regionOf(exception);
    if (region != null && !kind.regions.contains(region)) {
      if (kind.regions.size() < MAX_REGIONS) {
        kind.regions.add(region);
      } else {
        kind.moreRegions = true;
      }
    }
  }

  /**
   * Returns how many entries were counted.
   *
   * @return the number of entries
   */
  long total() {
    return total;
  }

  /**
   * Formats the tally: the kinds with the most entries first, each with its count, its services (most first) and
   * its regions when the messages name any, e.g. {@code AccessDenied x280 (rds 102, elasticache 68, +3 more) in 17
   * regions; ResponseParserError x140 (elasticache 80, cloudformation 20, ec2 20, redshift 20)}.
   *
   * @return the kinds, at most {@value #KINDS_SHOWN} of them and a count of the rest
   */
  String format() {
    List<Map.Entry<String, Kind>> sorted = new ArrayList<>(kinds.entrySet());
    sorted.sort(Comparator.<Map.Entry<String, Kind>>comparingLong(entry -> -entry.getValue().count)
        .thenComparing(Map.Entry::getKey));
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < sorted.size() && k < KINDS_SHOWN; k++) {
      Kind kind = sorted.get(k).getValue();
      if (k > 0) {
        text.append("; ");
      }
      text.append(sorted.get(k).getKey()).append(" x").append(kind.count).append(" (");
      List<Map.Entry<String, Long>> services = new ArrayList<>(kind.services.entrySet());
      services.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
      for (int s = 0; s < services.size() && s < SERVICES_SHOWN; s++) {
        if (s > 0) {
          text.append(", ");
        }
        text.append(services.get(s).getKey()).append(' ').append(services.get(s).getValue());
      }
      if (services.size() > SERVICES_SHOWN) {
        text.append(", +").append(services.size() - SERVICES_SHOWN).append(" more");
      }
      text.append(')');
      if (kind.regions.size() == 1 && !kind.moreRegions) {
        text.append(" in ").append(kind.regions.iterator().next());
      } else if (!kind.regions.isEmpty()) {
        text.append(" in ").append(kind.regions.size()).append(kind.moreRegions ? "+" : "").append(" regions");
      }
    }
    if (sorted.size() > KINDS_SHOWN) {
      text.append("; +").append(sorted.size() - KINDS_SHOWN).append(" other kinds");
    }
    return text.toString();
  }

  /**
   * Names the kind of an error: the error code when the message has one (botocore's {@code An error occurred
   * (AccessDenied)}, with the exception class when the code is only an HTTP status: {@code ClientError 500}; Azure's
   * {@code (AuthorizationFailed)}; GCP's {@code HttpError 403}), else the class of the exception the traceback ends
   * with ({@code ResponseParserError}, {@code TypeError}), else the class botocore's fixed messages belong to,
   * else {@code error}.
   *
   * @param exception the entry's {@code exception} text
   * @param traceback the entry's {@code traceback} text
   * @return the kind, short and printable
   */
  static String kindOf(String exception, String traceback) {
    String line = exceptionLine(traceback);
    String type = line == null ? null : exceptionClass(line);
    String message = type == null ? "" : line.substring(type.length());
    for (String text : List.of(exception, message)) {
      Matcher code = BOTOCORE_CODE.matcher(text);
      if (code.find()) {
        String value = code.group(1);
        return clean(value.chars().allMatch(Character::isDigit)
            ? (type == null ? "ClientError" : simpleName(type)) + " " + value : value);
      }
    }
    for (String text : List.of(exception, message)) {
      Matcher code = AZURE_CODE.matcher(text);
      if (code.find()) {
        return clean(code.group(1));
      }
    }
    Matcher http = HTTP_ERROR.matcher(exception);
    if (http.find() || (http = HTTP_ERROR.matcher(message)).find()) {
      return "HttpError " + http.group(1);
    }
    if (type != null) {
      return clean(simpleName(type));
    }
    for (Map.Entry<String, String> known : BOTOCORE_MESSAGES.entrySet()) {
      if (exception.contains(known.getKey())) {
        return known.getValue();
      }
    }
    Matcher any = ANY_CODE.matcher(exception);
    if (any.find()) {
      return clean(any.group(1));
    }
    return "error";
  }

  /**
   * Finds the line naming the exception in Python's traceback text: the first line that is not indented after the
   * last {@code Traceback (most recent call last):} header (the outermost exception of a chain; the message after it
   * may go on over several lines, an HTML page for instance); without a header, the last unindented line that reads
   * like {@code SomeError: message}.
   */
  private static String exceptionLine(String traceback) {
    if (traceback == null || traceback.isBlank() || traceback.strip().equals("None")) {
      return null;
    }
    String[] lines = traceback.split("\n", -1);
    int header = -1;
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith("Traceback")) {
        header = i;
        break;
      }
    }
    if (header >= 0) {
      for (int i = header + 1; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
          continue;
        }
        return exceptionClass(line) == null ? null : line;
      }
      return null;
    }
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i];
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      String type = exceptionClass(line);
      if (type != null && EXCEPTION_NAME.matcher(type).find()) {
        return line;
      }
    }
    return null;
  }

  private static String exceptionClass(String line) {
    Matcher matcher = EXCEPTION_LINE.matcher(line.length() > 2_000 ? line.substring(0, 2_000) : line);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /**
   * Names the service an error belongs to: the service the message names ({@code for the rds service},
   * {@code aws cloudfront api}), else ScoutSuite's resource folder or facade module in the traceback, else
   * {@code preprocessing} or {@code rule engine} for ScoutSuite's own steps, else the module the error was caught
   * in, else {@code unknown}.
   *
   * @param exception the entry's {@code exception} text
   * @param traceback the entry's {@code traceback} text
   * @param file the entry's {@code file} value
   * @return the service, short and printable
   */
  static String serviceOf(String exception, String traceback, String file) {
    Matcher named = FOR_THE_SERVICE.matcher(exception);
    if (named.find()) {
      return clean(named.group(1));
    }
    Matcher api = PROVIDER_API.matcher(exception);
    if (api.find()) {
      return clean(api.group(1).toLowerCase(Locale.ROOT));
    }
    String found = lastMatch(RESOURCES_DIR, traceback);
    if (found == null) {
      Matcher facade = FACADE_FILE.matcher(traceback);
      while (facade.find()) {
        if (!facade.group(1).equals("utils") && !facade.group(1).equals("base")
            && !facade.group(1).equals("basefacade")) {
          found = facade.group(1);
        }
      }
    }
    if (found != null) {
      return clean(found);
    }
    String module = file == null ? "" : file.replaceFirst("\\.py$", "");
    if (module.equals("provider")) {
      return "preprocessing";
    }
    if (RULE_ENGINE.contains(module)) {
      return "rule engine";
    }
    return module.isEmpty() || module.equals("utils") || module.equals("base") ? "unknown" : clean(module);
  }

  /**
   * Finds the AWS region an error names, in an ARN or an endpoint URL of its message.
   *
   * @param exception the entry's {@code exception} text
   * @return the region, or null when the message names none
   */
  static String regionOf(String exception) {
    Matcher region = REGION.matcher(exception);
    return region.find() ? region.group(1) : null;
  }

  private static String lastMatch(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    String last = null;
    while (matcher.find()) {
      last = matcher.group(1);
    }
    return last;
  }

  /** Keeps a name printable and short: it comes from an untrusted file and goes into a one-line summary. */
  private static String clean(String name) {
    String printable = name.replaceAll("[\\p{Cntrl}\\p{Z}&&[^ ]]", "?");
    return printable.length() > MAX_NAME ? printable.substring(0, MAX_NAME) + "..." : printable;
  }
}
