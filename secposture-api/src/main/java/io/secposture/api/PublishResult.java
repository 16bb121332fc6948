package io.secposture.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a publish did.
 *
 * @param destination where the run was published
 * @param index where the front page is, as a URI a user can open or fetch ({@code file:}, {@code s3:}, an https
 *     URL of a static website)
 * @param objects how many objects were written
 * @param bytes how many bytes were written
 * @param elapsed how long it took
 * @param warnings problems that did not fail the publish (for example history rows dropped by retention)
 */
public record PublishResult(URI destination, URI index, long objects, long bytes, Duration elapsed,
    List<String> warnings) {
  /** Validates the components and copies the warnings. */
  public PublishResult {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(elapsed, "elapsed");
    warnings = List.copyOf(warnings);
  }
}
