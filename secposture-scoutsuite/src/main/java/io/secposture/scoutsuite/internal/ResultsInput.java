package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.secposture.api.ReportParseException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Not public API: opens a ScoutSuite results file for Jackson. The JavaScript assignment on the first line
 * ({@code scoutsuite_results =}) and a UTF-8 byte-order mark are replaced by spaces (line breaks are kept) rather
 * than removed, so the
 * JSON parser sees plain JSON whose line numbers, columns and byte offsets are exactly those of the file; the byte
 * offsets let the reader re-open the file at a remembered position.
 */
public final class ResultsInput {
  /** The variable ScoutSuite assigns on the first line of a results file. */
  public static final String RESULTS_VARIABLE = "scoutsuite_results";

  /**
   * Shared and thread-safe, for small reads (a file's head, an errors file, a command's output); a results file's
   * parse takes a factory of its own ({@link #newJsonFactory()}, which says how both are configured).
   */
  private static final JsonFactory JSON = newJsonFactory();

  private ResultsInput() {
  }

  /**
   * Returns the JSON factory that reads ScoutSuite files.
   *
   * @return the factory
   */
  public static JsonFactory jsonFactory() {
    return JSON;
  }

  /**
   * Returns a new JSON factory, configured as {@link #jsonFactory()}, for the parse of one file. Field names are
   * canonicalised (that keeps Jackson's byte-based UTF-8 parser, which is fast and reports byte offsets) but not
   * interned into the JVM's string table. NaN and Infinity are accepted because Python's json module writes them.
   * Files reach it through {@link BoundedJsonStrings}, which keeps strings far below the string limit; the limit is a
   * second net that turns a string the filter missed into a parse error instead of an OutOfMemoryError.
   *
   * <p>Why a factory per file: a factory's field-name table is shared by every parser it creates, and each parser
   * copies the whole table the first time it meets a name the table lacks. Results files are keyed by resource ids,
   * so every account's file brings names no other file has: with one factory for the JVM the table stays near its
   * bound (a few thousand names, about 200 KB) and each of a file's parsers (one per service re-read) copied it,
   * from every scan thread at once. A factory of the file's own holds only the file's names.
   *
   * @return a new factory
   */
  public static JsonFactory newJsonFactory() {
    return JsonFactory.builder()
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(1_000)
            .maxStringLength(4_000_000)
            .maxNumberLength(1_000)
            .build())
        .build();
  }

  /** What the start of a file holds. */
  public enum Shape {
    /** {@code scoutsuite_results =} followed by JSON. */
    ASSIGNMENT,
    /** A JSON object without the assignment. */
    PLAIN_JSON,
    /** Anything else. */
    OTHER
  }

  /**
   * Tells what a file starts with and how many bytes belong to the BOM and the assignment.
   *
   * @param head the first bytes of the file
   * @return the shape, and the number of bytes to mask ({@code 0} when there is nothing to mask)
   */
  public static Prefix prefix(byte[] head) {
    int i = 0;
    int mask = 0;
    if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      i = 3;
      mask = 3;
    }
    while (i < head.length && isSpace(head[i])) {
      i++;
    }
    if (i < head.length && head[i] == '{') {
      return new Prefix(Shape.PLAIN_JSON, mask);
    }
    byte[] variable = RESULTS_VARIABLE.getBytes(StandardCharsets.US_ASCII);
    if (startsWith(head, i, variable)) {
      int j = i + variable.length;
      while (j < head.length && (head[j] == ' ' || head[j] == '\t')) {
        j++;
      }
      if (j < head.length && head[j] == '=') {
        return new Prefix(Shape.ASSIGNMENT, j + 1);
      }
    }
    return new Prefix(Shape.OTHER, mask);
  }

  /**
   * The shape of a file's start.
   *
   * @param shape what the file starts with
   * @param maskLength how many leading bytes to replace by spaces
   */
  public record Prefix(Shape shape, int maskLength) {
  }

  /**
   * Opens a file for parsing from its start, with its first {@code maskLength} bytes turned into spaces and every
   * long string shortened ({@link BoundedJsonStrings}: byte offsets stay those of the file).
   *
   * @param file the file
   * @param maskLength how many leading bytes to mask
   * @return the stream
   * @throws IOException if the file cannot be opened
   */
  public static InputStream open(Path file, int maskLength) throws IOException {
    return new BoundedJsonStrings(new MaskingInputStream(Channels.newInputStream(openChannel(file)), maskLength));
  }

  /**
   * Opens a results file for reading, refusing it when it was swapped for a link (scanner output is untrusted). The
   * re-reads of one parse all read one such channel, each at its own offset ({@link #readAt}), so that a file read
   * again once per service is opened once.
   *
   * @param file the file
   * @return the channel; the caller closes it
   * @throws IOException if the file cannot be opened
   */
  public static FileChannel openChannel(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Reads a channel from a byte offset (a value the first pass remembered, outside any string), with every long
   * string shortened as {@link #open} does, through a lent buffer
   * ({@link BoundedJsonStrings#BoundedJsonStrings(InputStream, byte[])}). Closing the stream leaves the channel
   * open; streams on one channel do not disturb each other, each keeps its own position.
   *
   * @param channel a channel from {@link #openChannel}
   * @param offset the byte offset
   * @param end the offset the stream ends at (the end of the value, as the first pass saw it); -1 for the file's end
   * @param buffer the read buffer, owned by the stream until it is closed
   * @return the stream
   */
  public static InputStream readAt(FileChannel channel, long offset, long end, byte[] buffer) {
    return new BoundedJsonStrings(new PositionalInputStream(channel, offset, end < 0 ? Long.MAX_VALUE : end), buffer);
  }

  /** A stream over a channel from an offset with reads at explicit positions; closing it keeps the channel open. */
  private static final class PositionalInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    PositionalInputStream(FileChannel channel, long position, long end) {
      this.channel = channel;
      this.position = position;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      int wanted = (int) Math.min(length, end - position);
      int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  /**
   * Describes the start of a file that is not a results file, for error messages: its first characters with
   * control characters shown as {@code ?}.
   *
   * @param headText the first characters of the file
   * @return a short, printable excerpt in quotes
   */
  public static String excerpt(String headText) {
    String text = headText.strip();
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return "'" + text.replaceAll("[\\p{Cntrl}\\uFFFD]", "?") + "'";
  }

  /**
   * Tells the caller what was found when a file is neither a results file nor plain JSON.
   *
   * @param source the file, as the user knows it
   * @param headText the first characters
   * @return the exception to throw
   */
  public static ReportParseException notResults(String source, String headText) {
    String trimmed = headText.strip();
    String hint = "";
    if (trimmed.startsWith("exceptions")) {
      hint = " (this is a ScoutSuite exceptions file; parse scoutsuite_results_<name>.js instead)";
    } else if (trimmed.startsWith("[")) {
      hint = " (a JSON array: ScoutSuite's errors file is one; parse scoutsuite_results_<name>.js instead)";
    } else if (trimmed.startsWith("<")) {
      hint = " (an HTML or XML page: parse scoutsuite-results/scoutsuite_results_<name>.js instead)";
    }
    return new ReportParseException(source, 1, 1,
        "a first line 'scoutsuite_results =' followed by a JSON object, or a JSON object",
        "found " + excerpt(headText) + hint, null);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean startsWith(byte[] head, int at, byte[] prefix) {
    if (head.length - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (head[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** Replaces the first bytes of a stream by spaces. */
  private static final class MaskingInputStream extends FilterInputStream {
    private final long maskLength;
    private long position;

    MaskingInputStream(InputStream in, long maskLength) {
      super(in);
      this.maskLength = maskLength;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && position++ < maskLength && b != '\n' && b != '\r') {
        return ' ';
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0 && position < maskLength) {
        int masked = (int) Math.min(n, maskLength - position);
        for (int k = 0; k < masked; k++) {
          byte b = buffer[offset + k];
          if (b != '\n' && b != '\r') {
            buffer[offset + k] = ' ';
          }
        }
      }
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      position += Math.max(0, skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
