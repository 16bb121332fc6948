package io.secposture.scoutsuite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Not public API: an input stream in front of Jackson that shortens every JSON string longer than a limit, so that
 * no string of an untrusted file is ever held whole in memory (Jackson materialises a string in full as soon as its
 * text is asked for, and a results file can hold a 90 MB description). Not thread-safe; one per parse.
 *
 * <p><b>What the parser sees.</b> A string whose UTF-8 content is longer than the limit (64 KiB for values, 1 KiB for
 * object keys, which Jackson keeps in its symbol table) keeps its first bytes, cut at a character boundary, followed
 * by {@code ... [truncated, N chars]} where N is the length of the whole string in UTF-16 chars as Java would count
 * it; the rest of the string is read and dropped without being kept. Strings up to {@value #HOLD} bytes over the
 * limit are left as they are.
 *
 * <p><b>Byte offsets stay exact.</b> The shortened string is closed early and the bytes it no longer uses become
 * spaces after its closing quote (whitespace JSON allows between tokens), so the stream has exactly the length of
 * the file and every token starts at the byte offset it has in the file: the reader's re-reads from a remembered
 * offset, and the line, column and offset in error messages, stay right. A raw control character inside a dropped
 * part is kept in the shortened string, so that invalid JSON still fails as it would have.
 *
 * <p>Only the JSON structure needed to tell keys from values is followed ({@code { } [ ] , :} and strings);
 * anything else passes through untouched for Jackson to judge.
 */
public final class BoundedJsonStrings extends InputStream {
  /** How many bytes of a string value are kept. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** How many bytes of an object key are kept. */
  public static final int MAX_NAME_BYTES = 1024;
  /** Bytes past the limit that are held back to decide whether the string is really longer than the marker. */
  static final int HOLD = 64;
  private static final int MAX_TRACKED_DEPTH = 2048;

  /** UTF-16 chars a UTF-8 byte starts: none for a continuation byte, two for the lead byte of a 4-byte sequence. */
  private static final byte[] CHARS = new byte[256];
  /** The bytes that matter outside strings. */
  private static final boolean[] STRUCTURE = new boolean[256];

  static {
    for (int b = 0; b < 256; b++) {
      CHARS[b] = (byte) ((b & 0xC0) == 0x80 ? 0 : (b & 0xF8) == 0xF0 ? 2 : 1);
    }
    for (char c : "{}[],:\"".toCharArray()) {
      STRUCTURE[c] = true;
    }
  }

  private static final int OUTSIDE = 0;
  private static final int STRING = 1;
  private static final int HOLDING = 2;
  private static final int DROPPING = 3;

  private final InputStream in;
  private final int maxValueBytes;
  private final int maxNameBytes;
  /** The size of the read buffer a stream allocates when it is given none. */
  static final int BUFFER_SIZE = 16 * 1024;

  private final byte[] buffer;
  private int position;
  private int end;
  private boolean inputEnded;

  private final long[] objects = new long[MAX_TRACKED_DEPTH / 64];
  private int depth;
  private boolean expectName;

  private int state = OUTSIDE;
  /** 0 outside an escape, -1 right after a backslash, 1 to 4 for the hex digits of a backslash-u escape. */
  private int escape;
  private int escapeValue;
  /** The last escape was a high surrogate, which Jackson only accepts followed by its low surrogate: no cut here. */
  private boolean highSurrogate;
  private boolean name;
  private long contentBytes;
  /**
   * The string's length in chars: inside the string up to the cut it is counted lazily, from the bytes between
   * {@link #countFrom} and the position when the buffer is refilled or the string is cut (short strings, the
   * usual case, are never counted); escapes are corrected as they are seen (a backslash and the byte after it count
   * one char, a backslash-u escape's six bytes too).
   */
  private long chars;
  private int countFrom;
  private int limit;
  private final byte[] held = new byte[HOLD];
  private int heldLength;
  /** Content bytes after the cut (held and dropped), without the closing quote. */
  private long afterCut;
  /** The first raw control character after the cut, or -1. */
  private int control = -1;

  private final byte[] one = new byte[1];
  private byte[] pending = new byte[0];
  private int pendingPosition;
  private long pendingSpaces;

  /**
   * Wraps a stream with the default limits.
   *
   * @param in the JSON bytes
   */
  public BoundedJsonStrings(InputStream in) {
    this(in, MAX_VALUE_BYTES, MAX_NAME_BYTES);
  }

  /**
   * Wraps a stream.
   *
   * @param in the JSON bytes
   * @param maxValueBytes how many bytes of a string value to keep, at least 1
   * @param maxNameBytes how many bytes of an object key to keep, at least 1
   */
  public BoundedJsonStrings(InputStream in, int maxValueBytes, int maxNameBytes) {
    this(in, maxValueBytes, maxNameBytes, new byte[BUFFER_SIZE]);
  }

  /**
   * Wraps a stream with the default limits, reading through the caller's buffer: a reader that opens the same file
   * again and again (one re-read per service) lends each stream a buffer it got back from the last one, instead of
   * allocating a fresh one every time. The buffer must not be used by anything else until this stream is closed.
   *
   * @param in the JSON bytes
   * @param buffer the read buffer, at least 1 KiB
   */
  BoundedJsonStrings(InputStream in, byte[] buffer) {
    this(in, MAX_VALUE_BYTES, MAX_NAME_BYTES, buffer);
  }

  private BoundedJsonStrings(InputStream in, int maxValueBytes, int maxNameBytes, byte[] buffer) {
    this.in = Objects.requireNonNull(in, "in");
    if (maxValueBytes < 1 || maxNameBytes < 1) {
      throw new IllegalArgumentException("the limits must be positive");
    }
    if (buffer.length < 1024) {
      throw new IllegalArgumentException("the buffer must hold at least 1 KiB");
    }
    this.maxValueBytes = maxValueBytes;
    this.maxNameBytes = maxNameBytes;
    this.buffer = buffer;
  }

  /**
   * Returns the marker that ends a shortened string.
   *
   * @param chars the length of the whole string
   * @return {@code ... [truncated, N chars]}
   */
  public static String marker(long chars) {
    return "... [truncated, " + chars + " chars]";
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] out, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, out.length);
    if (length == 0) {
      return 0;
    }
    int written = 0;
    while (written < length) {
      if (pendingPosition < pending.length) {
        int n = Math.min(length - written, pending.length - pendingPosition);
        System.arraycopy(pending, pendingPosition, out, offset + written, n);
        pendingPosition += n;
        written += n;
        continue;
      }
      if (pendingSpaces > 0) {
        int n = (int) Math.min(length - written, pendingSpaces);
        java.util.Arrays.fill(out, offset + written, offset + written + n, (byte) ' ');
        pendingSpaces -= n;
        written += n;
        continue;
      }
      if (position == end) {
        if (written > 0) {
          break;
        }
        if (inputEnded) {
          if (!endOfInput()) {
            return -1;
          }
          continue;
        }
        if (state == STRING) {
          countChars(end);
        }
        int n = in.read(buffer, 0, buffer.length);
        countFrom = 0;
        if (n < 0) {
          inputEnded = true;
        } else {
          position = 0;
          end = n;
        }
        continue;
      }
      written += process(out, offset + written, length - written);
    }
    return written;
  }

  /** Queues what is left of a string the input ended in; returns false when there is nothing more to give. */
  private boolean endOfInput() {
    if (state == HOLDING) {
      queue(java.util.Arrays.copyOf(held, heldLength), 0);
    } else if (state == DROPPING) {
      queue(marker(chars).getBytes(StandardCharsets.US_ASCII), 0);
    } else {
      return false;
    }
    state = OUTSIDE;
    return true;
  }

  private int process(byte[] out, int offset, int room) {
    if (state == HOLDING) {
      holding();
      return 0;
    }
    if (state == DROPPING) {
      dropping();
      return 0;
    }
    // outside strings and inside them up to a cut, bytes pass unchanged: one copy for the whole run
    int start = position;
    int stop = Math.min(end, position + room);
    while (position < stop) {
      if (state == OUTSIDE) {
        outside(stop);
      } else if (state == STRING) {
        string(stop);
      } else {
        break;
      }
    }
    int n = position - start;
    System.arraycopy(buffer, start, out, offset, n);
    return n;
  }

  private void outside(int stop) {
    byte[] in = buffer;
    int p = position;
    while (p < stop) {
      byte c = in[p++];
      if (STRUCTURE[c & 0xFF]) {
        if (c == '"') {
          position = p;
          startString();
          return;
        }
        structure(c);
      }
    }
    position = p;
  }

  private void string(int stop) {
    byte[] in = buffer;
    while (position < stop) {
      if (escape == 0 && !highSurrogate && contentBytes < limit) {
        // the common case, kept tight: plain content below the limit
        int p = position;
        int fastStop = (int) Math.min(stop, p + (limit - contentBytes));
        while (p < fastStop) {
          byte c = in[p];
          if (c == '"' || c == '\\') {
            break;
          }
          p++;
        }
        contentBytes += p - position;
        position = p;
        if (p == stop) {
          return;
        }
      }
      byte c = in[position];
      if (escape != 0) {
        if (escape == -1) {
          escape = c == 'u' ? 4 : 0;
          escapeValue = 0;
          if (c == 'u') {
            chars -= 4;
          }
        } else {
          escapeValue = (escapeValue << 4) | Character.digit(c, 16);
          if (--escape == 0) {
            highSurrogate = escapeValue >= 0xD800 && escapeValue <= 0xDBFF;
          }
        }
      } else if (c == '"') {
        position++;
        endString();
        return;
      } else if (contentBytes >= limit && (c & 0xC0) != 0x80 && !highSurrogate) {
        countChars(position);
        state = HOLDING;
        heldLength = 0;
        afterCut = 0;
        control = -1;
        return;
      } else {
        if (c == '\\') {
          escape = -1;
          chars--;
        }
        highSurrogate &= c == '\\';
      }
      contentBytes++;
      position++;
    }
  }

  private void holding() {
    while (position < end) {
      byte c = buffer[position];
      if (escape == 0 && c == '"') {
        position++;
        byte[] whole = java.util.Arrays.copyOf(held, heldLength + 1);
        whole[heldLength] = '"';
        queue(whole, 0);
        endString();
        return;
      }
      if (heldLength == HOLD) {
        state = DROPPING;
        afterCut = HOLD;
        return;
      }
      track(c);
      held[heldLength++] = c;
      position++;
    }
  }

  private void dropping() {
    byte[] in = buffer;
    while (position < end) {
      if (escape == 0) {
        int p = position;
        long counted = chars;
        while (p < end) {
          byte c = in[p];
          if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
            break;
          }
          counted += CHARS[c & 0xFF];
          p++;
        }
        afterCut += p - position;
        chars = counted;
        position = p;
        if (p == end) {
          return;
        }
      }
      byte c = in[position++];
      if (escape == 0 && c == '"') {
        byte[] marker = marker(chars).getBytes(StandardCharsets.US_ASCII);
        int extra = control >= 0 ? 1 : 0;
        byte[] closing = java.util.Arrays.copyOf(marker, marker.length + extra + 1);
        if (extra == 1) {
          closing[marker.length] = (byte) control;
        }
        closing[closing.length - 1] = '"';
        queue(closing, afterCut - marker.length - extra);
        endString();
        return;
      }
      track(c);
      afterCut++;
    }
  }

  /** Adds the chars of the string's bytes from {@link #countFrom} up to {@code to} in the buffer. */
  private void countChars(int to) {
    byte[] in = buffer;
    long counted = chars;
    for (int i = countFrom; i < to; i++) {
      counted += CHARS[in[i] & 0xFF];
    }
    chars = counted;
    countFrom = to;
  }

  /** Follows escapes, counts chars and notes a raw control character, for a content byte after the cut. */
  private void track(byte c) {
    if (escape != 0) {
      escape = escape == -1 ? (c == 'u' ? 4 : 0) : escape - 1;
      return;
    }
    if (c >= 0 && c < 0x20 && control < 0) {
      control = c;
    }
    count(c);
  }

  /** Counts a content byte outside an escape sequence: a backslash starts one; UTF-8 lead bytes start a char. */
  private void count(byte c) {
    if (c == '\\') {
      escape = -1;
    }
    chars += CHARS[c & 0xFF];
  }

  private void queue(byte[] bytes, long spaces) {
    pending = bytes;
    pendingPosition = 0;
    pendingSpaces = Math.max(0, spaces);
  }

  private void startString() {
    state = STRING;
    name = expectName && topIsObject();
    limit = name ? maxNameBytes : maxValueBytes;
    escape = 0;
    highSurrogate = false;
    contentBytes = 0;
    chars = 0;
    countFrom = position;
  }

  private void endString() {
    state = OUTSIDE;
    escape = 0;
    if (name) {
      expectName = false;
    }
  }

  private void structure(byte c) {
    switch (c) {
      case '{':
        push(true);
        expectName = true;
        break;
      case '[':
        push(false);
        expectName = false;
        break;
      case '}':
      case ']':
        if (depth > 0) {
          depth--;
        }
        expectName = false;
        break;
      case ',':
        expectName = topIsObject();
        break;
      case ':':
        expectName = false;
        break;
      default:
        break;
    }
  }

  private void push(boolean object) {
    if (depth < MAX_TRACKED_DEPTH) {
      long bit = 1L << (depth & 63);
      if (object) {
        objects[depth >> 6] |= bit;
      } else {
        objects[depth >> 6] &= ~bit;
      }
    }
    depth++;
  }

  private boolean topIsObject() {
    int top = depth - 1;
    return top >= 0 && top < MAX_TRACKED_DEPTH && (objects[top >> 6] & (1L << (top & 63))) != 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
