package io.secposture.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.core.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking a stand-in tool its version: what is read, what is cached, when it asks again. */
class ToolVersionsTest {
  private static final Pattern VERSION = Pattern.compile("acme-audit (\\d+\\.\\d+\\.\\d+)");

  @TempDir
  Path directory;

  private final ToolVersions<String> versions = new ToolVersions<>("acme-audit", List.of("--version"),
      ToolVersionsTest::parse, new ProcessRunner(), Duration.ofSeconds(30));

  private static Optional<String> parse(String line) {
    Matcher matcher = VERSION.matcher(line);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

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
  void detect_versionOnStandardError_isReadAndAskedOnceForManyCallers() throws Exception {
    Path tool = script("acme", "echo 'starting' ; echo 'acme-audit 2.4.1 (build 77)' >&2");

    ToolVersions.Detection<String> first = versions.detect(tool);
    ToolVersions.Detection<String> second = versions.detect(tool);

    assertThat(first.version()).isEqualTo("2.4.1");
    assertThat(first.describe()).isEqualTo("acme-audit 2.4.1 at " + tool);
    assertThat(second).isEqualTo(first);
    assertThat(calls("acme")).isEqualTo(1);
  }

  @Test
  void detect_afterTheExecutableWasReplaced_asksAgain() throws Exception {
    Path tool = script("acme", "echo 'acme-audit 1.0.0'");
    assertThat(versions.detect(tool).version()).isEqualTo("1.0.0");

    script("acme", "echo 'acme-audit 2.0.0 with a longer line'");
    Files.setLastModifiedTime(tool, FileTime.from(Instant.now().plusSeconds(60)));

    assertThat(versions.detect(tool).version()).isEqualTo("2.0.0");
    assertThat(calls("acme")).isEqualTo(2);
  }

  @Test
  void detect_toolRefusingTheQuestion_isUnknownWithWhatItSaidAndIsNotAskedAgain() throws Exception {
    Path tool = script("wrapper", "echo 'wrapper: unknown option --version' >&2; exit 64");

    ToolVersions.Detection<String> detection = versions.detect(tool);
    versions.detect(tool);

    assertThat(detection.version()).isNull();
    assertThat(detection.problem()).isEqualTo("'--version' exited 64 and printed wrapper: unknown option --version");
    assertThat(calls("wrapper")).isEqualTo(1);
  }

  @Test
  void detect_hangingTool_givesUpAtTheCallersLimit() throws Exception {
    Path tool = script("hanging", "sleep 30");
    long started = System.nanoTime();

    ToolVersions.Detection<String> detection = versions.detect(tool, Duration.ofSeconds(1));

    assertThat(detection.problem()).isEqualTo("'--version' did not answer within PT1S");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }
}
