package io.secposture.core.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportParseException;
import io.secposture.api.Severity;
import io.secposture.core.FindingsFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two files a diff reads: findings files (light reader) and the memory of resolved findings. */
class DiffFilesTest {
  @TempDir
  Path dir;

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static List<String> lines(InputStream in, boolean details) {
    List<String> seen = new ArrayList<>();
    FindingLines.read(in, "findings.jsonl.gz", details, line -> seen.add(line.fingerprint + " " + line.severity
        + " " + line.flagged + " " + line.ruleId + " " + line.title + " " + line.resourceId + " " + line.region
        + " " + line.service + " " + line.line));
    return seen;
  }

  @Test
  void findingLines_fileWrittenByFindingsFile_readsWhatADiffNeeds() throws IOException {
    Path file = dir.resolve("findings.jsonl.gz");
    Finding.Builder builder = Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("1")
        .service("s3").title("Public bucket").region("eu-west-1").severity(Severity.HIGH);
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      writer.accept(builder.ruleId("a").resourceId("r1").status(FindingStatus.FAIL).build());
      writer.accept(builder.ruleId("b").resourceId("r2").status(FindingStatus.FAIL).muted(true).build());
      writer.accept(builder.ruleId("c").resourceId(null).status(FindingStatus.PASS).muted(false).build());
      writer.accept(builder.ruleId("d").resourceId("r4").status(FindingStatus.MANUAL).build());
    }
    String a = Finding.fingerprint("prowler", CloudProvider.AWS, "1", "a", "r1");

    try (InputStream in = Files.newInputStream(file)) {
      assertThat(lines(in, true)).containsExactly(
          a + " HIGH true a Public bucket r1 eu-west-1 s3 1",
          Finding.fingerprint("prowler", CloudProvider.AWS, "1", "b", "r2") + " HIGH false b Public bucket r2"
              + " eu-west-1 s3 2",
          Finding.fingerprint("prowler", CloudProvider.AWS, "1", "c", null) + " HIGH false c Public bucket null"
              + " eu-west-1 s3 3",
          Finding.fingerprint("prowler", CloudProvider.AWS, "1", "d", "r4") + " HIGH false d Public bucket r4"
              + " eu-west-1 s3 4");
    }
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(lines(in, false).get(0)).isEqualTo(a + " HIGH true null null null null null 1");
    }
  }

  @Test
  void findingLines_badInput_namesTheSourceLineAndWhatWasExpected() throws IOException {
    assertThatThrownBy(() -> lines(new ByteArrayInputStream("not gzip".getBytes(StandardCharsets.UTF_8)), false))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("findings.jsonl.gz")
        .hasMessageContaining("gzip");
    assertThatThrownBy(() -> lines(new ByteArrayInputStream(gzip("{\"fingerprint\":\"f\",\"severity\":\"high\","
        + "\"status\":\"fail\"}\n{\"severity\":\"high\",\"status\":\"fail\"}\n")), false))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("line 2")
        .hasMessageContaining("a finding with fingerprint");
    assertThatThrownBy(() -> lines(new ByteArrayInputStream(gzip("{\"fingerprint\":\"f\",\"severity\":\"high\","
        + "\"status\":\"broken\"}\n")), false))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("status fail, pass or manual")
        .hasMessageContaining("'broken'");
    assertThatThrownBy(() -> lines(new ByteArrayInputStream(gzip("[1]\n")), false))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("a JSON object per line");
    byte[] whole = gzip("{\"fingerprint\":\"f\",\"severity\":\"high\",\"status\":\"fail\"}\n".repeat(50));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 12);
    assertThatThrownBy(() -> lines(new ByteArrayInputStream(truncated), false))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("truncated");
  }

  @Test
  void resolvedState_writtenThenRead_keepsEveryEntryAndInternsRuns() throws IOException {
    Path file = dir.resolve("resolved.jsonl.gz");
    FingerprintTable.Key custom = FingerprintTable.Key.of("custom-id");
    FingerprintTable.Key hex = FingerprintTable.Key.of("0123456789abcdef0123456789abcdef");
    Instant at = Instant.parse("2026-11-15T02:00:00Z");
    try (ResolvedState.Writer writer = new ResolvedState.Writer(file)) {
      writer.write(custom, Severity.LOW.ordinal(), "run-1", at, 3);
      writer.write(hex, Severity.CRITICAL.ordinal(), "run-1", at, 0);
      assertThat(writer.entries()).isEqualTo(2);
    }

    ResolvedState state;
    try (InputStream in = Files.newInputStream(file)) {
      state = ResolvedState.read(in, file.toString());
    }

    FingerprintTable table = state.table();
    int slot = table.find(FingerprintTable.Key.of("custom-id"));
    assertThat(slot).isNotNegative();
    assertThat(state.runId(slot)).isEqualTo("run-1");
    assertThat(state.resolvedAt(slot)).isEqualTo(at);
    assertThat(state.runsSince(slot)).isEqualTo(3);
    assertThat(table.severity(slot)).isEqualTo(Severity.LOW.ordinal());
    assertThat(state.runsSince(table.find(hex))).isZero();
  }

  @Test
  void resolvedState_badEntry_namesTheLineAndTheMissingValue() throws IOException {
    assertThatThrownBy(() -> ResolvedState.read(new ByteArrayInputStream(gzip("{\"fingerprint\":\"f\","
        + "\"severity\":\"high\",\"resolved_run_id\":\"r\",\"resolved_at\":\"yesterday\",\"runs_since\":1}\n")),
        "resolved.jsonl.gz"))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("resolved.jsonl.gz")
        .hasMessageContaining("line 1").hasMessageContaining("resolved_at");
    assertThatThrownBy(() -> ResolvedState.read(new ByteArrayInputStream(gzip("{\"fingerprint\":\"f\","
        + "\"severity\":\"high\",\"resolved_run_id\":\"r\",\"resolved_at\":\"2026-11-15T02:00:00Z\","
        + "\"runs_since\":-1}\n")), "resolved.jsonl.gz"))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("runs_since");
  }
}
