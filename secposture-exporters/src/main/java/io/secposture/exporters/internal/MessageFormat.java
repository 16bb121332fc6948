package io.secposture.exporters.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/** Not public API: renders a {@link RouteMessage} as the JSON body a destination expects. Stateless. */
public interface MessageFormat {
  /** Writes JSON bodies. */
  JsonFactory JSON = new JsonFactory();

  /**
   * Renders a message.
   *
   * @param message the message
   * @return the body, UTF-8 JSON
   */
  byte[] render(RouteMessage message);

  /** Writes one JSON document with a generator. */
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  /**
   * Returns the bytes a body writes.
   *
   * @param body what to write
   * @return UTF-8 JSON
   */
  static byte[] json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Returns a severity or change in lower case, as the JSON payloads spell them.
   *
   * @param value an enum constant
   * @return e.g. {@code high}, {@code reopened}
   */
  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns an instant as ISO-8601, or null.
   *
   * @param instant nullable
   * @return the text; nullable
   */
  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /**
   * Returns the words for how many were not listed: {@code and 12 more}.
   *
   * @param more how many
   * @return the words
   */
  static String andMore(long more) {
    return "and " + more + " more new or reopened finding" + (more == 1 ? "" : "s") + " (see the front page)";
  }
}
