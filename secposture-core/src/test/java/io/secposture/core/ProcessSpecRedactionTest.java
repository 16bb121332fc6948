package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSpecRedactionTest {
  private static final Secret EXTERNAL_ID = Secret.of("ext-id-7Hq2vLp9");

  @TempDir
  Path directory;

  @Test
  void toString_commandHoldingARedactedValue_masksIt() {
    ProcessSpec spec = ProcessSpec.builder(List.of("prowler", "aws", "--external-id", EXTERNAL_ID.reveal()))
        .workingDirectory(directory).redact(EXTERNAL_ID).build();

    assertThat(spec.toString()).doesNotContain(EXTERNAL_ID.reveal()).contains("--external-id, ****");
    assertThat(spec.redactor().redact("id=" + EXTERNAL_ID.reveal())).isEqualTo("id=****");
  }

  @Test
  void spec_withoutRedactedValues_keepsMaskingTheSecretEnvironment() {
    ProcessSpec spec = new ProcessSpec(List.of("tool"), directory, Map.of(), Map.of("TOKEN", EXTERNAL_ID),
        List.of(), List.of(), directory.resolve("out.log"), directory.resolve("err.log"), Duration.ofMinutes(1),
        Duration.ofSeconds(1), 10, List.of());

    assertThat(spec.redactedValues()).isEmpty();
    assertThat(spec.redactor().redact(EXTERNAL_ID.reveal())).isEqualTo(Secret.MASK);
  }

  @Test
  void run_processEchoingItsRedactedArgument_logsAndTailsOnlyTheMask() throws Exception {
    ProcessSpec spec = ProcessSpec.builder(List.of("/bin/sh", "-c", "echo \"arg $0\"; echo \"err $0\" 1>&2",
        EXTERNAL_ID.reveal())).workingDirectory(directory).redact(EXTERNAL_ID).timeout(Duration.ofSeconds(30))
        .build();

    ProcessResult result = new ProcessRunner().run(spec);

    assertThat(result.exited(0)).isTrue();
    assertThat(Files.readString(result.stdoutLog())).isEqualTo("arg ****\n");
    assertThat(Files.readString(result.stderrLog())).isEqualTo("err ****\n");
    assertThat(result.tail()).containsExactlyInAnyOrder("arg ****", "err ****");
  }
}
