package io.secposture.core.internal.pipeline;

import io.secposture.core.Redactor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Not public API: turns exceptions into text (and loggable copies) with every secret masked, since exception
 * messages written by scanners and SDKs may quote a credential.
 */
public final class SafeThrowables {
  private static final int MAX_MESSAGE = 2_000;

  private SafeThrowables() {
  }

  /**
   * Describes an exception and its root cause in one line: {@code IllegalStateException: boom (caused by
   * IOException: disk full)}.
   *
   * @param error the exception
   * @param redactor masks secrets
   * @return the description
   */
  public static String describe(Throwable error, Redactor redactor) {
    StringBuilder text = new StringBuilder(one(error, redactor));
    Throwable root = error;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
      root = root.getCause();
    }
    if (root != error) {
      text.append(" (caused by ").append(one(root, redactor)).append(')');
    }
    return text.toString();
  }

  /**
   * Says what to do about an {@link Error} that ended one scan or one file (the run goes on without it): for an
   * {@link OutOfMemoryError}, give the job more heap or run fewer scans at once; for a {@link StackOverflowError},
   * the input is nested too deeply for the plugin; for a {@link LinkageError}, the plugin jars do not match. Empty
   * for exceptions, whose message says it already.
   *
   * @param error what was thrown
   * @param input what was being read when it happened, e.g. {@code results file x.ocsf.json (912 MB)}; nullable
   * @return advice starting with {@code "; "}, or empty
   */
  public static String advice(Throwable error, String input) {
    String reading = input == null ? "" : " while reading " + input;
    if (error instanceof OutOfMemoryError) {
      return "; the job's Java heap ran out of memory" + reading + ": give the job more heap (for example"
          + " JAVA_TOOL_OPTIONS=-Xmx4g, or a larger -Xmx), or run fewer scans at once (concurrency), since scans"
          + " share the heap; a parser that keeps every finding in memory should be reported to its authors."
          + " The other accounts were not affected";
    }
    if (error instanceof StackOverflowError) {
      return "; the thread's stack overflowed" + reading + " (input nested too deeply for the plugin): report it"
          + " to the plugin's authors, or raise the stack size (-Xss). The other accounts were not affected";
    }
    if (error instanceof LinkageError) {
      return "; a class is missing or does not match" + reading + ": check that every secposture jar on the class"
          + " path has the same version and that the plugin's dependencies are there";
    }
    if (error instanceof Error) {
      return "; an unexpected Java error" + reading + "; the other accounts were not affected";
    }
    return "";
  }

  private static String one(Throwable error, Redactor redactor) {
    String message = redactor.redact(error.getMessage());
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + " ...";
    }
    return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /**
   * Returns a copy of an exception chain whose messages are redacted and whose stack traces are kept, for logging.
   *
   * @param error the exception
   * @param redactor masks secrets
   * @return the copy
   */
  public static Throwable redactedCopy(Throwable error, Redactor redactor) {
    return copy(error, redactor, new IdentityHashMap<>());
  }

  private static Throwable copy(Throwable error, Redactor redactor, Map<Throwable, Throwable> copies) {
    Throwable existing = copies.get(error);
    if (existing != null) {
      return existing;
    }
    Redacted copy = new Redacted(error.getClass().getName(), redactor.redact(error.getMessage()));
    copies.put(error, copy);
    copy.setStackTrace(error.getStackTrace());
    if (error.getCause() != null && error.getCause() != error) {
      copy.initCause(copy(error.getCause(), redactor, copies));
    }
    for (Throwable suppressed : error.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, redactor, copies));
    }
    return copy;
  }

  /** A stand-in that prints like the original exception, with a redacted message. */
  private static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;

    Redacted(String type, String message) {
      super(message);
      this.type = type;
    }

    @Override
    public String toString() {
      String message = getMessage();
      return message == null ? type : type + ": " + message;
    }
  }
}
