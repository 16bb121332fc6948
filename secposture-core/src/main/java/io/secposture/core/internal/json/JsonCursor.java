package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.secposture.api.CloudProvider;
import io.secposture.api.ReportParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Not public API: a forward-only reader over a {@link JsonParser} that turns every problem into a
 * {@link ReportParseException} naming the source, the line and column, the JSON path and what was expected.
 *
 * <p>Value methods ({@link #string}, {@link #count}, ...) first advance to the value, so the usual pattern is
 * {@code while ((field = cursor.nextField()) != null) { switch (field) { case "x": x = cursor.string(); ... } }}.
 * Malformed JSON breaks the cursor for good ({@link #isBroken()}); a value of the wrong type or range does not, and
 * {@link #skipTo(JsonStreamContext)} lets a caller carry on after one. Not thread-safe.
 */
final class JsonCursor {
  private final JsonParser parser;
  private final String source;
  private boolean broken;

  JsonCursor(JsonParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  /**
   * Advances to the next token.
   *
   * @return the token, or {@code null} at the end of the input
   */
  JsonToken next() {
    try {
      return parser.nextToken();
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /**
   * Translates a failure of the parser: the input is not well-formed JSON (for example it ends inside a string,
   * which Jackson notices only when the string is read), and nothing more can be read.
   */
  private ReportParseException malformed(JacksonException e) {
    broken = true;
    JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    return new ReportParseException(source, line(location), column(location), "well-formed JSON",
        "at " + path() + ": " + e.getOriginalMessage(), e);
  }

  private UncheckedIOException ioFailure(IOException e) {
    return new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
  }

  /** Tells whether the input was malformed, after which nothing more can be read. */
  boolean isBroken() {
    return broken;
  }

  /** Returns the context the parser is in (an object or array being read), to {@link #skipTo} later. */
  JsonStreamContext context() {
    return parser.getParsingContext();
  }

  /** Returns the location of the current token. */
  JsonLocation location() {
    return parser.currentTokenLocation();
  }

  /** Returns the JSON pointer of the current token, e.g. {@code /accounts/3/status}. */
  String path() {
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    return pointer.isEmpty() ? "/" : pointer;
  }

  /**
   * Advances to the start of an object.
   *
   * @param what what the object is, for the message
   */
  void startObject(String what) {
    JsonToken token = next();
    if (token != JsonToken.START_OBJECT) {
      throw unexpected(token, what);
    }
  }

  /**
   * Advances to the start of an array.
   *
   * @param what what the array is, for the message
   */
  void startArray(String what) {
    JsonToken token = next();
    if (token != JsonToken.START_ARRAY) {
      throw unexpected(token, what);
    }
  }

  /**
   * Advances to the next field of the current object.
   *
   * @return the field name, or {@code null} at the end of the object
   */
  String nextField() {
    JsonToken token = next();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    if (token != JsonToken.FIELD_NAME) {
      throw unexpected(token, "a field name or '}'");
    }
    return currentName();
  }

  /**
   * Advances to the next element of the current array.
   *
   * @return true if there is one (the cursor is on its first token), false at the end of the array
   */
  boolean nextElement() {
    JsonToken token = next();
    if (token == null) {
      throw unexpected(null, "an array element or ']'");
    }
    return token != JsonToken.END_ARRAY;
  }

  /**
   * Requires the current token (an array element) to start an object.
   *
   * @param what what the object is
   */
  void requireObject(String what) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw unexpected(parser.currentToken(), what);
    }
  }

  /**
   * Advances to a value and tells whether it is {@code null}.
   *
   * @return true if it is {@code null}
   */
  boolean nextIsNull() {
    return next() == JsonToken.VALUE_NULL;
  }

  /** Returns the current token. */
  JsonToken token() {
    return parser.currentToken();
  }

  /** Advances to a string value. */
  String string(String what) {
    return currentString(next(), what);
  }

  /** Advances to a string value or {@code null}. */
  String nullableString(String what) {
    JsonToken token = next();
    return token == JsonToken.VALUE_NULL ? null : currentString(token, what);
  }

  /** Returns the current token as a string value. */
  String currentString(JsonToken token, String what) {
    if (token != JsonToken.VALUE_STRING) {
      throw unexpected(token, what);
    }
    return text();
  }

  /** Advances to {@code true} or {@code false}. */
  boolean bool(String what) {
    JsonToken token = next();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw unexpected(token, what);
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** Advances to a whole number of zero or more. */
  long count(String what) {
    JsonToken token = next();
    return currentCount(token, what);
  }

  /** Returns the current token as a whole number of zero or more. */
  long currentCount(JsonToken token, String what) {
    long value = currentLong(token, what);
    if (value < 0) {
      throw fail(what, "found " + value);
    }
    return value;
  }

  /** Advances to a whole number that fits an {@code int}, or {@code null}. */
  Integer nullableInt(String what) {
    JsonToken token = next();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    long value = currentLong(token, what);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw fail(what, "found " + value + ", which does not fit a 32-bit integer");
    }
    return (int) value;
  }

  private long currentLong(JsonToken token, String what) {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw unexpected(token, what);
    }
    try {
      return parser.getLongValue();
    } catch (InputCoercionException e) {
      throw fail(what, "found " + text() + ", which does not fit a 64-bit integer");
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /** Advances to an ISO-8601 instant such as {@code 2026-11-22T02:00:00Z}. */
  Instant instant(String what) {
    return currentInstant(next(), what);
  }

  /** Advances to an ISO-8601 instant or {@code null}. */
  Instant nullableInstant(String what) {
    JsonToken token = next();
    return token == JsonToken.VALUE_NULL ? null : currentInstant(token, what);
  }

  private Instant currentInstant(JsonToken token, String what) {
    String text = currentString(token, what);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw fail(what, "found '" + text + "'");
      }
    }
  }

  /** Advances to a number of seconds, such as {@code 12.5}. */
  Duration seconds(String what) {
    JsonToken token = next();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw unexpected(token, what);
    }
    try {
      BigDecimal value = parser.getDecimalValue();
      return JsonFormat.duration(value);
    } catch (ArithmeticException e) {
      throw fail(what, "found " + text() + ", which is not a representable duration");
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /** Advances to a provider id such as {@code aws}. */
  CloudProvider provider(String what) {
    return currentProvider(string(what), what);
  }

  /** Returns a provider from its id, failing at the current token. */
  CloudProvider currentProvider(String id, String what) {
    try {
      return new CloudProvider(id);
    } catch (IllegalArgumentException e) {
      throw fail(what, e.getMessage());
    }
  }

  /** Advances past the next value, whatever it is. */
  void skipValue() {
    next();
    skipChildren();
  }

  /** Skips the rest of the object or array the current token starts; nothing for a scalar. */
  void skipChildren() {
    try {
      parser.skipChildren();
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /**
   * After a problem inside a value, advances until the parser is back in the given context, so that the next
   * {@link #nextField()} reads the field after that value.
   *
   * @param context a context returned by {@link #context()} that encloses the current position
   */
  void skipTo(JsonStreamContext context) {
    while (parser.getParsingContext() != context) {
      if (next() == null) {
        return;
      }
    }
  }

  /**
   * Creates a failure at the current token.
   *
   * @param expected what was expected
   * @param detail what was found; nullable
   * @return the exception, to throw
   */
  ReportParseException fail(String expected, String detail) {
    return failAt(location(), path(), expected, detail);
  }

  /**
   * Creates a failure at a remembered position.
   *
   * @param location where
   * @param path the JSON pointer there
   * @param expected what was expected
   * @param detail what was found; nullable
   * @return the exception, to throw
   */
  ReportParseException failAt(JsonLocation location, String path, String expected, String detail) {
    String where = "at " + path;
    return new ReportParseException(source, line(location), column(location), expected,
        detail == null ? where : where + ": " + detail, null);
  }

  ReportParseException unexpected(JsonToken token, String what) {
    return fail(what, token == null ? "the input ends here" : "found " + describe(token));
  }

  private String describe(JsonToken token) {
    switch (token) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case END_OBJECT: return "'}'";
      case END_ARRAY: return "']'";
      case FIELD_NAME: return "field '" + currentName() + "'";
      case VALUE_STRING: return "the string '" + abbreviate(text()) + "'";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "the number " + abbreviate(text());
      case VALUE_TRUE: return "true";
      case VALUE_FALSE: return "false";
      case VALUE_NULL: return "null";
      default: return token.toString();
    }
  }

  private String currentName() {
    try {
      return parser.currentName();
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  private String text() {
    try {
      return parser.getText();
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static long line(JsonLocation location) {
    return location == null ? 0 : Math.max(0, location.getLineNr());
  }

  private static long column(JsonLocation location) {
    return location == null ? 0 : Math.max(0, location.getColumnNr());
  }
}
