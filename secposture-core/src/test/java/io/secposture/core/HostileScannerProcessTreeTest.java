package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scanner whose grandchild clears its environment before it runs ({@code env -i}), so the tree marker in
 * {@code /proc/<pid>/environ} cannot find it once its parents are gone: the session the runner starts the scanner in
 * is the second net.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileScannerProcessTreeTest {
  @TempDir
  Path dir;

  private final List<Long> spawned = new ArrayList<>();

  @BeforeEach
  void requireLinuxWithSetsid() {
    assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("Linux /proc").isTrue();
    assumeThat(Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")))
        .as("setsid installed").isTrue();
    assumeThat(System.getProperty(ProcessRunner.SESSION_PROPERTY, "true")).as("sessions not turned off")
        .isNotEqualTo("false");
    assumeThat(Files.isExecutable(Path.of("/usr/bin/env"))).isTrue();
  }

  @AfterEach
  void killLeftovers() {
    spawned.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private Path script(String body) throws IOException {
    Path file = dir.resolve("scanner.sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private ProcessSpec.Builder spec(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    return ProcessSpec.builder(command).workingDirectory(dir)
        .logs(dir.resolve("logs/stdout.log"), dir.resolve("logs/stderr.log"))
        .timeout(Duration.ofSeconds(30)).gracePeriod(Duration.ofSeconds(1));
  }

  private long grandchild(Path pidFile) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    spawned.add(pid);
    return pid;
  }

  /** A subshell starts {@code env -i [VAR=x] sleep 1000} in the background and exits; then the scanner exits. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"env -i sleep 1000", "env -i HOME=/ sleep 1000"})
  void run_grandchildClearsItsEnvironmentAndIsOrphaned_stoppedAfterTheScannerExits(String grandchild)
      throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    Path script = script("( " + grandchild + " > /dev/null 2>&1 < /dev/null & echo $! > \"$1\" )\n"
        + "while [ ! -s \"$1\" ]; do sleep 0.01; done\n"
        // wait until the grandchild runs sleep with its cleared environment, so only the session can find it
        + "pid=$(cat \"$1\"); while ! grep -q sleep /proc/$pid/cmdline 2>/dev/null; do sleep 0.01; done\n"
        + "echo scanned");

    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString()).build());

    long pid = grandchild(pidFile);
    assertThat(result.exitCode()).isZero();
    assertThat(result.tail()).containsExactly("scanned");
    assertThat(ProcessHandle.of(pid).map(ProcessRunner::isRunning).orElse(false))
        .as("grandchild %d with a cleared environment", pid).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"env -i sleep 1000", "env -i HOME=/ sleep 1000"})
  void run_timedOutWhileAnOrphanWithAClearedEnvironmentRuns_orphanStoppedWithTheTree(String grandchild)
      throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    Path script = script("( " + grandchild + " > /dev/null 2>&1 < /dev/null & echo $! > \"$1\" )\nsleep 1000");

    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString())
        .timeout(Duration.ofSeconds(2)).build());

    long pid = grandchild(pidFile);
    assertThat(result.timedOut()).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessRunner::isRunning).orElse(false))
        .as("grandchild %d with a cleared environment", pid).isFalse();
  }
}
