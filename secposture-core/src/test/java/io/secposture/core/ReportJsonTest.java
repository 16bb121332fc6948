package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private static final Instant GENERATED = Instant.parse("2026-11-22T02:00:00Z");

  @Provide
  Arbitrary<PostureReport> reports() {
    return ReportArbitraries.reports();
  }

  @Provide
  Arbitrary<List<HistoryRow>> histories() {
    Arbitrary<HistoryRow> rows = Combinators.combine(ReportArbitraries.runIds(), ReportArbitraries.instants(),
        ReportArbitraries.stats(), Arbitraries.maps(ReportArbitraries.providers(), ReportArbitraries.stats())
            .ofMaxSize(3),
        Arbitraries.maps(Arbitraries.of(Severity.class), Arbitraries.longs().between(0, 1 << 20)).ofMaxSize(5),
        Arbitraries.maps(Arbitraries.of(ScanStatus.class), Arbitraries.longs().between(0, 1 << 20)).ofMaxSize(5),
        ReportArbitraries.diffCounts().injectNull(0.4))
        .as((runId, at, total, providers, severities, statuses, diff) ->
            new HistoryRow(runId, at, total, new TreeMap<>(providers), severities, statuses, diff));
    return rows.list().ofMaxSize(6);
  }

  @Property(tries = 500)
  void read_anyWrittenReport_givesTheSameReport(@ForAll("reports") PostureReport report) {
    assertThat(roundTrip(report)).isEqualTo(report);
  }

  @Property(tries = 300)
  void readHistory_anyWrittenHistory_givesTheSameRows(@ForAll("histories") List<HistoryRow> rows) {
    byte[] bytes = ReportJson.historyToBytes(rows);

    assertThat(ReportJson.readHistory(new ByteArrayInputStream(bytes), "history.json")).isEqualTo(rows);
  }

  @Test
  void read_durationsAndInstantsWithNanoseconds_areExact() {
    AccountSummary row = row(Duration.ofSeconds(3, 1), Instant.parse("2026-11-22T02:00:00.123456789Z"));
    PostureReport report = PostureReport.builder("r", GENERATED.plusNanos(7)).accounts(List.of(row)).build();

    PostureReport read = roundTrip(report);

    assertThat(read.accounts().get(0).duration()).isEqualTo(Duration.ofSeconds(3, 1));
    assertThat(read.accounts().get(0).startedAt()).isEqualTo(Instant.parse("2026-11-22T02:00:00.123456789Z"));
    assertThat(read.generatedAt()).isEqualTo(GENERATED.plusNanos(7));
    assertThat(text(report)).contains("\"duration_seconds\": 3.000000001");
  }

  @Test
  void read_valuesWithControlCharactersQuotesAndUnpairedSurrogates_areKept() {
    String nasty = "a\u0000b\"c\\d\n\ud800e</script>\u2028";
    AccountSummary row = new AccountSummary(CloudProvider.AWS, nasty, nasty, "s", ScanStatus.FAILED, null, null,
        Duration.ZERO, nasty, new TreeMap<>(Map.of("team", nasty)), new TreeMap<>(), FindingTally.ZERO,
        new TreeMap<>(), List.of(nasty));
    PostureReport report = PostureReport.builder("r", GENERATED).accounts(List.of(row)).build();

    assertThat(roundTrip(report)).isEqualTo(report);
  }

  @Test
  void write_unpairedSurrogatesInKeys_areReplacedAndCollidingKeysCombine() {
    TreeMap<String, ServiceStats> services = new TreeMap<>(Map.of("s3\ud800", new ServiceStats(1, 1, 1),
        "s3\udc00", new ServiceStats(2, 0, 2), "s3\ud83d\ude00", new ServiceStats(4, 0, 0)));
    AccountSummary row = new AccountSummary(CloudProvider.AWS, "1", "one", "s", ScanStatus.SUCCEEDED, 0, null,
        Duration.ZERO, null, new TreeMap<>(Map.of("k\ud800", "b", "k\udbff", "a")), services, FindingTally.ZERO,
        new TreeMap<>(), List.of());
    PostureReport report = PostureReport.builder("r", GENERATED).services(Map.of(CloudProvider.AWS, services))
        .accounts(List.of(row)).build();

    PostureReport read = roundTrip(report);

    assertThat(read.services(CloudProvider.AWS)).containsExactly(
        Map.entry("s3\ud83d\ude00", new ServiceStats(4, 0, 0)), Map.entry("s3\uFFFD", new ServiceStats(3, 1, 3)));
    assertThat(read.accounts().get(0).services()).isEqualTo(read.services(CloudProvider.AWS));
    assertThat(read.accounts().get(0).labels()).containsExactly(Map.entry("k\uFFFD", "a"));
  }

  @Test
  void read_unknownKeysEverywhere_areIgnored() {
    String json = """
        {"report_date": "whatever", "future_section": {"x": [1, 2, {"y": null}]}, "shard": "1/4",
         "aws": {"s3": {"checked_items": 3, "flagged_items": 1, "resources_count": 2, "new_count": 9},
                 "total": {"checked_items": 999, "flagged_items": 999, "resources_count": 999}, "note": "x"},
         "schema_version": 1, "generated_at": "2026-11-22T02:00:00Z", "run_id": "r1",
         "accounts": [{"provider": "aws", "account_id": "1", "scanner": "s", "status": "SUCCEEDED",
                       "region_count": 3, "findings": {"critical": 2, "future": 1}}],
         "statuses": {"fail": 4, "pass": 1, "muted": 0, "manual": 0, "error": 7},
         "diff": null}
        """;

    PostureReport report = read(json);

    assertThat(report.services(CloudProvider.AWS)).containsExactly(Map.entry("s3", new ServiceStats(3, 1, 2)));
    assertThat(report.accounts()).singleElement().satisfies(row -> {
      assertThat(row.name()).isEqualTo("1");
      assertThat(row.findings().flaggedBySeverity()).containsEntry(Severity.CRITICAL, 2L);
    });
    assertThat(report.findings().failed()).isEqualTo(4);
    assertThat(report.total()).isEqualTo(new ServiceStats(3, 1, 2));
  }

  @Test
  void read_sectionsInAnyOrder_areRead() {
    String json = """
        {"run_id": "r1", "accounts": [], "generated_at": "2026-11-22T02:00:00+01:00", "schema_version": 1,
         "gcp": {"gcs": {"resources_count": 1, "flagged_items": 0, "checked_items": 2}}}
        """;

    PostureReport report = read(json);

    assertThat(report.generatedAt()).isEqualTo(Instant.parse("2026-11-22T01:00:00Z"));
    assertThat(report.services(CloudProvider.GCP)).containsEntry("gcs", new ServiceStats(2, 0, 1));
  }

  @Test
  void read_newerSchemaVersion_isRefusedWithUpgradeAdviceEvenWhenTheRestLooksBroken() {
    String json = """
        {"report_date": "11-22-2026",
         "accounts": {"rows": "a new shape"},
         "schema_version": 2, "generated_at": "2026-11-22T02:00:00Z", "run_id": "r1"}
        """;

    assertThatThrownBy(() -> read(json)).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("report_latest.json")
        .hasMessageContaining("line 3")
        .hasMessageContaining("schema_version 1 or lower")
        .hasMessageContaining("found 2")
        .hasMessageContaining("upgrade secposture");
  }

  @Test
  void read_malformedJson_namesSourceLineAndColumn() {
    String json = "{\n  \"schema_version\": 1,\n  \"run_id\": \"r1\",\n  \"accounts\": [ {\"provider\": aws} ]\n}";

    assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(ReportParseException.class, e -> {
      assertThat(e.source()).isEqualTo("report_latest.json");
      assertThat(e.line()).isEqualTo(4);
      assertThat(e.column()).isGreaterThan(20);
      assertThat(e.getMessage()).startsWith("cannot parse report_latest.json at line 4, column ")
          .contains("well-formed JSON").contains("/accounts/0/provider");
    });
  }

  @Test
  void read_truncatedReport_failsWithReportParseException() {
    byte[] bytes = ReportJson.toBytes(ReportContractTest.fullReport());
    for (int cut : new int[] {0, 1, bytes.length / 3, bytes.length / 2, bytes.length - 3}) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);

      assertThatThrownBy(() -> ReportJson.read(new ByteArrayInputStream(truncated), "cut.json"))
          .as("cut at %d", cut).isInstanceOf(ReportParseException.class).hasMessageContaining("cut.json");
    }
  }

  @Test
  void read_wrongTypes_sayWhatWasExpectedWhere() {
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"aws\": {\"s3\": {\"checked_items\": \"many\", \"flagged_items\": 0, \"resources_count\": 0}}}",
        "/aws/s3/checked_items", "expected a count", "found the string 'many'");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"aws\": {\"s3\": {\"checked_items\": -1, \"flagged_items\": 0, \"resources_count\": 0}}}",
        "/aws/s3/checked_items", "found -1");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"aws\": {\"s3\": {\"checked_items\": 1, \"flagged_items\": 0}}}",
        "/aws/s3", "missing resources_count");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"yesterday\"}",
        "/generated_at", "ISO-8601", "found 'yesterday'");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"accounts\": [{\"provider\": \"aws\", \"account_id\": \"1\", \"scanner\": \"s\", \"status\": \"DONE\"}]}",
        "/accounts/0/status", "found 'DONE'");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"accounts\": [{\"provider\": \"AWS!\", \"account_id\": \"1\", \"scanner\": \"s\", \"status\": \"FAILED\"}]}",
        "/accounts/0/provider", "provider id");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"../etc\", \"generated_at\": \"2026-11-22T02:00:00Z\"}",
        "/run_id", "run id");
    assertParseError("{\"schema_version\": 0, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\"}",
        "/schema_version", "found 0");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"top_rules\": [{\"tool\": \"t\", \"provider\": \"aws\", \"severity\": \"urgent\"}]}",
        "/top_rules/0/severity", "found 'urgent'");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"diff\": {\"previous_run_id\": \"p\"}}", "/diff", "missing previous_generated_at");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\","
        + " \"aws\": {\"s3\": {\"checked_items\": 1, \"checked_items\": 2}}}", "Duplicate field 'checked_items'");
  }

  @Test
  void read_notAReport_saysWhatIsMissing() {
    assertParseError("", "expected a JSON object", "the input is empty");
    assertParseError("[1, 2]", "expected a JSON object", "found an array");
    assertParseError("{\"report_date\": \"11-22-2026\", \"aws\": {\"total\": {\"checked_items\": 0,"
        + " \"flagged_items\": 0, \"resources_count\": 0}}}",
        "missing schema_version, run_id, generated_at", "original job");
    assertParseError("{\"schema_version\": 1, \"run_id\": \"r\", \"generated_at\": \"2026-11-22T02:00:00Z\"} {}",
        "end of the input");
  }

  @Test
  void read_ioFailure_isUncheckedIoNamingTheSource() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };

    assertThatThrownBy(() -> ReportJson.read(failing, "s3://bucket/reports/report_latest.json"))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("s3://bucket/reports/report_latest.json")
        .hasMessageContaining("connection reset");
  }

  @Test
  void write_doesNotCloseTheStream() {
    boolean[] closed = {false};
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    ReportJson.write(PostureReport.builder("r", GENERATED).build(), out);
    ReportJson.writeHistory(List.of(), out);

    assertThat(closed[0]).isFalse();
    assertThat(out.size()).isPositive();
  }

  @Test
  void historyToBytes_rows_areCompactOneLinePerRunOldestFirst() {
    HistoryRow older = HistoryRow.of(ReportContractTest.fullReport().toBuilder().runId("r1")
        .generatedAt(GENERATED.minusSeconds(604_800)).build());
    HistoryRow newer = HistoryRow.of(ReportContractTest.fullReport());

    String text = new String(ReportJson.historyToBytes(List.of(older, newer)), StandardCharsets.UTF_8);

    String[] lines = text.split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("{\"schema_version\":1,\"runs\":[");
    assertThat(lines[1]).startsWith("{\"run_id\":\"r1\",\"generated_at\":\"2026-11-15T02:00:00Z\","
        + "\"report_date\":\"11-15-2026\",\"total\":{\"checked_items\":159,\"flagged_items\":17,"
        + "\"resources_count\":71},\"providers\":{\"aws\":{").endsWith("},");
    assertThat(lines[2]).contains("\"severities\":{\"critical\":1,\"high\":4,\"medium\":6,\"low\":0,"
        + "\"informational\":2}").contains("\"accounts\":{\"succeeded\":0,\"partial\":1,\"failed\":1,"
        + "\"timed_out\":0,\"skipped\":1}").endsWith("\"diff\":{\"new\":3,\"resolved\":2,\"reopened\":1,"
        + "\"unchanged\":8,\"unknown\":5}}");
    assertThat(lines[3]).isEqualTo("]}");
    assertThat(new String(ReportJson.historyToBytes(List.of()), StandardCharsets.UTF_8))
        .isEqualTo("{\"schema_version\":1,\"runs\":[]}\n");
  }

  @Test
  void readHistory_badInput_namesSourceAndPosition() {
    assertThatThrownBy(() -> readHistory("{\"schema_version\":1,\"runs\":[{\"run_id\":\"r\"}]}"))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("history.json")
        .hasMessageContaining("/runs/0").hasMessageContaining("missing generated_at");
    assertThatThrownBy(() -> readHistory("{\"schema_version\":7,\"runs\":[{\"shape\":\"new\"}]}"))
        .isInstanceOf(ReportParseException.class).hasMessageContaining("found 7")
        .hasMessageContaining("upgrade secposture");
    assertThatThrownBy(() -> readHistory("{\"runs\":[]}")).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("missing schema_version");
    assertThatThrownBy(() -> readHistory("{\"schema_version\":1,\"runs\":[")).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("well-formed JSON");
  }

  @Test
  void readHistory_unknownKeysAndStatuses_areIgnored() {
    List<HistoryRow> rows = readHistory("{\"schema_version\":1,\"retention\":400,\"runs\":[{\"run_id\":\"r\","
        + "\"generated_at\":\"2026-11-22T02:00:00Z\",\"total\":{\"checked_items\":1,\"flagged_items\":1,"
        + "\"resources_count\":1},\"accounts\":{\"succeeded\":2,\"cancelled\":1},\"extra\":[1]}]}");

    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.accountsByStatus()).containsEntry(ScanStatus.SUCCEEDED, 2L);
      assertThat(row.diff()).isNull();
      assertThat(row.providers()).isEmpty();
    });
  }

  @Test
  void write_reportWithDiffOfEmptyMaps_roundTrips() {
    RunDiff diff = new RunDiff("p", GENERATED.minusSeconds(60), RunDiff.Counts.ZERO, Map.of(), new TreeMap<>(),
        new TreeMap<>());
    PostureReport report = PostureReport.builder("r", GENERATED).diff(diff).build();

    assertThat(roundTrip(report)).isEqualTo(report);
  }

  private static AccountSummary row(Duration duration, Instant startedAt) {
    return new AccountSummary(CloudProvider.AWS, "1", "one", "s", ScanStatus.SUCCEEDED, 0, startedAt, duration, null,
        new TreeMap<>(), new TreeMap<>(), FindingTally.ZERO, new TreeMap<>(), List.of());
  }

  private static void assertParseError(String json, String... fragments) {
    assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(ReportParseException.class, e -> {
      assertThat(e.getMessage()).startsWith("cannot parse report_latest.json");
      for (String fragment : fragments) {
        assertThat(e.getMessage()).contains(fragment);
      }
    });
  }

  private static PostureReport read(String json) {
    return ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "report_latest.json");
  }

  private static List<HistoryRow> readHistory(String json) {
    return ReportJson.readHistory(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "history.json");
  }

  private static PostureReport roundTrip(PostureReport report) {
    return ReportJson.read(new ByteArrayInputStream(ReportJson.toBytes(report)), "round-trip.json");
  }

  private static String text(PostureReport report) {
    return new String(ReportJson.toBytes(report), StandardCharsets.UTF_8);
  }
}
