package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ReportParseException;
import io.secposture.api.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsFileTest {
  @TempDir
  Path dir;

  private static Finding sample(String rule, String resource) {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("123456789012")
        .region("eu-west-1").service("s3").ruleId(rule).title("Bucket is public").severity(Severity.HIGH)
        .status(FindingStatus.FAIL).resourceId(resource).resourceType("AwsS3Bucket")
        .description("the bucket allows public reads").remediation("block public access")
        .compliance(new ComplianceRef("CIS-1.4", "2.1.5")).build();
  }

  private static Path write(Path file, List<Finding> findings) {
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      findings.forEach(writer::accept);
    }
    return file;
  }

  private static List<Finding> read(Path file) {
    List<Finding> read = new ArrayList<>();
    FindingsFile.read(file, read::add);
    return read;
  }

  @Property(tries = 200)
  void writeThenRead_anyFindings_roundTripsExactly(@ForAll("findings") @Size(max = 30) List<Finding> findings)
      throws IOException {
    Path file = Files.createTempFile("findings", ".jsonl.gz");
    try {
      write(file, findings);

      assertThat(read(file)).isEqualTo(findings);
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<List<Finding>> findings() {
    return finding().list();
  }

  private static Arbitrary<Finding> finding() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(20),
        Arbitraries.of("", "\"quoted\"", "line1\nline2", "tab\there", "emoji \uD83D\uDD12", "back\\slash",
            "{\"json\": [1,2]}", "\u2028\u2029"));
    Arbitrary<String> nullable = text.injectNull(0.3);
    Arbitrary<CloudProvider> provider = Arbitraries.of(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP,
        CloudProvider.KUBERNETES, CloudProvider.of("github"));
    Arbitrary<List<ComplianceRef>> compliance = Combinators.combine(text, text).as(ComplianceRef::new).list()
        .ofMaxSize(3);
    Arbitrary<Finding.Builder> partial = Combinators.combine(text, provider, text, nullable, text, text, text,
        Arbitraries.of(Severity.class)).as((tool, cloud, account, region, service, rule, title, severity) ->
            Finding.builder().tool(tool).provider(cloud).accountId(account).region(region).service(service)
                .ruleId(rule).title(title).severity(severity));
    return Combinators.combine(partial, Arbitraries.of(FindingStatus.class), Arbitraries.of(true, false), nullable,
        nullable, nullable, nullable, compliance).as((builder, status, muted, resource, type, description,
            remediation, refs) -> builder.status(status).muted(muted).resourceId(resource).resourceType(type)
            .description(description).remediation(remediation).compliance(refs).build());
  }

  @Test
  void create_writesOneSnakeCaseJsonObjectPerLineInTheDocumentedOrder() throws IOException {
    Path file = write(dir.resolve("findings.jsonl.gz"), List.of(sample("s3_public", "arn:aws:s3:::a"),
        sample("s3_public", null)));

    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.split("\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    List<String> keys = new ArrayList<>();
    first.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("tool", "provider", "account_id", "region", "service", "rule_id", "title",
        "severity", "status", "muted", "resource_id", "resource_type", "description", "remediation", "compliance",
        "fingerprint");
    assertThat(first.get("severity").asText()).isEqualTo("high");
    assertThat(first.get("status").asText()).isEqualTo("fail");
    assertThat(first.get("muted").isBoolean()).isTrue();
    assertThat(first.get("compliance").get(0).get("framework").asText()).isEqualTo("CIS-1.4");
    assertThat(first.get("fingerprint").asText()).matches("[0-9a-f]{32}");
    assertThat(new ObjectMapper().readTree(lines[1]).get("resource_id").isNull()).isTrue();
  }

  @Test
  void writeThenRead_loneSurrogateFromBrokenInput_neverFailsTheWrite() {
    Finding broken = Finding.builder().tool("t").provider(CloudProvider.AWS).accountId("1").service("s")
        .ruleId("r").title("half \uD83D pair").description("\uDC00 low first").build();

    Path file = write(dir.resolve("surrogate.jsonl.gz"), List.of(broken, sample("next", "r")));

    assertThat(read(file)).hasSize(2).element(1).isEqualTo(sample("next", "r"));
  }

  @Test
  void writer_countsAndRefusesWritesAfterClose() {
    FindingsFile.Writer writer = FindingsFile.create(dir.resolve("f.jsonl.gz"));
    writer.accept(sample("a", "r"));
    writer.accept(sample("b", "r"));
    writer.close();
    writer.close();

    assertThat(writer.count()).isEqualTo(2);
    assertThatThrownBy(() -> writer.accept(sample("c", "r"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already closed");
  }

  @Test
  void read_concatenatedGzipMembers_readsEveryFinding() throws IOException {
    Path one = write(dir.resolve("one.jsonl.gz"), List.of(sample("a", "1"), sample("b", "2")));
    Path two = write(dir.resolve("two.jsonl.gz"), List.of(sample("c", "3")));
    Path joined = dir.resolve("joined.jsonl.gz");
    try (OutputStream out = Files.newOutputStream(joined)) {
      Files.copy(one, out);
      Files.copy(two, out);
    }

    assertThat(read(joined)).extracting(Finding::ruleId).containsExactly("a", "b", "c");
  }

  @Test
  void read_emptyFile_reportParseExceptionNamingTheFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jsonl.gz"));

    assertThatThrownBy(() -> read(empty)).isInstanceOf(ReportParseException.class)
        .hasMessage("cannot parse " + empty + ": expected a gzip-compressed findings file (findings.jsonl.gz);"
            + " the file is empty or truncated");
  }

  @Test
  void read_notGzip_reportParseException() throws IOException {
    Path plain = Files.writeString(dir.resolve("plain.jsonl.gz"), "{\"tool\":\"x\"}\n");

    assertThatThrownBy(() -> read(plain)).isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith("cannot parse " + plain + ": expected a gzip-compressed findings file");
  }

  @Test
  void read_truncatedFile_reportParseExceptionAfterTheCompleteFindings() throws IOException {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(sample("rule-" + i, "resource-" + i));
    }
    byte[] bytes = Files.readAllBytes(write(dir.resolve("full.jsonl.gz"), many));
    Path truncated = Files.write(dir.resolve("truncated.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    List<Finding> seen = new ArrayList<>();

    assertThatThrownBy(() -> FindingsFile.read(truncated, seen::add)).isInstanceOf(ReportParseException.class)
        .hasMessageContaining(truncated.toString());
    assertThat(seen).isNotEmpty().hasSizeLessThan(2000);
    assertThat(seen).isEqualTo(many.subList(0, seen.size()));
  }

  @Test
  void read_malformedLines_reportParseExceptionWithLineAndWhatWasExpected() throws IOException {
    String good = "{\"tool\":\"t\",\"provider\":\"aws\",\"account_id\":\"1\",\"service\":\"s\",\"rule_id\":\"r\","
        + "\"title\":\"x\",\"severity\":\"low\",\"status\":\"pass\",\"fingerprint\":\"f\",\"future_key\":{\"a\":[1]}}";
    Path missing = gzip("missing.jsonl.gz", good + "\n" + good.replace("\"rule_id\":\"r\",", "")
        .replace("\"severity\":\"low\"", "\"severity\":\"urgent\"") + "\n");
    Path wrongType = gzip("type.jsonl.gz", good + "\n" + good + "\n" + good.replace("\"title\":\"x\"", "\"title\":7")
        + "\n");
    Path notObject = gzip("array.jsonl.gz", "[1,2]\n");
    Path garbage = gzip("garbage.jsonl.gz", good + "\n{nope\n");

    assertThatThrownBy(() -> read(missing)).isInstanceOfSatisfying(ReportParseException.class, e -> {
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.getMessage()).isEqualTo("cannot parse " + missing + " at line 2: expected a finding with rule_id,"
          + " severity (critical, high, medium, low or informational; got 'urgent')");
    });
    assertThatThrownBy(() -> read(wrongType)).isInstanceOfSatisfying(ReportParseException.class, e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.expected()).isEqualTo("a string or null for 'title'");
    });
    assertThatThrownBy(() -> read(notObject)).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("expected a JSON object per line (one finding)");
    assertThatThrownBy(() -> read(garbage)).isInstanceOfSatisfying(ReportParseException.class,
        e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void read_unknownKeys_ignoredForForwardCompatibility() throws IOException {
    Path file = gzip("future.jsonl.gz", "{\"tool\":\"t\",\"provider\":\"aws\",\"account_id\":\"1\",\"service\":\"s\","
        + "\"rule_id\":\"r\",\"title\":\"x\",\"severity\":\"LOW\",\"status\":\"MANUAL\",\"fingerprint\":\"f\","
        + "\"first_seen\":\"2026-01-01\",\"tags\":[{\"k\":\"v\"}]}\n");

    assertThat(read(file)).singleElement().satisfies(finding -> {
      assertThat(finding.severity()).isEqualTo(Severity.LOW);
      assertThat(finding.status()).isEqualTo(FindingStatus.MANUAL);
      assertThat(finding.muted()).isFalse();
      assertThat(finding.compliance()).isEmpty();
    });
  }

  @Test
  void writeThenRead_manyFindings_streamsWithoutHoldingThemAll() {
    Path file = dir.resolve("big.jsonl.gz");
    int count = 200_000;
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      for (int i = 0; i < count; i++) {
        writer.accept(sample("rule-" + (i % 500), "arn:aws:s3:::bucket-" + i));
      }
    }
    long[] seen = {0};
    Iterator<Integer> expected = java.util.stream.IntStream.range(0, count).iterator();

    long read = FindingsFile.read(file, finding -> {
      assertThat(finding.resourceId()).isEqualTo("arn:aws:s3:::bucket-" + expected.next());
      seen[0]++;
    });

    assertThat(read).isEqualTo(count);
    assertThat(seen[0]).isEqualTo(count);
  }

  @Test
  void writeThenRead_halfAMillionFindingsInA16MegabyteHeap_streamsInBoundedMemory() throws IOException {
    Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    Path file = dir.resolve("many.jsonl.gz");
    int count = 500_000;
    ProcessSpec spec = ProcessSpec.builder(List.of(javaExecutable.toString(), "-Xmx16m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "io.secposture.core.enginetest.FindingsFileMemoryProbe",
        file.toString(), Integer.toString(count))).workingDirectory(dir)
        .timeout(java.time.Duration.ofMinutes(5)).build();

    ProcessResult result = new ProcessRunner().run(spec);

    assertThat(result.exitCode()).as("probe output: %s", result.tail()).isZero();
    assertThat(result.tail()).anySatisfy(line -> assertThat(line).startsWith("read " + count + " findings"));
    assertThat(Files.size(file)).as("the findings themselves are far larger than the heap").isGreaterThan(1_000_000);
  }

  private Path gzip(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return Files.write(dir.resolve(name), bytes.toByteArray());
  }
}
