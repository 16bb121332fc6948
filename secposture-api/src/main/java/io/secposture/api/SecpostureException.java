package io.secposture.api;

/**
 * The root of every exception secposture throws on purpose. It is unchecked: callers catch it where they can do
 * something about it (typically a job's main loop or a CI step), everything else lets it propagate.
 *
 * <p>Messages follow one rule: they say what happened, the value that was seen and what to do about it. They never
 * contain a secret.
 */
public class SecpostureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what happened, the value seen and what to do.
   *
   * @param message the full, human-readable message
   */
  public SecpostureException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause that led to it.
   *
   * @param message the full, human-readable message
   * @param cause the underlying failure; nullable
   */
  public SecpostureException(String message, Throwable cause) {
    super(message, cause);
  }
}
