package io.secposture.core.internal.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Not public API: where a diff reads a run's files by their site keys: a published site (through its publisher) or
 * the local files of a run that is about to be published.
 */
public interface RunFiles {

  /**
   * Opens a file of the run.
   *
   * @param key the key relative to the site root, e.g. {@code runs/r1/aws/123/scoutsuite/findings.jsonl.gz}
   * @return the content, which the caller closes; empty if there is no such file
   * @throws io.secposture.api.PublishException if the store cannot be read
   * @throws UncheckedIOException if a local file cannot be read
   */
  Optional<InputStream> open(String key);

  /**
   * Names a file for messages: the site and key, never a secret.
   *
   * @param key the key
   * @return e.g. {@code s3://bucket/site/runs/.../findings.jsonl.gz}
   */
  String describe(String key);

  /**
   * Returns the files of a run staged locally, by key.
   *
   * @param files local files by their site keys
   * @return the view
   */
  static RunFiles local(Map<String, Path> files) {
    Map<String, Path> copy = Map.copyOf(files);
    return new RunFiles() {
      @Override
      public Optional<InputStream> open(String key) {
        Path file = copy.get(key);
        if (file == null || !Files.isRegularFile(file)) {
          return Optional.empty();
        }
        try {
          return Optional.of(Files.newInputStream(file));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }

      @Override
      public String describe(String key) {
        Path file = copy.get(key);
        return file == null ? key : file.toString();
      }
    };
  }
}
