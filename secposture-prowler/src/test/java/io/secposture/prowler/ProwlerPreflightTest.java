package io.secposture.prowler;

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
 * {@link ProwlerScanner#preflight}: the stand-in answers {@code --version} as Prowler does (argparse's version action
 * in {@code prowler/lib/cli/parser.py}: {@code Prowler 5.7.5} on standard output, exit 0).
 */
class ProwlerPreflightTest {
  @TempDir
  Path dir;

  private Path prowler(String body) throws IOException {
    Path file = dir.resolve("bin/prowler");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\necho \"$@\" >> '" + dir.resolve("calls") + "'\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void preflight_prowlerOnPath_readsTheVersionAndScansNothing() throws IOException {
    Path prowler = prowler("[ \"$1\" = --version ] && { echo 'Prowler 5.7.5'; exit 0; }; exit 1");
    ProwlerScanner scanner = ProwlerScanner.builder().environment(Map.of("PATH", prowler.getParent().toString()))
        .build();

    Preflight result = scanner.preflight(Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.executable()).isEqualTo(prowler.toString());
    assertThat(result.version()).isEqualTo("5.7.5");
    assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("--version");
  }

  @Test
  void preflight_notOnPath_aProblemSayingWhereItLooked() {
    ProwlerScanner scanner = ProwlerScanner.builder().environment(Map.of("PATH", dir.toString())).build();

    assertThat(scanner.preflight(Settings.empty()).problems()).singleElement().asString()
        .contains("cannot find 'prowler' on PATH").contains("prowler.executable");
  }

  @Test
  void preflight_prowler4_versionReadToo() throws IOException {
    Path prowler = prowler("echo 'Prowler 4.0.0'");

    assertThat(ProwlerScanner.builder().build().preflight(Settings.of(Map.of("prowler.executable",
        prowler.toString()))).version()).isEqualTo("4.0.0");
  }
}
