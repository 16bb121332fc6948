package io.secposture.core.internal.publish;

import io.secposture.core.Redactor;
import java.io.IOException;

/**
 * Not public API. Stands in for a failure whose message held a secret: same type name (in the message), redacted
 * message, same stack trace, same (redacted) causes. Storage modules wrap SDK failures with {@link #io} so that no
 * connection string, key or token reaches a log or an exception chain, whatever the SDK put in its messages.
 */
public final class RedactedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private RedactedFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns an {@link IOException} with the message and cause redacted; when nothing needs redacting, the cause is
   * kept as it is.
   *
   * @param message the message
   * @param cause the failure
   * @param redactor the secrets to mask
   * @return the exception
   */
  public static IOException io(String message, Throwable cause, Redactor redactor) {
    if (redactor.isEmpty() || !holdsSecret(cause, redactor)) {
      return new IOException(redactor.redact(message), cause);
    }
    return new IOException(redactor.redact(message), copy(cause, redactor, 0));
  }

  private static boolean holdsSecret(Throwable failure, Redactor redactor) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage();
      if (text != null && !text.equals(redactor.redact(text))) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (holdsSecret(suppressed, redactor)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Throwable copy(Throwable failure, Redactor redactor, int depth) {
    Throwable cause = failure.getCause() == null || failure.getCause() == failure || depth > 20 ? null
        : copy(failure.getCause(), redactor, depth + 1);
    String message = failure.getMessage() == null ? failure.getClass().getName()
        : failure.getClass().getName() + ": " + redactor.redact(failure.getMessage());
    RedactedFailure copy = new RedactedFailure(message, cause);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, redactor, depth + 1));
    }
    return copy;
  }
}
