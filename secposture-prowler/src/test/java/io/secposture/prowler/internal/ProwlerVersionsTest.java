package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.core.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking an executable its version: what is read, what is cached, when it asks again. */
class ProwlerVersionsTest {
  @TempDir
  Path directory;

  private final ProwlerVersions versions = new ProwlerVersions(new ProcessRunner(), Duration.ofSeconds(30));

  private Path script(String name, String body) throws Exception {
    Path script = directory.resolve(name);
    Files.writeString(script, "#!/bin/sh\necho x >> '" + directory.resolve(name + ".calls") + "'\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private long calls(String name) throws Exception {
    Path calls = directory.resolve(name + ".calls");
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }

  @Test
  void detect_prowlerAnsweringWithItsReleaseCheck_readsTheVersionAndAsksOnce() throws Exception {
    Path prowler = script("prowler", "echo 'Prowler 5.7.5 (latest is 5.8.0, upgrade for the latest features)'");

    ProwlerVersions.Detection first = versions.detect(prowler);
    ProwlerVersions.Detection second = versions.detect(prowler);

    assertThat(first.version()).hasToString("5.7.5");
    assertThat(first.describe()).isEqualTo("Prowler 5.7.5 at " + prowler);
    assertThat(second).isEqualTo(first);
    assertThat(calls("prowler")).isEqualTo(1);
  }

  @Test
  void detect_afterTheExecutableWasReplaced_asksAgain() throws Exception {
    Path prowler = script("prowler", "echo 'Prowler 4.1.0'");
    assertThat(versions.detect(prowler).version()).hasToString("4.1.0");

    script("prowler", "echo 'Prowler 5.7.5'");
    Files.setLastModifiedTime(prowler, FileTime.from(Instant.now().plusSeconds(60)));

    assertThat(versions.detect(prowler).version()).hasToString("5.7.5");
    assertThat(calls("prowler")).isEqualTo(2);
  }

  @Test
  void detect_aSymlinkToTheSameExecutable_sharesItsAnswer() throws Exception {
    Path prowler = script("prowler", "echo 'Prowler 5.7.5'");
    Path link = Files.createSymbolicLink(directory.resolve("prowler-link"), prowler);

    versions.detect(prowler);
    versions.detect(link);

    assertThat(calls("prowler")).isEqualTo(1);
  }

  @Test
  void detect_wrapperRefusingVersion_isUnknownWithWhatItSaidAndIsNotAskedAgain() throws Exception {
    Path wrapper = script("wrapper", "echo 'wrapper: unknown option --version' >&2; exit 64");

    ProwlerVersions.Detection detection = versions.detect(wrapper);
    versions.detect(wrapper);

    assertThat(detection.version()).isNull();
    assertThat(detection.describe()).isEqualTo("could not tell the version of " + wrapper + ": '--version' exited 64 "
        + "and printed wrapper: unknown option --version");
    assertThat(calls("wrapper")).isEqualTo(1);
  }

  @Test
  void detect_hangingExecutable_givesUpAtTheCallersLimit() throws Exception {
    Path hanging = script("hanging", "sleep 30");
    long started = System.nanoTime();

    ProwlerVersions.Detection detection = versions.detect(hanging, Duration.ofSeconds(1));

    assertThat(detection.problem()).isEqualTo("'--version' did not answer within PT1S");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void detect_missingExecutable_isUnknownWithTheReason() {
    ProwlerVersions.Detection detection = versions.detect(directory.resolve("nowhere/prowler"));

    assertThat(detection.version()).isNull();
    assertThat(detection.problem()).contains("cannot start");
  }
}
