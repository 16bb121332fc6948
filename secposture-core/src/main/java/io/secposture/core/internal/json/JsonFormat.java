package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * Not public API: the Jackson settings shared by the report and history codecs.
 *
 * <p>Generators never close the caller's stream and write big decimals plainly (no exponent); parsers never close
 * the caller's stream and refuse duplicate keys, which would otherwise silently replace a provider section or an
 * account field. Thread-safe (the factory is immutable once built).
 */
final class JsonFormat {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private JsonFormat() {
  }

  /** Opens a pretty-printing generator: two-space indents, {@code "key": value}, {@code []} and {@code {}}. */
  static JsonGenerator prettyGenerator(OutputStream out) throws IOException {
    JsonGenerator generator = FACTORY.createGenerator(out);
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    PrettyPrinter printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    generator.setPrettyPrinter(printer);
    return generator;
  }

  /** Opens a compact generator that puts each element of an array on its own line (for one row per run). */
  static JsonGenerator lineGenerator(OutputStream out) throws IOException {
    JsonGenerator generator = FACTORY.createGenerator(out);
    generator.setPrettyPrinter(new OneElementPerLine());
    return generator;
  }

  /** Opens a parser. */
  static JsonParser parser(InputStream in) throws IOException {
    return FACTORY.createParser(in);
  }

  /**
   * Returns a duration as exact decimal seconds, e.g. {@code 12.5} or {@code 0.000000001}.
   *
   * @param duration a duration
   * @return seconds with up to nine decimals, no trailing zeros
   */
  static BigDecimal seconds(Duration duration) {
    BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    seconds = seconds.stripTrailingZeros();
    return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
  }

  /**
   * Returns a duration from decimal seconds, rounded to the nanosecond.
   *
   * @param seconds decimal seconds
   * @return the duration
   * @throws ArithmeticException if it does not fit a {@link Duration}
   */
  static Duration duration(BigDecimal seconds) {
    BigInteger nanos = seconds.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    BigInteger[] parts = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValueExact());
  }

  /**
   * Returns text that is safe as a field name: unpaired surrogates become U+FFFD. Jackson writes an unpaired
   * surrogate as a {@code \\u} escape and reads it back in a string value, but refuses it in a field name, so a
   * service or label name holding one would make the whole report unreadable.
   *
   * @param name a field name from the data
   * @return the name, changed only if it held an unpaired surrogate
   */
  static String fieldName(String name) {
    StringBuilder fixed = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean unpaired;
      if (Character.isHighSurrogate(c)) {
        unpaired = i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1));
        if (!unpaired) {
          if (fixed != null) {
            fixed.append(c).append(name.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        unpaired = Character.isLowSurrogate(c);
      }
      if (unpaired && fixed == null) {
        fixed = new StringBuilder(name.length()).append(name, 0, i);
      }
      if (fixed != null) {
        fixed.append(unpaired ? '\uFFFD' : c);
      }
    }
    return fixed == null ? name : fixed.toString();
  }

  /**
   * Returns a map whose keys are safe field names ({@link #fieldName(String)}), combining the values of keys that
   * became equal.
   *
   * @param map a map keyed by names from the data
   * @param combine how to combine two values whose keys collide
   * @param <V> the value type
   * @return the map itself when no key changed, else a new sorted map
   */
  static <V> SortedMap<String, V> fieldNames(SortedMap<String, V> map, BinaryOperator<V> combine) {
    boolean changed = false;
    for (String key : map.keySet()) {
      if (!fieldName(key).equals(key)) {
        changed = true;
        break;
      }
    }
    if (!changed) {
      return map;
    }
    TreeMap<String, V> safe = new TreeMap<>();
    map.forEach((key, value) -> safe.merge(fieldName(key), value, combine));
    return safe;
  }

  /** Compact output with a line break before each array element and before the closing bracket. */
  private static final class OneElementPerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator generator) throws IOException {
      generator.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator generator, int values) throws IOException {
      if (values > 0) {
        generator.writeRaw('\n');
      }
      generator.writeRaw(']');
    }
  }
}
