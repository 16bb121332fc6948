package io.secposture.api;

import java.util.Objects;

/**
 * Receives findings one at a time as a parser streams them. Implementations must not assume they will see every
 * finding of a file before {@link ReportParser#parse} returns; they usually count, write through or filter.
 *
 * <p>A sink is called from the thread that runs the parse. Sinks shared between concurrent parses must be
 * thread-safe; the pipeline gives each parse its own.
 */
@FunctionalInterface
public interface FindingSink {

  /**
   * Receives one finding.
   *
   * @param finding the finding
   */
  void accept(Finding finding);

  /**
   * Returns a sink that sends each finding to this sink, then to {@code next}.
   *
   * @param next the second sink
   * @return the combined sink
   */
  default FindingSink andThen(FindingSink next) {
    Objects.requireNonNull(next, "next");
    return finding -> {
      accept(finding);
      next.accept(finding);
    };
  }

  /**
   * Returns a sink that ignores every finding.
   *
   * @return the sink
   */
  static FindingSink discard() {
    return finding -> { };
  }
}
