package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDifferMemoryTest {
  @TempDir
  Path dir;

  /**
   * Two runs of 24 rows of 60,000 findings (54,000 flagged per row and run): the flagged fingerprints of one run
   * alone, as strings in a set, would take well over 150 MB; the diff (and the tracking that rewrites every findings
   * file with first_seen) runs in a 32 MB heap because it holds one row at a time.
   */
  @Test
  void withDiff_runFarLargerThanTheHeap_comparesOneRowAtATimeInBoundedMemory() {
    Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    int rows = 24;
    int perRow = 60_000;
    ProcessSpec spec = ProcessSpec.builder(List.of(javaExecutable.toString(), "-Xmx32m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "io.secposture.core.enginetest.DiffMemoryProbe", dir.toString(),
        Integer.toString(rows), Integer.toString(perRow))).workingDirectory(dir)
        .timeout(Duration.ofMinutes(10)).build();

    ProcessResult result = new ProcessRunner().run(spec);
    System.out.println("diff memory probe: " + result.tail());

    assertThat(result.exitCode()).as("probe output: %s", result.tail()).isZero();
    long tenth = (long) rows * perRow / 10;
    assertThat(result.tail()).contains("diff new=" + tenth + " resolved=" + tenth + " unchanged=" + 8 * tenth
        + " reopened=0 unknown=0");
    // every findings file was rewritten with first_seen (and the sla section counted) in the same small heap
    assertThat(result.tail()).contains("tracked open=" + 9 * tenth + " oldest=20");
  }
}
