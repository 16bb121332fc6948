package io.secposture.prowler.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: reads the few fields a parser needs out of one JSON object in a single streaming pass, skipping
 * everything else without decoding it (Prowler findings carry large raw resource objects that are never needed).
 *
 * <p>Fields are named by dotted paths; a {@code 0} segment descends into the first element of an array and skips
 * the others ({@code resources.0.uid}). A path ends in a text (any scalar, as text), a list of texts (a JSON array of
 * scalars, or a single string, which v4.1-4.4 wrote for some lists) or a map of text lists (an object of arrays,
 * such as {@code unmapped.compliance}). A value of another shape than expected is skipped and left absent, so the
 * parser decides what a missing field means. Lists and maps keep at most {@value #MAX_ELEMENTS} elements each and
 * {@value #MAX_LIST_CHARS} characters together per object (each text is bounded by {@link BoundedText} below), so one
 * object never holds more than a bounded amount of memory. Built once per format and shared; {@link Values} are per parse.
 */
final class JsonSelector {
  private enum Kind { OBJECT, FIRST, TEXT, LIST, MAP }

  /** The most elements a list field, and the most entries a map field, keeps; the rest are skipped. */
  static final int MAX_ELEMENTS = 1_000;
  /** The most characters the list and map fields of one object keep together; further elements are skipped. */
  static final int MAX_LIST_CHARS = 4 * 1024 * 1024;

  private static final class Node {
    final Kind kind;
    final Map<String, Node> children = new HashMap<>();
    Node element;
    int slot = -1;

    Node(Kind kind) {
      this.kind = kind;
    }
  }

  private final Node root;
  private final int texts;
  private final int lists;
  private final int maps;

  private JsonSelector(Node root, int texts, int lists, int maps) {
    this.root = root;
    this.texts = texts;
    this.lists = lists;
    this.maps = maps;
  }

  /**
   * Starts a selector.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns empty values for this selector.
   *
   * @return values to read records into
   */
  Values newValues() {
    return new Values(texts, lists, maps);
  }

  /**
   * Reads the object the parser is positioned at (its current token is {@code START_OBJECT}) into the values,
   * leaving the parser at the matching {@code END_OBJECT}.
   *
   * @param parser the parser
   * @param values where to put the selected fields; cleared first
   * @throws IOException if the JSON is malformed or ends early
   */
  void read(JsonParser parser, Values values) throws IOException {
    values.clear();
    readObject(parser, root, values);
  }

  private static void readObject(JsonParser parser, Node node, Values values) throws IOException {
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = next(parser);
      Node child = node.children.get(name);
      if (child == null) {
        parser.skipChildren();
      } else {
        readValue(parser, child, value, values);
      }
    }
    expectEnd(parser, JsonToken.END_OBJECT);
  }

  private static void readValue(JsonParser parser, Node node, JsonToken value, Values values) throws IOException {
    switch (node.kind) {
      case OBJECT:
        if (value == JsonToken.START_OBJECT) {
          readObject(parser, node, values);
        } else {
          parser.skipChildren();
        }
        break;
      case FIRST:
        if (value == JsonToken.START_ARRAY) {
          JsonToken first = next(parser);
          if (first != JsonToken.END_ARRAY) {
            readValue(parser, node.element, first, values);
            while (next(parser) != JsonToken.END_ARRAY) {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
        break;
      case TEXT:
        if (value.isScalarValue()) {
          values.texts[node.slot] = value == JsonToken.VALUE_NULL ? null : parser.getText();
        } else {
          parser.skipChildren();
        }
        break;
      case LIST:
        values.lists.set(node.slot, readList(parser, value, values));
        break;
      case MAP:
        if (value == JsonToken.START_OBJECT) {
          Map<String, List<String>> map = new LinkedHashMap<>();
          String key;
          while ((key = parser.nextFieldName()) != null) {
            JsonToken entry = next(parser);
            if (map.size() == MAX_ELEMENTS) {
              values.shortened = true;
              parser.skipChildren();
              continue;
            }
            List<String> list = readList(parser, entry, values);
            if (list != null) {
              map.put(key, list);
            }
          }
          expectEnd(parser, JsonToken.END_OBJECT);
          values.maps.set(node.slot, map);
        } else {
          parser.skipChildren();
        }
        break;
      default:
        throw new IllegalStateException("unknown kind " + node.kind);
    }
  }

  /**
   * Reads an array of scalars (non-scalars skipped, at most {@value #MAX_ELEMENTS} kept) or a single scalar as a
   * one-element list; else null.
   */
  private static List<String> readList(JsonParser parser, JsonToken value, Values values) throws IOException {
    if (value == JsonToken.START_ARRAY) {
      List<String> list = new ArrayList<>();
      JsonToken element;
      while ((element = next(parser)) != JsonToken.END_ARRAY) {
        if (element.isScalarValue()) {
          if (element != JsonToken.VALUE_NULL) {
            String text = parser.getText();
            if (list.size() == MAX_ELEMENTS || text.length() > values.listChars) {
              values.shortened = true;
            } else {
              values.listChars -= text.length();
              list.add(text);
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      return list;
    }
    if (value == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      return text.isEmpty() ? List.of() : List.of(text);
    }
    parser.skipChildren();
    return null;
  }

  private static JsonToken next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new JsonEOFException(parser, null, "Unexpected end-of-input inside a finding");
    }
    return token;
  }

  private static void expectEnd(JsonParser parser, JsonToken end) throws IOException {
    if (parser.currentToken() == null) {
      throw new JsonEOFException(parser, null, "Unexpected end-of-input inside a finding");
    }
    if (parser.currentToken() != end) {
      throw new JsonParseException(parser, "Expected " + end + " but found " + parser.currentToken());
    }
  }

  /** The selected fields of one object. Reused from object to object; not thread-safe. */
  static final class Values {
    private final String[] texts;
    private final List<List<String>> lists;
    private final List<Map<String, List<String>>> maps;
    private boolean shortened;
    private int listChars = MAX_LIST_CHARS;

    private Values(int texts, int lists, int maps) {
      this.texts = new String[texts];
      this.lists = new ArrayList<>(java.util.Collections.nCopies(lists, null));
      this.maps = new ArrayList<>(java.util.Collections.nCopies(maps, null));
    }

    private void clear() {
      shortened = false;
      listChars = MAX_LIST_CHARS;
      Arrays.fill(texts, null);
      for (int i = 0; i < lists.size(); i++) {
        lists.set(i, null);
      }
      for (int i = 0; i < maps.size(); i++) {
        maps.set(i, null);
      }
    }

    /**
     * Tells whether a list or map field of the object held more elements than kept (more than
     * {@value #MAX_ELEMENTS}, or more than {@value #MAX_LIST_CHARS} characters together).
     *
     * @return true if something was left out
     */
    boolean shortened() {
      return shortened;
    }

    /**
     * Returns a text field.
     *
     * @param field the slot returned by {@link Builder#text}
     * @return the text, or null when absent or null
     */
    String text(int field) {
      return texts[field];
    }

    /**
     * Returns a list field.
     *
     * @param field the slot returned by {@link Builder#list}
     * @return the list, or null when absent
     */
    List<String> list(int field) {
      return lists.get(field);
    }

    /**
     * Returns a map field.
     *
     * @param field the slot returned by {@link Builder#map}
     * @return the map, or null when absent
     */
    Map<String, List<String>> map(int field) {
      return maps.get(field);
    }
  }

  /** Builds a {@link JsonSelector}; each method returns the slot to read the field from. Not thread-safe. */
  static final class Builder {
    private final Node root = new Node(Kind.OBJECT);
    private int texts;
    private int lists;
    private int maps;

    /**
     * Selects a scalar field as text.
     *
     * @param path e.g. {@code finding_info.uid}
     * @return its slot
     */
    int text(String path) {
      leaf(path, Kind.TEXT).slot = texts;
      return texts++;
    }

    /**
     * Selects an array of scalars.
     *
     * @param path e.g. {@code remediation.references}
     * @return its slot
     */
    int list(String path) {
      leaf(path, Kind.LIST).slot = lists;
      return lists++;
    }

    /**
     * Selects an object of arrays of scalars.
     *
     * @param path e.g. {@code unmapped.compliance}
     * @return its slot
     */
    int map(String path) {
      leaf(path, Kind.MAP).slot = maps;
      return maps++;
    }

    /**
     * Builds the selector.
     *
     * @return the selector
     */
    JsonSelector build() {
      return new JsonSelector(root, texts, lists, maps);
    }

    private Node leaf(String path, Kind kind) {
      String[] segments = path.split("\\.");
      Node node = root;
      for (int i = 0; i < segments.length - 1; i++) {
        node = step(node, segments[i], "0".equals(segments[i + 1]) ? Kind.FIRST : Kind.OBJECT);
        if (node.kind == Kind.FIRST) {
          i++;
          node = element(node, i == segments.length - 1 ? kind : Kind.OBJECT);
          if (i == segments.length - 1) {
            return node;
          }
        }
      }
      String last = segments[segments.length - 1];
      if (node.children.containsKey(last)) {
        throw new IllegalArgumentException("field " + path + " selected twice");
      }
      Node leaf = new Node(kind);
      node.children.put(last, leaf);
      return leaf;
    }

    private static Node step(Node node, String name, Kind kind) {
      if (node.kind != Kind.OBJECT) {
        throw new IllegalArgumentException("cannot select field '" + name + "' inside a " + node.kind);
      }
      Node child = node.children.computeIfAbsent(name, key -> new Node(kind));
      if (child.kind != kind) {
        throw new IllegalArgumentException("field '" + name + "' selected both as " + child.kind + " and " + kind);
      }
      return child;
    }

    private static Node element(Node array, Kind kind) {
      if (array.element == null) {
        array.element = new Node(kind);
      } else if (array.element.kind != kind) {
        throw new IllegalArgumentException("array element selected both as " + array.element.kind + " and " + kind);
      }
      return array.element;
    }
  }
}
