package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.secposture.api.ScanException;
import io.secposture.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs real shell scripts: exit codes, logs, stdin, timeouts and cancellation that kill whole trees, secrets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerTest {
  @TempDir
  Path dir;

  private final List<Long> spawned = new ArrayList<>();

  @BeforeEach
  void requirePosixShell() {
    assumeThat(Files.isExecutable(Path.of("/bin/sh"))).as("these tests run POSIX shell scripts").isTrue();
  }

  @AfterEach
  void killLeftovers() {
    spawned.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private ProcessSpec.Builder spec(Path script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    return ProcessSpec.builder(command).workingDirectory(dir).logs(dir.resolve("out/stdout.log"),
        dir.resolve("out/stderr.log")).timeout(Duration.ofSeconds(30)).gracePeriod(Duration.ofSeconds(2));
  }

  /** Reads pids a script wrote, one per line, and remembers them for cleanup. */
  private List<Long> pids(Path file) throws IOException {
    List<Long> pids = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.trim()));
      }
    }
    spawned.addAll(pids);
    return pids;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessRunner::isRunning).orElse(false);
  }

  private static void awaitFile(Path file) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!(Files.exists(file) && Files.readString(file).lines().count() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void run_scriptExitsWithCode_codeOutputLogsAndTailReturned() throws Exception {
    Path script = script("exit3.sh", "echo first out\necho an error >&2\necho \"arg=$1\"\nexit 3");

    ProcessResult result = new ProcessRunner().run(spec(script, "one two").build());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.exited(3)).isTrue();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.cancelled()).isFalse();
    assertThat(Files.readString(dir.resolve("out/stdout.log"))).isEqualTo("first out\narg=one two\n");
    assertThat(Files.readString(dir.resolve("out/stderr.log"))).isEqualTo("an error\n");
    assertThat(result.tail()).containsExactlyInAnyOrder("first out", "an error", "arg=one two");
    assertThat(result.stdoutLog()).isEqualTo(dir.resolve("out/stdout.log"));
  }

  @Test
  void run_manyLines_tailKeepsOnlyTheLastOnes() throws Exception {
    Path script = script("count.sh", "i=1\nwhile [ $i -le 200 ]; do echo \"line $i\"; i=$((i+1)); done");

    ProcessResult result = new ProcessRunner().run(spec(script).tailLines(3).build());

    assertThat(result.tail()).containsExactly("line 198", "line 199", "line 200");
    assertThat(Files.readAllLines(dir.resolve("out/stdout.log"))).hasSize(200);
  }

  @Test
  void run_scriptReadsStdin_getsEndOfFileInsteadOfHanging() throws Exception {
    Path script = script("reads.sh", "if read line; then echo \"got:$line\"; else echo eof; fi\ncat > /dev/null\necho done");

    ProcessResult result = new ProcessRunner().run(spec(script).timeout(Duration.ofSeconds(20)).build());

    assertThat(result.exitCode()).isZero();
    assertThat(result.tail()).containsExactly("eof", "done");
  }

  @Test
  void run_hangingScriptWithBackgroundChildren_killedAtTimeoutWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("children.pid");
    Path script = script("hang.sh", "sleep 1000 &\necho $! >> \"$1\"\nsleep 1000 &\necho $! >> \"$1\"\n"
        + "echo started\nsleep 1000");

    long started = System.nanoTime();
    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString())
        .timeout(Duration.ofSeconds(1)).gracePeriod(Duration.ofSeconds(1)).build());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    List<Long> children = pids(pidFile);
    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isNull();
    assertThat(result.tail()).containsExactly("started");
    assertThat(children).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).as("child %d alive", pid).isFalse());
    assertThat(took).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void run_scriptIgnoresSigterm_killedAfterTheGracePeriod() throws Exception {
    Path pidFile = dir.resolve("stubborn.pid");
    Path script = script("stubborn.sh", "trap '' TERM\necho $$ > \"$1\"\nsh -c 'trap \"\" TERM; echo $$ >> \"$1\"; "
        + "while true; do sleep 1; done' sh \"$1\" &\nwhile true; do sleep 1; done");

    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString())
        .timeout(Duration.ofSeconds(1)).gracePeriod(Duration.ofMillis(500)).build());

    assertThat(result.timedOut()).isTrue();
    assertThat(pids(pidFile)).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).isFalse());
  }

  @Test
  void run_callingThreadInterrupted_treeStoppedCancelledAndInterruptFlagKept() throws Exception {
    Path pidFile = dir.resolve("cancel.pid");
    Path script = script("cancel.sh", "sleep 1000 &\necho $! > \"$1\"\nsleep 1000");
    AtomicReference<ProcessResult> result = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread runner = new Thread(() -> {
      result.set(new ProcessRunner().run(spec(script, pidFile.toString()).gracePeriod(Duration.ofSeconds(1)).build()));
      interruptedAfter.set(Thread.currentThread().isInterrupted());
    });

    runner.start();
    awaitFile(pidFile);
    runner.interrupt();
    runner.join(20_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(result.get().cancelled()).isTrue();
    assertThat(result.get().timedOut()).isFalse();
    assertThat(result.get().exitCode()).isNull();
    assertThat(interruptedAfter).isTrue();
    assertThat(pids(pidFile)).singleElement().satisfies(pid -> assertThat(alive(pid)).isFalse());
  }

  @Test
  void run_scriptExitsLeavingABackgroundChild_childStopped() throws Exception {
    Path pidFile = dir.resolve("leftover.pid");
    Path script = script("leave.sh", "sleep 1000 > /dev/null 2>&1 &\necho $! > \"$1\"\nexit 0");

    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString()).build());

    assertThat(result.exitCode()).isZero();
    assertThat(pids(pidFile)).singleElement().satisfies(pid -> assertThat(alive(pid)).isFalse());
  }

  @Test
  void isRunning_zombieNotYetReaped_countsAsEnded() throws Exception {
    Path pidFile = dir.resolve("zombie.pid");
    // the background child exits after its parent has become 'sleep', which never reaps it (a child that exits at
    // once may be reaped by the shell before its exec: that made this test fail about every other run under load)
    Path script = script("zombie.sh", "sleep 1 &\necho $! > \"$1\"\nexec sleep 30");
    Process parent = new ProcessBuilder(script.toString(), pidFile.toString()).start();
    spawned.add(parent.pid());
    try {
      awaitFile(pidFile);
      ProcessHandle zombie = ProcessHandle.of(pids(pidFile).get(0)).orElseThrow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.readString(Path.of("/proc", Long.toString(zombie.pid()), "stat")).matches("(?s).*\\) Z .*")
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(zombie.isAlive()).as("the JDK still calls the unreaped child alive").isTrue();
      assertThat(ProcessRunner.isRunning(zombie)).isFalse();
      assertThat(ProcessRunner.isRunning(parent.toHandle())).isTrue();
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  @Test
  void run_scriptLeavesAReparentedDaemonHoldingItsOutput_daemonStoppedAndRunReturns() throws Exception {
    Path pidFile = dir.resolve("daemon.pid");
    // the subshell exits at once, so the daemon is re-parented before the runner can see it as a descendant
    Path script = script("daemon.sh", "( sh -c 'echo $$ > \"$1\"; exec sleep 1000' sh \"$1\" & )\n"
        + "while [ ! -s \"$1\" ]; do sleep 0.05; done\necho parent done");

    long started = System.nanoTime();
    ProcessResult result = new ProcessRunner().run(spec(script, pidFile.toString()).build());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.exitCode()).isZero();
    assertThat(result.tail()).containsExactly("parent done");
    long daemon = pids(pidFile).get(0);
    assertThat(alive(daemon)).as("daemon %d alive", daemon).isFalse();
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void run_secretEnvironment_visibleToTheChildButMaskedInLogsTailAndSpec() throws Exception {
    String token = "s3cr3t-Token-Value-42";
    Path script = script("secret.sh", "echo \"token=$MY_TOKEN\"\necho \"stderr $MY_TOKEN\" >&2\n"
        + "[ \"$MY_TOKEN\" = \"" + token + "\" ] && echo visible-to-child\necho \"plain=$PLAIN\"");
    ProcessSpec spec = spec(script).secretEnvironment("MY_TOKEN", Secret.of(token)).environment("PLAIN", "hello")
        .build();

    ProcessResult result = new ProcessRunner().run(spec);

    String stdout = Files.readString(dir.resolve("out/stdout.log"));
    String stderr = Files.readString(dir.resolve("out/stderr.log"));
    assertThat(stdout).contains("token=****", "visible-to-child", "plain=hello").doesNotContain(token);
    assertThat(stderr).isEqualTo("stderr ****\n");
    assertThat(String.join("\n", result.tail())).doesNotContain(token).contains("token=****");
    assertThat(spec.toString()).doesNotContain(token).contains("MY_TOKEN");
    assertThat(spec.command()).noneMatch(arg -> arg.contains(token));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 10, 20, 21, 22, 40})
  void run_secretAcrossTheSegmentBoundaryOfAVeryLongLine_maskedInLogAndTail(int charsBeforeTheBoundary)
      throws Exception {
    String token = "s3cr3t-Token-Value-42";
    int filler = 64 * 1024 - charsBeforeTheBoundary;
    Path script = script("long-line.sh", "head -c " + filler + " /dev/zero | tr '\\0' x\n"
        + "printf '%s tail\\n' \"$MY_TOKEN\"");

    ProcessResult result = new ProcessRunner().run(spec(script).secretEnvironment("MY_TOKEN", Secret.of(token))
        .build());

    String expected = "x".repeat(filler) + "**** tail";
    assertThat(Files.readString(dir.resolve("out/stdout.log"))).isEqualTo(expected + "\n");
    String tail = String.join("\n", result.tail());
    for (int start = 0; start + 6 <= token.length(); start++) {
      assertThat(tail).doesNotContain(token.substring(start, start + 6));
    }
  }

  @Test
  void run_multiLineSecretPrintedLineByLine_everyLineMasked() throws Exception {
    String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
        + "-----END PRIVATE KEY-----";
    Path script = script("pem.sh", "printf '%s\\n' \"$KEY\"");

    new ProcessRunner().run(spec(script).secretEnvironment("KEY", Secret.of(key)).build());

    String stdout = Files.readString(dir.resolve("out/stdout.log"));
    assertThat(stdout).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").doesNotContain("BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj")
        .contains("****");
  }

  @Test
  void run_inheritedSecpostureVariablesAndRemovedVariables_neverReachTheChild() throws Exception {
    Map<String, String> inherited = new HashMap<>(System.getenv());
    inherited.put("SECPOSTURE_ACCOUNT_PROD_AWS_SECRET_ACCESS_KEY", "other-accounts-secret");
    inherited.put("SECPOSTURE_ACCOUNTS", "prod");
    inherited.put("AWS_PROFILE", "someone-elses-profile");
    inherited.put("KEEP_ME", "kept");
    Path script = script("env.sh", "env");

    // KEEP_ME is passed through explicitly: since issue 12 a process inherits an allow-list, not everything
    new ProcessRunner(inherited).run(spec(script).inherit(List.of("KEEP_ME", "AWS_*"))
        .removeVariables(List.of("AWS_PROFILE")).build());

    List<String> env = Files.readAllLines(dir.resolve("out/stdout.log"));
    assertThat(env).noneMatch(line -> line.startsWith("SECPOSTURE_")).noneMatch(line -> line.startsWith("AWS_PROFILE="))
        .contains("KEEP_ME=kept").anyMatch(line -> line.startsWith(ProcessRunner.TREE_VARIABLE + "="));
  }

  @Test
  void run_jvmEnvironment_noSecpostureVariableReachesTheChild() throws Exception {
    Path script = script("env2.sh", "env");

    new ProcessRunner().run(spec(script).build());

    assertThat(Files.readAllLines(dir.resolve("out/stdout.log"))).noneMatch(line -> line.startsWith("SECPOSTURE_"));
  }

  @Test
  void run_missingExecutable_scanExceptionNamingIt() {
    ProcessSpec spec = ProcessSpec.builder(List.of(dir.resolve("no-such-scout").toString(), "aws"))
        .workingDirectory(dir).build();

    assertThatThrownBy(() -> new ProcessRunner().run(spec)).isInstanceOfSatisfying(ScanException.class, e -> {
      assertThat(e.getMessage()).startsWith("cannot start '" + dir.resolve("no-such-scout") + "'")
          .endsWith("check that it is installed, executable and on PATH (or configure its full path)");
      assertThat(e.exitCode()).isNull();
    });
  }

  @Test
  void run_logDirectoryNotWritable_scanExceptionBeforeStarting() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Path marker = dir.resolve("ran");
    Path script = script("touch.sh", "touch \"" + marker + "\"");
    ProcessSpec spec = spec(script).logs(notADirectory.resolve("stdout.log"), notADirectory.resolve("stderr.log"))
        .build();

    assertThatThrownBy(() -> new ProcessRunner().run(spec)).isInstanceOf(ScanException.class)
        .hasMessageStartingWith("cannot write the log file " + notADirectory.resolve("stdout.log"));
    assertThat(marker).doesNotExist();
  }

  @Test
  void run_hugeOutput_streamedWithoutBlockingTheChild() throws Exception {
    Path script = script("flood.sh", "head -c 5000000 /dev/zero | tr '\\0' 'x' | fold -w 1000\necho end >&2");

    ProcessResult result = new ProcessRunner().run(spec(script).timeout(Duration.ofSeconds(30)).build());

    assertThat(result.exitCode()).isZero();
    assertThat(Files.size(dir.resolve("out/stdout.log"))).isEqualTo(5_004_999);
    // the two pipes are read by two threads, so the tail's order across them is arrival order, not write order
    assertThat(Files.readString(result.stderrLog())).isEqualTo("end\n");
    assertThat(result.tail()).hasSize(50);
  }

  @Test
  void run_scriptWhoseInterpreterIsMissing_scanExceptionNamingIt() throws Exception {
    Path script = dir.resolve("no-interpreter.sh");
    Files.writeString(script, "#!/nonexistent/interpreter\necho never\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> new ProcessRunner().run(spec(script).build()))
        .isInstanceOfSatisfying(ScanException.class, e -> assertThat(e.getMessage())
            .startsWith("cannot start '" + script + "'")
            .endsWith("check that it is installed, executable and on PATH (or configure its full path)"));
  }

  @Test
  void run_commandByNameOnPath_leadsASessionOfItsOwnWithTheSamePid() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")))
        .as("setsid installed").isTrue();
    assumeThat(System.getProperty(ProcessRunner.SESSION_PROPERTY, "true")).as("sessions not turned off")
        .isNotEqualTo("false");

    ProcessResult result = new ProcessRunner().run(ProcessSpec.builder(List.of("sh", "-c",
        "echo \"$$ $(cut -d' ' -f6 /proc/$$/stat)\"; exit 4")).workingDirectory(dir)
        .logs(dir.resolve("out/stdout.log"), dir.resolve("out/stderr.log")).build());

    assertThat(result.exitCode()).isEqualTo(4);
    String[] pidAndSession = result.tail().get(0).split(" ");
    assertThat(pidAndSession[1]).as("session id").isEqualTo(pidAndSession[0]);
  }
}
