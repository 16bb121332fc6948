package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.Artifact;
import io.secposture.api.CloudProvider;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory, proven: a separate JVM limited to 256 MB of heap parses a generated JSON-OCSF file of more than
 * 1 GiB and reports the same counts as an independent oracle (a token-level pass of this JVM over the same file).
 */
class LargeOcsfFileTest {
  private static final long ONE_GIB = 1L << 30;

  @TempDir
  Path directory;

  @Test
  void parse_moreThanOneGibibyteWith256MbOfHeap_succeedsWithTheOracleCounts() throws Exception {
    List<Artifact> artifacts = SampleData.prowler(directory, CloudProvider.AWS, "123456789012", 2026, 1,
        ONE_GIB + 64L * 1024 * 1024);
    Path file = artifacts.get(0).file();
    assertThat(Files.size(file)).as("size of the generated file").isGreaterThan(ONE_GIB);
    Oracle expected = Oracle.count(file);

    Properties counted = parseInSmallJvm(file);

    assertThat(Long.parseLong(counted.getProperty("maxHeap"))).isLessThanOrEqualTo(256L * 1024 * 1024);
    assertThat(Long.parseLong(counted.getProperty("findings"))).isEqualTo(expected.findings).isGreaterThan(250_000);
    assertThat(Long.parseLong(counted.getProperty("checked"))).isEqualTo(expected.checked);
    assertThat(Long.parseLong(counted.getProperty("flagged"))).isEqualTo(expected.flagged)
        .isEqualTo(Long.parseLong(counted.getProperty("flaggedFindings")));
    assertThat(Long.parseLong(counted.getProperty("resources"))).isEqualTo(expected.resources);
    assertThat(counted.getProperty("accounts")).isEqualTo("1");
  }

  private static Properties parseInSmallJvm(Path file) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path output = file.resolveSibling("parse.out");
    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, LargeFileParseMain.class.getName(),
        file.toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean exited = process.waitFor(10, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("the parse finished within 10 minutes").isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", printed).isZero();
    Properties counted = new Properties();
    counted.load(new java.io.StringReader(printed));
    return counted;
  }

  /** Counts with Jackson tokens alone: status_code, status and resources[0].{uid, group.name} of each finding. */
  private static final class Oracle {
    long findings;
    long checked;
    long flagged;
    long resources;

    static Oracle count(Path file) throws IOException {
      Oracle oracle = new Oracle();
      Map<String, Set<String>> resourcesByService = new HashMap<>();
      try (InputStream in = Files.newInputStream(file); JsonParser parser = new JsonFactory().createParser(in)) {
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          String status = null;
          String state = null;
          String uid = null;
          String group = null;
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (name.equals("status_code")) {
              status = parser.getText();
            } else if (name.equals("status")) {
              state = parser.getText();
            } else if (name.equals("resources")) {
              parser.nextToken();
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("uid")) {
                  uid = parser.getText();
                } else if (field.equals("group")) {
                  parser.nextToken();
                  parser.nextToken();
                  group = parser.getText();
                  parser.nextToken();
                } else {
                  parser.skipChildren();
                }
              }
              while (parser.nextToken() != JsonToken.END_ARRAY) {
                parser.skipChildren();
              }
            } else {
              parser.skipChildren();
            }
          }
          oracle.findings++;
          if (!"MANUAL".equals(status)) {
            oracle.checked++;
            if ("FAIL".equals(status) && !"Suppressed".equals(state)) {
              oracle.flagged++;
            }
            resourcesByService.computeIfAbsent(group, key -> new HashSet<>()).add(uid);
          }
        }
      }
      oracle.resources = resourcesByService.values().stream().mapToLong(Set::size).sum();
      return oracle;
    }
  }
}
