package io.secposture.core;

import io.secposture.api.ScanException;
import io.secposture.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command-line scanner the safe way: an explicit argument list (no shell), standard input closed, an
 * environment built per run with secrets only there, standard output and error copied line by line into log files
 * with every secret value masked, the last lines kept for error messages, and a timeout or an interrupt of the
 * calling thread stopping the whole process tree (SIGTERM, then SIGKILL after the grace period).
 *
 * <p>Processes the command leaves running after it exits (daemons, background jobs) are stopped too, so a scan never
 * leaks processes. Instances are stateless and thread-safe; {@link #run(ProcessSpec)} blocks the calling thread.
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final long POLL_MILLIS = 200;
  private static final int MAX_SEGMENT = 64 * 1024;
  private static final int MAX_TAIL_LINE = 2_000;

  /** Creates a runner. */
  public ProcessRunner() {
  }

  /**
   * Runs a process to completion, timeout or cancellation.
   *
   * <p>If the calling thread is interrupted while the process runs, the process tree is stopped, the result has
   * {@code cancelled} set and the thread's interrupt flag is set again on return.
   *
   * @param spec what to run
   * @return how it ended
   * @throws ScanException if the process cannot be started (for example the executable does not exist); the message
   *     names the executable and what to check
   */
  public ProcessResult run(ProcessSpec spec) {
    Redactor redactor = spec.redactor();
    ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.workingDirectory().toFile());
    buildEnvironment(builder.environment(), spec);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    createParents(spec.stdoutLog());
    createParents(spec.stderrLog());

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ScanException("cannot start '" + spec.command().get(0) + "': " + redactor.redact(e.getMessage())
          + "; check that it is installed, executable and on PATH (or configure its full path)", null, List.of(), e);
    }
    LOG.debug("started pid {}: {}", process.pid(), redactor.redact(spec.command().toString()));
    closeQuietly(process.getOutputStream());

    Tail tail = new Tail(spec.tailLines());
    Thread out = pump(process.getInputStream(), spec.stdoutLog(), redactor, tail, "stdout", process.pid());
    Thread err = pump(process.getErrorStream(), spec.stderrLog(), redactor, tail, "stderr", process.pid());

    Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    long deadline = started + spec.timeout().toNanos();
    boolean timedOut = false;
    boolean cancelled = false;
    try {
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          timedOut = true;
          break;
        }
        if (process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, POLL_MILLIS), TimeUnit.MILLISECONDS)) {
          break;
        }
        process.descendants().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
      }
    } catch (InterruptedException e) {
      cancelled = true;
    }

    Integer exitCode;
    if (timedOut || cancelled) {
      LOG.info("stopping process tree of pid {} ({})", process.pid(), timedOut ? "timed out after " + spec.timeout() : "cancelled");
      stopTree(process, seen, spec.gracePeriod());
      exitCode = null;
    } else {
      exitCode = process.exitValue();
      List<ProcessHandle> leftovers = alive(seen);
      if (!leftovers.isEmpty()) {
        LOG.info("pid {} exited with {} but left {} process(es) running; stopping them", process.pid(), exitCode, leftovers.size());
        stopAll(leftovers, spec.gracePeriod());
      }
    }
    join(out, process.pid());
    join(err, process.pid());
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (cancelled) {
      Thread.currentThread().interrupt();
    }
    return new ProcessResult(exitCode, timedOut, cancelled, duration, tail.lines(), spec.stdoutLog(), spec.stderrLog());
  }

  private static void buildEnvironment(Map<String, String> environment, ProcessSpec spec) {
    environment.keySet().removeIf(name -> spec.removedPrefixes().stream().anyMatch(name::startsWith));
    spec.removedVariables().forEach(environment::remove);
    environment.putAll(spec.environment());
    for (Map.Entry<String, Secret> secret : spec.secretEnvironment().entrySet()) {
      environment.put(secret.getKey(), secret.getValue().reveal());
    }
  }

  private static void stopTree(Process process, Map<Long, ProcessHandle> seen, Duration grace) {
    process.descendants().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    tree.addAll(seen.values());
    stopAll(tree, grace);
  }

  private static void stopAll(List<ProcessHandle> handles, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>(handles);
    for (ProcessHandle handle : handles) {
      handle.descendants().forEach(all::add);
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : all) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // still running: killed below
      }
    }
    for (ProcessHandle handle : all) {
      handle.descendants().forEach(child -> child.destroyForcibly());
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("process {} did not exit after SIGKILL", handle.pid());
      }
    }
  }

  private static List<ProcessHandle> alive(Map<Long, ProcessHandle> seen) {
    return seen.values().stream().filter(ProcessHandle::isAlive).toList();
  }

  private static Thread pump(InputStream stream, Path log, Redactor redactor, Tail tail, String name, long pid) {
    Thread thread = new Thread(() -> copy(stream, log, redactor, tail), "secposture-" + name + "-" + pid);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void copy(InputStream stream, Path log, Redactor redactor, Tail tail) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (Reader reader = new InputStreamReader(stream, decoder); Writer writer = Files.newBufferedWriter(log)) {
      StringBuilder line = new StringBuilder();
      char[] buffer = new char[8192];
      int read;
      while ((read = reader.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          char c = buffer[i];
          if (c == '\n' || line.length() >= MAX_SEGMENT) {
            emit(line, writer, redactor, tail, c == '\n');
            if (c != '\n') {
              line.append(c);
            }
          } else {
            line.append(c);
          }
        }
        writer.flush();
      }
      if (line.length() > 0) {
        emit(line, writer, redactor, tail, false);
      }
    } catch (IOException e) {
      LOG.debug("output pump stopped: {}", e.toString());
    }
  }

  private static void emit(StringBuilder line, Writer writer, Redactor redactor, Tail tail, boolean newline)
      throws IOException {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    String text = redactor.redact(line.substring(0, end));
    writer.write(text);
    if (newline) {
      writer.write('\n');
    }
    tail.add(text);
    line.setLength(0);
  }

  private static void join(Thread pump, long pid) {
    try {
      pump.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pump.isAlive()) {
      LOG.warn("output of pid {} is still held open by another process; its log may be incomplete", pid);
    }
  }

  private static void createParents(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory for " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(java.io.OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      LOG.debug("closing stdin failed: {}", e.toString());
    }
  }

  /** The last lines of output, shared by both pumps. */
  private static final class Tail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    Tail(int capacity) {
      this.capacity = capacity;
    }

    synchronized void add(String line) {
      if (capacity == 0) {
        return;
      }
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(line.length() > MAX_TAIL_LINE ? line.substring(0, MAX_TAIL_LINE) + " ..." : line);
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
