package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ScanResult;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.samples.ProwlerSampleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in {@code prowler} that writes a real-shaped JSON-OCSF result and then leaves links in its output folder
 * (issue 12, item 1): through the real {@link ProwlerScanner}, the pipeline and a folder destination, no link target
 * is parsed or published and a warning names every link.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HostileProwlerSymlinkTest {
  private static final String ACCOUNT = "123456789012";
  private static final String SECRET = "SECRET-host-file-content-7d2a90";

  @TempDir
  Path work;

  private Path standIn(Path secrets, Path sample) throws IOException {
    String script = String.join("\n",
        "#!/usr/bin/env bash",
        "# a hostile stand-in for prowler, written by a secposture test",
        "case \"$1\" in --version|-v) echo 'Prowler 5.7.5 (You are running the latest version, yay!)'; exit 0;; esac",
        "out=; name=",
        "while [ $# -gt 0 ]; do case \"$1\" in --output-directory|-o) out=\"$2\"; shift 2;;"
            + " --output-filename|-F) name=\"$2\"; shift 2;; *) shift;; esac; done",
        "mkdir -p \"$out/compliance\"",
        "cp '" + sample + "' \"$out/$name.ocsf.json\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$out/compliance/${name}_cis_2.0_aws.csv\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$out/$name.html\"",
        "ln -s '" + secrets.resolve("shadow") + "' \"$out/$name.csv\"",
        "ln -s '" + secrets + "' \"$out/${name}-extra\"",
        "exit 3", "");
    Path executable = Files.createDirectories(work.resolve("bin")).resolve("prowler");
    Files.writeString(executable, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    return executable;
  }

  @Test
  void run_prowlerLeavesLinks_targetsNeitherParsedNorPublishedAndEachLinkNamed() throws IOException {
    Path secrets = Files.createDirectories(work.resolve("host"));
    Files.writeString(secrets.resolve("shadow"), "root:" + SECRET + ":19000:0:99999:7:::\n");
    Path sample = TestFiles.sample(work.resolve("sample"), "sample.ocsf.json", ProwlerSampleWriter.Format.OCSF,
        CloudProvider.AWS, ACCOUNT);
    ProwlerScanner scanner = ProwlerScanner.builder().executable(standIn(secrets, sample))
        .gracePeriod(Duration.ofSeconds(2)).build();
    Plugins plugins = Plugins.of(List.of(scanner, new ProwlerOcsfParser(),
        new ProwlerCsvParser(), new ProwlerComplianceCsvParser(), new DefaultAggregator(),
        new LocalArtifactPublisher()));
    Pipeline pipeline = Pipeline.builder(plugins).workDirectory(work.resolve("work"))
        .defaultScanners(List.of("prowler"))
        .heartbeat(Duration.ZERO).build();

    RunOutcome outcome = pipeline.run("run-1", List.of(CloudAccount.builder(CloudProvider.AWS, ACCOUNT).build()));
    Path site = work.resolve("site");
    new RunPublisher(plugins).publish(outcome, site);

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status().hasResults()).as("%s: %s", scan.status(), scan.reason()).isTrue();
    assertThat(outcome.report().findings().failed() + outcome.report().findings().passed()).isPositive();
    assertThat(scan.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'compliance/").contains("_cis_2.0_aws.csv': a symbolic"
            + " link to a path outside the folder"))
        .anySatisfy(w -> assertThat(w).matches("skipped 'prowler-output-.*\\.html': a symbolic link to a path"
            + " outside the folder.*"))
        .anySatisfy(w -> assertThat(w).matches("skipped 'prowler-output-.*\\.csv': a symbolic link .*"))
        .anySatisfy(w -> assertThat(w).matches("skipped 'prowler-output-.*-extra': a symbolic link .*"));
    assertThat(scan.artifacts()).extracting(a -> a.name())
        .noneMatch(name -> name.endsWith(".html") || name.endsWith(".csv") || name.endsWith("-extra"));
    try (Stream<Path> files = Files.walk(site)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".gz")).toList()) {
        assertThat(Files.readString(file)).as("published %s", file).doesNotContain(SECRET);
      }
    }
  }
}
