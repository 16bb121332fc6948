package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScoutSuiteScanner#preflight}: the stand-in answers {@code --version} as ScoutSuite 5.14.0 does (argparse's
 * version action, {@code Scout Suite 5.14.0} on standard output, exit 0; see the reference's CLI section).
 */
class ScoutSuitePreflightTest {
  @TempDir
  Path dir;

  private Path scout(String body) throws IOException {
    Path file = dir.resolve("scout");
    Files.writeString(file, "#!/usr/bin/env bash\necho \"$@\" >> '" + dir.resolve("calls") + "'\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void preflight_readsTheVersionAndScansNothing() throws IOException {
    Path scout = scout("[ \"$1\" = --version ] && { echo 'Scout Suite 5.14.0'; exit 0; }; exit 1");

    Preflight result = ScoutSuiteScanner.builder().executable(scout).build().preflight(Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.executable()).isEqualTo(scout.toString());
    assertThat(result.version()).isEqualTo("5.14.0");
    assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("--version");
  }

  @Test
  void preflight_theOptionWinsOverTheBuilder_andBadOptionsAreProblems() throws IOException {
    Path scout = scout("echo 'Scout Suite 5.13.0'");
    ScoutSuiteScanner scanner = ScoutSuiteScanner.builder().executable(dir.resolve("elsewhere/scout")).build();

    assertThat(scanner.preflight(Settings.of(Map.of("scoutsuite.executable", scout.toString()))).version())
        .isEqualTo("5.13.0");
    assertThat(scanner.preflight(Settings.empty()).problems()).singleElement().asString()
        .contains("does not exist").contains("scoutsuite.executable");
    assertThat(scanner.preflight(Settings.of(Map.of("scoutsuite.max-workers", "many"))).problems()).isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).contains("scoutsuite.max-workers"));
  }
}
