package io.secposture.core;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A log file that keeps at most about {@code limit} bytes of a process's output: the first half as it comes, and the
 * last part in a ring file beside it; on {@link #close()} the ring's content follows the head, after a line that says
 * how much was left out ({@code [secposture: 642.3 MiB of output omitted here]}). The kept tail starts at a line
 * boundary. Text arrives already redacted, so cutting it never exposes part of a secret. Memory stays flat: the ring
 * lives on disk, created only once the head is full.
 *
 * <p>Not thread-safe: one output pump writes it.
 */
final class BoundedLog implements Closeable {
  /** Scanner logs are mostly a few KB and written a line at a time: a larger buffer only costs its zeroing per log. */
  private static final int BUFFER = 8 * 1024;

  private final Path file;
  private final long limit;
  private final OutputStream head;
  private long headBytes;
  private boolean headEndsLine = true;
  private Path ringFile;
  private FileChannel ring;
  private long ringCapacity;
  private long ringTotal;
  private ByteBuffer pending;
  private long omitted;
  private boolean closed;

  private BoundedLog(Path file, long limit, OutputStream head) {
    this.file = file;
    this.limit = limit;
    this.head = head;
  }

  /**
   * Creates (or truncates) the log file.
   *
   * @param file the log file; its directory must exist
   * @param limit the most bytes to keep, {@link Long#MAX_VALUE} for all
   * @return the log
   * @throws IOException if the file cannot be written
   */
  static BoundedLog open(Path file, long limit) throws IOException {
    return new BoundedLog(file, limit, new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
  }

  /**
   * Appends text, and a line break if asked.
   *
   * @param text the (redacted) text
   * @param newline whether a line ends after it
   * @throws IOException if writing fails
   */
  void append(String text, boolean newline) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length + (newline ? 1 : 0);
    if (ring == null && headBytes + length <= limit / 2) {
      head.write(bytes);
      if (newline) {
        head.write('\n');
      }
      headBytes += length;
      if (length > 0) {
        headEndsLine = newline;
      }
      return;
    }
    if (ring == null) {
      startRing();
    }
    toRing(bytes);
    if (newline) {
      toRing(new byte[] {'\n'});
    }
  }

  private void startRing() throws IOException {
    head.flush();
    ringCapacity = limit - headBytes;
    ringFile = file.resolveSibling("." + file.getFileName() + ".tail.part");
    ring = FileChannel.open(ringFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    pending = ByteBuffer.allocate(BUFFER);
  }

  private void toRing(byte[] bytes) throws IOException {
    int offset = 0;
    while (offset < bytes.length) {
      int chunk = Math.min(pending.remaining(), bytes.length - offset);
      pending.put(bytes, offset, chunk);
      offset += chunk;
      if (!pending.hasRemaining()) {
        flushRing();
      }
    }
  }

  /** Writes the pending bytes at the ring's current position, wrapping around at its capacity. */
  private void flushRing() throws IOException {
    pending.flip();
    while (pending.hasRemaining()) {
      long position = ringTotal % ringCapacity;
      int chunk = (int) Math.min(pending.remaining(), ringCapacity - position);
      ByteBuffer slice = pending.slice();
      slice.limit(chunk);
      while (slice.hasRemaining()) {
        ring.write(slice, position + slice.position());
      }
      pending.position(pending.position() + chunk);
      ringTotal += chunk;
    }
    pending.clear();
  }

  /**
   * Returns how many bytes of output the file left out, once closed.
   *
   * @return the bytes omitted; 0 when everything was kept
   */
  long omitted() {
    return omitted;
  }

  /** Appends the kept tail (after the omission line when something was left out) and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream out = head) {
      if (ring == null) {
        return;
      }
      try (FileChannel tail = ring) {
        flushRing();
        if (ringTotal <= ringCapacity) {
          copy(tail, 0, ringTotal, out);
          return;
        }
        long start = ringTotal % ringCapacity;
        long skip = lineStart(tail, start);
        omitted = ringTotal - ringCapacity + skip;
        out.write(((headEndsLine ? "" : "\n") + "[secposture: " + size(omitted) + " of output omitted here]\n")
            .getBytes(StandardCharsets.UTF_8));
        long from = (start + skip) % ringCapacity;
        long remaining = ringCapacity - skip;
        long first = Math.min(remaining, ringCapacity - from);
        copy(tail, from, first, out);
        copy(tail, 0, remaining - first, out);
      } finally {
        Files.deleteIfExists(ringFile);
      }
    }
  }

  /**
   * How many bytes from the ring's oldest byte to the start of the first whole line: past the first line break,
   * or, when the ring holds none, past UTF-8 continuation bytes only.
   */
  private long lineStart(FileChannel tail, long start) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long scanned = 0;
    search:
    while (scanned < ringCapacity) {
      buffer.clear();
      long position = (start + scanned) % ringCapacity;
      buffer.limit((int) Math.min(buffer.capacity(), Math.min(ringCapacity - scanned, ringCapacity - position)));
      int read = tail.read(buffer, position);
      if (read <= 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        if (buffer.get(i) == '\n') {
          if (scanned + i + 1 < ringCapacity) {
            return scanned + i + 1;
          }
          break search; // the only line break ends the ring: keep its last line, from a character boundary
        }
      }
      scanned += read;
    }
    buffer.clear();
    buffer.limit((int) Math.min(4, ringCapacity));
    tail.read(buffer, start % ringCapacity);
    int continuation = 0;
    while (continuation < buffer.position() && (buffer.get(continuation) & 0xC0) == 0x80) {
      continuation++;
    }
    return continuation;
  }

  private static void copy(FileChannel from, long position, long count, OutputStream out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long done = 0;
    while (done < count) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), count - done));
      int read = from.read(buffer, position + done);
      if (read <= 0) {
        throw new IOException("the log's tail file ended early");
      }
      out.write(buffer.array(), 0, read);
      done += read;
    }
  }

  /**
   * Formats a byte count for people: {@code 512 bytes}, {@code 12.0 KiB}, {@code 642.3 MiB}, {@code 1.2 GiB}.
   *
   * @param bytes the count
   * @return the text
   */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  @Override
  public String toString() {
    return "BoundedLog[" + file + ", limit " + (limit == Long.MAX_VALUE ? "none" : size(limit)) + "]";
  }
}
