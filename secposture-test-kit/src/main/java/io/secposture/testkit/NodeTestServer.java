package io.secposture.testkit;

import io.secposture.core.Executables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server from the project's {@code test-servers/} npm package (Azurite, the GCS emulator launcher), started
 * for integration tests: {@link #start} installs the pinned packages with {@code npm ci} when
 * {@code node_modules} is missing or older than {@code package-lock.json}, starts the server as a child process,
 * waits for the line that says it is ready, and {@link #close()} stops it (a JVM shutdown hook does too, should the
 * tests end abruptly).
 *
 * <p>Node.js and npm are required: without them {@link #start} throws with a message saying so; the tests fail
 * rather than being skipped. The {@code test-servers/} directory is found through the system property
 * {@value #DIRECTORY_PROPERTY}, else by walking up from the working directory.
 *
 * <p>Thread-safe.
 */
public final class NodeTestServer implements AutoCloseable {
  /** System property naming the {@code test-servers/} directory. */
  public static final String DIRECTORY_PROPERTY = "secposture.test-servers.dir";

  private static final String STAMP = ".secposture-install.sha256";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final int TAIL_LINES = 200;
  private static final Object INSTALL_LOCK = new Object();

  private final String name;
  private final Process process;
  private final URI uri;
  private final Deque<String> tail;
  private final Thread shutdownHook;

  private NodeTestServer(String name, Process process, URI uri, Deque<String> tail) {
    this.name = name;
    this.process = process;
    this.uri = uri;
    this.tail = tail;
    this.shutdownHook = new Thread(this::destroy, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Installs the packages if needed and starts a server.
   *
   * @param name a short name for messages, e.g. {@code azurite}
   * @param script the script to run, relative to {@code test-servers/}, e.g.
   *     {@code node_modules/azurite/dist/src/blob/main.js}
   * @param arguments its arguments
   * @param ready the pattern of the output line that says it is ready; its group {@code url} is the server's URL
   * @param environment extra environment variables for the process
   * @param timeout how long to wait for the ready line
   * @return the running server
   * @throws IllegalStateException if Node.js is missing, the install fails, or the server does not become ready;
   *     the message holds the end of its output
   */
  public static NodeTestServer start(String name, String script, List<String> arguments, Pattern ready,
      Map<String, String> environment, Duration timeout) {
    Path directory = directory();
    Path node = executable("node");
    install(directory);
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(directory.resolve(script).toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + "): "
          + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<URI> readyUrl = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, ready, tail, readyUrl), name + "-output");
    reader.setDaemon(true);
    reader.start();
    try {
      URI uri = readyUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new NodeTestServer(name, process, uri, tail);
    } catch (TimeoutException | ExecutionException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s"
          + (process.isAlive() ? "" : " (it exited)") + "; its output ends with:\n" + tailText(tail), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  /**
   * Returns the server's URL as it announced it.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public URI uri() {
    return uri;
  }

  /**
   * Returns the server's port.
   *
   * @return the port
   */
  public int port() {
    return uri.getPort();
  }

  /**
   * Tells whether the server process still runs.
   *
   * @return true while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns the last lines the server wrote.
   *
   * @return the output tail
   */
  public String output() {
    return tailText(tail);
  }

  /** Stops the server: SIGTERM, then a forced kill after five seconds. Idempotent. */
  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
  }

  private void destroy() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Returns the {@code test-servers/} directory.
   *
   * @return the directory holding {@code package.json}
   * @throws IllegalStateException if it cannot be found
   */
  public static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured).toAbsolutePath().normalize();
      if (Files.isRegularFile(path.resolve("package.json"))) {
        return path;
      }
      throw new IllegalStateException("-D" + DIRECTORY_PROPERTY + "=" + configured + " has no package.json");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("test-servers");
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find the test-servers/ directory (with package.json) above "
        + Path.of("").toAbsolutePath() + "; set -D" + DIRECTORY_PROPERTY);
  }

  /**
   * Runs {@code npm ci} in {@code test-servers/} unless {@code node_modules} was installed from the current
   * {@code package.json} and {@code package-lock.json}. Safe to call from several JVMs at once (file lock).
   *
   * @param directory the {@code test-servers/} directory
   * @throws IllegalStateException if npm is missing or the install fails
   */
  public static void install(Path directory) {
    synchronized (INSTALL_LOCK) {
      Path stamp = directory.resolve("node_modules").resolve(STAMP);
      String wanted = fingerprint(directory);
      if (wanted.equals(read(stamp))) {
        return;
      }
      Path npm = executable("npm");
      try (FileChannel channel = FileChannel.open(directory.resolve(".npm-install.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          if (wanted.equals(read(stamp))) {
            return; // another JVM installed meanwhile
          }
          runNpmCi(npm, directory);
          Files.writeString(stamp, wanted, StandardCharsets.UTF_8);
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install the test servers in " + directory + ": " + e.getMessage(), e);
      }
    }
  }

  private static void runNpmCi(Path npm, Path directory) throws IOException {
    try {
      Path log = Files.createTempFile("npm-ci-", ".log");
      Process process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
          .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("npm ci in " + directory + " took over " + INSTALL_TIMEOUT.toMinutes()
            + " minutes; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("npm ci in " + directory + " failed with exit code " + process.exitValue()
            + " (the npm registry must be reachable on a fresh machine):\n" + lastLines(log, 40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during npm ci in " + directory, e);
    }
  }

  private static Path executable(String name) {
    return Executables.onPath(name, System.getenv("PATH")).orElseThrow(() -> new IllegalStateException("'" + name
        + "' is not on PATH. The Azure Blob and GCS storage tests run Azurite and the Cloud Storage emulator from"
        + " test-servers/ (npm packages) and need Node.js 20+ with npm; install them (CI does) and run the tests"
        + " again. These tests are never skipped silently."));
  }

  private static String fingerprint(Path directory) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(directory.resolve("package.json")));
      Path lock = directory.resolve("package-lock.json");
      if (!Files.isRegularFile(lock)) {
        throw new IllegalStateException(lock + " is missing: the test servers must be pinned by a committed lock file");
      }
      digest.update(Files.readAllBytes(lock));
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLines(Path file, int count) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }

  private static void drain(Process process, Pattern ready, Deque<String> tail, CompletableFuture<URI> readyUrl) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!readyUrl.isDone()) {
          Matcher matcher = ready.matcher(line);
          if (matcher.find()) {
            readyUrl.complete(URI.create(matcher.group("url")));
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    readyUrl.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
  }

  private static String tailText(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? "(no output)" : String.join("\n", tail);
    }
  }

  @Override
  public String toString() {
    return "NodeTestServer[" + name + " at " + uri + "]";
  }

  /**
   * Returns the server's name.
   *
   * @return the name given to {@link #start}
   */
  public String name() {
    return Objects.requireNonNull(name);
  }
}
