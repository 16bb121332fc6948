package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Properties: any Prowler document a test writes (with its own writer, not the sample writer) parses back to the
 * counts an independent oracle computes from the same results: checked, flagged and distinct resources per account
 * and service, the number of findings, and fingerprints.
 */
class ProwlerRoundTripPropertiesTest {
  private static final JsonFactory JSON = new JsonFactory();
  private final Path directory;

  ProwlerRoundTripPropertiesTest() throws IOException {
    directory = Files.createTempDirectory("prowler-properties");
  }

  @AfterProperty
  void cleanUp() throws IOException {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  /**
   * One generated result.
   *
   * @param provider provider id
   * @param account account id
   * @param group the service Prowler puts in resources[0].group.name; null to leave it out
   * @param check the check id
   * @param status PASS, FAIL or MANUAL
   * @param muted muted flag
   * @param resource the resource uid
   * @param text a status text with awkward characters
   */
  record Result(String provider, String account, String group, String check, String status, boolean muted,
      String resource, String text) {

    String service() {
      return group != null ? group : check.substring(0, check.indexOf('_'));
    }
  }

  @Provide
  Arbitrary<List<Result>> results() {
    Arbitrary<String> provider = Arbitraries.of("aws", "azure", "gcp", "kubernetes");
    Arbitrary<String> account = Arbitraries.of("123456789012", "210987654321", "sub-ä-1", "proj\"quoted\\x",
        "arn:aws:eks:eu-west-1:1:cluster/prod");
    Arbitrary<String> group = Arbitraries.of("s3", "iam", "ec2", "kms").injectNull(0.2);
    Arbitrary<String> check = Arbitraries.of("s3", "iam", "rds").flatMap(prefix -> Arbitraries.strings()
        .withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(word -> prefix + "_" + word));
    Arbitrary<String> status = Arbitraries.of("PASS", "FAIL", "MANUAL");
    Arbitrary<String> awkward = Arbitraries.strings().withCharRange('\u0020', '\u07ff')
        .withChars('"', '\\', ';', ',', '\n', '\t', '\u2603', '\u00e9').ofMinLength(1).ofMaxLength(30)
        .map(String::strip).filter(text -> !text.isEmpty());
    Arbitrary<String> resource = Arbitraries.oneOf(Arbitraries.of("arn:aws:s3:::a", "arn:aws:s3:::b", "shared"),
        awkward);
    return Combinators.combine(provider, account, group, check, status, Arbitraries.of(true, false), resource,
        awkward).as(Result::new).list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void ocsf_anyDocument_parsesToTheOracleCounts(@ForAll("results") List<Result> results,
      @ForAll boolean pretty, @ForAll boolean withCloud) throws IOException {
    Path file = directory.resolve("doc.ocsf.json");
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator json = JSON.createGenerator(out)) {
      if (pretty) {
        json.useDefaultPrettyPrinter();
      }
      json.writeStartArray();
      for (Result result : results) {
        writeOcsf(json, result, withCloud && !result.provider().equals("kubernetes"));
      }
      json.writeEndArray();
    }
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = new ProwlerOcsfParser().parse(ReportSource.of(file), findings::add);

    assertMatchesOracle(results, report, findings);
  }

  @Property(tries = 200)
  void csv_anyDocument_parsesToTheOracleCountsWhateverTheLineEndsAndQuoting(
      @ForAll("results") List<Result> results, @ForAll("lineEnds") String lineEnd, @ForAll boolean quoteAll)
      throws IOException {
    StringBuilder text = new StringBuilder("AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;PROVIDER;CHECK_ID;STATUS;"
        + "STATUS_EXTENDED;MUTED;SERVICE_NAME;SEVERITY;RESOURCE_UID;REGION").append(lineEnd);
    for (Result result : results) {
      String[] fields = {"profile: x", "2026-01-05 02:00:00.000000", result.account(), result.provider(),
          result.check(), result.status(), result.text().replace("\n", lineEnd), result.muted() ? "True" : "False",
          result.service(), "high", result.resource(), "eu-west-1"};
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          text.append(';');
        }
        String field = fields[i];
        boolean needsQuotes = field.contains(";") || field.contains("\"") || field.contains("\n")
            || field.contains("\r");
        text.append(quoteAll || needsQuotes ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
      }
      text.append(lineEnd);
    }
    Path file = Files.write(directory.resolve("doc.csv"), text.toString().getBytes(StandardCharsets.UTF_8));
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = new ProwlerCsvParser().parse(ReportSource.of(file), findings::add);

    assertMatchesOracle(results, report, findings);
    for (int i = 0; i < results.size(); i++) {
      assertThat(findings.get(i).description()).isEqualTo(results.get(i).text());
    }
  }

  @Provide
  Arbitrary<String> lineEnds() {
    return Arbitraries.of("\n", "\r\n", "\r\r\n");
  }

  private static void assertMatchesOracle(List<Result> results, ParsedReport report, List<Finding> findings) {
    Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
    Map<String, Map<String, Set<String>>> resources = new HashMap<>();
    for (Result result : results) {
      String key = result.provider() + "/" + result.account();
      long[] tally = counts.computeIfAbsent(key, k -> new TreeMap<>())
          .computeIfAbsent(result.service(), s -> new long[2]);
      if (!result.status().equals("MANUAL")) {
        tally[0]++;
        if (result.status().equals("FAIL") && !result.muted()) {
          tally[1]++;
        }
        resources.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(result.service(), s -> new HashSet<>())
            .add(result.resource());
      }
    }
    Map<String, Map<String, ServiceStats>> expected = new LinkedHashMap<>();
    counts.forEach((key, services) -> {
      Map<String, ServiceStats> stats = new TreeMap<>();
      services.forEach((service, tally) -> stats.put(service, new ServiceStats(tally[0], tally[1],
          resources.getOrDefault(key, Map.of()).getOrDefault(service, Set.of()).size())));
      expected.put(key, stats);
    });
    Map<String, Map<String, ServiceStats>> actual = new LinkedHashMap<>();
    for (AccountStats account : report.accounts()) {
      actual.put(account.provider().id() + "/" + account.accountId(), account.services());
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(report.findings()).isEqualTo(results.size()).isEqualTo(findings.size());
    for (int i = 0; i < results.size(); i++) {
      Result result = results.get(i);
      assertThat(findings.get(i).fingerprint()).isEqualTo(Finding.fingerprint("prowler",
          CloudProvider.of(result.provider()), result.account(), result.check(), result.resource()));
      assertThat(findings.get(i).flagged()).isEqualTo(result.status().equals("FAIL") && !result.muted());
    }
  }

  private static void writeOcsf(JsonGenerator json, Result result, boolean withCloud) {
    try {
      json.writeStartObject();
      json.writeStringField("message", result.text());
      json.writeObjectFieldStart("metadata");
      json.writeStringField("event_code", result.check());
      json.writeObjectFieldStart("product");
      json.writeStringField("name", "Prowler");
      json.writeStringField("version", "5.9.0");
      json.writeEndObject();
      json.writeEndObject();
      json.writeStringField("severity", "Medium");
      json.writeStringField("status", result.muted() ? "Suppressed" : "New");
      json.writeStringField("status_code", result.status());
      json.writeNumberField("status_id", result.muted() ? 3 : 1);
      json.writeObjectFieldStart("unmapped");
      json.writeObjectFieldStart("compliance");
      json.writeArrayFieldStart("CIS-1.0");
      json.writeString("1.1");
      json.writeEndArray();
      json.writeEndObject();
      json.writeStringField("provider", result.provider());
      json.writeStringField("provider_uid", result.account());
      json.writeEndObject();
      json.writeObjectFieldStart("finding_info");
      json.writeStringField("title", "Title");
      json.writeStringField("uid", "prowler-" + result.provider() + "-" + result.check() + "-x");
      json.writeEndObject();
      json.writeArrayFieldStart("resources");
      json.writeStartObject();
      json.writeObjectFieldStart("data");
      json.writeStringField("details", result.text());
      json.writeArrayFieldStart("metadata");
      json.writeStartObject();
      json.writeStringField("uid", "not the resource");
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
      if (result.group() != null) {
        json.writeObjectFieldStart("group");
        json.writeStringField("name", result.group());
        json.writeEndObject();
      }
      json.writeStringField("uid", result.resource());
      json.writeEndObject();
      json.writeEndArray();
      json.writeNumberField("class_uid", 2004);
      if (withCloud) {
        json.writeObjectFieldStart("cloud");
        json.writeObjectFieldStart("account");
        json.writeStringField("uid", result.account());
        json.writeEndObject();
        json.writeStringField("provider", result.provider());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
