package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  /** How many bytes of each string of the errors file are read (a traceback with an HTML page is a few KB). */
  static final int MAX_ERROR_TEXT = 1 << 20;

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
   * Summarises an errors file in one line: how many entries it has, by error kind, service and region (see
   * {@link CollectionErrors}), e.g. {@code 570 collection errors in scoutsuite_errors_aws.json (ScoutSuite could not
   * read everything; findings may be incomplete): AccessDenied x280 (rds 102, elasticache 68, redshift 51, ...) in
   * 17 regions; ...}. The file is streamed and its strings are read at most {@value #MAX_ERROR_TEXT} bytes each, so
   * a huge or odd file costs time, never memory, and the line stays short.
   *
   * @param errors the errors file
   * @return the summary; empty when the file does not exist or lists no error
   */
  public static Optional<String> summarizeErrors(Path errors) {
    if (!Files.isRegularFile(errors, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    CollectionErrors tally = new CollectionErrors();
    try (InputStream in = new BoundedJsonStrings(Files.newInputStream(errors), MAX_ERROR_TEXT,
        BoundedJsonStrings.MAX_NAME_BYTES); JsonParser parser = ResultsInput.jsonFactory().createParser(in)) {
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
        tally.add(exception, traceback, file);
      }
      if (token != JsonToken.END_ARRAY) {
        return Optional.of("cannot read the ScoutSuite errors file " + errors.getFileName()
            + ": expected an error object or the end of the array at line "
            + parser.currentTokenLocation().getLineNr() + "; " + tally.total()
            + " collection errors were counted before it");
      }
    } catch (IOException e) {
      return Optional.of("cannot read the ScoutSuite errors file " + errors.getFileName() + ": "
          + shorten(firstLine(e.getMessage())) + "; " + tally.total()
          + " collection errors were counted before the problem");
    }
    long total = tally.total();
    if (total == 0) {
      return Optional.empty();
    }
    return Optional.of(total + (total == 1 ? " collection error in " : " collection errors in ")
        + errors.getFileName() + " (ScoutSuite could not read everything; findings may be incomplete): "
        + tally.format());
  }

  /** The kind of an errors-file entry; see {@link CollectionErrors#kindOf}. */
  static String kindOf(String exception, String traceback) {
    return CollectionErrors.kindOf(exception, traceback);
  }

  /** The service of an errors-file entry; see {@link CollectionErrors#serviceOf}. */
  static String serviceOf(String exception, String traceback, String file) {
    return CollectionErrors.serviceOf(exception, traceback, file);
  }

  private static String shorten(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
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
        try (JsonParser parser = ResultsInput.jsonFactory().createParser(new BoundedJsonStrings(in))) {
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
