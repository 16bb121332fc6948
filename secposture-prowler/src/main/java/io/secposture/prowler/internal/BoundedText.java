package io.secposture.prowler.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Not public API: byte streams that shorten every text value of a JSON or CSV file to a bound while the file is
 * read, so no value a scanner wrote, however long, is ever held in memory whole.
 *
 * <p>Jackson (JSON and CSV alike) holds each string token in full before a parser can look at it, even one the parser
 * then ignores, and a Prowler file is untrusted input: a result with a 90 MB description would need hundreds of MB of
 * heap per parse. These streams sit between the file and Jackson and cut every JSON string (names and values) and
 * every CSV value longer than {@value #MAX_VALUE_CHARS} characters to its first {@value #MAX_VALUE_CHARS}, followed by
 * the marker {@code ... [truncated: <original length> chars]}; the rest of the value is read and dropped. Lengths
 * are counted in UTF-16 code units as Java counts them ({@code \n} and {@code \u00e9} escapes and each UTF-8 sequence
 * decode to one unit, a 4-byte sequence or a surrogate pair to two), cuts never split a character, an escape or a
 * surrogate pair, and the marker holds no quote, delimiter or line break, so the document keeps its structure and
 * every line and row keeps its number. Shorter values pass byte for byte.
 *
 * <p>Malformed input stays malformed: a control character inside a string, or a file that ends inside a value, is
 * passed on for Jackson to report at its line. Each shortened value is reported to a {@link Problems} callback with
 * its line (JSON) or its row counted as {@link CsvTable} counts them (CSV). Memory: two 64 KiB buffers per stream,
 * whatever the input. Not thread-safe; one per parse.
 */
abstract class BoundedText extends InputStream {
  /** The longest text value kept, in UTF-16 code units: longer ones are cut to this and marked. */
  static final int MAX_VALUE_CHARS = 64 * 1024;

  /** The text of the problem reported for shortened values (the same for every value, so they are counted). */
  static final String SHORTENED = "shortened text values longer than " + MAX_VALUE_CHARS + " characters to their "
      + "first " + MAX_VALUE_CHARS + ", marked '... [truncated: <length> chars]' (the file holds unusually long "
      + "values)";

  /** Receives each value that was shortened. */
  @FunctionalInterface
  interface Problems {
    /**
     * Records one problem.
     *
     * @param what what happened, {@link #SHORTENED}
     * @param position the line (JSON) or row (CSV) the value starts on
     */
    void problem(String what, long position);
  }

  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final byte[] input = new byte[BUFFER];
  private byte[] output = new byte[BUFFER + 256];
  private int outputStart;
  private int outputEnd;
  private boolean ended;
  final int limit;
  final Problems problems;

  // the value being read: code units kept and seen, whether the rest is being dropped, whether the last lead byte
  // of a multi-byte character was kept (its continuation bytes follow it)
  int kept;
  long total;
  boolean dropping;
  boolean leadKept;

  BoundedText(InputStream in, int limit, Problems problems) {
    this.in = Objects.requireNonNull(in, "in");
    if (limit < 2) {
      throw new IllegalArgumentException("limit must be at least 2, got " + limit);
    }
    this.limit = limit;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  /**
   * Wraps a JSON byte stream.
   *
   * @param in the file's bytes (UTF-8)
   * @param limit the longest string kept, in code units
   * @param problems receives each shortened string with the line it starts on
   * @return the bounded stream; closing it closes {@code in}
   */
  static InputStream json(InputStream in, int limit, Problems problems) {
    return new Json(in, limit, problems);
  }

  /**
   * Wraps a CSV byte stream.
   *
   * @param in the file's bytes (UTF-8)
   * @param delimiter the column delimiter
   * @param limit the longest value kept, in code units
   * @param problems receives each shortened value with its row (the header is row 1; empty rows are not counted)
   * @return the bounded stream; closing it closes {@code in}
   */
  static InputStream csv(InputStream in, char delimiter, int limit, Problems problems) {
    return new Csv(in, delimiter, limit, problems);
  }

  /** The marker that ends a shortened value. */
  static String marker(long originalLength) {
    return "... [truncated: " + originalLength + " chars]";
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    while (outputStart == outputEnd) {
      if (ended) {
        return -1;
      }
      outputStart = 0;
      outputEnd = 0;
      int n = in.read(input, 0, input.length);
      if (n < 0) {
        ended = true;
        atEnd();
      } else {
        accept(input, n);
      }
    }
    int n = Math.min(length, outputEnd - outputStart);
    System.arraycopy(output, outputStart, buffer, offset, n);
    outputStart += n;
    return n;
  }

  @Override
  public int available() {
    return outputEnd - outputStart;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Handles input bytes; formats override it with faster paths for plain text. */
  void accept(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      accept(bytes[i]);
    }
  }

  /** Handles one input byte. */
  abstract void accept(byte b);

  /** Handles the end of the input. */
  abstract void atEnd();

  final void emit(byte b) {
    if (outputEnd == output.length) {
      output = Arrays.copyOf(output, output.length * 2);
    }
    output[outputEnd++] = b;
  }

  final void emit(byte[] bytes, int length) {
    emit(bytes, 0, length);
  }

  final void emit(byte[] bytes, int offset, int length) {
    if (outputEnd + length > output.length) {
      output = Arrays.copyOf(output, Math.max(output.length * 2, outputEnd + length));
    }
    System.arraycopy(bytes, offset, output, outputEnd, length);
    outputEnd += length;
  }

  /** Starts a new value. */
  final void startValue() {
    kept = 0;
    total = 0;
    dropping = false;
    leadKept = true;
  }

  /**
   * Handles one byte of a value's raw (unescaped) text: UTF-8 lead bytes count one code unit (two for a 4-byte
   * sequence), continuation bytes go wherever their lead byte went.
   */
  final void content(byte b) {
    if ((b & 0xC0) == 0x80) {
      if (leadKept) {
        emit(b);
      }
      return;
    }
    int units = (b & 0xF8) == 0xF0 ? 2 : 1;
    total += units;
    if (!dropping && kept + units <= limit) {
      kept += units;
      leadKept = true;
      emit(b);
    } else {
      dropping = true;
      leadKept = false;
    }
  }

  /** Ends the current value: writes the marker if it was shortened and reports it. */
  final void endValue(long position) {
    if (dropping) {
      byte[] marker = marker(total).getBytes(StandardCharsets.US_ASCII);
      emit(marker, marker.length);
      problems.problem(SHORTENED, position);
      dropping = false;
    }
  }

  /** JSON: every string literal, names included. */
  private static final class Json extends BoundedText {
    private static final int OUTSIDE = 0;
    private static final int STRING = 1;
    private static final int ESCAPE = 2;
    private static final int UNICODE = 3;

    private int state = OUTSIDE;
    private long line = 1;
    private long valueLine;
    private final byte[] escape = new byte[6];
    private int escapeLength;

    Json(InputStream in, int limit, Problems problems) {
      super(in, limit, problems);
    }

    /**
     * Copies runs of bytes outside strings and of plain ASCII inside kept strings in bulk, and skips the dropped part
     * of a long string counting its characters; everything else goes through {@link #accept(byte)}.
     */
    @Override
    void accept(byte[] bytes, int length) {
      int i = 0;
      while (i < length) {
        int start = i;
        if (state == OUTSIDE) {
          while (i < length && bytes[i] != '"') {
            if (bytes[i] == '\n') {
              line++;
            }
            i++;
          }
          emit(bytes, start, i - start);
        } else if (state == STRING && !dropping) {
          int room = limit - kept;
          while (i < length && i - start < room) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
              break;
            }
            i++;
          }
          int plain = i - start;
          if (plain > 0) {
            emit(bytes, start, plain);
            kept += plain;
            total += plain;
            leadKept = true;
          }
        } else if (state == STRING) {
          while (i < length) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
              break;
            }
            if ((b & 0xC0) != 0x80) {
              total += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
            i++;
          }
        }
        if (i == start && i < length) {
          accept(bytes[i]);
          i++;
        }
      }
    }

    @Override
    void accept(byte b) {
      if (b == '\n') {
        line++;
      }
      switch (state) {
        case OUTSIDE:
          if (b == '"') {
            state = STRING;
            valueLine = line;
            startValue();
          }
          emit(b);
          break;
        case STRING:
          if (b == '"') {
            endValue(valueLine);
            state = OUTSIDE;
            emit(b);
          } else if (b == '\\') {
            state = ESCAPE;
            escape[0] = b;
            escapeLength = 1;
          } else if (b >= 0 && b < 0x20) {
            // invalid in a JSON string: passed on so Jackson reports it where it is
            total++;
            emit(b);
          } else {
            content(b);
          }
          break;
        case ESCAPE:
          escape[escapeLength++] = b;
          if (b == 'u') {
            state = UNICODE;
          } else {
            escaped(false);
            state = STRING;
          }
          break;
        case UNICODE:
          escape[escapeLength++] = b;
          if (escapeLength == 6) {
            escaped(highSurrogate());
            state = STRING;
          }
          break;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    /** An escape sequence is one code unit; a high surrogate is kept only with room for its low half. */
    private void escaped(boolean highSurrogate) {
      total++;
      if (!dropping && kept + (highSurrogate ? 2 : 1) <= limit) {
        kept++;
        emit(escape, escapeLength);
      } else {
        dropping = true;
      }
    }

    private boolean highSurrogate() {
      int code = 0;
      for (int i = 2; i < 6; i++) {
        int digit = Character.digit(escape[i], 16);
        if (digit < 0) {
          return false;
        }
        code = code * 16 + digit;
      }
      return code >= 0xD800 && code <= 0xDBFF;
    }

    @Override
    void atEnd() {
      if (state != OUTSIDE) {
        // the file ends inside a string: no closing quote, so Jackson still reports the truncated file
        endValue(valueLine);
      }
    }
  }

  /** CSV as Jackson reads it: a value is quoted when it starts with a quote; {@code ""} inside is one quote. */
  private static final class Csv extends BoundedText {
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_SEEN = 3;
    private static final byte[] QUOTES = {'"', '"'};

    private final byte delimiter;
    private int state = FIELD_START;
    private long rows;
    private boolean rowHasContent;

    Csv(InputStream in, char delimiter, int limit, Problems problems) {
      super(in, limit, problems);
      if (delimiter > 0x7f || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException("unsupported delimiter '" + delimiter + "'");
      }
      this.delimiter = (byte) delimiter;
    }

    @Override
    void accept(byte b) {
      boolean lineBreak = b == '\n' || b == '\r';
      switch (state) {
        case FIELD_START:
          if (b == '"') {
            rowHasContent = true;
            state = QUOTED;
            startValue();
            emit(b);
          } else if (b == delimiter) {
            rowHasContent = true;
            emit(b);
          } else if (lineBreak) {
            endRow();
            emit(b);
          } else {
            rowHasContent = true;
            state = UNQUOTED;
            startValue();
            content(b);
          }
          break;
        case UNQUOTED:
          if (b == delimiter || lineBreak) {
            endValue(rows + 1);
            if (lineBreak) {
              endRow();
            }
            state = FIELD_START;
            emit(b);
          } else {
            content(b);
          }
          break;
        case QUOTED:
          if (b == '"') {
            state = QUOTE_SEEN;
          } else {
            content(b);
          }
          break;
        case QUOTE_SEEN:
          if (b == '"') {
            doubledQuote();
            state = QUOTED;
          } else {
            endValue(rows + 1);
            emit((byte) '"');
            // what follows a closing quote up to the delimiter is Jackson's to judge; it is bounded like a value
            state = UNQUOTED;
            startValue();
            accept(b);
          }
          break;
        default:
          throw new IllegalStateException("state " + state);
      }
    }

    private void doubledQuote() {
      total++;
      if (!dropping && kept + 1 <= limit) {
        kept++;
        emit(QUOTES, 2);
      } else {
        dropping = true;
      }
    }

    private void endRow() {
      if (rowHasContent) {
        rows++;
        rowHasContent = false;
      }
    }

    @Override
    void atEnd() {
      if (state == UNQUOTED || state == QUOTED) {
        endValue(rows + 1);
      } else if (state == QUOTE_SEEN) {
        endValue(rows + 1);
        emit((byte) '"');
      }
    }
  }
}
