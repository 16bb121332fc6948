package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secposture.scoutsuite.internal.BoundedJsonStrings;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 12, item 5): a results file whose kept fields (a rule's description and remediation, an item
 * path) are 90 MB strings each, beside a 90 MB value and a 20 MB key in the resource trees the parser skips, and an
 * errors file with a 90 MB traceback, is parsed in a separate JVM limited to a 64 MB heap. Before the fields were
 * bounded, Jackson materialised each string whole (hundreds of MB of char arrays) and the JVM died with an
 * OutOfMemoryError; now each kept text is cut at 64 KiB with a marker that gives its real length.
 */
class HostileHugeFieldsTest {
  private static final long HUGE_BYTES = 90L << 20;
  /** One repetition of the huge text as JSON string content: 8 chars in 11 bytes (escapes and a 2-byte char). */
  private static final String UNIT_JSON = "x \u00e9 \\\"q\\\" ";
  private static final long UNIT_CHARS = 8;
  private static final Pattern PLACEHOLDER = Pattern.compile("@@HUGE@@");

  @TempDir
  Path dir;

  @Test
  void parse_ninetyMegabyteFields_fitsA64MegabyteHeapAndTruncatesWhatItKeepsWithTheLength()
      throws IOException, InterruptedException {
    ObjectNode root = ResultsDocuments.minimal();
    ObjectNode volumes = ResultsDocuments.rule(root, "ec2", "ec2-ebs-volume-not-encrypted");
    volumes.put("description", "@@HUGE@@");
    volumes.put("remediation", "@@HUGE@@");
    ResultsDocuments.rule(root, "s3", "s3-bucket-no-logging").putArray("items").add("s3.buckets.@@HUGE@@.logging");
    ((ObjectNode) root.get("services").get("s3").get("buckets").get("3f2a")).put("policy", "@@HUGE@@");
    ((ObjectNode) root.get("metadata")).put("@@HUGE@@", 1);
    Path results = dir.resolve("scoutsuite-results/scoutsuite_results_aws-123456789012.js");
    Files.createDirectories(results.getParent());
    String text = "scoutsuite_results =\n" + ResultsDocuments.JSON.writeValueAsString(root) + "\n";
    // in document order: the metadata key, then description, remediation, the bucket policy and the item
    writeWithHugeStrings(results, text, List.of(20L << 20, HUGE_BYTES, HUGE_BYTES, HUGE_BYTES, HUGE_BYTES));
    String errors = "[{\"additional_details\": null, \"exception\": \"Failed to get all pages from paginator for the"
        + " rds service: An error occurred (Throttling) when calling the DescribeDBInstances operation (reached max"
        + " retries: 4): Rate exceeded\", \"file\": \"utils.py\", \"line\": 57, \"traceback\": \"Traceback (most"
        + " recent call last):\\n@@HUGE@@\"}]";
    writeWithHugeStrings(results.resolveSibling("scoutsuite_errors_aws-123456789012.json"), errors,
        List.of(HUGE_BYTES));
    assertThat(Files.size(results)).isGreaterThan(4 * HUGE_BYTES);

    List<String> output = parseInSmallHeap(results);

    long hugeChars = HUGE_BYTES / UNIT_JSON.getBytes(StandardCharsets.UTF_8).length * UNIT_CHARS;
    String marker = BoundedJsonStrings.marker(hugeChars).replace(' ', '_');
    assertThat(output.get(0)).startsWith("findings=3 maxHeap=");
    String ec2 = output.stream().filter(line -> line.startsWith("finding ec2-ebs-volume-not-encrypted"))
        .findFirst().orElseThrow();
    assertThat(field(ec2, "title")).endsWith(marker);
    assertThat(field(ec2, "remediation")).endsWith(marker);
    assertThat(length(ec2, "title")).isBetween((long) BoundedJsonStrings.MAX_VALUE_BYTES / 2,
        BoundedJsonStrings.MAX_VALUE_BYTES + 100L);
    assertThat(length(ec2, "remediation")).isBetween((long) BoundedJsonStrings.MAX_VALUE_BYTES / 2,
        BoundedJsonStrings.MAX_VALUE_BYTES + 100L);
    String s3 = output.stream().filter(line -> line.startsWith("finding s3-bucket-no-logging")).findFirst()
        .orElseThrow();
    assertThat(field(s3, "resource")).endsWith(BoundedJsonStrings.marker(hugeChars + 19).replace(' ', '_'));
    assertThat(length(s3, "resource")).isLessThan(BoundedJsonStrings.MAX_VALUE_BYTES + 100L);
    assertThat(output).filteredOn(line -> line.startsWith("warning: ")).singleElement().asString()
        .isEqualTo("warning: 1 collection error in scoutsuite_errors_aws-123456789012.json (ScoutSuite could not"
            + " read everything; findings may be incomplete): Throttling x1 (rds 1)");
  }

  /** The text after {@code name=} up to the next space, as {@link HugeFieldsParseMain} prints it. */
  private static String field(String line, String name) {
    Matcher matcher = Pattern.compile(" " + name + "=(\\d+):(\\S*)").matcher(line);
    assertThat(matcher.find()).as(line).isTrue();
    return matcher.group(2);
  }

  private static long length(String line, String name) {
    Matcher matcher = Pattern.compile(" " + name + "=(\\d+):").matcher(line);
    assertThat(matcher.find()).as(line).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  /** Writes the text with each placeholder replaced by that many bytes of the huge string, streamed. */
  private static void writeWithHugeStrings(Path file, String text, List<Long> sizes) throws IOException {
    byte[] unit = UNIT_JSON.getBytes(StandardCharsets.UTF_8);
    byte[] chunk = UNIT_JSON.repeat((1 << 20) / unit.length).getBytes(StandardCharsets.UTF_8);
    String[] parts = PLACEHOLDER.split(text, -1);
    assertThat(parts).hasSize(sizes.size() + 1);
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int i = 0; i < parts.length; i++) {
        out.write(parts[i].getBytes(StandardCharsets.UTF_8));
        if (i < sizes.size()) {
          long units = sizes.get(i) / unit.length;
          long written = 0;
          while (written + chunk.length / unit.length <= units) {
            out.write(chunk);
            written += chunk.length / unit.length;
          }
          for (; written < units; written++) {
            out.write(unit);
          }
        }
      }
    }
  }

  /** Runs {@link HugeFieldsParseMain} in {@code java -Xmx64m} and returns what it printed. */
  private static List<String> parseInSmallHeap(Path results) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        HugeFieldsParseMain.class.getName(), results.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
