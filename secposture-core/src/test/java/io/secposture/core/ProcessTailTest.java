package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log tail keeps what a scanner wrote last to standard error, whatever floods standard output. */
class ProcessTailTest {
  @TempDir
  Path dir;

  private ProcessResult run(String body, int tailLines) throws Exception {
    Path script = dir.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new ProcessRunner().run(ProcessSpec.builder(List.of(script.toString())).workingDirectory(dir)
        .logs(dir.resolve("out/stdout.log"), dir.resolve("out/stderr.log")).timeout(Duration.ofSeconds(30))
        .gracePeriod(Duration.ofSeconds(2)).tailLines(tailLines).build());
  }

  @RepeatedTest(5)
  void run_stdoutFloodThenAnError_theErrorIsInTheTail() throws Exception {
    ProcessResult result = run("head -c 2000000 /dev/zero | tr '\\0' 'x' | fold -w 1000\n"
        + "echo 'ERROR main.py L77: authentication failed' >&2", 10);

    assertThat(result.tail()).hasSize(10).contains("ERROR main.py L77: authentication failed");
  }

  @Test
  void run_bothStreamsBusy_stderrGetsHalfTheTailAndOrderIsKept() throws Exception {
    ProcessResult result = run("i=1\nwhile [ $i -le 20 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1));"
        + " done", 6);

    assertThat(result.tail()).hasSize(6).filteredOn(line -> line.startsWith("err")).hasSize(3)
        .containsExactly("err 18", "err 19", "err 20");
    assertThat(result.tail()).filteredOn(line -> line.startsWith("out")).containsExactly("out 18", "out 19",
        "out 20");
  }

  @Test
  void run_onlyOneStream_itFillsTheWholeTail() throws Exception {
    assertThat(run("i=1\nwhile [ $i -le 9 ]; do echo \"err $i\" >&2; i=$((i+1)); done", 4).tail())
        .containsExactly("err 6", "err 7", "err 8", "err 9");
  }
}
