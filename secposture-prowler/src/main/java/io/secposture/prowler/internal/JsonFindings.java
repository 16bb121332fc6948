package io.secposture.prowler.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * Not public API: streams the finding objects of a Prowler JSON file one at a time: the elements of one top-level
 * array, or (for the v2 formats) objects one after another, one per line or pretty-printed. Anything else, a
 * truncated file, malformed JSON, or a second array after the first (what Prowler writes when it appends to an
 * existing output file) becomes a {@link ReportParseException} with the line and column. Memory is bounded whatever
 * the file holds: every string is cut by {@link BoundedText} and every list by {@link JsonSelector}. Stateless.
 */
final class JsonFindings {
  /**
   * Longest string Jackson accepts: {@link BoundedText} already cut every longer one (plus its marker), so this only
   * guards against a mistake there.
   */
  static final int MAX_STRING_LENGTH = BoundedText.MAX_VALUE_CHARS + 1024;

  /** The problem reported for objects whose list fields were cut. */
  static final String LISTS_SHORTENED = "kept only the first " + JsonSelector.MAX_ELEMENTS + " elements of list "
      + "fields (and " + JsonSelector.MAX_LIST_CHARS + " characters of them per finding)";

  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH)
          .maxNameLength(MAX_STRING_LENGTH).build())
      .build();

  /** Receives each finding object's selected fields. */
  @FunctionalInterface
  interface Handler {
    /**
     * Handles one object.
     *
     * @param values its selected fields
     * @param line the line the object starts on
     */
    void accept(JsonSelector.Values values, long line);
  }

  /** Which top-level shapes a format allows. */
  enum Shape {
    /** One JSON array of objects; an empty file is an error. */
    ARRAY,
    /** One JSON array of objects, or objects one after another; an empty file is an empty result. */
    ARRAY_OR_OBJECTS
  }

  private JsonFindings() {
  }

  /**
   * Reads a file.
   *
   * @param source the file
   * @param shape the shapes allowed
   * @param what what the file should hold, for messages, e.g. "a JSON array of Prowler OCSF findings"
   * @param selector the fields to read from each object
   * @param handler receives each object
   * @param problems receives what was left out: text values cut to {@link BoundedText#MAX_VALUE_CHARS} and list
   *     fields cut to {@link JsonSelector#MAX_ELEMENTS}, with their line
   * @throws ReportParseException if the file is not of that shape, malformed, truncated or unreadable
   */
  static void read(ReportSource source, Shape shape, String what, JsonSelector selector, Handler handler,
      BoundedText.Problems problems) {
    String expected = what;
    try (InputStream in = BoundedText.json(source.open(), BoundedText.MAX_VALUE_CHARS, problems);
        JsonParser parser = FACTORY.createParser(in)) {
      JsonSelector.Values values = selector.newValues();
      JsonToken token = parser.nextToken();
      if (token == null) {
        if (shape == Shape.ARRAY_OR_OBJECTS) {
          return;
        }
        throw new ReportParseException(source.toString(), what, "the file is empty (Prowler writes [] or no file "
            + "at all when there are no findings, so an empty file means the scan stopped before writing)");
      }
      if (token == JsonToken.START_ARRAY) {
        expected = "a finding object or the end of the array";
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
          long line = parser.currentTokenLocation().getLineNr();
          expected = "a well-formed finding object";
          selector.read(parser, values);
          if (values.shortened()) {
            problems.problem(LISTS_SHORTENED, line);
          }
          handler.accept(values, line);
          expected = "a finding object or the end of the array";
        }
        if (token != JsonToken.END_ARRAY) {
          throw failure(source, parser, expected, token == null ? "the file ends before the array is closed: it "
              + "looks truncated" : "found " + describe(token));
        }
        expected = "the end of the file after the JSON array";
        token = parser.nextToken();
        if (token != null) {
          throw failure(source, parser, expected, "found " + describe(token) + " after it; the file holds more than "
              + "one JSON document, which Prowler writes when it appends to an output file of an earlier run "
              + "(give every run a fresh --output-filename)");
        }
        return;
      }
      if (token != JsonToken.START_OBJECT || shape != Shape.ARRAY_OR_OBJECTS) {
        throw failure(source, parser, what, "found " + describe(token));
      }
      expected = "a finding object";
      while (token == JsonToken.START_OBJECT) {
        long line = parser.currentTokenLocation().getLineNr();
        expected = "a well-formed finding object";
        selector.read(parser, values);
        if (values.shortened()) {
          problems.problem(LISTS_SHORTENED, line);
        }
        handler.accept(values, line);
        expected = "another finding object or the end of the file";
        token = parser.nextToken();
      }
      if (token != null) {
        throw failure(source, parser, expected, "found " + describe(token));
      }
    } catch (JsonEOFException e) {
      throw failure(source, e, expected, "the file ends in the middle of it: it looks truncated ("
          + e.getOriginalMessage() + ")");
    } catch (JsonProcessingException e) {
      throw failure(source, e, expected, e.getOriginalMessage());
    } catch (IOException e) {
      throw new ReportParseException(source.toString(), 0, 0, "a readable file", "cannot read it: "
          + e.getMessage(), e);
    }
  }

  private static ReportParseException failure(ReportSource source, JsonParser parser, String expected,
      String detail) {
    JsonLocation location = parser.currentTokenLocation();
    return new ReportParseException(source.toString(), location.getLineNr(), location.getColumnNr(), expected,
        detail, null);
  }

  private static ReportParseException failure(ReportSource source, JsonProcessingException e, String expected,
      String detail) {
    JsonLocation location = e.getLocation();
    long line = location == null ? 0 : Math.max(0, location.getLineNr());
    long column = location == null ? 0 : Math.max(0, location.getColumnNr());
    return new ReportParseException(source.toString(), line, column, expected, detail, e);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the file";
    }
    switch (token) {
      case START_ARRAY: return "an array";
      case START_OBJECT: return "an object";
      case END_ARRAY: return "the end of an array";
      case END_OBJECT: return "the end of an object";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return token.toString();
    }
  }
}
