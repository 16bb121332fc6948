package io.secposture.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Not public API. Passes bytes on to a stream unchanged and reports the secret to a {@link SecretWatch} when it goes
 * by, even split across writes. Keeps only a short tail between writes. Thread-safe.
 */
final class WatchedStream extends OutputStream {
  private static final int CONTEXT = 160;

  private final OutputStream target;
  private final SecretWatch watch;
  private final String place;
  private final byte[] pattern;
  private byte[] tail = new byte[0];

  WatchedStream(OutputStream target, SecretWatch watch, String place) {
    this.target = Objects.requireNonNull(target, "target");
    this.watch = Objects.requireNonNull(watch, "watch");
    this.place = Objects.requireNonNull(place, "place");
    this.pattern = watch.secret().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    target.write(bytes, offset, length);
    byte[] window = Arrays.copyOf(tail, tail.length + length);
    System.arraycopy(bytes, offset, window, tail.length, length);
    int at = indexOf(window, pattern, Math.max(0, tail.length - pattern.length + 1));
    if (at >= 0) {
      watch.found(place, new String(window, StandardCharsets.UTF_8),
          new String(window, 0, at, StandardCharsets.UTF_8).length());
    }
    int keep = Math.min(window.length, Math.max(CONTEXT, pattern.length - 1));
    tail = Arrays.copyOfRange(window, window.length - keep, window.length);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
