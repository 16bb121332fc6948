package io.secposture.core.enginetest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what slf4j-simple prints (it writes to whatever {@code System.err} is at the time of each call) while
 * still passing it through. Use in try-with-resources; tests in this module run one at a time.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /** Starts capturing. */
  public LogCapture() {
    original = System.err;
    PrintStream tee = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        synchronized (captured) {
          captured.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        synchronized (captured) {
          captured.write(bytes, offset, length);
        }
        original.write(bytes, offset, length);
      }
    }, true, StandardCharsets.UTF_8);
    System.setErr(tee);
  }

  /** @return everything captured so far */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** @return the captured lines */
  public List<String> lines() {
    return Arrays.asList(text().split("\\R"));
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
