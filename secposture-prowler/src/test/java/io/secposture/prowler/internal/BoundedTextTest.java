package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the bounded streams: whatever strings a JSON or CSV writer writes, reading through the bounded stream
 * gives exactly the same document with every value longer than the limit cut to its first {@code limit} code units
 * (one less when a surrogate pair straddles the cut) and marked with its original length, and one problem per cut
 * value; shorter values pass unchanged.
 */
class BoundedTextTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final CsvFactory CSV = new CsvFactory();

  @Property(tries = 300)
  void json_anyStrings_cutToTheLimitAndMarked(@ForAll("texts") List<String> texts,
      @ForAll @IntRange(min = 2, max = 40) int limit, @ForAll boolean escapeNonAscii,
      @ForAll @IntRange(min = 1, max = 70_000) int chunk) throws IOException {
    byte[] document = json(texts, escapeNonAscii);
    List<Long> problems = new ArrayList<>();

    List<String> read = readJson(BoundedText.json(trickle(document, chunk), limit,
        (what, line) -> problems.add(line)));

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      expected.add(bounded("k" + i + texts.get(i), limit));
      expected.add(bounded(texts.get(i), limit));
    }
    assertThat(read).isEqualTo(expected);
    long cut = expected.stream().filter(text -> text.endsWith(" chars]")).count();
    assertThat(problems).hasSize((int) cut);
  }

  @Property(tries = 300)
  void csv_anyValues_cutToTheLimitAndMarkedKeepingEveryRowAndColumn(@ForAll("rows") List<List<String>> rows,
      @ForAll @IntRange(min = 2, max = 40) int limit, @ForAll boolean comma,
      @ForAll @IntRange(min = 1, max = 70_000) int chunk) throws IOException {
    char delimiter = comma ? ',' : ';';
    byte[] document = csv(rows, delimiter);

    List<List<String>> read = readCsv(BoundedText.csv(trickle(document, chunk), delimiter, limit,
        (what, row) -> { }), delimiter);

    List<List<String>> expected = rows.stream().map(row -> row.stream().map(value -> bounded(value, limit)).toList())
        .toList();
    assertThat(read).isEqualTo(expected);
  }

  @Example
  void json_longValue_keepsLineNumbersAndReportsItsLine() throws IOException {
    String long1 = "x".repeat(100);
    String text = "[\n{\"a\": \"short\",\n \"b\": \"" + long1 + "\"},\n{\"c\": \"" + long1 + "\"\n}\n]";
    List<Long> lines = new ArrayList<>();

    try (JsonParser parser = JSON.createParser(BoundedText.json(bytes(text), 10, (what, line) -> lines.add(line)))) {
      List<String> values = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING) {
          values.add(parser.getText() + "@" + parser.currentTokenLocation().getLineNr());
        }
      }
      assertThat(values).containsExactly("short@2", "xxxxxxxxxx... [truncated: 100 chars]@3",
          "xxxxxxxxxx... [truncated: 100 chars]@4");
    }
    assertThat(lines).containsExactly(3L, 4L);
  }

  @Example
  void json_fileEndingInsideALongString_staysTruncatedForJackson() {
    String text = "[{\"a\": \"" + "y".repeat(500);

    assertThatThrownBy(() -> readJson(BoundedText.json(bytes(text), 10, (what, line) -> { })))
        .isInstanceOf(IOException.class).hasMessageContaining("end-of-input");
  }

  @Example
  void json_controlCharacterInsideADroppedPart_isStillReportedByJackson() {
    String text = "[\"" + "z".repeat(50) + "\u0001\"]";

    assertThatThrownBy(() -> readJson(BoundedText.json(bytes(text), 10, (what, line) -> { })))
        .isInstanceOf(IOException.class).hasMessageContaining("Illegal unquoted character");
  }

  @Example
  void csv_longValues_reportTheirRowsCountedLikeCsvTable() throws IOException {
    String text = "A;B\r\r\n1;\"" + "q\n".repeat(30) + "\"\r\r\n\r\n2;" + "w".repeat(30) + "\n";
    List<Long> rows = new ArrayList<>();

    List<List<String>> read = readCsv(BoundedText.csv(bytes(text), ';', 8, (what, row) -> rows.add(row)), ';');

    assertThat(read).containsExactly(List.of("A", "B"), List.of("1", "q\nq\nq\nq\n... [truncated: 60 chars]"),
        List.of("2", "wwwwwwww... [truncated: 30 chars]"));
    assertThat(rows).containsExactly(2L, 3L);
  }

  @Example
  void csv_unquotedV2ValueCut_keepsItsColumns() throws IOException {
    String text = "PROFILE,ACCOUNT_NUM,X\nd," + "9".repeat(40) + ",last\n";

    List<List<String>> read = readCsv(BoundedText.csv(bytes(text), ',', 5, (what, row) -> { }), ',');

    assertThat(read.get(1)).containsExactly("d", "99999... [truncated: 40 chars]", "last");
  }

  /** What the bounded stream must give for a value. */
  static String bounded(String value, int limit) {
    if (value.length() <= limit) {
      return value;
    }
    int cut = Character.isHighSurrogate(value.charAt(limit - 1)) ? limit - 1 : limit;
    return value.substring(0, cut) + BoundedText.marker(value.length());
  }

  @Provide
  Arbitrary<List<String>> texts() {
    return text().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<List<String>>> rows() {
    // Jackson's own CSV parser cannot read back a quoted NUL, which Prowler never writes
    return text().filter(value -> value.indexOf('\0') < 0).list().ofMinSize(2).ofMaxSize(5).list().ofMinSize(1)
        .ofMaxSize(5).filter(rows -> rows.stream().allMatch(row -> row.stream().anyMatch(value -> !value.isEmpty())));
  }

  private static Arbitrary<String> text() {
    Arbitrary<String> ascii = Arbitraries.strings().withChars("ab;,\"\\\n\r\t /").ofMaxLength(60);
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(60)
        .filter(BoundedTextTest::wellFormed);
    Arbitrary<String> pairs = Arbitraries.of("\uD83D\uDE00", "é", "中", "a").list().ofMaxSize(30)
        .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(ascii, unicode, pairs);
  }

  private static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] json(List<String> texts, boolean escapeNonAscii) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonFactory factory = escapeNonAscii
        ? JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build() : JSON;
    try (JsonGenerator generator = factory.createGenerator(out)) {
      generator.useDefaultPrettyPrinter();
      generator.writeStartArray();
      for (int i = 0; i < texts.size(); i++) {
        generator.writeStartObject();
        generator.writeStringField("k" + i + texts.get(i), texts.get(i));
        generator.writeEndObject();
      }
      generator.writeEndArray();
    }
    return out.toByteArray();
  }

  private static List<String> readJson(InputStream in) throws IOException {
    List<String> values = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          values.add(parser.getText());
        }
      }
    }
    return values;
  }

  private static byte[] csv(List<List<String>> rows, char delimiter) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CsvGenerator generator = CSV.createGenerator(out)) {
      generator.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
      for (List<String> row : rows) {
        generator.writeStartArray();
        for (String value : row) {
          generator.writeString(value);
        }
        generator.writeEndArray();
      }
    }
    return out.toByteArray();
  }

  private static List<List<String>> readCsv(InputStream in, char delimiter) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvParser parser = CSV.createParser(in)) {
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      JsonToken token = parser.nextToken();
      while ((token = parser.nextToken()) == JsonToken.START_ARRAY) {
        List<String> row = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
          row.add(parser.getText());
        }
        if (row.size() > 1 || !row.get(0).isEmpty()) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** A stream that hands out at most {@code chunk} bytes per read, so values and characters span reads. */
  private static InputStream trickle(byte[] document, int chunk) {
    return new ByteArrayInputStream(document) {
      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        return super.read(buffer, offset, Math.min(length, chunk % 17 == 0 ? length : 1 + chunk % 17));
      }
    };
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
