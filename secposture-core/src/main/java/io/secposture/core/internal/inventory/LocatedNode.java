package io.secposture.core.internal.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: a small JSON/YAML tree that remembers the line of every value, so configuration problems can say
 * {@code accounts.yaml line 12}. Built from a Jackson streaming parser; duplicate keys are reported, not silently
 * overwritten. Scalars keep the text exactly as written (so {@code id: 012345678901} keeps its leading zero).
 */
public final class LocatedNode {
  private static final Pattern YAML_MARK = Pattern.compile("in 'reader', line (\\d+), column \\d+");
  /** Jackson quotes the whole unrecognised token, which may be a secret written without quotes. */
  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
  /** The kind of a node. */
  public enum Kind {
    /** A mapping. */
    OBJECT,
    /** A sequence. */
    ARRAY,
    /** A string, number or boolean. */
    SCALAR,
    /** An explicit null or empty value. */
    NULL
  }

  private final Kind kind;
  private final int line;
  private final String text;
  private final JsonToken token;
  private final Map<String, LocatedNode> fields;
  private final List<LocatedNode> items;

  private LocatedNode(Kind kind, int line, String text, JsonToken token, Map<String, LocatedNode> fields,
      List<LocatedNode> items) {
    this.kind = kind;
    this.line = line;
    this.text = text;
    this.token = token;
    this.fields = fields;
    this.items = items;
  }

  /**
   * Reads the value at the parser's current token (which must already be positioned on it).
   *
   * @param parser the parser
   * @param onDuplicate called with the line and key of every repeated key
   * @return the node
   * @throws IOException if the input is malformed
   */
  public static LocatedNode read(JsonParser parser, java.util.function.BiConsumer<Integer, String> onDuplicate)
      throws IOException {
    JsonToken current = parser.currentToken();
    int line = parser.currentTokenLocation().getLineNr();
    switch (current) {
      case START_OBJECT: {
        Map<String, LocatedNode> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          LocatedNode value = read(parser, onDuplicate);
          if (fields.putIfAbsent(key, value) != null) {
            onDuplicate.accept(keyLine, key);
          }
        }
        return new LocatedNode(Kind.OBJECT, line, null, current, Collections.unmodifiableMap(fields), List.of());
      }
      case START_ARRAY: {
        List<LocatedNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, onDuplicate));
        }
        return new LocatedNode(Kind.ARRAY, line, null, current, Map.of(), Collections.unmodifiableList(items));
      }
      case VALUE_NULL:
        return new LocatedNode(Kind.NULL, line, null, current, Map.of(), List.of());
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new LocatedNode(Kind.SCALAR, line, parser.getText(), current, Map.of(), List.of());
      default:
        throw new IOException("unexpected " + current + " at line " + line);
    }
  }

  /**
   * Returns the kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the 1-based line where the value starts.
   *
   * @return the line
   */
  public int line() {
    return line;
  }

  /**
   * Returns the scalar's text as written.
   *
   * @return the text, or null for non-scalars
   */
  public String text() {
    return text;
  }

  /**
   * Tells whether this scalar is a JSON/YAML boolean.
   *
   * @return true for {@code true} and {@code false} tokens
   */
  public boolean isBoolean() {
    return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
  }

  /**
   * Returns an object's fields in document order.
   *
   * @return the fields; empty for non-objects
   */
  public Map<String, LocatedNode> fields() {
    return fields;
  }

  /**
   * Returns an array's items.
   *
   * @return the items; empty for non-arrays
   */
  public List<LocatedNode> items() {
    return items;
  }

  /**
   * Describes the kind for messages.
   *
   * @return e.g. "a list"
   */
  public String describe() {
    switch (kind) {
      case OBJECT: return "a mapping";
      case ARRAY: return "a list";
      case NULL: return "nothing (null)";
      default: return "a single value";
    }
  }

  /**
   * Returns the line of the YAML parser's problem mark (the last {@code in 'reader', line N} of its message), which is
   * where the problem is; Jackson's own location can be the line before.
   *
   * @param e the parser's exception
   * @return the line, or 0 when the message names none
   */
  public static int syntaxErrorLine(com.fasterxml.jackson.core.JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return 0;
    }
    Matcher mark = YAML_MARK.matcher(message);
    int line = 0;
    while (mark.find()) {
      line = Integer.parseInt(mark.group(1));
    }
    return line;
  }

  /**
   * Keeps a parser message's explanation and drops the quoted document snippets some parsers add, which could
   * hold an inline secret.
   *
   * @param e the parser's exception
   * @return the explanation, safe to show
   */
  public static String syntaxErrorMessage(com.fasterxml.jackson.core.JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    StringBuilder kept = new StringBuilder();
    for (String line : message.split("\\R")) {
      if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append("; ");
      }
      kept.append(line.strip());
    }
    return UNRECOGNIZED_TOKEN.matcher(kept.toString()).replaceAll("Unrecognized token");
  }
}
