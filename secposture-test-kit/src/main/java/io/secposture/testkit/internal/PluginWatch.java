package io.secposture.testkit.internal;

import java.io.PrintStream;
import java.nio.charset.Charset;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Not public API. Watches everything a plugin can print while it runs: SLF4J logging (through the provider on the
 * class path: Logback, {@code java.util.logging}, or slf4j-simple, which prints to the standard streams) and
 * {@code System.out}/{@code System.err}, reporting a secret to a {@link SecretWatch}. Open it around the plugin's
 * call and close it after; not reentrant (it replaces the JVM's standard streams meanwhile).
 */
public final class PluginWatch implements AutoCloseable {
  /** SLF4J providers whose output this watch sees. */
  public static final String SUPPORTED = "Logback (ch.qos.logback:logback-classic), slf4j-simple (org.slf4j:slf4j-simple)"
      + " or java.util.logging (org.slf4j:slf4j-jdk14)";

  private final PrintStream out;
  private final PrintStream err;
  private final AutoCloseable logs;

  private PluginWatch(SecretWatch watch) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    String provider = factory.getClass().getName();
    switch (provider) {
      case "ch.qos.logback.classic.LoggerContext":
        logs = new LogbackWatch(factory, watch);
        break;
      case "org.slf4j.jul.JDK14LoggerFactory":
        logs = new JulWatch(watch);
        break;
      case "org.slf4j.simple.SimpleLoggerFactory":
        logs = () -> { }; // it prints to System.err (or System.out), watched below
        break;
      default:
        throw new AssertionError(provider.equals("org.slf4j.helpers.NOPLoggerFactory")
            ? "no SLF4J provider is on the test class path, so SLF4J drops every log line and the contract cannot"
                + " check that the plugin never logs a secret; add one in test scope: " + SUPPORTED
            : "the contract cannot watch the logs of the SLF4J provider on the test class path (" + provider
                + ") for secrets; use one of " + SUPPORTED + " in test scope");
    }
    out = System.out;
    err = System.err;
    Charset charset = Charset.defaultCharset();
    System.setOut(new PrintStream(new WatchedStream(out, watch, "System.out"), true, charset));
    System.setErr(new PrintStream(new WatchedStream(err, watch, "System.err"), true, charset));
  }

  /**
   * Starts watching.
   *
   * @param watch where to report the secret
   * @return the watch; close it to stop
   * @throws AssertionError if the SLF4J provider on the class path cannot be watched (none, or an unsupported one)
   */
  public static PluginWatch start(SecretWatch watch) {
    return new PluginWatch(watch);
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(out);
    System.setErr(err);
    try {
      logs.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop watching the logs", e);
    }
  }
}
