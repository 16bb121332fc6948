package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: reads the files ScoutSuite writes beside its results: {@code scoutsuite_errors_<name>.json} (the
 * API calls that failed, which leave the findings incomplete) and {@code scoutsuite_exceptions_<name>.js} (the items
 * an exceptions file removed from the findings). Both are streamed; a broken file becomes a warning, never a
 * failure of the results it sits beside. Stateless and thread-safe.
 */
public final class SiblingFiles {
  private static final Pattern RESULTS_NAME = Pattern.compile("scoutsuite_results_(.+)\\.(?:js|json)");
  private static final Pattern ERROR_CODE = Pattern.compile("\\(([A-Z][A-Za-z0-9]+)\\)");
  private static final Pattern HTTP_ERROR = Pattern.compile("HttpError (\\d{3})");
  private static final Pattern FOR_THE_SERVICE = Pattern.compile("for the ([A-Za-z0-9_-]+) service");
  private static final Pattern PROVIDER_API = Pattern.compile("(?i)\\b(?:aws|azure|gcp) ([a-z0-9_-]+) api\\b");
  private static final Pattern RESOURCES_DIR = Pattern.compile("/providers/\\w+/resources/(\\w+)/");
  private static final Pattern FACADE_FILE = Pattern.compile("/providers/\\w+/facade/(\\w+)\\.py");
  private static final Pattern EXCEPTION_CLASS = Pattern.compile("^([A-Za-z_][\\w.]*)(?::|$)");
  private static final int SERVICES_SHOWN = 5;
  private static final int KINDS_SHOWN = 6;

  private SiblingFiles() {
  }

  /**
   * Returns the errors file that belongs to a results file, whether or not it exists.
   *
   * @param results the results file, {@code .../scoutsuite_results_<name>.js}
   * @return {@code .../scoutsuite_errors_<name>.json}, or empty if the results file is not named like ScoutSuite's
   */
  public static Optional<Path> errorsFileOf(Path results) {
    return sibling(results, "scoutsuite_errors_", ".json");
  }

  /**
   * Returns the exceptions file that belongs to a results file, whether or not it exists.
   *
   * @param results the results file, {@code .../scoutsuite_results_<name>.js}
   * @return {@code .../scoutsuite_exceptions_<name>.js}, or empty if the results file is not named like ScoutSuite's
   */
  public static Optional<Path> exceptionsFileOf(Path results) {
    return sibling(results, "scoutsuite_exceptions_", ".js");
  }

  private static Optional<Path> sibling(Path results, String prefix, String extension) {
    Path name = results.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    Matcher matcher = RESULTS_NAME.matcher(name.toString());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(results.resolveSibling(prefix + matcher.group(1) + extension));
  }

  /**
   * Summarises an errors file in one line: how many API calls failed, by error kind and service, e.g.
   * {@code 570 collection errors in scoutsuite_errors_aws.json (findings may be incomplete): AccessDenied x221
   * (rds 102, elasticache 68, redshift 51); ...}.
   *
   * @param errors the errors file
   * @return the summary; empty when the file does not exist or lists no error
   */
  public static Optional<String> summarizeErrors(Path errors) {
    if (!Files.isRegularFile(errors, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Map<String, Map<String, Long>> byKind = new HashMap<>();
    long total = 0;
    try (InputStream in = Files.newInputStream(errors); JsonParser parser = ResultsInput.jsonFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return Optional.of("cannot read the ScoutSuite errors file " + errors.getFileName()
            + ": expected a JSON array of errors; collection errors, if any, are not counted");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
        String exception = "";
        String file = "";
        String traceback = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
            switch (field) {
              case "exception": exception = parser.getText(); break;
              case "file": file = parser.getText(); break;
              case "traceback": traceback = parser.getText(); break;
              default: break;
            }
          } else {
            parser.skipChildren();
          }
        }
        byKind.computeIfAbsent(kindOf(exception, traceback), kind -> new HashMap<>())
            .merge(serviceOf(exception, traceback, file), 1L, Long::sum);
        total++;
      }
      if (token != JsonToken.END_ARRAY) {
        return Optional.of("cannot read the ScoutSuite errors file " + errors.getFileName()
            + ": expected an error object or the end of the array at line "
            + parser.currentTokenLocation().getLineNr() + "; " + total + " collection errors were counted before it");
      }
    } catch (IOException e) {
      return Optional.of("cannot read the ScoutSuite errors file " + errors.getFileName() + ": "
          + firstLine(e.getMessage()) + "; " + total + " collection errors were counted before the problem");
    }
    if (total == 0) {
      return Optional.empty();
    }
    return Optional.of(format(errors.getFileName().toString(), total, byKind));
  }

  private static String format(String fileName, long total, Map<String, Map<String, Long>> byKind) {
    List<Map.Entry<String, Map<String, Long>>> kinds = new ArrayList<>(byKind.entrySet());
    kinds.sort(Comparator.<Map.Entry<String, Map<String, Long>>>comparingLong(entry -> -sum(entry.getValue()))
        .thenComparing(Map.Entry::getKey));
    StringBuilder text = new StringBuilder();
    text.append(total).append(total == 1 ? " collection error in " : " collection errors in ").append(fileName)
        .append(" (ScoutSuite could not read everything; findings may be incomplete): ");
    for (int k = 0; k < kinds.size() && k < KINDS_SHOWN; k++) {
      Map.Entry<String, Map<String, Long>> kind = kinds.get(k);
      if (k > 0) {
        text.append("; ");
      }
      text.append(kind.getKey()).append(" x").append(sum(kind.getValue())).append(" (");
      List<Map.Entry<String, Long>> services = new ArrayList<>(kind.getValue().entrySet());
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
    }
    if (kinds.size() > KINDS_SHOWN) {
      text.append("; +").append(kinds.size() - KINDS_SHOWN).append(" other kinds");
    }
    return text.toString();
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The error code in parentheses (AWS, Azure), the HTTP status (GCP), else the exception class. */
  static String kindOf(String exception, String traceback) {
    Matcher code = ERROR_CODE.matcher(exception);
    if (code.find()) {
      return code.group(1);
    }
    Matcher http = HTTP_ERROR.matcher(exception + "\n" + traceback);
    if (http.find()) {
      return "HttpError " + http.group(1);
    }
    String[] lines = traceback.strip().split("\n");
    Matcher type = EXCEPTION_CLASS.matcher(lines[lines.length - 1].strip());
    if (!traceback.isBlank() && !"None".equals(traceback.strip()) && type.find()) {
      String name = type.group(1);
      return name.substring(name.lastIndexOf('.') + 1);
    }
    return "error";
  }

  /** The service named in the message, else the ScoutSuite module in the traceback, else the file. */
  static String serviceOf(String exception, String traceback, String file) {
    Matcher named = FOR_THE_SERVICE.matcher(exception);
    if (named.find()) {
      return named.group(1);
    }
    Matcher api = PROVIDER_API.matcher(exception);
    if (api.find()) {
      return api.group(1).toLowerCase(java.util.Locale.ROOT);
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
      return found;
    }
    String module = file == null ? "" : file.replaceFirst("\\.py$", "");
    return module.isEmpty() || module.equals("utils") || module.equals("base") ? "unknown" : module;
  }

  private static String lastMatch(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    String last = null;
    while (matcher.find()) {
      last = matcher.group(1);
    }
    return last;
  }

  /**
   * Counts the items an exceptions file lists ({@code exceptions =} then {@code {service: {rule: [item, ...]}}}),
   * which ScoutSuite removed from the findings.
   *
   * @param exceptions the exceptions file
   * @return a warning saying how many items were excepted; empty when the file does not exist or lists none
   */
  public static Optional<String> describeExceptions(Path exceptions) {
    if (!Files.isRegularFile(exceptions, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    long count = 0;
    try {
      byte[] head;
      try (InputStream in = Files.newInputStream(exceptions)) {
        head = in.readNBytes(256);
      }
      int skip = 0;
      if (head.length > 0 && head[0] != '{') {
        while (skip < head.length && head[skip] != '\n') {
          skip++;
        }
      }
      try (InputStream in = Files.newInputStream(exceptions)) {
        in.skipNBytes(Math.min(skip, head.length));
        try (JsonParser parser = ResultsInput.jsonFactory().createParser(in)) {
          JsonToken token = parser.nextToken();
          if (token == null) {
            return Optional.empty();
          }
          if (token != JsonToken.START_OBJECT) {
            return Optional.of("cannot read the ScoutSuite exceptions file " + exceptions.getFileName()
                + ": expected 'exceptions =' and a JSON object; excepted items, if any, are not counted");
          }
          int depth = 1;
          while (depth > 0) {
            token = parser.nextToken();
            if (token == null) {
              throw new IOException("the file ends before the JSON object closes");
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
              depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
              depth--;
            } else if (token == JsonToken.VALUE_STRING && depth == 3) {
              count++;
            }
          }
        }
      }
    } catch (IOException e) {
      return Optional.of("cannot read the ScoutSuite exceptions file " + exceptions.getFileName() + ": "
          + firstLine(e.getMessage()));
    }
    if (count == 0) {
      return Optional.empty();
    }
    return Optional.of(count == 1
        ? "1 item was excepted by " + exceptions.getFileName() + " and is not reported as a finding"
        : count + " items were excepted by " + exceptions.getFileName() + " and are not reported as findings");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
