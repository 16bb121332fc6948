package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportRunnerMemoryTest {
  @TempDir
  Path dir;

  /**
   * Two runs of 16 rows of 60,000 findings: the flagged fingerprints of one run as strings would not fit a 32 MB
   * heap; exporters stream every finding with its change, and the resolved ones, one row at a time.
   */
  @Test
  void export_runFarLargerThanTheHeap_streamsEveryFindingsChangeInBoundedMemory() {
    Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    int rows = 16;
    int perRow = 60_000;
    ProcessSpec spec = ProcessSpec.builder(List.of(javaExecutable.toString(), "-Xmx32m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "io.secposture.core.enginetest.ExportMemoryProbe", dir.toString(),
        Integer.toString(rows), Integer.toString(perRow))).workingDirectory(dir)
        .timeout(Duration.ofMinutes(10)).build();

    ProcessResult result = new ProcessRunner().run(spec);

    assertThat(result.exitCode()).as("probe output: %s", result.tail()).isZero();
    long tenth = (long) rows * perRow / 10;
    assertThat(result.tail()).contains("export {NEW=" + tenth + ", UNCHANGED=" + 8 * tenth + ", RESOLVED=" + tenth
        + ", NOT_FLAGGED=" + tenth + "}");
  }
}
