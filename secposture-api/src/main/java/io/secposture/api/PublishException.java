package io.secposture.api;

import java.net.URI;

/**
 * Thrown by an {@link ArtifactPublisher} when publishing fails. It names the destination and the object key that
 * failed. A publisher that throws this has not replaced {@code reports/report_latest.json}: readers still see the
 * previous complete run.
 */
public class PublishException extends SecpostureException {
  private static final long serialVersionUID = 1L;

  private final URI destination;
  private final String key;

  /**
   * Creates a publish failure.
   *
   * @param message what happened and what to do
   * @param destination where the run was being published
   * @param key the object key (relative to the destination) that failed; nullable when no single key is at fault
   * @param cause the underlying failure; nullable
   */
  public PublishException(String message, URI destination, String key, Throwable cause) {
    super(message, cause);
    this.destination = destination;
    this.key = key;
  }

  /**
   * Returns the destination the run was being published to.
   *
   * @return the destination URI
   */
  public URI destination() {
    return destination;
  }

  /**
   * Returns the key that failed, relative to the destination.
   *
   * @return the key, or {@code null} when the failure is not tied to one key
   */
  public String key() {
    return key;
  }
}
