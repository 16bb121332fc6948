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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * leaks processes. Besides the process's descendants (polled while it runs), every process whose environment holds
 * this run's random {@value #TREE_VARIABLE} value is part of the tree: on Linux that finds children that were
 * re-parented (a daemon that double-forked, a background job whose parent already exited) unless they cleared
 * their environment.
 *
 * <p>Instances are stateless and thread-safe; {@link #run(ProcessSpec)} blocks the calling thread.
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  /**
   * How often the process's descendants are polled while it runs. Each poll reads the state of every process on the
   * machine, and {@code concurrency} scans poll at once, so it stays coarse; children that leave the tree between
   * polls are found by their {@value #TREE_VARIABLE} marker.
   */
  private static final long POLL_MILLIS = 1_000;
  private static final int MAX_SEGMENT = 64 * 1024;
  private static final int MAX_TAIL_LINE = 2_000;
  private static final long MAX_ENVIRON = 4L * 1024 * 1024;
  private static final int MAX_LEFTOVER_SEARCHES = 6;
  private static final long LEFTOVER_SETTLE_MILLIS = 5;
  private static final long EXIT_POLL_MILLIS = 10;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  /**
   * The variable every child gets, with a random value per run, so processes of the tree can be found even after
   * they left it. It is not a secret and does not start with {@code SECPOSTURE_}.
   */
  public static final String TREE_VARIABLE = "_SECPOSTURE_PROCESS_TREE";

  private final Map<String, String> inheritedEnvironment;

  /** Creates a runner whose processes start from this JVM's environment (filtered as {@link ProcessSpec} says). */
  public ProcessRunner() {
    this(null);
  }

  /**
   * Creates a runner whose processes start from the given environment instead of the JVM's, for tests.
   *
   * @param inheritedEnvironment the environment to start from; null for the JVM's
   */
  ProcessRunner(Map<String, String> inheritedEnvironment) {
    this.inheritedEnvironment = inheritedEnvironment == null ? null : Map.copyOf(inheritedEnvironment);
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
    String cookie = UUID.randomUUID().toString();
    ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.workingDirectory().toFile());
    if (inheritedEnvironment != null) {
      builder.environment().clear();
      builder.environment().putAll(inheritedEnvironment);
    }
    buildEnvironment(builder.environment(), spec);
    builder.environment().put(TREE_VARIABLE, cookie);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Writer stdoutLog = openLog(spec.stdoutLog(), null);
    Writer stderrLog = openLog(spec.stderrLog(), stdoutLog);

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      closeQuietly(stdoutLog);
      closeQuietly(stderrLog);
      throw new ScanException("cannot start '" + spec.command().get(0) + "': " + redactor.redact(e.getMessage())
          + "; check that it is installed, executable and on PATH (or configure its full path)", null, List.of(), e);
    }
    LOG.debug("started pid {}: {}", process.pid(), redactor.redact(spec.command().toString()));
    closeQuietly(process.getOutputStream());

    Tail tail = new Tail(spec.tailLines());
    Thread out = pump(process.getInputStream(), stdoutLog, redactor, tail.sink(false), "stdout", process.pid());
    Thread err = pump(process.getErrorStream(), stderrLog, redactor, tail.sink(true), "stderr", process.pid());

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
    boolean interruptedWhileStopping;
    if (timedOut || cancelled) {
      LOG.info("stopping process tree of pid {} ({})", process.pid(), timedOut ? "timed out after " + spec.timeout() : "cancelled");
      interruptedWhileStopping = stopTree(process, seen, cookie, spec.gracePeriod());
      interruptedWhileStopping |= stopLeftovers(process.pid(), "was stopped", seen, cookie, spec.gracePeriod());
      exitCode = null;
    } else {
      exitCode = process.exitValue();
      interruptedWhileStopping = stopLeftovers(process.pid(), "exited with " + exitCode, seen, cookie,
          spec.gracePeriod());
    }
    join(out, process.pid());
    join(err, process.pid());
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (cancelled || interruptedWhileStopping) {
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

  /**
   * Stops what an ended process left running (after it exited, or after its tree was stopped: a child that left the
   * tree may have been missed), searching again after stopping some (they may have started others).
   * One search can miss a child: a process in the middle of {@code execve} shows an empty environment for a moment,
   * so while some live user process shows none, the search is repeated a moment later.
   *
   * @return true if the calling thread was interrupted meanwhile
   */
  private static boolean stopLeftovers(long pid, String ended, Map<Long, ProcessHandle> seen, String cookie,
      Duration grace) {
    boolean interrupted = false;
    boolean stoppedLast = false;
    for (int search = 0; search < MAX_LEFTOVER_SEARCHES; search++) {
      if (search > 0 && !interrupted) {
        interrupted = pause(LEFTOVER_SETTLE_MILLIS);
      }
      TreeSearch found = searchTree(cookie);
      found.holders().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
      List<ProcessHandle> leftovers = running(seen.values());
      if (leftovers.isEmpty()) {
        if (!found.sawBlankEnvironment()) {
          return interrupted;
        }
        stoppedLast = false;
        continue;
      }
      LOG.info("pid {} {} but left {} process(es) running; stopping them", pid, ended, leftovers.size());
      interrupted |= stopAll(leftovers, grace);
      stoppedLast = true;
    }
    if (stoppedLast) {
      LOG.warn("pid {} left processes that kept starting others after {} attempts to stop them; some may still run",
          pid, MAX_LEFTOVER_SEARCHES);
    }
    return interrupted;
  }

  /** Sleeps; returns true if interrupted (the flag is left for the caller to restore). */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** Stops the process and everything it started; returns true if the thread was interrupted meanwhile. */
  private static boolean stopTree(Process process, Map<Long, ProcessHandle> seen, String cookie, Duration grace) {
    process.descendants().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
    searchTree(cookie).holders().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    tree.addAll(seen.values());
    return stopAll(tree, grace);
  }

  /**
   * Sends SIGTERM to every process and its descendants, waits up to the grace period, then SIGKILLs what is left.
   *
   * @return true if the calling thread was interrupted meanwhile (the interrupt shortens the waits, never skips
   *     the SIGKILL)
   */
  private static boolean stopAll(List<ProcessHandle> handles, Duration grace) {
    boolean interrupted = false;
    Map<Long, ProcessHandle> all = new LinkedHashMap<>();
    for (ProcessHandle handle : handles) {
      all.putIfAbsent(handle.pid(), handle);
      handle.descendants().forEach(child -> all.putIfAbsent(child.pid(), child));
    }
    all.values().forEach(ProcessHandle::destroy);
    interrupted = awaitExit(all.values(), grace);
    for (ProcessHandle handle : all.values()) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      if (isRunning(handle)) {
        handle.destroyForcibly();
      }
    }
    // an interrupt shortens the wait after SIGTERM, not this one: SIGKILL ends a process at once
    interrupted |= awaitExit(all.values(), KILL_WAIT);
    running(all.values()).forEach(handle -> LOG.warn("process {} did not exit after SIGKILL", handle.pid()));
    return interrupted;
  }

  /**
   * Waits until none of the processes runs any more or the time is up, polling: {@link ProcessHandle#onExit()} of a
   * process that is not our child polls slowly and waits for its new parent to reap it, which may be never.
   *
   * @return true if the calling thread was interrupted (the wait then ends early)
   */
  private static boolean awaitExit(Collection<ProcessHandle> handles, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!running(handles).isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      if (pause(EXIT_POLL_MILLIS)) {
        return true;
      }
    }
    return false;
  }

  private static List<ProcessHandle> running(Collection<ProcessHandle> handles) {
    return handles.stream().filter(ProcessRunner::isRunning).toList();
  }

  /**
   * Tells whether a process still runs. Unlike {@link ProcessHandle#isAlive()} a zombie (exited, not yet reaped by
   * its parent) counts as ended: an orphan's new parent may be an init that reaps late or never, and a zombie holds
   * nothing but its process id. The runner waits for processes it stops this way; tests that check a scan left
   * nothing running should ask the same question.
   *
   * @param handle the process; not null
   * @return false once the process has exited, reaped or not
   */
  public static boolean isRunning(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
    try {
      // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'
      String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
      int end = text.lastIndexOf(')');
      if (end < 0 || end + 2 >= text.length()) {
        return true;
      }
      char state = text.charAt(end + 2);
      return state != 'Z' && state != 'X' && handle.isAlive();
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return handle.isAlive();
    }
  }

  /**
   * What a search for a run's processes found: the live processes whose environment carries the run's marker, and
   * whether some live process (not a kernel thread) showed no environment at all, as one does for a moment in the
   * middle of {@code execve}: then it may be one of the run's, and a second look is worth it.
   */
  record TreeSearch(List<ProcessHandle> holders, boolean sawBlankEnvironment) {
  }

  /**
   * Finds the live processes whose environment carries a run's tree marker, by reading {@code /proc/<pid>/environ}
   * (Linux; elsewhere, or where it cannot be read, nothing is found and the polled descendants are all there is).
   */
  static TreeSearch searchTree(String cookie) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return new TreeSearch(List.of(), false);
    }
    byte[] marker = (TREE_VARIABLE + "=" + cookie + "\0").getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    boolean blank = false;
    // one buffer for every environ file of this search: /proc is walked once per scan, so it must stay cheap
    byte[][] buffer = {new byte[16 * 1024]};
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == self) {
          continue;
        }
        Environ environ = environState(entry.resolve("environ"), marker, buffer);
        if (environ == Environ.MARKED) {
          ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
        } else if (environ == Environ.BLANK && !blank) {
          blank = ProcessHandle.of(pid).filter(ProcessRunner::isUserProcess).isPresent();
        }
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      LOG.debug("cannot list /proc: {}", e.toString());
    }
    return new TreeSearch(found, blank);
  }

  /** A running process that is not a kernel thread (those have no environment; kthreadd, pid 2, is their parent). */
  private static boolean isUserProcess(ProcessHandle handle) {
    return handle.pid() != 2 && handle.parent().map(parent -> parent.pid() != 2).orElse(false) && isRunning(handle);
  }

  /**
   * Tells whether an environ file ({@code NAME=value\0NAME=value\0...}) holds the marker ({@code NAME=value\0}) as
   * a whole entry. Reads into {@code buffer[0]}, which it grows (up to {@value #MAX_ENVIRON} bytes) and leaves
   * there for the next file.
   */
  static boolean holds(Path environ, byte[] marker, byte[][] buffer) {
    return environState(environ, marker, buffer) == Environ.MARKED;
  }

  /** What an environ file holds, for a search: the run's marker, nothing at all, or other variables only. */
  private enum Environ {
    MARKED, BLANK, ABSENT
  }

  /** Reads an environ file as {@link #holds} does, telling an empty one apart. */
  private static Environ environState(Path environ, byte[] marker, byte[][] buffer) {
    try (InputStream in = Files.newInputStream(environ)) {
      byte[] content = buffer[0];
      int length = 0;
      while (true) {
        if (length == content.length) {
          if (content.length >= MAX_ENVIRON) {
            break;
          }
          content = Arrays.copyOf(content, (int) Math.min(MAX_ENVIRON, content.length * 2L));
          buffer[0] = content;
        }
        int read = in.read(content, length, content.length - length);
        if (read < 0) {
          break;
        }
        length += read;
      }
      if (length == 0) {
        return Environ.BLANK;
      }
      int start = 0;
      while (start + marker.length <= length) {
        if (matches(content, start, marker)) {
          return Environ.MARKED;
        }
        int end = indexOfZero(content, start, length);
        if (end < 0) {
          return Environ.ABSENT;
        }
        start = end + 1;
      }
      return Environ.ABSENT;
    } catch (IOException | SecurityException e) {
      return Environ.ABSENT;
    }
  }

  private static boolean matches(byte[] buffer, int from, byte[] marker) {
    for (int j = 0; j < marker.length; j++) {
      if (buffer[from + j] != marker[j]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfZero(byte[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static Thread pump(InputStream stream, Writer log, Redactor redactor, Tail.Sink tail, String name,
      long pid) {
    Thread thread = new Thread(() -> copy(stream, log, redactor, tail), "secposture-" + name + "-" + pid);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Opens a log file (creating its directory) before the process starts, so output always has somewhere to go. */
  private static Writer openLog(Path file, Writer opened) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      closeQuietly(opened);
      throw new ScanException("cannot write the log file " + file + ": " + e.getMessage()
          + "; check that its directory is writable", null, List.of(), e);
    }
  }

  private static void copy(InputStream stream, Writer log, Redactor redactor, Tail.Sink tail) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    // a line longer than a segment is written in pieces; each piece leaves the next one enough characters that a
    // secret is never split between two pieces (and so never escapes the redactor)
    int keep = Math.max(0, redactor.longestSecret() - 1);
    try (Reader reader = new InputStreamReader(stream, decoder); Writer writer = log) {
      StringBuilder line = new StringBuilder();
      char[] buffer = new char[8192];
      int read;
      while ((read = reader.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          char c = buffer[i];
          if (c == '\n') {
            emit(line, line.length(), writer, redactor, tail, true);
            continue;
          }
          if (line.length() >= MAX_SEGMENT + keep) {
            emit(line, redactor.cutOutsideSecrets(line, MAX_SEGMENT, MAX_SEGMENT / 2), writer, redactor, tail, false);
          }
          line.append(c);
        }
        writer.flush();
      }
      if (line.length() > 0) {
        emit(line, line.length(), writer, redactor, tail, false);
      }
    } catch (IOException e) {
      LOG.debug("output pump stopped: {}", e.toString());
      drain(stream);
    }
  }

  /** Keeps reading (and dropping) output after the log failed, so the process never blocks on a full pipe. */
  private static void drain(InputStream stream) {
    byte[] buffer = new byte[8192];
    try {
      while (stream.read(buffer) >= 0) {
        // discarded
      }
    } catch (IOException e) {
      LOG.debug("output drain stopped: {}", e.toString());
    }
  }

  /**
   * Writes the first {@code length} characters of the line and removes them; a trailing carriage return is dropped
   * when that is all that was left of a line.
   */
  private static void emit(StringBuilder line, int length, Writer writer, Redactor redactor, Tail.Sink tail,
      boolean newline) throws IOException {
    int end = length;
    if (length == line.length() && end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    String text = redactor.redact(line.substring(0, end));
    writer.write(text);
    if (newline) {
      writer.write('\n');
    }
    tail.add(text);
    line.delete(0, length);
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

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", closeable, e.toString());
    }
  }

  /**
   * The last lines of output, in the order they were read. Standard output and error come through separate pipes, so
   * a flood on standard output that is read late could push out the error line the process wrote last: each stream
   * keeps its own last lines, and standard error gets at least half the tail whenever it has that many lines.
   */
  private static final class Tail {
    private final int capacity;
    private final Deque<Line> out = new ArrayDeque<>();
    private final Deque<Line> err = new ArrayDeque<>();
    private long sequence;

    private record Line(long sequence, String text) {
    }

    /** Adds lines of one stream. */
    interface Sink {
      void add(String line);
    }

    Tail(int capacity) {
      this.capacity = capacity;
    }

    Sink sink(boolean error) {
      return line -> add(error ? err : out, line);
    }

    private synchronized void add(Deque<Line> lines, String line) {
      if (capacity == 0) {
        return;
      }
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(new Line(sequence++, line.length() > MAX_TAIL_LINE ? line.substring(0, MAX_TAIL_LINE) + " ..."
          : line));
    }

    synchronized List<String> lines() {
      int errors = Math.min(err.size(), Math.max(capacity / 2, capacity - out.size()));
      int outputs = Math.min(out.size(), capacity - errors);
      List<Line> kept = new ArrayList<>(errors + outputs);
      kept.addAll(new ArrayList<>(err).subList(err.size() - errors, err.size()));
      kept.addAll(new ArrayList<>(out).subList(out.size() - outputs, out.size()));
      kept.sort(Comparator.comparingLong(Line::sequence));
      return kept.stream().map(Line::text).toList();
    }
  }
}
