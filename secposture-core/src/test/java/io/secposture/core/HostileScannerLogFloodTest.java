package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A scanner that floods its output: each log keeps its head and tail up to the limit and says what it left out. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileScannerLogFloodTest {
  private static final Pattern OMITTED = Pattern.compile("\\[secposture: ([0-9.]+ (?:bytes|KiB|MiB|GiB)) of output"
      + " omitted here]");
  private static final String TOKEN = "s3cr3t-Flood-Token-Value-42";

  @TempDir
  Path dir;

  @BeforeEach
  void requirePosixShell() {
    assumeThat(Files.isExecutable(Path.of("/bin/sh"))).isTrue();
  }

  private Path script(String body) throws IOException {
    Path file = dir.resolve("flood.sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private ProcessSpec.Builder spec(Path script) {
    return ProcessSpec.builder(List.of(script.toString())).workingDirectory(dir)
        .logs(dir.resolve("logs/stdout.log"), dir.resolve("logs/stderr.log")).timeout(Duration.ofSeconds(100));
  }

  @Test
  void run_floodOfLines_logKeepsHeadAndTailWithinTheLimitAndSaysHowMuchItLeftOut() throws Exception {
    // 200,000 numbered lines of 21 bytes: 4.2 MB
    Path script = script("awk 'BEGIN { for (i = 1; i <= 200000; i++) printf \"line %015d\\n\", i }'\necho done >&2");

    ProcessResult result = new ProcessRunner().run(spec(script).maxLogBytes(256 * 1024).build());

    Path log = dir.resolve("logs/stdout.log");
    List<String> lines = Files.readAllLines(log);
    long total = 200_000L * 21;
    String marker = lines.stream().filter(line -> line.startsWith("[secposture:")).findFirst().orElseThrow();
    long markerBytes = marker.length() + 1;
    assertThat(Files.size(log) - markerBytes).isLessThanOrEqualTo(256 * 1024);
    assertThat(lines.get(0)).isEqualTo("line 000000000000001");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("line 000000000200000");
    int at = lines.indexOf(marker);
    // whole lines on both sides of the marker, consecutive numbers up to it and from it
    assertThat(lines.subList(0, at)).allMatch(line -> line.matches("line \\d{15}"));
    assertThat(lines.subList(at + 1, lines.size())).allMatch(line -> line.matches("line \\d{15}"));
    long lastOfHead = Long.parseLong(lines.get(at - 1).substring(5));
    long firstOfTail = Long.parseLong(lines.get(at + 1).substring(5));
    assertThat(at).isEqualTo((int) lastOfHead);
    assertThat(lines.size() - at - 1).isEqualTo((int) (200_000 - firstOfTail + 1));
    long omitted = (firstOfTail - lastOfHead - 1) * 21;
    assertThat(omitted).isEqualTo(total - (Files.size(log) - markerBytes));
    Matcher matcher = OMITTED.matcher(marker);
    assertThat(matcher.matches()).as(marker).isTrue();
    assertThat(matcher.group(1)).isEqualTo(BoundedLog.size(omitted));
    assertThat(Files.readString(dir.resolve("logs/stderr.log"))).isEqualTo("done\n");
    assertThat(result.tail()).contains("line 000000000200000", "done");
    try (var files = Files.list(dir.resolve("logs"))) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("stdout.log",
          "stderr.log");
    }
  }

  @Test
  void run_secretPrintedThroughoutAFloodAndInHugeLines_maskedOnBothSidesOfTheCut() throws Exception {
    // lines holding the token, then one 300 KiB line without a break holding it every 1000 bytes, then more lines
    Path script = script("i=0; while [ $i -lt 3000 ]; do echo \"$i $MY_TOKEN $i\"; i=$((i+1)); done\n"
        + "awk -v t=\"$MY_TOKEN\" 'BEGIN { for (i = 0; i < 300; i++) printf \"%0973d%s\", i, t }'\n"
        + "i=0; while [ $i -lt 2000 ]; do printf '%s-%s\\n' \"$MY_TOKEN\" \"$i\"; i=$((i+1)); done");

    new ProcessRunner().run(spec(script).secretEnvironment("MY_TOKEN", Secret.of(TOKEN)).maxLogBytes(64 * 1024)
        .build());

    String log = Files.readString(dir.resolve("logs/stdout.log"));
    assertThat(log).containsPattern(OMITTED).contains("****");
    assertThat(Files.size(dir.resolve("logs/stdout.log"))).isLessThan(64 * 1024 + 100);
    for (int start = 0; start + 6 <= TOKEN.length(); start++) {
      assertThat(log).doesNotContain(TOKEN.substring(start, start + 6));
    }
  }

  @Test
  void run_floodOfMultiByteCharactersWithoutLineBreaks_logStaysValidUtf8() throws Exception {
    // 400 KB of 'é' (2 bytes each) and '€' (3 bytes), never a line break
    Path script = script("awk 'BEGIN { for (i = 0; i < 80000; i++) printf \"\\303\\251\\342\\202\\254\" }'");

    new ProcessRunner().run(spec(script).maxLogBytes(32 * 1024 + 1).build());

    byte[] bytes = Files.readAllBytes(dir.resolve("logs/stdout.log"));
    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
    assertThat(text).containsPattern(OMITTED).doesNotContain("\uFFFD");
    assertThat(bytes.length).isLessThan(32 * 1024 + 100);
  }

  @Test
  void options_logSizeAndPassEnvironment_readFromTheScanOptions() {
    ProcessSpec spec = ProcessSpec.builder(List.of("tool")).options(Settings.of(Map.of(
        ProcessSpec.MAX_LOG_SIZE, "512KiB", ProcessSpec.PASS_ENVIRONMENT, "JAVA_HOME, MY_TOOL_*",
        "scoutsuite.max-workers", "4"))).build();

    assertThat(spec.maxLogBytes()).isEqualTo(512 * 1024);
    assertThat(spec.inheritedVariables()).contains("PATH", "JAVA_HOME", "MY_TOOL_*");
    assertThat(ProcessSpec.builder(List.of("tool")).build().maxLogBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(ProcessSpec.parseLogSize("unlimited")).isEqualTo(Long.MAX_VALUE);
    assertThat(ProcessSpec.parseLogSize("1.5 GB")).isEqualTo(3L * 512 * 1024 * 1024);
    assertThat(ProcessSpec.parseLogSize("65536")).isEqualTo(65536);
  }

  @Test
  void options_malformedOrUnknown_configurationExceptionNamingEachProblem() {
    assertThatThrownBy(() -> ProcessSpec.builder(List.of("tool")).options(Settings.of(Map.of(
        ProcessSpec.MAX_LOG_SIZE, "10 parsecs", ProcessSpec.PASS_ENVIRONMENT, "OK,BAD-NAME",
        "process.max-log-sise", "1MiB"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("process.max-log-size: '10 parsecs' is not a size")
        .hasMessageContaining("process.pass-environment: 'BAD-NAME' is not a variable name")
        .hasMessageContaining("unknown option 'process.max-log-sise'; did you mean 'process.max-log-size'?");
    assertThatThrownBy(() -> ProcessSpec.parseLogSize("1KiB")).hasMessageContaining("below the smallest");
  }
}
