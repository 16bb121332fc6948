package io.secposture.examples.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Not public API: the job's logging, set up in code rather than from a {@code logback.xml}, which costs the job a
 * quarter of a second of CPU at start-up (an XML parser and logback's configuration model). Logback finds it through
 * {@code META-INF/services} and calls it once, on its own initialising thread. Logs go to standard error; standard
 * output carries the job's results (summary, where it published). A {@code -Dlogback.configurationFile=...} still
 * wins: this configurator then steps aside.
 */
public final class JobLogging extends ContextAwareBase implements Configurator {
  /** The levels below WARN (the root's) or above it: our own INFO, and the storage SDKs' chatty loggers. */
  private static final Map<String, Level> LEVELS = Map.of(
      "io.secposture", Level.INFO,
      "software.amazon.awssdk", Level.WARN,
      "com.azure", Level.WARN,
      // azure-core-http-jdk-httpclient 1.1.7 warns about a restricted Content-Length header on every upload
      "com.azure.core.http.jdk.httpclient.JdkHttpClient", Level.ERROR,
      "com.google", Level.WARN,
      "io.netty", Level.WARN,
      "org.apache.http", Level.WARN);

  /** Called by logback's {@code ServiceLoader}. */
  public JobLogging() {
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
