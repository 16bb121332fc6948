package io.secposture.scoutsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Shortening long JSON strings on the way to Jackson without moving any token. */
class BoundedJsonStringsTest {
  private static final JsonFactory JSON = ResultsInput.jsonFactory();

  private static byte[] filtered(byte[] input, int maxValue, int maxName) throws IOException {
    return filtered(new ByteArrayInputStream(input), maxValue, maxName);
  }

  private static byte[] filtered(InputStream source, int maxValue, int maxName) throws IOException {
    try (InputStream in = new BoundedJsonStrings(source, maxValue, maxName)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[7];
      int n;
      while ((n = in.read(chunk, 0, chunk.length)) >= 0) {
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static List<String> strings(byte[] json) throws IOException {
    List<String> texts = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          texts.add(parser.getText());
        }
      }
    }
    return texts;
  }

  @Test
  void longValue_keepsItsHeadAndSaysHowLongItWas_andEveryByteStaysInPlace() throws IOException {
    String description = "x".repeat(500);
    byte[] input = ("{\"description\": \"" + description + "\", \"level\": \"danger\"}")
        .getBytes(StandardCharsets.UTF_8);

    byte[] output = filtered(input, 100, 50);

    assertThat(output).hasSameSizeAs(input);
    assertThat(strings(output)).containsExactly("description", "x".repeat(100) + "... [truncated, 500 chars]",
        "level", "danger");
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(text.indexOf("\"level\"")).isEqualTo(new String(input, StandardCharsets.UTF_8).indexOf("\"level\""));
  }

  @Test
  void longKey_isCutAtTheKeyLimit_valuesAtTheValueLimit() throws IOException {
    String key = "k".repeat(300);
    String value = "v".repeat(300);
    byte[] input = ("{\"" + key + "\": [\"" + value + "\", {\"" + key + "\": \"" + value + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);

    assertThat(strings(filtered(input, 200, 10))).containsExactly("k".repeat(10) + "... [truncated, 300 chars]",
        "v".repeat(200) + "... [truncated, 300 chars]", "k".repeat(10) + "... [truncated, 300 chars]",
        "v".repeat(200) + "... [truncated, 300 chars]");
  }

  @Test
  void multibyteAndEscapes_cutOnACharacterBoundaryAndCountedAsJavaChars() throws IOException {
    String value = "é".repeat(100) + "\uD83D\uDE00".repeat(30) + "\"q\\";
    byte[] input = arrayOf(value, false);

    List<String> texts = strings(filtered(input, 11, 10));

    assertThat(texts).singleElement().asString().isEqualTo("é".repeat(6) + BoundedJsonStrings.marker(value.length()));
    List<String> escaped = strings(filtered(arrayOf(value, true), 15, 10));
    assertThat(escaped).singleElement().asString()
        .isEqualTo("é".repeat(3) + BoundedJsonStrings.marker(value.length()));
  }

  @Test
  void stringJustOverTheLimit_isLeftAlone() throws IOException {
    String value = "y".repeat(100 + BoundedJsonStrings.HOLD);
    byte[] input = ("[\"" + value + "\"]").getBytes(StandardCharsets.UTF_8);

    assertThat(filtered(input, 100, 10)).isEqualTo(input);
  }

  @Test
  void rawControlCharacterInTheDroppedPart_stillFailsLikeTheFile() throws IOException {
    byte[] input = ("[\"" + "z".repeat(300) + "\n" + "z".repeat(300) + "\"]").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> strings(filtered(input, 100, 10))).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Illegal unquoted character");
  }

  @Test
  void fileEndingInsideALongString_stillEndsEarlyForTheParser() throws IOException {
    byte[] input = ("[\"" + "z".repeat(3000)).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> strings(filtered(input, 100, 10))).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("end-of-input");
  }

  private static byte[] arrayOf(String value, boolean escapeNonAscii) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonFactory factory = JsonFactory.builder().configure(JsonWriteFeature.ESCAPE_NON_ASCII, escapeNonAscii).build();
    try (JsonGenerator generator = factory.createGenerator(out)) {
      generator.writeStartArray();
      generator.writeString(value);
      generator.writeEndArray();
    }
    return out.toByteArray();
  }

  // ---- laws ------------------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<List<String>> texts() {
    return text().list().ofMinSize(1).ofMaxSize(8);
  }

  private static Arbitrary<String> text() {
    Arbitrary<Character> chars = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(10, Arbitraries.chars().range('a', 'z')),
        net.jqwik.api.Tuple.of(2, Arbitraries.of('"', '\\', '\n', '\t', '\u0001', '/', ':', ',', '{', '[', ']', '}')),
        net.jqwik.api.Tuple.of(2, Arbitraries.of('é', '€', '\u4e2d')),
        net.jqwik.api.Tuple.of(1, Arbitraries.of('\uD83D')));
    return chars.list().ofMaxSize(200).map(list -> {
      StringBuilder text = new StringBuilder();
      for (char c : list) {
        text.append(c);
        if (c == '\uD83D') {
          text.append('\uDE00');
        }
      }
      return text.toString();
    });
  }

  @Property(tries = 300)
  void anyDocument_sameTokensAtTheSameOffsets_longStringsCutWithTheirLength(
      @ForAll("texts") List<String> values, @ForAll @IntRange(min = 1, max = 40) int maxValue,
      @ForAll @IntRange(min = 1, max = 20) int maxName, @ForAll boolean escapeNonAscii,
      @ForAll @IntRange(min = 0, max = 3) int shape, @ForAll @IntRange(min = 1, max = 64) int trickle)
      throws IOException {
    JsonFactory writer = JsonFactory.builder().configure(JsonWriteFeature.ESCAPE_NON_ASCII, escapeNonAscii).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = writer.createGenerator(out)) {
      if (shape == 1) {
        generator.useDefaultPrettyPrinter();
      }
      generator.writeStartObject();
      for (int i = 0; i < values.size(); i++) {
        generator.writeFieldName(values.get(i) + i);
        switch ((i + shape) % 3) {
          case 0 -> generator.writeString(values.get(i));
          case 1 -> {
            generator.writeStartArray();
            generator.writeString(values.get(i));
            generator.writeNumber(i);
            generator.writeStartObject();
            generator.writeStringField(values.get(i), values.get((i + 1) % values.size()));
            generator.writeEndObject();
            generator.writeEndArray();
          }
          default -> generator.writeNull();
        }
      }
      generator.writeEndObject();
    }
    byte[] input = out.toByteArray();

    // the source gives at most 'trickle' bytes per read, so strings span many refills of the filter's buffer
    byte[] output = filtered(new java.io.FilterInputStream(new ByteArrayInputStream(input)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, trickle));
      }
    }, maxValue, maxName);

    assertThat(output).hasSameSizeAs(input);
    try (JsonParser original = JSON.createParser(input); JsonParser shortened = JSON.createParser(output)) {
      JsonToken token;
      while ((token = original.nextToken()) != null) {
        assertThat(shortened.nextToken()).isEqualTo(token);
        assertThat(shortened.currentTokenLocation().getByteOffset())
            .isEqualTo(original.currentTokenLocation().getByteOffset());
        String text = original.getText();
        String seen = shortened.getText();
        if (token != JsonToken.FIELD_NAME && token != JsonToken.VALUE_STRING) {
          assertThat(seen).isEqualTo(text);
          continue;
        }
        int limit = token == JsonToken.FIELD_NAME ? maxName : maxValue;
        int at = (int) original.currentTokenLocation().getByteOffset();
        int written = contentLength(input, at);
        // the cut comes at most 11 bytes late: after an escaped high surrogate and its low surrogate
        if (written > limit + 11 + BoundedJsonStrings.HOLD) {
          String marker = BoundedJsonStrings.marker(text.length());
          assertThat(seen).as("%s at %d: %d bytes, limit %d", token, at, written, limit).endsWith(marker);
          String head = seen.substring(0, seen.length() - marker.length());
          assertThat(text).startsWith(head);
          assertThat(contentLength(output, at) - marker.length()).isBetween(limit, limit + 11);
        } else if (written <= limit) {
          assertThat(seen).isEqualTo(text);
        } else {
          assertThat(seen.equals(text) || seen.endsWith(BoundedJsonStrings.marker(text.length()))).isTrue();
        }
      }
      assertThat(shortened.nextToken()).isNull();
    }
  }

  /** The number of content bytes of the JSON string whose opening quote is at {@code at}. */
  private static int contentLength(byte[] json, int at) {
    assertThat(json[at]).isEqualTo((byte) '"');
    int i = at + 1;
    while (json[i] != '"') {
      i += json[i] == '\\' ? 2 : 1;
    }
    return i - at - 1;
  }
}
