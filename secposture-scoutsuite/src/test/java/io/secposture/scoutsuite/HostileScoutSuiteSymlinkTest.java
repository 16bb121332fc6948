package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import io.secposture.samples.SampleData;
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
 * A stand-in {@code scout} that writes a real-shaped report and then leaves links in it (issue 12, item 1): the
 * {@code inc-scoutsuite/scoutsuite.js -> /etc/passwd} of the issue, a linked {@code inc-*} folder, a linked log and
 * errors file. Through the real {@link ScoutSuiteScanner}, the pipeline and a folder destination, no link target is
 * read or published, and a warning names every link.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HostileScoutSuiteSymlinkTest {
  private static final String ACCOUNT = "123456789012";
  private static final String SECRET = "SECRET-host-file-content-2be81f";

  @TempDir
  Path work;

  @Test
  void run_scoutLeavesLinks_targetsNeitherReadNorPublishedAndEachLinkNamed() throws IOException {
    Path secrets = Files.createDirectories(work.resolve("host"));
    Files.writeString(secrets.resolve("passwd"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
    Files.writeString(secrets.resolve("errors.json"), "[{\"exception\": \"" + SECRET + "\"}]");
    Path template = work.resolve("template");
    SampleData.scoutSuite(template, CloudProvider.AWS, ACCOUNT, 5, 0, 0);
    String script = String.join("\n",
        "#!/usr/bin/env bash",
        "# a hostile stand-in for scout, written by a secposture test",
        "report_dir=; report_name=",
        "while [ $# -gt 0 ]; do case \"$1\" in --report-dir) report_dir=\"$2\"; shift 2;;"
            + " --report-name) report_name=\"$2\"; shift 2;; *) shift;; esac; done",
        "mkdir -p \"$report_dir/scoutsuite-results\"",
        "cp -r '" + template + "'/inc-* \"$report_dir/\"",
        "cp '" + template + "'/*.html \"$report_dir/$report_name.html\"",
        "cp '" + template + "'/scoutsuite-results/scoutsuite_results_*.js"
            + " \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"",
        "rm -f \"$report_dir/inc-scoutsuite/scoutsuite.js\"",
        "ln -s '" + secrets.resolve("passwd") + "' \"$report_dir/inc-scoutsuite/scoutsuite.js\"",
        "ln -s '" + secrets + "' \"$report_dir/inc-stolen\"",
        "ln -s '" + secrets.resolve("errors.json") + "'"
            + " \"$report_dir/scoutsuite-results/scoutsuite_errors_$report_name.json\"",
        "mkdir -p \"$report_dir/logs\"",
        "ln -s '" + secrets.resolve("passwd") + "' \"$report_dir/logs/extra.log\"",
        "exit 0", "");
    Path executable = Files.createDirectories(work.resolve("bin")).resolve("scout");
    Files.writeString(executable, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    ScoutSuiteScanner scanner = ScoutSuiteScanner.builder().executable(executable)
        .gracePeriod(Duration.ofSeconds(2)).build();
    Plugins plugins = Plugins.of(List.of(scanner, new ScoutSuiteParser(), new DefaultAggregator(),
        new LocalArtifactPublisher()));
    Pipeline pipeline = Pipeline.builder(plugins).workDirectory(work.resolve("work")).heartbeat(Duration.ZERO).build();

    RunOutcome outcome = pipeline.run("run-1", List.of(CloudAccount.builder(CloudProvider.AWS, ACCOUNT).build()));
    Path site = work.resolve("site");
    new RunPublisher(plugins).publish(outcome, site);

    ScanResult scan = outcome.scans().get(0);
    assertThat(scan.status()).as(scan.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(scan.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-scoutsuite/scoutsuite.js': a symbolic link to a"
            + " path outside the folder"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-stolen': a symbolic link to a path outside"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'logs/extra.log': a symbolic link to a path outside"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'scoutsuite-results/scoutsuite_errors_"))
        .allSatisfy(w -> assertThat(w).doesNotContain(SECRET));
    assertThat(scan.artifacts()).extracting(a -> a.name()).contains("inc-scoutsuite/css/scoutsuite.css")
        .doesNotContain("inc-scoutsuite/scoutsuite.js", "logs/extra.log")
        .noneMatch(name -> name.startsWith("inc-stolen") || name.contains("errors"));
    assertThat(outcome.report().accounts().get(0).warnings()).allSatisfy(w -> assertThat(w).doesNotContain(SECRET));
    try (Stream<Path> files = Files.walk(site)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".gz")).toList()) {
        assertThat(Files.readString(file)).as("published %s", file).doesNotContain(SECRET);
      }
    }
    assertThat(site.resolve("runs/run-1/aws/" + ACCOUNT + "/scoutsuite/inc-scoutsuite/scoutsuite.js"))
        .doesNotExist();
  }
}
