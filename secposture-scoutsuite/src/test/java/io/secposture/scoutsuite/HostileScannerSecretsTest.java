package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Plugins;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.samples.SampleData;
import io.secposture.testkit.TestCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A careless {@code scout} that prints the Google service-account key it was handed, in every shape a tool prints
 * it: the whole file, the private key as PEM, one line of it, the key joined into one line, the JSON-escaped field,
 * the key id, in a failing scan's last lines too. None of it may reach the logs, the log tail, the manifest, the
 * report, the published files or the front page.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HostileScannerSecretsTest {
  @TempDir
  Path work;

  /** The stand-in: reads {@code --service-account FILE} and prints its secrets, then succeeds or fails (exit 101). */
  private Path carelessScout(Path template) throws IOException {
    String script = """
        #!/usr/bin/env bash
        TEMPLATE='%s'
        report_dir=; report_name=; sa=; project=
        while [ $# -gt 0 ]; do
          case "$1" in
            --report-dir) report_dir="$2"; shift 2;;
            --report-name) report_name="$2"; shift 2;;
            --service-account) sa="$2"; shift 2;;
            --project-id) project="$2"; shift 2;;
            *) shift;;
          esac
        done
        echo "DEBUG credentials file $sa:"
        cat "$sa"
        key=$(sed -n 's/^ *"private_key": "\\(.*\\)",$/\\1/p' "$sa")
        id=$(sed -n 's/^ *"private_key_id": "\\(.*\\)",$/\\1/p' "$sa")
        echo "DEBUG private_key field: $key"
        printf 'DEBUG private key:\\n%%b' "$key" >&2
        echo "DEBUG one line: $(printf '%%b' "$key" | sed -n 5p)" >&2
        echo "DEBUG joined: $(printf '%%b' "$key" | grep -v -- ----- | tr -d '\\n')"
        echo "DEBUG {\\"private_key_id\\": \\"$id\\", \\"private_key\\": \\"$key\\"}" >&2
        if [ "$project" = broken-project ]; then
          echo "Authentication failure: key $id refused; line $(printf '%%b' "$key" | sed -n 3p)" >&2
          echo "$key" >&2
          exit 101
        fi
        mkdir -p "$report_dir/scoutsuite-results"
        cp "$TEMPLATE"/scoutsuite-results/scoutsuite_results_*.js \\
          "$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js"
        echo "Saving data to $report_dir" >&2
        exit 0
        """.formatted(template);
    Path file = Files.createDirectories(work.resolve("bin")).resolve("scout");
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void run_scoutPrintsEveryPartOfTheServiceAccountKey_noPartInLogsTailManifestReportOrPublishedFiles()
      throws Exception {
    Path template = work.resolve("template");
    SampleData.scoutSuite(template, CloudProvider.GCP, "prod-project", 3, 0, 0);
    Path scout = carelessScout(template);
    TestCredentials good = TestCredentials.gcpServiceAccountKey("prod-project");
    TestCredentials broken = TestCredentials.gcpServiceAccountKey("broken-project");
    Path brokenFile = broken.write(work.resolve("broken-key.json"));
    List<CloudAccount> accounts = List.of(
        CloudAccount.builder(CloudProvider.GCP, "prod-project")
            .credentials(new Credentials.GcpCredentialsFile(null, Secret.of(good.json()))).build(),
        CloudAccount.builder(CloudProvider.GCP, "broken-project")
            .credentials(new Credentials.GcpCredentialsFile(brokenFile, null)).build());

    RunOutcome outcome;
    String jobLog;
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Plugins plugins = Plugins.discover();
      outcome = Pipeline.builder(plugins).workDirectory(work.resolve("run"))
          .defaultScanners(List.of(ScoutSuiteScanner.NAME)).heartbeat(Duration.ZERO)
          .scannerOptions(Settings.of(Map.of("scoutsuite.executable", scout.toString())))
          .build().run("run-1", accounts);
      new RunPublisher(plugins).publish(outcome, work.resolve("site"));
    } finally {
      System.setErr(stderr);
      jobLog = captured.toString(StandardCharsets.UTF_8);
    }

    assertThat(outcome.scans()).extracting(scan -> scan.account().id() + " " + scan.status())
        .containsExactlyInAnyOrder("prod-project " + ScanStatus.SUCCEEDED, "broken-project " + ScanStatus.FAILED);
    String published = everyFile(work.resolve("site"));
    assertThat(published).as("the published logs show the masked output").contains("DEBUG one line: ****",
        "DEBUG private_key field: ****", "Authentication failure: key **** refused; line ****");
    String texts = String.join("\n", outcome.scans().toString(), outcome.report().toString(),
        String.valueOf(outcome.scans().stream().flatMap(scan -> Stream.concat(Stream.ofNullable(scan.reason()),
            scan.logTail().stream())).toList()));
    assertThat(texts).contains("****");
    for (TestCredentials key : List.of(good, broken)) {
      for (String part : key.sensitiveParts()) {
        String shown = part.substring(0, Math.min(16, part.length())) + "...";
        assertThat(published).as("published files hold %s", shown).doesNotContain(part);
        assertThat(everyFile(work.resolve("run"))).as("the run folder holds %s", shown).doesNotContain(part);
        assertThat(texts).as("results and report hold %s", shown).doesNotContain(part);
        assertThat(jobLog).as("the job's log holds %s", shown).doesNotContain(part);
      }
    }
  }

  /** Every file under a folder as text, gzip files uncompressed. */
  private static String everyFile(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        if (file.toString().endsWith(".gz")) {
          try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
          }
        } else {
          bytes = Files.readAllBytes(file);
        }
        all.append(file).append('\n').append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
      }
    }
    return all.toString();
  }
}
