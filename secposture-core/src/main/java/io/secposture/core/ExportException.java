package io.secposture.core;

import io.secposture.api.SecpostureException;
import java.util.Objects;

/**
 * A {@link FindingExporter} could not export a run: its destination refused or could not be reached, or a file could
 * not be written. The message names the exporter, what failed and what to do; it never holds a secret (a webhook
 * URL, a signing key, a credential). {@link ExportRunner} reports it with the exporter's name; the run stays
 * published.
 */
public class ExportException extends SecpostureException {
  private static final long serialVersionUID = 1L;

  private final String exporter;

  /**
   * Creates the exception.
   *
   * @param exporter the exporter's name
   * @param message what failed and what to do
   */
  public ExportException(String exporter, String message) {
    super(message);
    this.exporter = Objects.requireNonNull(exporter, "exporter");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param exporter the exporter's name
   * @param message what failed and what to do
   * @param cause the underlying failure; its message must hold no secret either
   */
  public ExportException(String exporter, String message, Throwable cause) {
    super(message, cause);
    this.exporter = Objects.requireNonNull(exporter, "exporter");
  }

  /**
   * Returns the name of the exporter that failed.
   *
   * @return the name
   */
  public String exporter() {
    return exporter;
  }
}
