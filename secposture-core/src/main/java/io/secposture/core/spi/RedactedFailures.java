package io.secposture.core.spi;

import io.secposture.api.Secret;
import io.secposture.core.Redactor;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps SDK failures so that no connection string, key or token reaches a log or an exception chain, whatever the
 * SDK put in its messages: each failure whose message held a secret is replaced by a stand-in with the same type name
 * (in the message), redacted message, same stack trace, same (redacted) causes.
 *
 * <p><b>Who calls it.</b> Object stores whose client may echo a credential in an error (Azure's SAS tokens and
 * connection strings), when turning an SDK failure into the {@link IOException} of an
 * {@link io.secposture.core.ObjectStore} method. Stateless and thread-safe; arguments are never {@code null}.
 */
public final class RedactedFailures {
  private RedactedFailures() {
  }

  /** The stand-in for a failure whose message held a secret. */
  private static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Redacted(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Returns a redactor for credentials that are strings of {@code name=value} pairs (a connection string, a SAS
   * token): it masks each whole credential and, since an SDK may echo one part, each value longer than 8 characters,
   * as given and URL-decoded.
   *
   * @param credentials the credentials; {@code null} elements are skipped
   * @return the redactor
   */
  public static Redactor redactor(Secret... credentials) {
    List<Secret> secrets = new ArrayList<>();
    for (Secret secret : credentials) {
      if (secret != null) {
        secrets.add(secret);
        for (String part : secret.reveal().split("[;&]")) {
          int equals = part.indexOf('=');
          if (equals > 0 && part.length() - equals > 8) {
            String value = part.substring(equals + 1);
            secrets.add(Secret.of(value));
            try {
              secrets.add(Secret.of(URLDecoder.decode(value, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException notEncoded) {
              // the raw value is masked already
            }
          }
        }
      }
    }
    return Redactor.of(secrets);
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
    Redacted copy = new Redacted(message, cause);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, redactor, depth + 1));
    }
    return copy;
  }
}
