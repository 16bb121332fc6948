package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code src/main/bin/secposture}, run as users run it (by {@code /bin/sh}, from a folder holding it and
 * the jar) against a stand-in {@code java} under {@code JAVA_HOME} that records its arguments, writes the archive it
 * is asked to write at exit, and exits with the code it is told.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("src/main/bin/secposture");

  @TempDir
  Path dir;
  private Path bin;
  private Path jar;
  private Path javaHome;
  private Path arguments;

  @BeforeEach
  void install() throws IOException {
    bin = Files.createDirectories(dir.resolve("dist"));
    Files.copy(SCRIPT, bin.resolve("secposture"));
    Files.setPosixFilePermissions(bin.resolve("secposture"), PosixFilePermissions.fromString("rwxr-xr-x"));
    jar = Files.writeString(bin.resolve("secposture.jar"), "not really a jar");
    javaHome = dir.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    arguments = dir.resolve("arguments");
    Path java = javaHome.resolve("bin/java");
    Files.writeString(java, String.join("\n",
        "#!/bin/sh",
        ": > \"$FAKE_JAVA_ARGUMENTS\"",
        "for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$FAKE_JAVA_ARGUMENTS\"; done",
        "trap 'echo terminated >> \"$FAKE_JAVA_ARGUMENTS\"; exit 143' TERM",
        "if [ -n \"$FAKE_JAVA_WAIT\" ]; then : > \"$FAKE_JAVA_WAIT\"; while :; do sleep 0.05; done; fi",
        "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\";; esac; done",
        "exit \"${FAKE_JAVA_EXIT:-0}\"", ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aRunGetsTheOptionsForManyShortScansAndMakesTheArchiveForTheNextOnes() throws Exception {
    int exit = launch(Map.of(), "run", "--accounts-file", "my accounts.yaml");

    Path archive = bin.resolve("secposture.jsa");
    List<String> seen = seen();
    assertThat(exit).isZero();
    assertThat(seen).startsWith("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    assertThat(seen).anySatisfy(argument -> assertThat(argument)
        .matches("-XX:ArchiveClassesAtExit=" + java.util.regex.Pattern.quote(archive.toString()) + "\\.[0-9]+\\.tmp"));
    assertThat(seen).endsWith("-jar", jar.toString(), "run", "--accounts-file", "my accounts.yaml");
    assertThat(archive).hasContent("archive");
    try (var files = Files.list(bin)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("secposture",
          "secposture.jar", "secposture.jsa");
    }

    assertThat(launch(Map.of(), "run", "--accounts-file", "a.yaml")).isZero();
    assertThat(seen()).contains("-XX:SharedArchiveFile=" + archive)
        .noneMatch(argument -> argument.startsWith("-XX:ArchiveClassesAtExit="));
  }

  @Test
  void aNewerJarGetsANewArchive() throws Exception {
    Path archive = Files.writeString(bin.resolve("secposture.jsa"), "old");
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));

    assertThat(launch(Map.of(), "demo")).isZero();

    assertThat(seen()).anyMatch(argument -> argument.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(archive).hasContent("archive");
  }

  @Test
  void otherCommandsNeitherMakeNorNeedTheArchive() throws Exception {
    assertThat(launch(Map.of(), "--version")).isZero();

    assertThat(seen()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
        "--version");
    assertThat(bin.resolve("secposture.jsa")).doesNotExist();
  }

  @Test
  void theUsersOwnOptionsReplaceTheDefaultsAndNoneTurnsTheArchiveOff() throws Exception {
    Files.writeString(dir.resolve("-Dx=y"), ""); // what the glob -Dx=* would expand to in the working folder
    assertThat(launch(Map.of("SECPOSTURE_JAVA_OPTIONS", "-Xmx64m -Dx=* -XX:CompileCommand=exclude,*.*",
        "SECPOSTURE_CDS_ARCHIVE", "none"), "run")).isZero();
    assertThat(seen()).containsExactly("-Xmx64m", "-Dx=*", "-XX:CompileCommand=exclude,*.*", "-jar", jar.toString(),
        "run");

    assertThat(launch(Map.of("SECPOSTURE_JAVA_OPTIONS", "", "SECPOSTURE_CDS_ARCHIVE", "none"), "run")).isZero();
    assertThat(seen()).containsExactly("-jar", jar.toString(), "run");
  }

  @Test
  void theJobsExitCodeIsTheLaunchers() throws Exception {
    assertThat(launch(Map.of("FAKE_JAVA_EXIT", "5"), "run")).isEqualTo(5); // the run that makes the archive
    assertThat(bin.resolve("secposture.jsa")).exists();
    assertThat(launch(Map.of("FAKE_JAVA_EXIT", "3"), "run")).isEqualTo(3); // exec'd
  }

  @Test
  void aStopOfTheLauncherStopsTheJobItWaitsFor() throws Exception {
    Path started = dir.resolve("started");
    Process launcher = start(Map.of("FAKE_JAVA_WAIT", started.toString()), "run");
    for (int i = 0; i < 200 && !Files.exists(started); i++) {
      Thread.sleep(25);
    }
    assertThat(started).exists();

    launcher.destroy(); // SIGTERM, as a CI runner cancelling the job sends

    assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).isEqualTo(143);
    assertThat(seen()).contains("terminated");
  }

  @Test
  void aMissingJarIsNamedWithWhatToDo() throws Exception {
    Files.delete(jar);

    Process launcher = start(Map.of(), "run");
    String error = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(launcher.waitFor()).isEqualTo(2);
    assertThat(error).contains("no job jar at " + jar).contains("SECPOSTURE_JAR");
  }

  private int launch(Map<String, String> environment, String... args) throws Exception {
    Process process = start(environment, args);
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return process.waitFor();
  }

  private Process start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", bin.resolve("secposture").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SECPOSTURE_"));
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("FAKE_JAVA_ARGUMENTS", arguments.toString());
    builder.environment().putAll(environment);
    return builder.start();
  }

  private List<String> seen() throws IOException {
    return Files.readAllLines(arguments);
  }
}
