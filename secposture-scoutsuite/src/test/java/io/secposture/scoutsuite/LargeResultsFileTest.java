package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Artifact;
import io.secposture.api.CloudProvider;
import io.secposture.core.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat: a results file of more than 1 GiB, written by the streaming sample writer, is parsed by a
 * separate JVM limited to a 256 MB heap, and every item is counted. The sample's biggest rule lists more items than
 * the parser buffers, so the re-read path runs too.
 */
class LargeResultsFileTest {
  private static final long ONE_GIB = 1L << 30;

  @TempDir
  Path dir;

  @Test
  void parse_resultsFileOverOneGigabyte_inA256MegabyteHeap() throws IOException, InterruptedException {
    List<Artifact> artifacts = SampleData.scoutSuite(dir, CloudProvider.AWS, "123456789012", 42, 0,
        ONE_GIB + (64L << 20));
    Path results = artifacts.get(0).file();
    assertThat(Files.size(results)).isGreaterThan(ONE_GIB);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), LargeFileParseMain.class.getName(), results.toString())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);

    assertThat(finished).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, Long> values = new HashMap<>();
    for (String pair : output.lines().filter(line -> line.startsWith("findings=")).findFirst().orElseThrow()
        .split(" ")) {
      values.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
    }
    assertThat(values.get("maxHeap")).isLessThanOrEqualTo(256L << 20);
    assertThat(values.get("findings")).isGreaterThan(1_000_000L)
        .isEqualTo(values.get("reported")).isEqualTo(values.get("summaryFlagged"));
    assertThat(values.get("services")).isEqualTo(27);
    assertThat(output.lines().filter(line -> line.startsWith("warning: "))).as("only the errors file is reported")
        .hasSize(values.get("warnings").intValue())
        .allSatisfy(line -> assertThat(line).contains("collection errors in scoutsuite_errors_aws-123456789012.json"));
  }
}
