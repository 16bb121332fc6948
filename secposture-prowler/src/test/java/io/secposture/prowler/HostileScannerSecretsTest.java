package io.secposture.prowler;

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
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A careless {@code prowler} that prints the Google service-account key it was handed with
 * {@code --credentials-file}, in every shape a tool prints it: the whole file, the private key as PEM, one line of
 * it, the key joined into one line, the JSON-escaped field, the key id, in a failing scan's last lines too. None of it
 * may reach the logs, the log tail, the manifest, the report, the published files or the front page.
 */
class HostileScannerSecretsTest {
  @TempDir
  Path work;

  private Path carelessProwler(Path ocsf) throws IOException {
    String script = """
        #!/bin/sh
        OCSF='%s'
        provider="$1"; shift
        dir=; name=; file=; project=
        while [ $# -gt 0 ]; do
          case "$1" in
            --output-directory) dir="$2"; shift 2;;
            --output-filename) name="$2"; shift 2;;
            --credentials-file) file="$2"; shift 2;;
            --project-ids) project="$2"; shift 2;;
            *) shift;;
          esac
        done
        echo "DEBUG credentials file $file:"
        cat "$file"
        key=$(sed -n 's/^ *"private_key": "\\(.*\\)",$/\\1/p' "$file")
        id=$(sed -n 's/^ *"private_key_id": "\\(.*\\)",$/\\1/p' "$file")
        echo "DEBUG private_key field: $key"
        printf 'DEBUG private key:\\n%%b' "$key" >&2
        echo "DEBUG one line: $(printf '%%b' "$key" | sed -n 5p)" >&2
        echo "DEBUG joined: $(printf '%%b' "$key" | grep -v -- ----- | tr -d '\\n')"
        echo "DEBUG {\\"private_key_id\\": \\"$id\\", \\"private_key\\": \\"$key\\"}" >&2
        if [ "$project" = broken-project ]; then
          printf '08/21/2026 10:00:01 AM [File: gcp_provider.py:212] \\t[Module: gcp_provider]\\t CRITICAL: GCPInvalidCredentialsError[3000]: key %%s refused, line %%s\\n' "$id" "$(printf '%%b' "$key" | sed -n 3p)" >&2
          echo "$key" >&2
          exit 1
        fi
        cp "$OCSF" "$dir/$name.ocsf.json"
        exit 3
        """.formatted(ocsf);
    Path file = work.resolve("prowler");
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void run_prowlerPrintsEveryPartOfTheServiceAccountKey_noPartInLogsTailManifestReportOrPublishedFiles()
      throws Exception {
    Path ocsf = work.resolve("template.ocsf.json");
    ProwlerSampleWriter.writeFormat(ocsf, Format.OCSF, CloudProvider.GCP, "prod-project", 7, 0, 0);
    Path prowler = carelessProwler(ocsf);
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
          .defaultScanners(List.of(ProwlerScanner.NAME)).heartbeat(Duration.ZERO)
          .scannerOptions(Settings.of(Map.of("prowler.executable", prowler.toString())))
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
        "DEBUG private_key field: ****", "key **** refused, line ****");
    String texts = String.join("\n", outcome.scans().toString(), outcome.report().toString(),
        String.valueOf(outcome.scans().stream().flatMap(scan -> Stream.concat(Stream.ofNullable(scan.reason()),
            scan.logTail().stream())).toList()));
    assertThat(texts).contains("****");
    String run = everyFile(work.resolve("run"));
    for (TestCredentials key : List.of(good, broken)) {
      for (String part : key.sensitiveParts()) {
        String shown = part.substring(0, Math.min(16, part.length())) + "...";
        assertThat(published).as("published files hold %s", shown).doesNotContain(part);
        assertThat(run).as("the run folder holds %s", shown).doesNotContain(part);
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
