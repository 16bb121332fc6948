package io.secposture.core.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stream over a byte range of a file, opened afresh for every attempt of a part upload, so a retried part needs
 * no buffering.
 *
 * <p><b>Who calls it.</b> Object stores that upload large files in parts (S3 multipart, block uploads). Not
 * thread-safe, like any stream; arguments are never {@code null}.
 */
public final class FileSlice extends FilterInputStream {
  private long remaining;

  private FileSlice(InputStream in, long length) {
    super(in);
    this.remaining = length;
  }

  /**
   * Opens a range of a file.
   *
   * @param file the file
   * @param offset the first byte
   * @param length how many bytes
   * @return the stream, positioned at {@code offset}
   * @throws IOException if the file cannot be opened or is shorter than the range
   */
  public static InputStream open(Path file, long offset, long length) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      in.skipNBytes(offset);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new FileSlice(in, length);
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = super.read(buffer, offset, (int) Math.min(length, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
