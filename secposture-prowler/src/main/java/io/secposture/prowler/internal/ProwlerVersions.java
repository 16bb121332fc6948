package io.secposture.prowler.internal;

import io.secposture.core.ProcessRunner;
import io.secposture.core.spi.ToolVersions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Not public API: asks a Prowler executable its version ({@code prowler --version}, see {@link ProwlerVersion}) once
 * per executable, through {@link ToolVersions} (cached per real path, size and modification time; concurrent
 * callers wait for one probe; failures cached as an unknown version with the problem).
 *
 * <p><b>Who calls it.</b> {@code ProwlerScanner} before each scan, to choose output formats the installed release
 * accepts and to refuse releases older than 4.0, and in its preflight.
 *
 * <p>Thread-safe. Arguments must not be null.
 */
public final class ProwlerVersions {
  /** How long {@code prowler --version} may take (Prowler imports its whole check catalogue before answering). */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ToolVersions<ProwlerVersion> versions;

  /**
   * Creates an empty cache.
   *
   * @param runner runs the probes
   * @param timeout how long a probe may run
   */
  public ProwlerVersions(ProcessRunner runner, Duration timeout) {
    this.versions = new ToolVersions<>("Prowler", List.of("--version"), ProwlerVersion::parse, runner, timeout);
  }

  /**
   * What a probe found.
   *
   * @param executable the executable asked
   * @param version its version; null when it could not be told
   * @param problem why the version is unknown; null when it is known
   */
  public record Detection(Path executable, ProwlerVersion version, String problem) {
    /** Validates the components. */
    public Detection {
      Objects.requireNonNull(executable, "executable");
      if ((version == null) == (problem == null)) {
        throw new IllegalArgumentException("exactly one of version and problem must be set");
      }
    }

    /**
     * Describes the detection for a person.
     *
     * @return e.g. {@code Prowler 5.7.5 at /usr/local/bin/prowler}, or {@code could not tell the version of
     *     /usr/local/bin/prowler: ...}
     */
    public String describe() {
      return new ToolVersions.Detection<>("Prowler", executable, version, problem).describe();
    }
  }

  /**
   * Returns the version of an executable, asking it once.
   *
   * @param executable the Prowler executable
   * @return what was found; never null
   */
  public Detection detect(Path executable) {
    return of(versions.detect(executable));
  }

  /**
   * Returns the version of an executable, asking it once, within a time limit of the caller's.
   *
   * @param executable the Prowler executable
   * @param limit how long the probe may take at most, if shorter than this cache's timeout
   * @return what was found; never null
   */
  public Detection detect(Path executable, Duration limit) {
    return of(versions.detect(executable, limit));
  }

  private static Detection of(ToolVersions.Detection<ProwlerVersion> detection) {
    return new Detection(detection.executable(), detection.version(), detection.problem());
  }
}
