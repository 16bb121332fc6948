package io.secposture.core;

import io.secposture.api.ScanException;
import io.secposture.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command-line scanner the safe way: an explicit argument list (no shell), standard input closed, an
 * environment built per run with secrets only there, standard output and error copied line by line (by pooled
 * daemon threads) into log files with every secret value masked, the last lines kept for error messages, and a timeout or an interrupt of the
 * calling thread stopping the whole process tree (SIGTERM, then SIGKILL after the grace period).
 *
 * <p>Processes the command leaves running after it exits (daemons, background jobs) are stopped too, so a scan never
 * leaks processes. Besides the process's descendants (polled while it runs), two nets catch children that were
 * re-parented (a daemon that double-forked, a background job whose parent already exited): every process whose
 * environment holds this run's random {@value #TREE_VARIABLE} value, and, on Linux with {@code setsid} (util-linux
 * or busybox), every process of the session the command starts in: the runner starts it through {@code setsid},
 * which makes it the leader of a new session (same process id, no extra process), and a child keeps that session
 * even when it clears its environment ({@code env -i}). A child escapes both only by starting its own session and
 * clearing its environment. Set the system property {@value #SESSION_PROPERTY} to {@code false} to start commands
 * directly (no session of their own).
 *
 * <p>What the nets cost: after each command the runner walks {@code /proc} once (again only while some process
 * that may be of its tree shows a blank environment, in the middle of {@code execve}), skipping processes older than
 * the command (by a cached start time, one {@code stat} each) and the processes of the other commands this JVM runs;
 * it reads the state and environment of the rest. On a 2-core machine with 150 processes a walk costs about 3 ms of
 * CPU, most of it in the kernel, so it grows with the number of processes on the machine, not with the scan; the
 * session costs one more program start per command ({@code setsid}), about 5 ms of CPU there. Without sessions the
 * walk cannot skip the other commands' processes by their session and costs about as much more (measured with
 * {@code JobVsBareHarness}; the README's Speed section has the numbers). A
 * cgroup per command (cgroup v2 with a delegated subtree: {@code cgroup.procs} lists exactly the tree, escaping
 * needs privileges and {@code cgroup.kill} stops it at once) would find the tree without the walk; a process group
 * would not (a child leaves it as easily as it leaves a session), and neither is available everywhere the job runs.
 *
 * <p>Output is kept in bounded log files (see {@link ProcessSpec#maxLogBytes()}): the first and the last part, with
 * a line saying how much was left out between them.
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
  /** System property: {@code false} starts commands directly instead of in a session of their own. */
  public static final String SESSION_PROPERTY = "secposture.process.session";
  /** How util-linux's and busybox's {@code setsid} begin the message when they cannot execute the command. */
  private static final String SETSID_FAILED = "setsid: ";
  private static final Path SETSID = findSetsid();
  /**
   * The sessions of the commands this JVM runs now, each started in a session of its own: a process of one of them
   * that shows a blank environment (in the middle of {@code execve}) belongs to another run, so it is no reason for
   * this run to search again. With many scans at once one of them nearly always is starting a process, and every
   * repeated search reads the state of every process on the machine.
   */
  private static final Set<Long> ACTIVE_SESSIONS = ConcurrentHashMap.newKeySet();
  /**
   * Start times learned by earlier searches, by process id, each with the inode of the process's {@code /proc/<pid>}
   * folder when it was read: procfs gives every new process's folder a new inode number, so a process id in use by
   * another process since shows a different one. A process the cache knows to be older than a command is skipped
   * with one {@code stat} instead of opening and reading its {@code stat} file, which costs the kernel more than
   * twice as much; each scan searches once after its command ended, and there are as many processes to skip as the
   * machine runs.
   */
  private static final Map<Long, KnownStart> START_TICKS = new ConcurrentHashMap<>();

  /** A process's start time as a search read it, with the identity of its {@code /proc/<pid>} folder then. */
  private record KnownStart(Object folderKey, long startTicks) {
  }
  private static final int MAX_START_TICKS = 16 * 1024;

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
    List<String> launch = sessionCommand(spec);
    boolean ownSession = launch != spec.command();
    ProcessBuilder builder = new ProcessBuilder(launch).directory(spec.workingDirectory().toFile());
    Map<String, String> environment = builder.environment();
    if (inheritedEnvironment != null) {
      environment.clear();
      environment.putAll(inheritedEnvironment);
    }
    buildEnvironment(environment, spec);
    environment.put(TREE_VARIABLE, cookie);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    BoundedLog stdoutLog = openLog(spec.stdoutLog(), spec.maxLogBytes(), null);
    BoundedLog stderrLog = openLog(spec.stderrLog(), spec.maxLogBytes(), stdoutLog);

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      closeQuietly(stdoutLog);
      closeQuietly(stderrLog);
      throw cannotStart(spec, redactor.redact(e.getMessage()), e);
    }
    LOG.debug("started pid {}{}: {}", process.pid(), ownSession ? " in a session of its own" : "",
        redactor.redact(spec.command().toString()));
    if (ownSession) {
      ACTIVE_SESSIONS.add(process.pid());
    }
    try {
      return awaitAndStop(spec, process, launch, ownSession, cookie, started, stdoutLog, stderrLog);
    } finally {
      if (ownSession) {
        ACTIVE_SESSIONS.remove(process.pid());
      }
    }
  }

  private ProcessResult awaitAndStop(ProcessSpec spec, Process process, List<String> launch, boolean ownSession,
      String cookie, long started, BoundedLog stdoutLog, BoundedLog stderrLog) {
    Redactor redactor = spec.redactor();
    closeQuietly(process.getOutputStream());
    Tree tree = new Tree(cookie, ownSession ? process.pid() : -1, startTicks(process.pid()));

    Tail tail = new Tail(spec.tailLines());
    Pump out = pump(process.getInputStream(), stdoutLog, redactor, tail.sink(false), "stdout", process.pid());
    Pump err = pump(process.getErrorStream(), stderrLog, redactor, tail.sink(true), "stderr", process.pid());

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
      interruptedWhileStopping = stopTree(process, seen, tree, spec.gracePeriod());
      interruptedWhileStopping |= stopLeftovers(process.pid(), "was stopped", seen, tree, spec.gracePeriod());
      exitCode = null;
    } else {
      exitCode = process.exitValue();
      interruptedWhileStopping = stopLeftovers(process.pid(), "exited with " + exitCode, seen, tree,
          spec.gracePeriod());
    }
    join(out, process.pid());
    join(err, process.pid());
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (cancelled || interruptedWhileStopping) {
      Thread.currentThread().interrupt();
    }
    List<String> lines = tail.lines();
    if (ownSession && exitCode != null && (exitCode == 126 || exitCode == 127)) {
      String program = Path.of(launch.get(1)).getFileName().toString();
      for (String line : lines) {
        if (line.startsWith(SETSID_FAILED) && line.contains(program)) {
          // what the JVM reports as an IOException when it starts the command itself
          throw cannotStart(spec, line.substring("setsid: ".length()), null);
        }
      }
    }
    return new ProcessResult(exitCode, timedOut, cancelled, duration, lines, spec.stdoutLog(), spec.stderrLog());
  }

  private static ScanException cannotStart(ProcessSpec spec, String why, IOException cause) {
    return new ScanException("cannot start '" + spec.command().get(0) + "': " + why
        + "; check that it is installed, executable and on PATH (or configure its full path)", null, List.of(), cause);
  }

  /**
   * Returns the command to start: through {@code setsid} with the executable's absolute path when a session of its
   * own is possible, else (no {@code setsid}, turned off, or an executable the JVM would not find, whose start must
   * fail as the JVM reports it) the spec's command itself.
   */
  private static List<String> sessionCommand(ProcessSpec spec) {
    if (SETSID == null || !Boolean.parseBoolean(System.getProperty(SESSION_PROPERTY, "true"))) {
      return spec.command();
    }
    String program = spec.command().get(0);
    Path executable;
    try {
      if (program.indexOf('/') >= 0) {
        executable = spec.workingDirectory().resolve(program).toAbsolutePath();
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
          return spec.command();
        }
      } else {
        String path = System.getenv("PATH");
        executable = path == null ? null : Executables.onPath(program, path).orElse(null);
      }
    } catch (InvalidPathException e) {
      return spec.command();
    }
    if (executable == null) {
      return spec.command();
    }
    List<String> command = new ArrayList<>(spec.command().size() + 1);
    command.add(SETSID.toString());
    command.add(executable.toString());
    command.addAll(spec.command().subList(1, spec.command().size()));
    return command;
  }

  /** Finds {@code setsid} where Linux systems keep it; null elsewhere (no {@code /proc} to search sessions in). */
  private static Path findSetsid() {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return null;
    }
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid", "/sbin/setsid")) {
      Path path = Path.of(candidate);
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
    }
    LOG.debug("no setsid found: scanner processes start without a session of their own");
    return null;
  }

  /**
   * How the processes of one run are recognised: the marker in their environment, and, when the command started
   * in a session of its own, that session's id. Every process of the tree started no earlier than the command
   * ({@code startTicks}, 0 if unknown): older processes are skipped without reading their environment, which keeps
   * the search cheap, and a process of an older session that happened to get the same id is never taken for one of
   * the run's.
   */
  record Tree(String cookie, long session, long startTicks) {
  }

  /**
   * Turns the inherited environment into the process's: keeps only the variables the spec inherits, removes the
   * removed prefixes and variables, then sets the spec's own.
   */
  static void buildEnvironment(Map<String, String> environment, ProcessSpec spec) {
    environment.keySet().removeIf(name -> !ScannerEnvironment.matches(name, spec.inheritedVariables()));
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
  private static boolean stopLeftovers(long pid, String ended, Map<Long, ProcessHandle> seen, Tree tree,
      Duration grace) {
    boolean interrupted = false;
    boolean stoppedLast = false;
    for (int search = 0; search < MAX_LEFTOVER_SEARCHES; search++) {
      if (search > 0 && !interrupted) {
        interrupted = pause(LEFTOVER_SETTLE_MILLIS);
      }
      TreeSearch found = searchTree(tree);
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
  private static boolean stopTree(Process process, Map<Long, ProcessHandle> seen, Tree tree, Duration grace) {
    process.descendants().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
    searchTree(tree).holders().forEach(handle -> seen.putIfAbsent(handle.pid(), handle));
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    all.addAll(seen.values());
    return stopAll(all, grace);
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
   * Finds the live processes of a run's tree, among those started no earlier than the command (by
   * {@code /proc/<pid>/stat}): those of the command's session when it has one of its own, and those whose
   * environment carries the run's marker (by {@code /proc/<pid>/environ}). Linux only; elsewhere, or where the files
   * cannot be read, nothing is found and the polled descendants are all there is.
   */
  static TreeSearch searchTree(Tree tree) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return new TreeSearch(List.of(), false);
    }
    byte[] marker = (TREE_VARIABLE + "=" + tree.cookie() + "\0").getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    boolean blank = false;
    // one buffer for every file of this search: /proc is walked once per scan, so it must stay cheap
    byte[][] buffer = {new byte[16 * 1024]};
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!isNumber(name)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == self) {
          continue;
        }
        long[] stat = null;
        if (tree.startTicks() > 0 || tree.session() > 0) {
          Object folderKey = folderKey(entry);
          KnownStart known = folderKey == null ? null : START_TICKS.get(pid);
          if (known != null && known.folderKey().equals(folderKey) && known.startTicks() < tree.startTicks()) {
            continue; // started before the command, as an earlier search read
          }
          stat = statFields(entry.resolve("stat"), buffer);
          if (stat != null && folderKey != null) {
            if (START_TICKS.size() >= MAX_START_TICKS) {
              START_TICKS.clear();
            }
            START_TICKS.put(pid, new KnownStart(folderKey, stat[1]));
          }
          if (stat != null && stat[1] < tree.startTicks()) {
            continue; // started before the command: not of its tree, and its environment need not be read
          }
          if (stat != null && tree.session() > 0 && stat[0] == tree.session()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
            continue;
          }
        }
        if (ofAnotherRun(stat, self, tree)) {
          continue; // its environment need not be read either
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

  /**
   * Finds the live processes whose environment carries a run's tree marker (no session), as {@link #searchTree(Tree)}.
   *
   * @param cookie the run's marker value
   * @return what was found
   */
  static TreeSearch searchTree(String cookie) {
    return searchTree(new Tree(cookie, -1, 0));
  }

  /**
   * Tells whether a process belongs to another command this JVM runs: a child of this JVM (another run's command,
   * or one being started; a run's own command is started before its tree is searched, and orphans are re-parented
   * to this JVM only when it is process 1) or a process in the session of another running command. A process of
   * this run's tree is neither: a process enters a session only by starting one, with its own id, which no other
   * live command has. Skipping them keeps the search from reading the environment of every other scan's processes,
   * and from searching again because one of them was in the middle of {@code execve}.
   */
  private static boolean ofAnotherRun(long[] stat, long self, Tree tree) {
    return stat != null && ((stat[2] == self && self != 1)
        || (stat[0] != tree.session() && ACTIVE_SESSIONS.contains(stat[0])));
  }

  /**
   * The identity of a {@code /proc/<pid>} folder (its device and inode number, from one {@code stat}), null if it
   * cannot be read. Read as basic attributes: the {@code unix:ino} view builds a map of every attribute each call.
   */
  private static Object folderKey(Path processFolder) {
    try {
      return Files.readAttributes(processFolder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** Tells whether a {@code /proc} entry is a process id: a non-empty string of ASCII digits. */
  private static boolean isNumber(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The start time of a process in clock ticks after boot, 0 if it cannot be read. */
  private static long startTicks(long pid) {
    long[] fields = statFields(Path.of("/proc", Long.toString(pid), "stat"), new byte[][] {new byte[1024]});
    return fields == null ? 0 : fields[1];
  }

  /**
   * Reads the session id (field 6), start time (field 22) and parent (field 4) of {@code /proc/<pid>/stat}
   * ({@code pid (command) state ppid pgrp session ...}; the command may hold spaces and parentheses, the fields
   * follow the last ')').
   *
   * @return {session, start ticks, parent pid}, or null if the file cannot be read or parsed
   */
  private static long[] statFields(Path stat, byte[][] buffer) {
    int length = 0;
    try (InputStream in = Files.newInputStream(stat)) {
      byte[] content = buffer[0];
      int read;
      while (length < content.length && (read = in.read(content, length, content.length - length)) > 0) {
        length += read;
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    byte[] content = buffer[0];
    int close = -1;
    for (int i = length - 1; i >= 0; i--) {
      if (content[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      return null;
    }
    long session = -1;
    long parent = -1;
    int field = 2;
    long value = 0;
    boolean inNumber = false;
    for (int i = close + 1; i < length; i++) {
      byte b = content[i];
      if (b == ' ' || b == '\n') {
        if (inNumber) {
          if (field == 4) {
            parent = value;
          } else if (field == 6) {
            session = value;
          } else if (field == 22) {
            return new long[] {session, value, parent};
          }
        }
        inNumber = false;
        continue;
      }
      if (!inNumber) {
        field++;
        inNumber = true;
        value = 0;
      }
      if (b >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
      }
    }
    return null;
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

  /** An output pump: the copy of one stream into its log, running on a pooled thread, and the log. */
  private record Pump(Future<?> copying, BoundedLog log, String name) {
  }

  /**
   * The threads that copy output into logs: two per running command, reused from one command to the next (a scan
   * of many accounts starts hundreds of commands, and a new thread each time costs more than the copy of a short
   * log). Daemon threads, so a pump held by a process that never closes its output keeps no JVM alive; idle ones
   * end after a minute.
   */
  private static final ExecutorService PUMPS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "secposture-output");
    thread.setDaemon(true);
    return thread;
  });

  private static Pump pump(InputStream stream, BoundedLog log, Redactor redactor, Tail.Sink tail, String name,
      long pid) {
    String threadName = "secposture-" + name + "-" + pid;
    Future<?> copying = PUMPS.submit(() -> {
      Thread current = Thread.currentThread();
      current.setName(threadName);
      try {
        copy(stream, log, redactor, tail);
      } finally {
        current.setName("secposture-output");
      }
    });
    return new Pump(copying, log, name);
  }

  /** Opens a log file (creating its directory) before the process starts, so output always has somewhere to go. */
  private static BoundedLog openLog(Path file, long limit, BoundedLog opened) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return BoundedLog.open(file, limit);
    } catch (IOException e) {
      closeQuietly(opened);
      throw new ScanException("cannot write the log file " + file + ": " + e.getMessage()
          + "; check that its directory is writable", null, List.of(), e);
    }
  }

  private static void copy(InputStream stream, BoundedLog log, Redactor redactor, Tail.Sink tail) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    // a line longer than a segment is written in pieces; each piece leaves the next one enough characters that a
    // secret is never split between two pieces (and so never escapes the redactor)
    int keep = Math.max(0, redactor.longestSecret() - 1);
    try (Reader reader = new InputStreamReader(stream, decoder); BoundedLog writer = log) {
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
  private static void emit(StringBuilder line, int length, BoundedLog writer, Redactor redactor, Tail.Sink tail,
      boolean newline) throws IOException {
    int end = length;
    if (length == line.length() && end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    String text = redactor.redact(line.substring(0, end));
    writer.append(text, newline);
    tail.add(text);
    line.delete(0, length);
  }

  private static void join(Pump pump, long pid) {
    boolean finished = false;
    try {
      pump.copying().get(5, TimeUnit.SECONDS);
      finished = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      finished = true;
      LOG.debug("output pump of pid {} failed: {}", pid, e.getCause().toString());
    } catch (TimeoutException e) {
      // reported below
    }
    if (!finished) {
      LOG.warn("output of pid {} is still held open by another process; its log may be incomplete", pid);
    } else if (pump.log().omitted() > 0) {
      LOG.info("pid {} wrote more than its {} log keeps: {} in the middle left out of {}", pid, pump.name(),
          BoundedLog.size(pump.log().omitted()), pump.log());
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
