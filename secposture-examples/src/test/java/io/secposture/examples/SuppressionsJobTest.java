package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudAccount;
import io.secposture.samples.DemoScanners;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --suppressions} and {@code SECPOSTURE_SUPPRESSIONS} on the job's commands, end to end. */
class SuppressionsJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private Path suppressions(String account) throws IOException {
    return Files.writeString(temp.resolve("suppressions.yaml"), String.join("\n",
        "suppressions:",
        "  - id: first-account",
        "    rule: \"*\"",
        "    accounts: [" + account + "]",
        "    reason: Being decommissioned",
        "    owner: platform",
        "    ticket: OPS-7",
        "  - id: long-gone",
        "    rule: \"*\"",
        "    reason: Expired long ago",
        "    owner: platform",
        "    expires: 2020-01-31",
        "  - id: never-seen",
        "    rule: no_such_rule_*",
        "    reason: Matches nothing",
        "    owner: platform",
        ""));
  }

  @Test
  void demo_withSuppressions_mutesTheAccountsFindingsAndListsEveryEntry() throws IOException {
    CloudAccount first = DemoScanners.accounts(2, 2026).get(0);
    Path file = suppressions(first.name());
    Path plain = temp.resolve("plain");
    Path site = temp.resolve("site");

    Result without = job(Map.of(), "demo", "--accounts", "2", "--output", plain.toString());
    Result with = job(Map.of(), "demo", "--accounts", "2", "--output", site.toString(), "--suppressions",
        file.toString());

    assertThat(without.exit()).as(without.err()).isZero();
    assertThat(with.exit()).as(with.err()).isZero();
    JsonNode before = JSON.readTree(plain.resolve("reports/report_latest.json").toFile());
    JsonNode after = JSON.readTree(site.resolve("reports/report_latest.json").toFile());
    long firstFlagged = accountRow(before, first.id()).get("findings").path("failed").asLong()
        - accountRow(before, first.id()).get("findings").path("muted").asLong();
    assertThat(firstFlagged).as("the demo account flags something to mute").isPositive();
    assertThat(after.get("statuses").get("muted").asLong())
        .isEqualTo(before.get("statuses").get("muted").asLong() + firstFlagged);
    assertThat(after.get("total").get("checked_items")).isEqualTo(before.get("total").get("checked_items"));
    assertThat(accountRow(after, first.id()).get("services").findValues("flagged_items"))
        .allSatisfy(flagged -> assertThat(flagged.asLong()).isZero());

    List<String> entries = new ArrayList<>();
    after.get("suppressions").forEach(entry -> entries.add(entry.get("id").asText() + " "
        + entry.get("matched").asLong() + " expired=" + entry.get("expired").asBoolean() + " unused="
        + entry.get("unused").asBoolean()));
    assertThat(entries).containsExactly("first-account " + firstFlagged + " expired=false unused=false",
        "long-gone 0 expired=true unused=false", "never-seen 0 expired=false unused=true");
    assertThat(Files.readString(site.resolve("index.html"))).contains("Accepted risks", "OPS-7", "Being decommissioned");
    assertThat(suppressedBy(site, first.id())).filteredOn("first-account"::equals).hasSize((int) firstFlagged);
  }

  @Test
  void aggregate_suppressionsFromAUriAndTheVariable_areReadThroughThePublisher() throws IOException {
    Path demo = temp.resolve("demo");
    assertThat(job(Map.of(), "demo", "--accounts", "1", "--output", demo.toString()).exit()).isZero();
    List<Path> results;
    try (Stream<Path> files = Files.walk(demo.resolve("runs"))) {
      results = files.filter(path -> path.getFileName().toString().startsWith("scoutsuite_results")).toList();
    }
    assertThat(results).isNotEmpty();
    String account = DemoScanners.accounts(1, 2026).get(0).id();
    Path config = Files.createDirectories(temp.resolve("config"));
    Files.writeString(config.resolve("suppressions.yaml"), "suppressions:\n  - {id: by-id, rule: \"*\", accounts: [\""
        + account + "\"], reason: r, owner: o}\n");

    Result aggregate = job(Map.of("SECPOSTURE_SUPPRESSIONS", config.resolve("suppressions.yaml").toUri().toString()),
        "aggregate", "--output", temp.resolve("site").toString(), results.get(0).toString());

    assertThat(aggregate.exit()).as(aggregate.err()).isZero();
    JsonNode report = JSON.readTree(temp.resolve("site/reports/report_latest.json").toFile());
    assertThat(report.get("suppressions").get(0).get("matched").asLong()).isPositive();
    assertThat(report.get("statuses").get("muted").asLong()).isGreaterThanOrEqualTo(
        report.get("suppressions").get(0).get("matched").asLong());
  }

  @Test
  void badOrMissingSuppressionsFile_exitsTwoWithEveryProblemAndItsLine() throws IOException {
    Path file = Files.writeString(temp.resolve("bad.yaml"),
        "suppressions:\n  - rule: a\n    owner: o\n  - rule: b\n    reason: r\n    owner: o\n    expires: soon\n");

    Result demo = job(Map.of(), "demo", "--accounts", "1", "--output", temp.resolve("site").toString(),
        "--suppressions", file.toString());
    Result missing = job(Map.of("SECPOSTURE_SUPPRESSIONS", temp.resolve("config/suppressions.yaml").toUri()
        .toString()), "aggregate", "--output", temp.resolve("site2").toString(), file.toString());

    assertThat(demo.exit()).isEqualTo(2);
    assertThat(demo.err()).contains(file + " line 2: the entry has no 'reason'",
        file + " line 7: 'expires' is 'soon'; write the last day as YYYY-MM-DD");
    assertThat(temp.resolve("site")).doesNotExist();
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("SECPOSTURE_SUPPRESSIONS: the suppressions file file://"
        + temp.resolve("config") + "/suppressions.yaml does not exist; check the URI");
  }

  private static JsonNode accountRow(JsonNode report, String accountId) {
    for (JsonNode row : report.get("accounts")) {
      if (row.get("account_id").asText().equals(accountId)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + accountId);
  }

  /** The suppressed_by of every muted line of the account's published findings files. */
  private static List<String> suppressedBy(Path site, String accountId) throws IOException {
    List<String> ids = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(site.resolve("runs"))) {
      files = walk.filter(path -> path.getFileName().toString().equals("findings.jsonl.gz")
          && path.toString().contains("/" + accountId + "/")).toList();
    }
    for (Path file : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
          Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          JsonNode finding = JSON.readTree(line);
          if (finding.get("muted").asBoolean() && finding.get("status").asText().equals("fail")) {
            ids.add(finding.path("suppressed_by").asText("scanner"));
          }
        }
      }
    }
    return ids;
  }
}
