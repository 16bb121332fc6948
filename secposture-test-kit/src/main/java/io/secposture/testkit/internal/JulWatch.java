package io.secposture.testkit.internal;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Not public API. Watches what SLF4J sends to {@code java.util.logging} (the {@code slf4j-jdk14} provider): a handler
 * on the root logger, with the root level lowered to ALL meanwhile so that debug calls are made and seen (handlers
 * keep their own levels, so nothing extra is printed).
 */
final class JulWatch implements AutoCloseable {
  private final Logger root = LogManager.getLogManager().getLogger("");
  private final Level rootLevel = root.getLevel();
  private final Handler handler;

  JulWatch(SecretWatch watch) {
    handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String place = "SLF4J logger " + record.getLoggerName() + " at " + record.getLevel();
        watch.check(place, record.getMessage());
        if (record.getParameters() != null) {
          for (Object parameter : record.getParameters()) {
            watch.check(place + " (argument)", parameter == null ? null : String.valueOf(parameter));
          }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
          watch.check(place + " (exception)", t.toString());
        }
      }

      @Override
      public void flush() {
        // nothing buffered
      }

      @Override
      public void close() {
        // nothing held
      }
    };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.ALL);
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    root.setLevel(rootLevel);
  }
}
