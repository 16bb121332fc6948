package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.CloudProvider;
import io.secposture.api.ScanStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The manifest is written with Jackson databind; these tests hold it to the bytes the hand-written generator code
 * it replaced wrote (kept below as the oracle), so published manifests stay byte-identical.
 */
class RunManifestJsonTest {
  private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

  @Provide
  Arbitrary<String> oddText() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(24),
        Arbitraries.of("", " ", "\"", "\\", "/", "</script>", "\u0000\u0001\u001f", "\t\r\n", "\u2028\u2029",
            "é", "日本語", "😀 emoji", "\uD83D", "\uDE00x", "a\uD800b", "\u007f\u0080\u00ff", "\uFEFF", "null"));
  }

  @Provide
  Arbitrary<RunManifest> manifests() {
    Arbitrary<String> text = oddText();
    Arbitrary<Instant> instants = Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L)
        .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
            .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    Arbitrary<Duration> durations = Arbitraries.longs().between(0, Long.MAX_VALUE / 1_000_000).map(Duration::ofMillis);
    Arbitrary<RunManifest.Scan> scans = Combinators.combine(
        Arbitraries.of(CloudProvider.AWS, CloudProvider.GCP, CloudProvider.AZURE, CloudProvider.of("github")),
        text, text, text, Arbitraries.of(ScanStatus.class),
        Arbitraries.integers().injectNull(0.3), text.injectNull(0.4), instants)
        .flatAs((provider, id, name, scanner, status, exit, reason, started) -> Combinators.combine(durations,
            text.list().ofMaxSize(3), text.list().ofMaxSize(3), text.list().ofMaxSize(3))
            .as((duration, warnings, tail, artifacts) -> new RunManifest.Scan(provider, id, name, scanner, status,
                exit, reason, started, duration, warnings, tail, artifacts)));
    Arbitrary<RunManifest.Input> inputs = Combinators.combine(text, text.injectNull(0.5), text.injectNull(0.5),
        Arbitraries.longs().greaterOrEqual(0), text.injectNull(0.5), text.injectNull(0.5)).as(RunManifest.Input::new);
    return Combinators.combine(Arbitraries.of("run-1", "2026-11-22T0200Z", "r"), instants, instants,
        Arbitraries.of(true, false), scans.list().ofMaxSize(4), inputs.list().ofMaxSize(4))
        .as((run, started, finished, cancelled, scanList, inputList) -> new RunManifest(RunManifest.SCHEMA_VERSION,
            run, started, finished, cancelled, scanList, inputList));
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void write_anyManifestWithOddStrings_sameBytesAsTheHandWrittenGenerator(
      @ForAll("manifests") RunManifest manifest) throws IOException {
    Throwable oldFailure = catchThrowable(() -> handWritten(manifest));
    Throwable newFailure = catchThrowable(manifest::toBytes);
    Statistics.collect(oldFailure == null ? "compared bytes" : "both writers refused");
    Statistics.coverage(coverage -> coverage.check("compared bytes").percentage(p -> p > 95));

    if (oldFailure == null) {
      assertThat(newFailure).isNull();
      assertThat(new String(manifest.toBytes(), StandardCharsets.ISO_8859_1))
          .isEqualTo(new String(handWritten(manifest), StandardCharsets.ISO_8859_1));
    } else {
      assertThat(newFailure).as("the old writer failed with %s", oldFailure).isNotNull();
    }
  }

  @Test
  void write_goldenManifest_matchesTheCheckedInBytes() throws IOException {
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, "2026-11-22T0200Z", T0,
        T0.plusSeconds(754).plusMillis(321), false,
        List.of(new RunManifest.Scan(CloudProvider.AWS, "123456789012", "prod \"main\"", "scoutsuite",
                ScanStatus.FAILED, 101, "exit 101: é\u0001", T0.plusSeconds(1), Duration.ofMillis(12_345),
                List.of("slow </script>"), List.of("line 1", "line\t2"),
                List.of("runs/2026-11-22T0200Z/aws/123456789012/scoutsuite/scoutsuite.log")),
            new RunManifest.Scan(CloudProvider.of("github"), "org", "", "prowler", ScanStatus.SUCCEEDED, null, null,
                T0.plusNanos(5), Duration.ZERO, List.of(), List.of(), List.of())),
        List.of(new RunManifest.Input("runs/x/a.json", "aws/123456789012/scoutsuite", "scoutsuite", 356, null),
            new RunManifest.Input("/in/x.csv", null, "prowler-csv", 0, null,
                "same run as /in/x.ocsf.json, not counted"),
            new RunManifest.Input("/in/broken.json", null, null, 0, "line 3: unexpected '}' 😀")));
    byte[] golden;
    try (InputStream in = RunManifestJsonTest.class.getResourceAsStream("manifest-golden.json")) {
      golden = in.readAllBytes();
    }

    assertThat(manifest.toBytes()).isEqualTo(golden);
    assertThat(handWritten(manifest)).isEqualTo(golden);
  }

  /** The hand-written writer RunManifest used before databind, verbatim: the oracle for byte identity. */
  private static byte[] handWritten(RunManifest manifest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("schema_version", manifest.schemaVersion());
      g.writeStringField("run_id", manifest.runId());
      g.writeStringField("started_at", manifest.startedAt().toString());
      g.writeStringField("finished_at", manifest.finishedAt().toString());
      g.writeBooleanField("cancelled", manifest.cancelled());
      g.writeArrayFieldStart("scans");
      for (RunManifest.Scan scan : manifest.scans()) {
        g.writeStartObject();
        g.writeStringField("provider", scan.provider().id());
        g.writeStringField("account_id", scan.accountId());
        g.writeStringField("name", scan.name());
        g.writeStringField("scanner", scan.scanner());
        g.writeStringField("status", scan.status().name());
        g.writeFieldName("exit_code");
        if (scan.exitCode() == null) {
          g.writeNull();
        } else {
          g.writeNumber(scan.exitCode());
        }
        g.writeStringField("reason", scan.reason());
        g.writeStringField("started_at", scan.startedAt().toString());
        g.writeNumberField("duration_seconds", BigDecimal.valueOf(scan.duration().toMillis(), 3));
        strings(g, "warnings", scan.warnings());
        strings(g, "log_tail", scan.logTail());
        strings(g, "artifacts", scan.artifacts());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("inputs");
      for (RunManifest.Input input : manifest.inputs()) {
        g.writeStartObject();
        g.writeStringField("source", input.source());
        g.writeStringField("scan", input.scan());
        g.writeStringField("parser", input.parser());
        g.writeNumberField("findings", input.findings());
        g.writeStringField("failure", input.failure());
        if (input.skipped() != null) {
          g.writeStringField("skipped", input.skipped());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
    return out.toByteArray();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }
}
