package io.secposture.core.spi;

import io.secposture.api.ScanException;
import io.secposture.core.ProcessResult;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ProcessSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a tool's executable its version ({@code <tool> --version}) and remembers the answer, so a run of many
 * concurrent scans asks once per executable.
 *
 * <p><b>Who calls it.</b> A command-line scanner before each scan (to refuse releases it cannot run, or to leave out
 * options a release does not know) and in its preflight. Create one per scanner instance and keep it.
 *
 * <p>The answer is cached per executable: its real path (links resolved), size and modification time, so replacing
 * the executable (an upgrade) asks again. Concurrent callers for the same executable wait for one probe. A probe that
 * fails (cannot start, times out, exits non-zero, prints no version) is cached too, as an unknown version with the
 * problem, and logged once at WARN. A probe interrupted by its caller's cancellation is not cached. The probe runs
 * with {@link ProcessRunner}: standard input closed, the job's basic environment minus {@code SECPOSTURE_}
 * variables, no credentials, its output in a private temporary folder deleted afterwards. The parser sees each line
 * of standard output, then of standard error (at most 200 lines each, 8 KiB per line), and the first version it
 * reads wins.
 *
 * <p>Thread-safe. Arguments must not be null.
 *
 * @param <V> the tool's version type
 */
public final class ToolVersions<V> {
  private static final Logger LOG = LoggerFactory.getLogger(ToolVersions.class);
  private static final int MAX_LINES = 200;
  private static final int MAX_LINE = 8 * 1024;

  private final String tool;
  private final List<String> arguments;
  private final Function<String, Optional<V>> parser;
  private final ProcessRunner runner;
  private final Duration timeout;
  private final ConcurrentMap<Key, CompletableFuture<Detection<V>>> cache = new ConcurrentHashMap<>();

  /**
   * Creates an empty cache.
   *
   * @param tool the tool's name for messages, e.g. {@code Prowler}
   * @param arguments what makes it print its version, e.g. {@code --version}
   * @param parser reads a version from one line of output, or empty
   * @param runner runs the probes
   * @param timeout how long a probe may run at most
   */
  public ToolVersions(String tool, List<String> arguments, Function<String, Optional<V>> parser, ProcessRunner runner,
      Duration timeout) {
    this.tool = Objects.requireNonNull(tool, "tool");
    this.arguments = List.copyOf(arguments);
    this.parser = Objects.requireNonNull(parser, "parser");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * What a probe found.
   *
   * @param tool the tool's name
   * @param executable the executable asked
   * @param version its version; null when it could not be told
   * @param problem why the version is unknown; null when it is known
   * @param <V> the tool's version type
   */
  public record Detection<V>(String tool, Path executable, V version, String problem) {
    /** Validates the components. */
    public Detection {
      Objects.requireNonNull(tool, "tool");
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
      return version != null ? tool + " " + version + " at " + executable
          : "could not tell the version of " + executable + ": " + problem;
    }
  }

  /**
   * Returns the version of an executable, asking it once.
   *
   * @param executable the executable
   * @return what was found; never null
   */
  public Detection<V> detect(Path executable) {
    return detect(executable, timeout);
  }

  /**
   * Returns the version of an executable, asking it once, within a time limit of the caller's (a scan with a short
   * timeout does not wait longer for the version than for the scan).
   *
   * @param executable the executable
   * @param limit how long the probe may take at most, if shorter than this cache's timeout
   * @return what was found; never null
   */
  public Detection<V> detect(Path executable, Duration limit) {
    Objects.requireNonNull(executable, "executable");
    Duration probeTimeout = limit.compareTo(timeout) < 0 ? limit : timeout;
    Key key = Key.of(executable);
    CompletableFuture<Detection<V>> mine = new CompletableFuture<>();
    CompletableFuture<Detection<V>> existing = cache.putIfAbsent(key, mine);
    if (existing != null) {
      try {
        return existing.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return unknown(executable, "interrupted while another scan asked its version");
      } catch (ExecutionException e) {
        return unknown(executable, "asking its version failed: " + e.getCause());
      }
    }
    Detection<V> detection = null;
    try {
      Probe<V> probe = probe(executable, probeTimeout);
      detection = probe.detection;
      if (probe.cancelled) {
        cache.remove(key, mine);
      } else if (detection.version() == null) {
        LOG.warn("{}", detection.describe());
      } else {
        LOG.info("{}", detection.describe());
      }
      return detection;
    } finally {
      if (detection == null) {
        cache.remove(key, mine);
        mine.complete(unknown(executable, "asking its version failed"));
      } else {
        mine.complete(detection);
      }
    }
  }

  private Detection<V> unknown(Path executable, String problem) {
    return new Detection<>(tool, executable, null, problem);
  }

  private Probe<V> probe(Path executable, Duration limit) {
    String asked = "'" + String.join(" ", arguments) + "'";
    Path directory;
    try {
      directory = PrivateFolder.create("secposture-version-");
    } catch (java.io.UncheckedIOException e) {
      return new Probe<>(unknown(executable, e.getMessage()), false);
    }
    try {
      Path stdout = directory.resolve("stdout.log");
      Path stderr = directory.resolve("stderr.log");
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      command.addAll(arguments);
      ProcessSpec spec = ProcessSpec.builder(command).workingDirectory(directory).logs(stdout, stderr)
          .timeout(limit).gracePeriod(Duration.ofSeconds(2)).tailLines(5).build();
      ProcessResult result;
      try {
        result = runner.run(spec);
      } catch (ScanException e) {
        return new Probe<>(unknown(executable, e.getMessage()), false);
      }
      if (result.cancelled()) {
        return new Probe<>(unknown(executable, "cancelled"), true);
      }
      if (result.timedOut()) {
        return new Probe<>(unknown(executable, asked + " did not answer within " + limit), false);
      }
      List<String> lines = new ArrayList<>(lines(stdout));
      lines.addAll(lines(stderr));
      V version = lines.stream().map(parser).flatMap(Optional::stream).findFirst().orElse(null);
      if (version != null && result.exited(0)) {
        return new Probe<>(new Detection<>(tool, executable, version, null), false);
      }
      String said = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
          .orElse("nothing");
      return new Probe<>(unknown(executable, asked + " exited " + result.exitCode() + " and printed "
          + (said.length() > 200 ? said.substring(0, 200) + " ..." : said)), false);
    } finally {
      PrivateFolder.delete(directory);
    }
  }

  private static List<String> lines(Path file) {
    List<String> lines = new ArrayList<>();
    if (!Files.isReadable(file)) {
      return lines;
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String line;
      while (lines.size() < MAX_LINES && (line = reader.readLine()) != null) {
        lines.add(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line);
      }
    } catch (IOException e) {
      // what was read is still used
    }
    return lines;
  }

  private record Probe<V>(Detection<V> detection, boolean cancelled) {
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
