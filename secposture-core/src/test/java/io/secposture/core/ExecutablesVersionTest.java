package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Preflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Executables#probeVersion}: what {@code check} learns from a scanner's executable before a run. */
class ExecutablesVersionTest {
  private static final Pattern PROWLER = Pattern.compile("Prowler\\s+v?(\\d[\\w.+-]*)");

  @TempDir
  Path dir;

  private Path tool(String body) throws IOException {
    Path file = dir.resolve("bin/prowler");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private Preflight probe(String configured, Duration timeout) {
    return Executables.probeVersion(configured, "prowler", "prowler.executable",
        Map.of("PATH", dir.resolve("bin").toString()), List.of("--version"), PROWLER, timeout);
  }

  @Test
  void probe_toolAnswersLikeProwler_executableAndVersion() throws IOException {
    Path prowler = tool("[ \"$1\" = --version ] && { echo 'Prowler 5.7.5'; exit 0; }; exit 2");

    Preflight result = probe(null, Duration.ofSeconds(30));

    assertThat(result.problems()).isEmpty();
    assertThat(result.executable()).isEqualTo(prowler.toString());
    assertThat(result.version()).isEqualTo("5.7.5");
  }

  @Test
  void probe_missingExecutable_aProblemNamingTheSetting() {
    Preflight result = probe(dir.resolve("nowhere/prowler").toString(), Duration.ofSeconds(30));

    assertThat(result.executable()).isNull();
    assertThat(result.problems()).singleElement().asString().contains("does not exist")
        .contains("prowler.executable");
  }

  @Test
  void probe_toolThatFails_exitCodeAndLastLine() throws IOException {
    tool("echo 'ModuleNotFoundError: No module named botocore' >&2; exit 1");

    Preflight result = probe(null, Duration.ofSeconds(30));

    assertThat(result.problems()).singleElement().asString().contains("exited 1")
        .contains("ModuleNotFoundError: No module named botocore");
  }

  @Test
  void probe_toolThatPrintsSomethingElse_noVersionProblem() throws IOException {
    tool("echo 'usage: something else'; exit 0");

    assertThat(probe(null, Duration.ofSeconds(30)).problems()).singleElement().asString()
        .contains("printed no version");
  }

  @Test
  void probe_toolThatHangs_isStoppedAtTheTimeout() throws IOException {
    tool("exec sleep 60");
    long started = System.nanoTime();

    Preflight result = probe(null, Duration.ofSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(result.problems()).singleElement().asString().contains("did not answer within 1 s");
  }
}
