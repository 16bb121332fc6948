package io.secposture.prowler;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secposture.api.CloudProvider;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: the shared real Prowler outputs (read in place) and generated samples. */
final class TestFiles {
  private TestFiles() {
  }

  /** Returns the shared Prowler fixtures folder, or skips the calling test when it is missing. */
  static Path fixtures() {
    Path folder = fixturesOrNull();
    assumeTrue(folder != null, "the shared Prowler fixtures are not at " + System.getProperty("secposture.shared.dir")
        + "/fixtures/prowler; set -Dsecposture.shared.dir to the shared folder to run this test");
    return folder;
  }

  /**
   * Returns a folder of real Prowler runs ({@code shared/fixtures/real-runs/<name>}), or skips the calling test when
   * it is missing.
   *
   * @param name e.g. {@code prowler-5.7.5/iam-s3-ec2-us-east-1}
   * @return the folder
   */
  static Path realRun(String name) {
    String shared = System.getProperty("secposture.shared.dir");
    Path folder = shared == null ? null : Path.of(shared, "fixtures", "real-runs", name);
    assumeTrue(folder != null && Files.isDirectory(folder), "the real Prowler runs are not at " + shared
        + "/fixtures/real-runs/" + name + "; set -Dsecposture.shared.dir to the shared folder to run this test");
    return folder;
  }

  /** Returns the shared Prowler fixtures folder, or null when it is missing. */
  static Path fixturesOrNull() {
    String shared = System.getProperty("secposture.shared.dir");
    if (shared == null) {
      return null;
    }
    Path folder = Path.of(shared, "fixtures", "prowler");
    return Files.isDirectory(folder) ? folder : null;
  }

  /** Returns the given fixtures that exist (none when the shared folder is missing). */
  static List<Path> fixturesIfPresent(String... relativePaths) {
    Path folder = fixturesOrNull();
    List<Path> files = new ArrayList<>();
    if (folder != null) {
      for (String relative : relativePaths) {
        Path file = folder.resolve(relative);
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    }
    return files;
  }

  /** Writes the small sample scan of an account in one format. */
  static Path sample(Path directory, String name, Format format, CloudProvider provider, String account) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = directory.resolve(name);
    if (!Files.exists(file)) {
      ProwlerSampleWriter.writeFormat(file, format, provider, account, 42, 0, 0);
    }
    return file;
  }

  /**
   * Writes a sample scan in one format of at least {@code minimumBytes}, for the contract's streaming test.
   *
   * @return the file
   */
  static Path large(Path directory, String name, Format format, CloudProvider provider, String account,
      long minimumBytes) {
    Path file = directory.resolve(name);
    for (long target = minimumBytes + minimumBytes / 4; ; target += minimumBytes / 2) {
      ProwlerSampleWriter.writeFormat(file, format, provider, account, 42, 0, target);
      try {
        if (Files.size(file) >= minimumBytes) {
          return file;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Writes text to a file as UTF-8. */
  static Path write(Path directory, String name, String content) {
    try {
      Files.createDirectories(directory);
      return Files.write(directory.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
