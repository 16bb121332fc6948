package io.secposture.prowler.internal;

import io.secposture.api.ScanException;
import io.secposture.core.ProcessResult;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: asks a Prowler executable its version ({@code prowler --version}, see {@link ProwlerVersion}) and
 * remembers the answer, so a run of many concurrent scans asks once per executable.
 *
 * <p><b>Who calls it.</b> {@code ProwlerScanner} before each scan, to choose output formats the installed release
 * accepts and to refuse releases older than 4.0; a {@code check} command can call {@link #detect(Path)} to report
 * "executable found, version X".
 *
 * <p>The answer is cached per executable: its real path (links resolved), size and modification time, so replacing
 * the executable (an upgrade) asks again. Concurrent callers for the same executable wait for one probe. A probe that
 * fails (cannot start, times out after {@link #TIMEOUT}, exits non-zero, prints no version) is cached too, as an
 * unknown version with the problem; it is logged once at WARN. A probe interrupted by its caller's cancellation is
 * not cached. The probe runs with {@link ProcessRunner}: standard input closed, the job's environment minus
 * {@code SECPOSTURE_} variables, no credentials, its output kept in a private temporary directory deleted afterwards.
 *
 * <p>Thread-safe. Arguments must not be null.
 */
public final class ProwlerVersions {
  /** How long {@code prowler --version} may take (Prowler imports its whole check catalogue before answering). */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ProwlerVersions.class);

  private final ProcessRunner runner;
  private final Duration timeout;
  private final ConcurrentMap<Key, CompletableFuture<Detection>> cache = new ConcurrentHashMap<>();

  /**
   * Creates an empty cache.
   *
   * @param runner runs the probes
   * @param timeout how long a probe may run
   */
  public ProwlerVersions(ProcessRunner runner, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
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
      return version != null ? "Prowler " + version + " at " + executable
          : "could not tell the version of " + executable + ": " + problem;
    }
  }

  /**
   * Returns the version of an executable, asking it once.
   *
   * @param executable the Prowler executable
   * @return what was found; never null
   */
  public Detection detect(Path executable) {
    return detect(executable, timeout);
  }

  /**
   * Returns the version of an executable, asking it once, within a time limit of the caller's (a scan with a short
   * timeout does not wait longer for the version than for the scan).
   *
   * @param executable the Prowler executable
   * @param limit how long the probe may take at most, if shorter than this cache's timeout
   * @return what was found; never null
   */
  public Detection detect(Path executable, Duration limit) {
    Objects.requireNonNull(executable, "executable");
    Duration probeTimeout = limit.compareTo(timeout) < 0 ? limit : timeout;
    Key key = Key.of(executable);
    CompletableFuture<Detection> mine = new CompletableFuture<>();
    CompletableFuture<Detection> existing = cache.putIfAbsent(key, mine);
    if (existing != null) {
      try {
        return existing.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Detection(executable, null, "interrupted while another scan asked its version");
      } catch (ExecutionException e) {
        return new Detection(executable, null, "asking its version failed: " + e.getCause());
      }
    }
    Detection detection = null;
    try {
      Probe probe = probe(executable, probeTimeout);
      detection = probe.detection;
      if (probe.cancelled) {
        cache.remove(key, mine);
      } else if (detection.version() == null) {
        LOG.warn("{}; secposture passes the configured output formats as they are", detection.describe());
      } else {
        LOG.info("{}", detection.describe());
      }
      return detection;
    } finally {
      if (detection == null) {
        cache.remove(key, mine);
        mine.complete(new Detection(executable, null, "asking its version failed"));
      } else {
        mine.complete(detection);
      }
    }
  }

  private Probe probe(Path executable, Duration timeout) {
    Path directory;
    try {
      directory = Files.createTempDirectory("secposture-prowler-version-");
    } catch (IOException e) {
      return new Probe(new Detection(executable, null, "cannot create a temporary directory: " + e.getMessage()),
          false);
    }
    try {
      Path stdout = directory.resolve("stdout.log");
      Path stderr = directory.resolve("stderr.log");
      ProcessSpec spec = ProcessSpec.builder(List.of(executable.toString(), "--version"))
          .workingDirectory(directory).logs(stdout, stderr).timeout(timeout).gracePeriod(Duration.ofSeconds(2))
          .tailLines(5).build();
      ProcessResult result;
      try {
        result = runner.run(spec);
      } catch (ScanException e) {
        return new Probe(new Detection(executable, null, e.getMessage()), false);
      }
      if (result.cancelled()) {
        return new Probe(new Detection(executable, null, "cancelled"), true);
      }
      if (result.timedOut()) {
        return new Probe(new Detection(executable, null, "'--version' did not answer within " + timeout), false);
      }
      List<String> lines = new ArrayList<>();
      LogLines.forEach(stdout, lines::add);
      LogLines.forEach(stderr, lines::add);
      ProwlerVersion version = lines.stream().map(ProwlerVersion::parse).flatMap(java.util.Optional::stream)
          .findFirst().orElse(null);
      if (version != null && result.exited(0)) {
        return new Probe(new Detection(executable, version, null), false);
      }
      String said = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
          .orElse("nothing");
      return new Probe(new Detection(executable, null, "'--version' exited " + result.exitCode() + " and printed "
          + (said.length() > 200 ? said.substring(0, 200) + " ..." : said)), false);
    } finally {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", directory, e.toString());
    }
  }

  private record Probe(Detection detection, boolean cancelled) {
  }

  /** An executable as it is on disk now: replacing it gives another key. */
  private record Key(Path path, long size, FileTime modified) {
    static Key of(Path executable) {
      try {
        Path real = executable.toRealPath();
        return new Key(real, Files.size(real), Files.getLastModifiedTime(real));
      } catch (IOException e) {
        return new Key(executable.toAbsolutePath().normalize(), -1, FileTime.fromMillis(0));
      }
    }
  }
}
