package io.secposture.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Writes the large inputs that {@link ReportParserContract#largeInput(Path, long)} asks for, from a small valid
 * sample or from a record template: the contract parses them in a small heap to prove a parser streams.
 *
 * <p><b>Who calls it.</b> Parser authors, in their contract test's {@code largeInput}:
 * <pre>{@code
 * @Override
 * protected Path largeInput(Path directory, long minimumBytes) throws IOException {
 *   return LargeInputs.repeatJsonArray(validSamples().get(0), directory.resolve("large.json"), minimumBytes);
 * }
 * }</pre>
 * Files are written as they are generated (never held in memory). Stateless and thread-safe.
 */
public final class LargeInputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LargeInputs() {
  }

  /**
   * Writes {@code head}, then records {@code element(0)}, {@code element(1)}, ... separated by {@code separator}
   * until the file holds at least {@code minimumBytes}, then {@code tail}. Vary something per record (a resource id)
   * if your format must not repeat itself.
   *
   * @param target the file to write (its directory is created)
   * @param minimumBytes the least size of the file
   * @param head what comes before the first record, e.g. {@code [} or a CSV header line
   * @param element the record with a given index
   * @param separator what comes between records, e.g. {@code ,\n} or {@code \n}
   * @param tail what comes after the last record, e.g. {@code ]}
   * @return the file
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(Path target, long minimumBytes, String head, IntFunction<String> element,
      String separator, String tail) {
    Objects.requireNonNull(element, "element");
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      try (Writer out = new BufferedWriter(Files.newBufferedWriter(target, StandardCharsets.UTF_8), 1 << 16)) {
        long written = write(out, head);
        for (int index = 0; written < minimumBytes; index++) {
          if (index > 0) {
            written += write(out, separator);
          }
          String record = element.apply(index);
          if (record.isEmpty()) {
            throw new IllegalArgumentException("element(" + index + ") is empty: the file would never grow");
          }
          written += write(out, record);
        }
        write(out, tail);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a sample's first {@code headerLines} lines once, then its other lines over and over (CSV, JSON lines).
   *
   * @param sample a small valid file with at least one line after the header
   * @param headerLines how many lines form the header
   * @param target the file to write
   * @param minimumBytes the least size of the file
   * @return the file
   * @throws UncheckedIOException if the sample cannot be read or the file written
   */
  public static Path repeatLines(Path sample, int headerLines, Path target, long minimumBytes) {
    List<String> lines = readLines(sample);
    if (lines.size() <= headerLines) {
      throw new IllegalArgumentException(sample + " has no line after its " + headerLines + " header line(s)");
    }
    List<String> body = lines.subList(headerLines, lines.size()).stream().filter(line -> !line.isBlank()).toList();
    String head = headerLines == 0 ? "" : String.join("\n", lines.subList(0, headerLines)) + "\n";
    return write(target, minimumBytes, head, index -> body.get(index % body.size()), "\n", "\n");
  }

  /**
   * Writes the elements of a sample that is a JSON array over and over, as one large JSON array.
   *
   * @param sample a small valid file holding a non-empty JSON array
   * @param target the file to write
   * @param minimumBytes the least size of the file
   * @return the file
   * @throws UncheckedIOException if the sample cannot be read or the file written
   */
  public static Path repeatJsonArray(Path sample, Path target, long minimumBytes) {
    JsonNode array;
    try {
      array = JSON.readTree(sample.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sample + ": " + e.getMessage(), e);
    }
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new IllegalArgumentException(sample + " does not hold a non-empty JSON array");
    }
    List<String> elements = new ArrayList<>();
    array.forEach(element -> elements.add(element.toString()));
    return write(target, minimumBytes, "[\n", index -> elements.get(index % elements.size()), ",\n", "\n]\n");
  }

  private static List<String> readLines(Path sample) {
    try {
      return Files.readAllLines(sample, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sample + ": " + e.getMessage(), e);
    }
  }

  private static long write(Writer out, String text) throws IOException {
    out.write(text);
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
