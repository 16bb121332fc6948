package io.secposture.core.internal.publish;

import io.secposture.api.PublishException;
import io.secposture.core.SiteLayout;
import java.net.URI;

/**
 * Not public API. Builds the {@link PublishException}s of a publish: what failed, at which key, what state the site
 * is in and what to do.
 */
public final class Failures {
  /** What a failure before {@code index.html} and {@code report_latest.json} leaves behind. */
  public static final String LATEST_UNTOUCHED = SiteLayout.INDEX + " and " + SiteLayout.LATEST_REPORT
      + " were not touched: readers still see the previous run. Fix the cause and publish again;"
      + " publishing the same run again is safe.";

  private static final int MAX_CAUSE = 600;

  private Failures() {
  }

  /**
   * Returns the exception for a store operation that finally failed.
   *
   * @param site the destination, as printed
   * @param key the key that failed
   * @param verb what was being done, e.g. {@code uploading}
   * @param cause the failure
   * @param state what the site looks like now and what to do
   * @return the exception
   */
  public static PublishException publishFailed(URI site, String key, String verb, Throwable cause, String state) {
    return new PublishException("publishing to " + site + " failed " + verb + " '" + key + "': " + describe(cause)
        + hint(cause) + ". " + state, site, key, cause);
  }

  /**
   * Throws if the current thread was interrupted, naming the step it was about to take.
   *
   * @param site the destination, as printed
   * @param key the key about to be written
   * @throws PublishException if interrupted; the interrupt flag stays set
   */
  public static void checkInterrupted(URI site, String key) {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(site, key, null);
    }
  }

  /**
   * Returns the exception for a publish that was interrupted (cancelled) before writing a key.
   *
   * @param site the destination, as printed
   * @param key the key about to be written
   * @param cause the interruption; nullable
   * @return the exception
   */
  public static PublishException interrupted(URI site, String key, Throwable cause) {
    return new PublishException("publishing to " + site + " was interrupted before '" + key + "' was written. "
        + LATEST_UNTOUCHED, site, key, cause);
  }

  /**
   * Describes a failure in one line: its message (or type when it has none), and the innermost cause's message
   * when that says more. SDK exceptions carry the service's error code and message; that is what a reader needs.
   *
   * @param failure the failure
   * @return a short description
   */
  public static String describe(Throwable failure) {
    String text = oneLine(failure);
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure) {
      String rootText = oneLine(root);
      if (!text.contains(rootText)) {
        text = text + " (caused by " + rootText + ")";
      }
    }
    return text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "..." : text;
  }

  private static String oneLine(Throwable failure) {
    String message = failure.getMessage();
    String text = message == null || message.isBlank() ? failure.getClass().getSimpleName()
        : failure.getClass().getSimpleName() + ": " + message.strip();
    return text.replaceAll("\\s*\\R\\s*", " ");
  }

  private static String hint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
        return " (the store could not be reached: check the endpoint and the network)";
      }
      if (t instanceof java.nio.file.AccessDeniedException) {
        return " (permission denied: check that the job may write there)";
      }
    }
    return "";
  }

  /**
   * Returns text safe to print: control characters become {@code ?}.
   *
   * @param text any text
   * @return the printable text
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
