package io.secposture.prowler.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: reads a Prowler CSV row by row with Jackson's CSV parser, mapping columns by header name.
 *
 * <p>The delimiter is the one the header uses ({@code ;} for v3-v5, {@code ,} for v2; a file re-saved with the other
 * delimiter reads the same). Rows may end in LF, CRLF or the CR CR LF that Windows text mode makes of Prowler's CRLF;
 * the empty rows that produces are skipped. Quoted values may hold delimiters, quotes and line breaks. Values longer
 * than {@value BoundedText#MAX_VALUE_CHARS} characters are cut to that length and marked ({@link BoundedText}), and a
 * row may have at most {@value #MAX_EXTRA_COLUMNS} columns more than the header, so memory stays bounded whatever the
 * file holds. Positions are data rows counted from the header (row 1), which stay meaningful whatever the line ends.
 *
 * <p>A row with fewer columns than the header, or with extra non-empty columns, is an error naming the row: it means
 * the file is truncated or a value holds an unquoted delimiter. So is a row that repeats the header: Prowler appends
 * to an existing output file, so the file holds two runs whose results would be counted twice. Extra empty columns (a trailing delimiter, as some
 * v2 files have) are ignored, as are columns no parser needs. Not thread-safe.
 */
final class CsvTable implements Closeable {
  private static final CsvFactory FACTORY = CsvFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(JsonFindings.MAX_STRING_LENGTH).build())
      .build();
  /** Columns a row may have beyond the header's (empty ones, such as a trailing delimiter) before it is refused. */
  private static final int MAX_EXTRA_COLUMNS = 64;
  /** Columns a header may have; Prowler's have fewer than 50. */
  private static final int MAX_HEADER_COLUMNS = 4096;

  private final ReportSource source;
  private final String what;
  private final InputStream in;
  private final CsvParser parser;
  private final char delimiter;
  private final List<String> header;
  private final Map<String, Integer> columns = new HashMap<>();
  private String[] row = new String[64];
  private int width;
  private long rowNumber = 1;

  private CsvTable(ReportSource source, String what, InputStream in, CsvParser parser, char delimiter,
      List<String> header) {
    this.source = source;
    this.what = what;
    this.in = in;
    this.parser = parser;
    this.delimiter = delimiter;
    this.header = header;
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i).toUpperCase(Locale.ROOT), i);
    }
  }

  /**
   * Opens a CSV file and reads its header.
   *
   * @param source the file
   * @param what what the file should be, for messages, e.g. "a Prowler CSV (header AUTH_METHOD;TIMESTAMP;...)"
   * @param required columns the file must have; a column listed as {@code A|B} needs one of them
   * @param problems receives each value cut to {@link BoundedText#MAX_VALUE_CHARS}, with its row
   * @return the table, positioned before the first data row
   * @throws ReportParseException if the file is empty, unreadable, or its header lacks a required column
   */
  static CsvTable open(ReportSource source, String what, List<String> required, BoundedText.Problems problems) {
    char delimiter = delimiter(source.headText());
    InputStream in = null;
    CsvParser parser = null;
    try {
      in = BoundedText.csv(source.open(), delimiter, BoundedText.MAX_VALUE_CHARS, problems);
      parser = FACTORY.createParser(in);
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      List<String> header = null;
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_ARRAY) {
        List<String> cells = new ArrayList<>();
        while ((token = parser.nextToken()) == JsonToken.START_ARRAY) {
          cells.clear();
          while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (cells.size() == MAX_HEADER_COLUMNS) {
              throw new ReportParseException(source.toString(), 1, 0, what, "the header has more than "
                  + MAX_HEADER_COLUMNS + " columns", null);
            }
            cells.add(parser.getText().strip());
          }
          if (cells.size() > 1 || (cells.size() == 1 && !cells.get(0).isEmpty())) {
            header = cells;
            break;
          }
        }
      }
      if (header == null) {
        throw new ReportParseException(source.toString(), 1, 0, what, "the file is empty", null);
      }
      if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
        header.set(0, header.get(0).substring(1));
      }
      CsvTable table = new CsvTable(source, what, in, parser, delimiter, List.copyOf(header));
      table.requireColumns(required);
      return table;
    } catch (ReportParseException e) {
      closeQuietly(parser, in);
      throw e;
    } catch (IOException e) {
      closeQuietly(parser, in);
      throw failure(source, 1, what, e);
    } catch (RuntimeException e) {
      closeQuietly(parser, in);
      throw e;
    }
  }

  private void requireColumns(List<String> required) {
    List<String> missing = new ArrayList<>();
    for (String names : required) {
      if (Arrays.stream(names.split("\\|")).noneMatch(columns::containsKey)) {
        missing.add(names.replace("|", " or "));
      }
    }
    if (!missing.isEmpty()) {
      String seen = String.join(String.valueOf(delimiter), header);
      throw new ReportParseException(source.toString(), 1, 0, what, "the header lacks " + String.join(", ", missing)
          + "; it is: " + (seen.length() > 300 ? seen.substring(0, 300) + "..." : seen), null);
    }
  }

  /**
   * Returns the index of a column.
   *
   * @param names the column name, or several alternatives separated by {@code |} (the first present wins)
   * @return the index, or -1 when the header has none of them
   */
  int column(String names) {
    for (String name : names.split("\\|")) {
      Integer index = columns.get(name);
      if (index != null) {
        return index;
      }
    }
    return -1;
  }

  /**
   * Moves to the next data row, skipping empty ones.
   *
   * @return false at the end of the file
   * @throws ReportParseException if the row is malformed or has the wrong number of columns
   */
  boolean next() {
    try {
      while (true) {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_ARRAY) {
          return false;
        }
        width = 0;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
          if (width == header.size() + MAX_EXTRA_COLUMNS) {
            throw new ReportParseException(source.toString(), rowNumber + 1, 0, "a row of " + header.size()
                + " columns like the header", "found more than " + width + " columns; the file is not a Prowler "
                + "CSV or a value holds unquoted '" + delimiter + "' characters", null);
          }
          if (width == row.length) {
            row = Arrays.copyOf(row, row.length * 2);
          }
          row[width++] = parser.getText();
        }
        if (width == 0 || (width == 1 && row[0].isEmpty())) {
          continue;
        }
        rowNumber++;
        checkWidth();
        if (repeatsHeader()) {
          throw new ReportParseException(source.toString(), rowNumber, 0, "a data row", "the row repeats the "
              + "header: the file holds two outputs, which Prowler writes when it appends to an output file of an "
              + "earlier run (give every run a fresh --output-filename)", null);
        }
        return true;
      }
    } catch (IOException e) {
      throw failure(source, rowNumber + 1, "a well-formed CSV row", e);
    }
  }

  private void checkWidth() {
    if (width < header.size()) {
      String hint = width == 1 && row[0].indexOf(delimiter == ';' ? ',' : ';') >= 0
          ? "; it looks separated by '" + (delimiter == ';' ? ',' : ';') + "' while the header uses '" + delimiter + "'"
          : "; the file looks truncated or the row was cut";
      throw new ReportParseException(source.toString(), rowNumber, 0, "a row of " + header.size()
          + " columns like the header", "found " + width + (width == 1 ? " column" : " columns") + hint, null);
    }
    for (int i = header.size(); i < width; i++) {
      if (!row[i].isEmpty()) {
        throw new ReportParseException(source.toString(), rowNumber, 0, "a row of " + header.size()
            + " columns like the header", "found " + width + " columns; column " + (i + 1) + " holds '"
            + abbreviate(row[i]) + "', so a value probably holds an unquoted '" + delimiter + "'", null);
      }
    }
  }

  private boolean repeatsHeader() {
    for (int i = 0; i < header.size(); i++) {
      if (!row[i].strip().equalsIgnoreCase(header.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a value of the current row.
   *
   * @param column the index from {@link #column(String)}; -1 gives null
   * @return the value, or null
   */
  String get(int column) {
    return column < 0 || column >= width ? null : row[column];
  }

  /**
   * Returns the current row's number: the header is row 1, data rows follow, empty rows are not counted.
   *
   * @return the row number
   */
  long rowNumber() {
    return rowNumber;
  }

  /**
   * Returns the header.
   *
   * @return the column names as written
   */
  List<String> header() {
    return header;
  }

  @Override
  public void close() {
    closeQuietly(parser, in);
  }

  /** The delimiter the header line uses: whichever of ';' and ',' occurs more often in it. */
  private static char delimiter(String head) {
    int semicolons = 0;
    int commas = 0;
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c == ';') {
        semicolons++;
      } else if (c == ',') {
        commas++;
      }
    }
    return commas > semicolons ? ',' : ';';
  }

  private static ReportParseException failure(ReportSource source, long row, String expected, IOException e) {
    if (e instanceof CharConversionException) {
      return new ReportParseException(source.toString(), row, 0, expected, "the file is not UTF-8 text ("
          + e.getMessage() + ")", e);
    }
    if (e instanceof JsonProcessingException) {
      String detail = ((JsonProcessingException) e).getOriginalMessage();
      if (detail != null && (detail.contains("end-of-input") || detail.contains("Missing closing quote"))) {
        detail = "the file ends inside a quoted value: it looks truncated (" + detail + ")";
      }
      return new ReportParseException(source.toString(), row, 0, expected, detail, e);
    }
    return new ReportParseException(source.toString(), row, 0, "a readable file", "cannot read it: "
        + e.getMessage(), e);
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 40 ? flat.substring(0, 40) + "..." : flat;
  }

  private static void closeQuietly(CsvParser parser, InputStream in) {
    try {
      if (parser != null) {
        parser.close();
      }
    } catch (IOException e) {
      // nothing to do: the parse already succeeded or failed
    }
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      // nothing to do
    }
  }
}
