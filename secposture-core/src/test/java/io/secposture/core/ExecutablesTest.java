package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
  @TempDir
  Path dir;

  private Path executable(Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    Path file = Files.writeString(directory.resolve(name), "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static Map<String, String> path(Path... directories) {
    StringBuilder value = new StringBuilder();
    for (Path directory : directories) {
      value.append(value.length() == 0 ? "" : File.pathSeparator).append(directory);
    }
    return Map.of("PATH", value.toString());
  }

  @Test
  void find_nameOnPath_firstExecutableMatchWins() throws IOException {
    Path notExecutable = Files.createDirectories(dir.resolve("a"));
    Files.writeString(notExecutable.resolve("scout"), "not executable");
    Path directoryNamedLikeIt = Files.createDirectories(dir.resolve("b/scout")).getParent();
    Path expected = executable(dir.resolve("c"), "scout");
    executable(dir.resolve("d"), "scout");

    Path found = Executables.find(null, "scout", "scoutsuite.executable",
        Map.of("PATH", "" + File.pathSeparator + notExecutable + File.pathSeparator + directoryNamedLikeIt
            + File.pathSeparator + dir.resolve("c") + File.pathSeparator + dir.resolve("d")));

    assertThat(found).isEqualTo(expected);
  }

  @Test
  void find_configuredBareName_lookedUpOnPathInsteadOfTheDefault() throws IOException {
    Path expected = executable(dir.resolve("bin"), "scout-5.14");

    assertThat(Executables.find(" scout-5.14 ", "scout", "scoutsuite.executable", path(dir.resolve("bin"))))
        .isEqualTo(expected);
    assertThat(Executables.find("  ", "scout-5.14", "scoutsuite.executable", path(dir.resolve("bin"))))
        .isEqualTo(expected);
  }

  @Test
  void find_configuredPath_usedAsIs() throws IOException {
    Path expected = executable(dir.resolve("opt"), "prowler");

    assertThat(Executables.find(expected.toString(), "prowler", "prowler.executable", Map.of())).isEqualTo(expected);
  }

  @Test
  void find_configuredPathMissingOrNotExecutable_problemNamesTheSetting() throws IOException {
    Path plain = Files.writeString(dir.resolve("plain"), "x");
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> Executables.find(missing.toString(), "scout", "scoutsuite.executable", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessage("the executable '" + missing
            + "' (scoutsuite.executable) does not exist; install the tool or fix scoutsuite.executable");
    assertThatThrownBy(() -> Executables.find(plain.toString(), "scout", "scoutsuite.executable", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessage("the executable '" + plain
            + "' (scoutsuite.executable) is not executable; install the tool or fix scoutsuite.executable");
  }

  @Test
  void find_notOnPath_problemSaysWhereItLookedAndWhatToSet() {
    Map<String, String> environment = path(dir.resolve("empty"));

    assertThatThrownBy(() -> Executables.find(null, "scout", "scoutsuite.executable", environment))
        .isInstanceOf(ConfigurationException.class).hasMessage("cannot find 'scout' on PATH (" + dir.resolve("empty")
            + "); install it or set scoutsuite.executable to its full path");
    assertThatThrownBy(() -> Executables.find(null, "scout", "scoutsuite.executable", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("cannot find 'scout' on PATH ()");
  }

  @Test
  void onPath_invalidPathEntries_skipped() throws IOException {
    Path expected = executable(dir.resolve("ok"), "tool");

    assertThat(Executables.onPath("tool", "bad\0entry" + File.pathSeparator + dir.resolve("ok"))).contains(expected);
    assertThatThrownBy(() -> Executables.find("/opt/bad\0/scout", "scout", "scoutsuite.executable", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("the executable '/opt/bad?/scout' (scoutsuite.executable) is not a valid path");
  }
}
