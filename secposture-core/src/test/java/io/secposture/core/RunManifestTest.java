package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ReportParseException;
import io.secposture.api.ScanStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RunManifestTest {

  @Provide
  Arbitrary<RunManifest> manifests() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
    Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
    Arbitrary<RunManifest.Scan> scans = Combinators.combine(
        Arbitraries.of(CloudProvider.AWS, CloudProvider.GCP, CloudProvider.of("github")),
        text.filter(s -> !s.isEmpty()), text, Arbitraries.of("scoutsuite", "prowler"),
        Arbitraries.of(ScanStatus.class), Arbitraries.integers().between(0, 255).injectNull(0.3),
        text.injectNull(0.5), instants).as((provider, id, name, scanner, status, exit, reason, started) ->
            new RunManifest.Scan(provider, id, name, scanner, status, exit, reason, started,
                Duration.ofMillis(Math.abs(id.hashCode())), List.of(name), List.of(id, name), List.of("runs/x/" + id)));
    Arbitrary<RunManifest.Input> inputs = Combinators.combine(text, text.injectNull(0.5), text.injectNull(0.5),
        Arbitraries.longs().between(0, 1_000_000), text.injectNull(0.5)).as(RunManifest.Input::new);
    return Combinators.combine(Arbitraries.of("run-1", "2026-11-22T0200Z"), instants, instants,
        Arbitraries.of(true, false), scans.list().ofMaxSize(5), inputs.list().ofMaxSize(5))
        .as((run, started, finished, cancelled, scanList, inputList) -> new RunManifest(RunManifest.SCHEMA_VERSION,
            run, started, finished, cancelled, scanList, inputList));
  }

  @Property(tries = 200)
  void writeThenRead_anyManifest_roundTrips(@ForAll("manifests") RunManifest manifest) {
    byte[] json = manifest.toBytes();

    assertThat(RunManifest.read(new ByteArrayInputStream(json), "manifest.json")).isEqualTo(manifest);
  }

  @Test
  void read_malformedOrNewerManifest_reportParseExceptionNamingTheSource() {
    assertThatThrownBy(() -> read("{\"schema_version\": 1, \"run_id\": "))
        .isInstanceOf(ReportParseException.class).hasMessageStartingWith("cannot parse runs/r/manifest.json at line 1");
    assertThatThrownBy(() -> read("{\"schema_version\": 9, \"run_id\": \"r\"}"))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("schema_version 9 is not supported");
    assertThatThrownBy(() -> read("[]")).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("the document is not a JSON object");
    assertThatThrownBy(() -> read("{\"schema_version\": 1, \"run_id\": \"r\", \"started_at\": \"yesterday\","
        + " \"finished_at\": \"2026-01-01T00:00:00Z\"}")).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("runs/r/manifest.json");
  }

  @Test
  void scan_durationKeptToTheMillisecond() {
    RunManifest.Scan scan = new RunManifest.Scan(CloudProvider.AWS, "1", "a", "s", ScanStatus.SUCCEEDED, 0, null,
        Instant.EPOCH, Duration.ofNanos(1_234_567_890), List.of(), List.of(), List.of());

    assertThat(scan.duration()).isEqualTo(Duration.ofMillis(1234));
    assertThat(scan.key()).isEqualTo("aws/1/s");
  }

  private static RunManifest read(String json) {
    return RunManifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "runs/r/manifest.json");
  }
}
