package io.secposture.testkit.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Not public API. Watches every SLF4J call that reaches Logback, at every level, whether or not the configuration
 * prints it: a turbo filter sees each call (message, arguments, exception, MDC) before the level check, and answers
 * "enabled" to {@code isDebugEnabled()}-style checks so that guarded debug code runs and is seen too (it is still
 * filtered by level afterwards, so nothing extra is printed). An appender on the root logger sees key-value pairs of
 * the fluent API. Loaded only when Logback is the SLF4J provider.
 */
final class LogbackWatch implements AutoCloseable {
  private final LoggerContext context;
  private final Watcher filter;
  private final Appender appender;

  LogbackWatch(org.slf4j.ILoggerFactory factory, SecretWatch watch) {
    this.context = (LoggerContext) factory;
    this.filter = new Watcher(watch);
    filter.setName("secposture-test-kit-secret-watch");
    filter.start();
    this.appender = new Appender(watch);
    appender.setContext(context);
    appender.setName("secposture-test-kit-secret-watch");
    appender.start();
    context.addTurboFilter(filter);
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  @Override
  public void close() {
    context.getTurboFilterList().remove(filter);
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    filter.stop();
    appender.stop();
  }

  private static String place(String logger, Level level) {
    return "SLF4J logger " + logger + (level == null ? "" : " at " + level);
  }

  private static void checkThrowable(SecretWatch watch, String place, Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      watch.check(place + " (exception)", t.toString());
      for (Throwable suppressed : t.getSuppressed()) {
        watch.check(place + " (suppressed exception)", suppressed.toString());
      }
    }
  }

  /** Sees every call before the level check. */
  private static final class Watcher extends TurboFilter {
    private final SecretWatch watch;

    Watcher(SecretWatch watch) {
      this.watch = watch;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
        Throwable thrown) {
      if (format == null && params == null && thrown == null) {
        return FilterReply.ACCEPT; // an isXxxEnabled() check: let guarded logging code run, so it is watched too
      }
      String place = place(logger.getName(), level);
      watch.check(place, format);
      if (params != null) {
        watch.check(place, MessageFormatter.arrayFormat(format, params).getMessage());
        for (Object param : params) {
          watch.check(place + " (argument)", param == null ? null : String.valueOf(param));
        }
      }
      checkThrowable(watch, place, thrown);
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      if (mdc != null) {
        watch.check(place + " (MDC)", mdc.toString());
      }
      return FilterReply.NEUTRAL;
    }
  }

  /** Sees what is appended: key-value pairs and markers of the fluent API. */
  private static final class Appender extends AppenderBase<ILoggingEvent> {
    private final SecretWatch watch;

    Appender(SecretWatch watch) {
      this.watch = watch;
    }

    @Override
    protected void append(ILoggingEvent event) {
      String place = place(event.getLoggerName(), event.getLevel());
      watch.check(place, event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        watch.check(place + " (key-value pairs)", event.getKeyValuePairs().toString());
      }
      if (event.getMarkerList() != null) {
        watch.check(place + " (markers)", event.getMarkerList().toString());
      }
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        watch.check(place + " (exception)", t.getClassName() + ": " + t.getMessage());
      }
    }
  }
}
