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
