package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat: a results file of more than 1 GiB is written by the streaming sample writer and then parsed,
 * each in a separate JVM limited to a 256 MB heap, and every item is counted. The sample's biggest rule lists about
 * 29 million characters of items, more than the parser buffers (2 million), so the re-read path runs too.
 */
class LargeResultsFileTest {
  private static final long ONE_GIB = 1L << 30;

  @TempDir
  Path dir;

  @Test
  void generateAndParse_resultsFileOverOneGigabyte_eachInA256MegabyteHeap() throws IOException, InterruptedException {
    Map<String, String> generated = run("generate", dir.toString(), String.valueOf(ONE_GIB + (64L << 20)));
    Path results = Path.of(generated.get("results"));
    assertThat(Files.size(results)).isGreaterThan(ONE_GIB);
    assertThat(Long.parseLong(generated.get("maxHeap"))).isLessThanOrEqualTo(256L << 20);

    Map<String, String> parsed = run("parse", results.toString());

    long findings = Long.parseLong(parsed.get("findings"));
    assertThat(findings).isGreaterThan(1_000_000L);
    assertThat(Long.parseLong(parsed.get("reported"))).isEqualTo(findings);
    assertThat(Long.parseLong(parsed.get("summaryFlagged"))).isEqualTo(findings);
    assertThat(parsed.get("services")).isEqualTo("27");
    assertThat(Long.parseLong(parsed.get("maxHeap"))).isLessThanOrEqualTo(256L << 20);
    assertThat(parsed.get("output").lines().filter(line -> line.startsWith("warning: ")))
        .as("only the errors file and the services with more resources than are indexed for their ids are reported")
        .hasSize(Integer.parseInt(parsed.get("warnings")))
        .allSatisfy(line -> assertThat(line).containsAnyOf(
            "collection errors in scoutsuite_errors_aws-123456789012.json",
            "has more resources of flagged kinds than secposture indexes"))
        .anySatisfy(line -> assertThat(line).contains("collection errors"));
  }

  /** Runs {@link LargeFileParseMain} in {@code java -Xmx256m} and returns the key=value pairs of its first line. */
  private static Map<String, String> run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        LargeFileParseMain.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, String> values = new HashMap<>();
    String first = output.lines().filter(line -> line.startsWith("results=") || line.startsWith("findings="))
        .findFirst().orElseThrow(() -> new AssertionError("no result line in: " + output));
    for (String pair : first.split(" ")) {
      values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    values.put("output", output);
    return values;
  }
}
