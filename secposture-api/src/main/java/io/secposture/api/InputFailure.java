package io.secposture.api;

import java.util.Objects;

/**
 * A scanner output that could not be parsed, listed in the report so that a reader knows what is missing.
 *
 * @param source the file, as the user knows it
 * @param reason why it failed, e.g. the {@link ReportParseException} message
 */
public record InputFailure(String source, String reason) implements Comparable<InputFailure> {
  /** Validates the components. */
  public InputFailure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public int compareTo(InputFailure other) {
    int bySource = source.compareTo(other.source);
    return bySource != 0 ? bySource : reason.compareTo(other.reason);
  }
}
