package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.ReportParseException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Not public API: reads the project's own gzip-compressed JSON-lines files (a scan's {@code findings.jsonl.gz} and
 * {@code resolved.jsonl.gz}) one object at a time, turning every malformation into a {@link ReportParseException}
 * that names the file, line and column. Used by {@code FindingsFile} and the diff's readers. Stateless.
 */
public final class JsonLines {
  /** Reads one object; the parser is at its {@code START_OBJECT} and must be left at its {@code END_OBJECT}. */
  @FunctionalInterface
  public interface ObjectReader {
    /**
     * Reads the object the parser is at.
     *
     * @param parser the parser
     * @throws IOException if reading fails; a {@link ReportParseException} for content that is wrong
     */
    void read(JsonParser parser) throws IOException;
  }

  private JsonLines() {
  }

  /**
   * Opens the gzip stream of a compressed file.
   *
   * @param compressed the file's bytes; closed when the returned stream is
   * @param source what it is (an object key or path), for messages
   * @param expected what the file should be, e.g. {@code a gzip-compressed findings file (findings.jsonl.gz)}
   * @param buffer the buffer size for reading and inflating
   * @return the uncompressed content
   * @throws ReportParseException if the content is not gzip or is empty
   * @throws UncheckedIOException if reading fails
   */
  public static InputStream gunzip(InputStream compressed, String source, String expected, int buffer) {
    try {
      return new GZIPInputStream(new BufferedInputStream(compressed, buffer), buffer);
    } catch (ZipException | EOFException e) {
      throw new ReportParseException(source, expected,
          e instanceof EOFException ? "the file is empty or truncated" : e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads uncompressed JSON lines, one object per line, handing each to {@code reader}.
   *
   * @param json the factory to parse with
   * @param in the JSON lines; not closed
   * @param source what it is, for messages
   * @param format what the content should be, e.g. {@code findings JSON lines}
   * @param item what one line holds, e.g. {@code finding}
   * @param reader reads each object
   * @return how many objects were read
   * @throws ReportParseException if the content is not JSON lines of objects, or the reader refuses one, naming
   *     the source, line and column; a truncated or corrupt gzip stream below is one too
   * @throws UncheckedIOException if reading fails
   */
  public static long read(JsonFactory json, InputStream in, String source, String format, String item,
      ObjectReader reader) {
    long count = 0;
    try (JsonParser parser = json.createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw unexpected(source, parser, "a JSON object per line (one " + item + ")");
        }
        reader.read(parser);
        count++;
      }
      return count;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ReportParseException(source, at == null ? 0 : Math.max(0, at.getLineNr()),
          at == null ? 0 : Math.max(0, at.getColumnNr()), format, e.getOriginalMessage(), e);
    } catch (EOFException e) {
      throw new ReportParseException(source, "a complete gzip stream", "the file is truncated");
    } catch (ZipException e) {
      throw new ReportParseException(source, "a valid gzip stream", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the string the parser is at, or null for a JSON null.
   *
   * @param parser the parser, at a value
   * @param source what is being read, for messages
   * @param field the field the value belongs to, for messages
   * @return the text; nullable
   * @throws ReportParseException if the value is neither a string nor null
   * @throws IOException if reading fails
   */
  public static String text(JsonParser parser, String source, String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw unexpected(source, parser, "a string or null for '" + field + "'");
    }
    return parser.getText();
  }

  /**
   * Returns the boolean the parser is at.
   *
   * @param parser the parser, at a value
   * @param source what is being read, for messages
   * @param field the field the value belongs to, for messages
   * @return the value
   * @throws ReportParseException if the value is not {@code true} or {@code false}
   */
  public static boolean bool(JsonParser parser, String source, String field) {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw unexpected(source, parser, "true or false for '" + field + "'");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /**
   * Describes a token that is not what was expected, at the parser's position.
   *
   * @param source what is being read, for messages
   * @param parser the parser, at the unexpected token
   * @param expected what should have been there
   * @return the exception to throw
   */
  public static ReportParseException unexpected(String source, JsonParser parser, String expected) {
    JsonLocation at = parser.currentTokenLocation();
    return new ReportParseException(source, Math.max(0, at.getLineNr()), Math.max(0, at.getColumnNr()), expected,
        "found " + parser.currentToken(), null);
  }
}
