package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.core.SiteLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the built {@code secposture.jar} itself, run as a separate process with {@code java -jar} and a
 * clean environment, so a packaging mistake (a dependency left out of the shaded jar, a lost service file) fails the
 * build: every command's {@code --help}, a YAML inventory through {@code check} and {@code run}, and what a signal
 * does to a running job. Runs in {@code verify}, after the jar is built (failsafe).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class JobJarIT {
  private static final Path JAR = Path.of(System.getProperty("secposture.jar", "target/secposture.jar"));
  private static final List<String> COMMANDS = List.of("demo", "check", "run", "aggregate", "merge", "diff");

  @TempDir
  Path dir;

  private static ProcessBuilder java(Map<String, String> environment, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar",
        JAR.toAbsolutePath().toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> inherited = builder.environment();
    String path = inherited.get("PATH");
    String home = inherited.get("HOME");
    inherited.clear();
    inherited.put("PATH", path);
    if (home != null) {
      inherited.put("HOME", home);
    }
    inherited.putAll(environment);
    return builder;
  }

  private static JobFixture.Result jar(Map<String, String> environment, String... arguments) throws Exception {
    return JobFixture.finish(java(environment, List.of(arguments)).start());
  }

  @Test
  void theJarIsBuilt() {
    assertThat(JAR).as("run 'verify': the jar is built in 'package'").isRegularFile();
  }

  @Test
  void help_ofTheJobAndOfEveryCommand_printsUsageAndExitsZero() throws Exception {
    JobFixture.Result help = jar(Map.of(), "--help");
    assertThat(help.exitCode()).as(help.all()).isZero();
    assertThat(help.stdout()).contains(COMMANDS).contains("Exit codes:", "143  stopped by SIGTERM");
    for (String command : COMMANDS) {
      JobFixture.Result commandHelp = jar(Map.of(), command, "--help");
      assertThat(commandHelp.exitCode()).as(command + ": " + commandHelp.all()).isZero();
      assertThat(commandHelp.stdout()).as(command).contains("Usage: secposture " + command);
      assertThat(commandHelp.stderr()).as(command).doesNotContain("Exception").doesNotContain("Error");
    }
    JobFixture.Result version = jar(Map.of(), "--version");
    assertThat(version.stdout()).startsWith("secposture 0.");
  }

  @Test
  void theLauncher_runsTheJobWithItsOptions_andItsArchiveFromTheSecondRunOn() throws Exception {
    Path scout = standInScout();
    Path inventory = twoAccounts(scout);
    Path archive = dir.resolve("cds").resolve("secposture.jsa");
    Files.createDirectories(archive.getParent());
    Map<String, String> environment = Map.of("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout,
        "JAVA_HOME", System.getProperty("java.home"), "SECPOSTURE_JAR", JAR.toAbsolutePath().toString(),
        "SECPOSTURE_CDS_ARCHIVE", archive.toString(), "SECPOSTURE_JAVA_OPTIONS",
        "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));

    List<JobFixture.Result> runs = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      ProcessBuilder launcher = new ProcessBuilder("/bin/sh", JAR.resolveSibling("secposture").toAbsolutePath()
          .toString(), "run", "--accounts-file", inventory.toString(), "--publish", dir.resolve("site").toString(),
          "--run-id", "launcher-" + i);
      launcher.environment().keySet().removeIf(name -> name.startsWith("SECPOSTURE_") || name.startsWith("JAVA"));
      launcher.environment().putAll(environment);
      runs.add(JobFixture.finish(launcher.start()));
      if (i == 1) {
        assertThat(archive).as("the first run makes the class data sharing archive").isNotEmptyFile();
      }
    }

    for (JobFixture.Result run : runs) {
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.all()).doesNotContain("unknown variable").doesNotContain("[cds").doesNotContain("Exception");
    }
    assertThat(JobFixture.report(dir.resolve("site").resolve(SiteLayout.LATEST_REPORT)).accounts())
        .extracting(row -> row.accountId() + " " + row.status())
        .containsExactlyInAnyOrder("123456789012 SUCCEEDED", "210987654321 SUCCEEDED");
  }

  private Path standInScout() throws Exception {
    List<JobFixture.Account> accounts = List.of(new JobFixture.Account("prod", CloudProvider.AWS, "123456789012",
        true), new JobFixture.Account("data", CloudProvider.AWS, "210987654321", true));
    JobFixture.templates(dir.resolve("templates"), accounts);
    return scout(JobFixture.standInScout(dir.resolve("impl"), dir.resolve("templates"), dir.resolve("record"),
        List.of(), 0), 0);
  }

  private Path twoAccounts(Path scout) throws IOException {
    Path inventory = dir.resolve("accounts.yaml");
    Files.writeString(inventory, String.join("\n",
        "version: 1",
        "defaults:",
        "  scanners: [scoutsuite]",
        "  options: { scoutsuite.executable: \"" + scout + "\" }",
        "accounts:",
        "  - name: prod",
        "    provider: aws",
        "    id: \"123456789012\"",
        "    labels: { team: payments }",
        "  - name: data",
        "    provider: aws",
        "    id: \"210987654321\"",
        ""));
    return inventory;
  }

  @Test
  void yamlInventory_checkThenRun_fromTheJar() throws Exception {
    Path scout = standInScout();
    Path inventory = twoAccounts(scout);
    Path site = dir.resolve("site");
    Map<String, String> environment = Map.of("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);

    JobFixture.Result check = jar(environment, "check", "--accounts-file", inventory.toString(), "--publish",
        site.toString());
    JobFixture.Result run = jar(environment, "run", "--accounts-file", inventory.toString(), "--publish",
        site.toString(), "--run-id", "jar-smoke-1");

    assertThat(check.exitCode()).as(check.all()).isZero();
    assertThat(check.stdout()).contains("aws/123456789012 (prod)", "aws/210987654321 (data)",
        "scoutsuite: " + scout + ", version 5.14.0", "check passed");
    assertThat(check.all()).doesNotContain("NoClassDefFoundError");
    assertThat(run.exitCode()).as(run.all()).isZero();
    PostureReport report = JobFixture.report(site.resolve(SiteLayout.LATEST_REPORT));
    assertThat(report.accounts()).extracting(row -> row.accountId() + " " + row.status())
        .containsExactlyInAnyOrder("123456789012 SUCCEEDED", "210987654321 SUCCEEDED");
    assertThat(report.accounts()).filteredOn(row -> row.accountId().equals("123456789012")).singleElement()
        .satisfies(row -> assertThat(row.labels()).containsEntry("team", "payments"));
  }

  @Test
  void sigterm_exits143_stopsTheScanAndLogsTheKeptWorkFolder() throws Exception {
    Signalled stopped = runAndSignal("TERM");
    try {
      assertThat(stopped.exitCode()).as(stopped.stderr()).isEqualTo(143);
      assertThat(stopped.stderr()).contains("stopping on a signal (SIGINT or SIGTERM; exit code 130 or 143)");
      assertThat(stopped.keptFolder()).as("the kept work folder holds the scan's folder")
          .isDirectory().satisfies(folder -> assertThat(folder.resolve("signal-1/aws/123456789012/scoutsuite"))
              .isDirectory());
      assertThat(stopped.scanAlive()).as("the scan's process tree was stopped").isFalse();
    } finally {
      delete(stopped.keptFolder());
    }
    JobFixture.Result help = jar(Map.of(), "run", "--help");
    assertThat(help.stdout()).contains("143", "SIGTERM");
  }

  @Test
  void sigint_exits130_andLogsTheKeptWorkFolder() throws Exception {
    Signalled stopped = runAndSignal("INT");
    try {
      assertThat(stopped.exitCode()).as(stopped.stderr()).isEqualTo(130);
      assertThat(stopped.keptFolder()).isDirectory();
      assertThat(stopped.scanAlive()).isFalse();
    } finally {
      delete(stopped.keptFolder());
    }
  }

  record Signalled(int exitCode, String stderr, Path keptFolder, boolean scanAlive) {
  }

  /** Runs the job with a scan that hangs, sends the signal once the scan started, and waits for the job to end. */
  private Signalled runAndSignal(String signal) throws Exception {
    Path pidFile = dir.resolve("scan.pid");
    Path scout = scout(null, 600);
    Map<String, String> environment = Map.of("SECPOSTURE_ACCOUNTS", "prod", "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws",
        "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012", "SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout,
        "SCAN_PID_FILE", pidFile.toString());
    Process job = java(environment, List.of("run", "--publish", dir.resolve("site").toString(), "--run-id",
        "signal-1")).start();
    CountDownLatch scanning = new CountDownLatch(1);
    StringBuilder stderr = new StringBuilder();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(job.getErrorStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
          if (line.contains("scanning aws/123456789012 with ScoutSuite")) {
            scanning.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    CompletableFuture.runAsync(() -> {
      try {
        job.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        // the process ended
      }
    });
    try {
      assertThat(scanning.await(120, TimeUnit.SECONDS)).as("the scan starts: %s", stderr).isTrue();
      for (int i = 0; i < 100 && !Files.exists(pidFile); i++) {
        Thread.sleep(100);
      }
      Thread.sleep(500);
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(job.pid())).start();
      assertThat(kill.waitFor()).isZero();
      assertThat(job.waitFor(180, TimeUnit.SECONDS)).as("the job ends after SIG%s: %s", signal, stderr).isTrue();
      reader.get(30, TimeUnit.SECONDS);
    } finally {
      job.destroyForcibly();
    }
    String text;
    synchronized (stderr) {
      text = stderr.toString();
    }
    Matcher kept = Pattern.compile("kept in (\\S+) \\(aggregate can publish them").matcher(text);
    assertThat(kept.find()).as("the kept work folder is logged: %s", text).isTrue();
    Path folder = Path.of(kept.group(1));
    boolean alive = false;
    if (Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    assertThat(folder.getFileName().toString()).startsWith("secposture-run-");
    return new Signalled(job.exitValue(), text, folder, alive);
  }

  /** Deletes a temporary work folder a test made the job keep. */
  private static void delete(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      try (var files = Files.walk(folder)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * Writes a {@code scout} that answers {@code --version} as ScoutSuite 5.14.0 does (argparse's version action on
   * standard output, exit 0) and otherwise runs {@code delegate}, or, without one, records its process id in
   * {@code $SCAN_PID_FILE} and hangs for {@code hangSeconds}.
   */
  private Path scout(Path delegate, int hangSeconds) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("scout");
    Files.writeString(script, String.join("\n",
        "#!/usr/bin/env bash",
        "if [ \"$1\" = --version ] || [ \"$1\" = -v ]; then echo 'Scout Suite 5.14.0'; exit 0; fi",
        delegate != null ? "exec '" + delegate + "' \"$@\""
            : "echo $$ > \"$SCAN_PID_FILE\"; echo 'Launching Scout' >&2; exec sleep " + hangSeconds,
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
