package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ReportSource;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, issue 12 item 5: a Prowler file whose results carry 90 MB descriptions (and a huge field the parser
 * ignores, under a huge name) must not run the JVM out of memory. One file per Prowler format, each with three 90 MiB
 * texts (two descriptions and a remediation) in three results, is parsed by a separate JVM limited to 64 MB of heap,
 * through parser discovery as the pipeline does: every format parses to all its results, every long text is cut to
 * 65,536 characters ending in {@code ... [truncated: <original length> chars]}, and the report warns where.
 */
class HostileHugeFieldsTest {
  private static final long HUGE_BYTES = 90L * 1024 * 1024;
  private static final long IGNORED_BYTES = 10L * 1024 * 1024;
  private static final int HUGE_NAME_CHARS = 200_000;
  /** JSON string content as written in the file, with escapes and multi-byte characters. */
  private static final String JSON_FILLER = "0123456789 abcdef \\\"q\\\" \\u00e9 \u00e9; ";
  /** A quoted Prowler 3-5 CSV value, with a doubled quote and the delimiter. */
  private static final String CSV_FILLER = "0123456789 abcdef \"\"q\"\" \u00e9; ";
  /** An unquoted Prowler 2 CSV value (v2 never quotes). */
  private static final String CSV_V2_FILLER = "0123456789 abcdef q \u00e9 ";
  private static final Pattern PLACEHOLDER = Pattern.compile("@@(HUGE|IGNORED|NAME)@@");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path directory;

  /**
   * One format's test file.
   *
   * @param format the sample format
   * @param fileName its name
   * @param parser the parser that must claim it
   * @param description where descriptions are (JSON pointer, or CSV column)
   * @param remediation where remediations are; null when the format keeps none
   */
  record Case(Format format, String fileName, String parser, String description, String remediation) {
  }

  private static List<Case> cases() {
    return List.of(
        new Case(Format.OCSF, "huge.ocsf.json", "prowler-ocsf", "/status_detail", "/remediation/desc"),
        new Case(Format.OCSF_V3, "huge-v3.ocsf.json", "prowler-ocsf-v3", "/status_detail",
            "/finding/remediation/desc"),
        new Case(Format.ASFF, "huge.asff.json", "prowler-asff", "/Description", "/Remediation/Recommendation/Text"),
        new Case(Format.JSON_V3, "huge-v3.json", "prowler-json-v3", "/StatusExtended",
            "/Remediation/Recommendation/Text"),
        new Case(Format.JSON_V2, "huge-v2.json", "prowler-v2-json", "/Message", "/Remediation"),
        new Case(Format.CSV, "huge.csv", "prowler-csv", "STATUS_EXTENDED", "REMEDIATION_RECOMMENDATION_TEXT"),
        new Case(Format.CSV_V2, "huge-v2.csv", "prowler-v2-csv", "CHECK_RESULT_EXTENDED", "CHECK_REMEDIATION"),
        new Case(Format.COMPLIANCE_CSV, "huge_cis_3.0_aws.csv", "prowler-compliance-csv", "STATUSEXTENDED", null));
  }

  @Test
  void parse_ninetyMegabyteFieldsInEveryFormatWith64MbOfHeap_keepsEveryResultAndCutsTheTexts() throws Exception {
    List<Case> cases = cases();
    List<String> files = new ArrayList<>();
    List<Expected> expected = new ArrayList<>();
    for (Case c : cases) {
      Path sample = directory.resolve("sample-" + c.fileName());
      ProwlerSampleWriter.writeFormat(sample, c.format(), CloudProvider.AWS, "123456789012", 7, 0, 0);
      Path file = directory.resolve(c.fileName());
      expected.add(c.format().name().contains("CSV") ? writeCsv(sample, file, c) : writeJson(sample, file, c));
      expected.get(expected.size() - 1).findings = countFindings(sample);
      assertThat(Files.size(file)).isGreaterThan(3 * HUGE_BYTES);
      files.add(file.toString());
    }

    Properties printed = parseInSmallJvm(files);

    assertThat(Long.parseLong(printed.getProperty("maxHeap"))).isLessThanOrEqualTo(64L * 1024 * 1024);
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      Expected e = expected.get(i);
      String p = i + ".";
      String marker = e.hugeChars + ",";
      assertThat(printed.getProperty(p + "parser")).as("parser of %s", c.fileName()).isEqualTo(c.parser());
      assertThat(Long.parseLong(printed.getProperty(p + "findings"))).as("results of %s", c.fileName())
          .isEqualTo(e.findings).isGreaterThan(4);
      assertThat(Long.parseLong(printed.getProperty(p + "longest"))).as("longest text of %s", c.fileName())
          .isBetween(65_536L, 65_536L + 1_000);
      assertThat(printed.getProperty(p + "descriptionMarkers")).as("description markers of %s", c.fileName())
          .isEqualTo(marker + marker);
      assertThat(printed.getProperty(p + "remediationMarkers")).as("remediation markers of %s", c.fileName())
          .isEqualTo(c.remediation() == null ? "" : marker);
      assertThat(printed.getProperty(p + "warnings")).as("warnings of %s", c.fileName())
          .contains(e.shortened + " times, first at " + e.position + ": shortened text values longer than 65536 "
              + "characters to their first 65536, marked '... [truncated: <length> chars]'");
    }
  }

  /** What one file must parse to. */
  private static final class Expected {
    long findings;
    long hugeChars;
    int shortened;
    String position;
  }

  /**
   * Puts three huge texts into results 1, 2 (descriptions) and 3 (remediation, or an ignored field), and a 10 MiB
   * ignored field with a 200,000-character name into result 4.
   */
  private static Expected writeJson(Path sample, Path file, Case c) throws IOException {
    List<JsonNode> findings = new ArrayList<>();
    boolean lines = c.format() == Format.JSON_V2;
    if (lines) {
      try (MappingIterator<JsonNode> nodes = MAPPER.readerFor(JsonNode.class).readValues(sample.toFile())) {
        nodes.forEachRemaining(findings::add);
      }
    } else {
      MAPPER.readTree(sample.toFile()).forEach(findings::add);
    }
    set(findings.get(1), c.description(), "@@HUGE@@");
    set(findings.get(2), c.description(), "@@HUGE@@");
    set(findings.get(3), c.remediation(), "@@HUGE@@");
    ((ObjectNode) findings.get(4)).put("@@NAME@@", "@@IGNORED@@");
    String text;
    if (lines) {
      StringBuilder all = new StringBuilder();
      for (JsonNode finding : findings) {
        all.append(MAPPER.writeValueAsString(finding)).append('\n');
      }
      text = all.toString();
    } else {
      text = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.createArrayNode().addAll(findings));
    }
    Expected expected = new Expected();
    expected.hugeChars = stream(file, text, JSON_FILLER, jsonLength(JSON_FILLER));
    expected.shortened = 5;
    expected.position = "line " + (text.substring(0, text.indexOf("@@HUGE@@")).chars().filter(ch -> ch == '\n')
        .count() + 1);
    return expected;
  }

  private static void set(JsonNode finding, String pointer, String value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? finding : finding.at(pointer.substring(0, slash));
    assertThat(parent.isObject()).as("%s in the sample", pointer).isTrue();
    ((ObjectNode) parent).put(pointer.substring(slash + 1), value);
  }

  /** The same for CSV: results 1 and 2 get huge descriptions, 3 a huge remediation, 4 a 10 MiB ignored column. */
  private static Expected writeCsv(Path sample, Path file, Case c) throws IOException {
    boolean v2 = c.format() == Format.CSV_V2;
    char delimiter = v2 ? ',' : ';';
    List<List<String>> rows = new ArrayList<>();
    try (CsvParser parser = new CsvFactory().createParser(sample.toFile())) {
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      parser.nextToken();
      while (parser.nextToken() == JsonToken.START_ARRAY) {
        List<String> row = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
          row.add(parser.getText());
        }
        rows.add(row);
      }
    }
    List<String> header = rows.get(0);
    String ignored = v2 ? "CHECK_RISK" : c.format() == Format.CSV ? "RESOURCE_DETAILS" : "DESCRIPTION";
    rows.get(2).set(header.indexOf(c.description()), "@@HUGE@@");
    rows.get(3).set(header.indexOf(c.description()), "@@HUGE@@");
    rows.get(4).set(header.indexOf(c.remediation() != null ? c.remediation() : "REQUIREMENTS_DESCRIPTION"),
        "@@HUGE@@");
    rows.get(5).set(header.indexOf(ignored), "@@IGNORED@@");
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          text.append(delimiter);
        }
        String value = row.get(i);
        boolean placeholder = PLACEHOLDER.matcher(value).matches();
        boolean quote = !v2 && (placeholder || value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0);
        text.append(quote ? "\"" + (placeholder ? value : value.replace("\"", "\"\"")) + "\"" : value);
      }
      text.append("\r\n");
    }
    String filler = v2 ? CSV_V2_FILLER : CSV_FILLER;
    Expected expected = new Expected();
    expected.hugeChars = stream(file, text.toString(), filler, v2 ? filler.length() : csvLength(filler));
    expected.shortened = 4;
    expected.position = "row 3";
    return expected;
  }

  /** Writes the text with each placeholder replaced by repeated filler; returns the huge texts' decoded length. */
  private static long stream(Path file, String text, String filler, long fillerChars) throws IOException {
    byte[] chunk = filler.repeat(Math.max(1, 64 * 1024 / filler.length())).getBytes(StandardCharsets.UTF_8);
    long fillerBytes = filler.getBytes(StandardCharsets.UTF_8).length;
    long chunkRepeats = chunk.length / fillerBytes;
    long hugeChunks = HUGE_BYTES / chunk.length;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      Matcher matcher = PLACEHOLDER.matcher(text);
      int at = 0;
      while (matcher.find()) {
        out.write(text.substring(at, matcher.start()).getBytes(StandardCharsets.UTF_8));
        long chunks = switch (matcher.group(1)) {
          case "HUGE" -> hugeChunks;
          case "IGNORED" -> IGNORED_BYTES / chunk.length;
          default -> 0;
        };
        if (matcher.group(1).equals("NAME")) {
          out.write("n".repeat(HUGE_NAME_CHARS).getBytes(StandardCharsets.UTF_8));
        }
        for (long i = 0; i < chunks; i++) {
          out.write(chunk);
        }
        at = matcher.end();
      }
      out.write(text.substring(at).getBytes(StandardCharsets.UTF_8));
    }
    return hugeChunks * chunkRepeats * fillerChars;
  }

  private static long jsonLength(String raw) throws IOException {
    return MAPPER.readTree("\"" + raw + "\"").textValue().length();
  }

  private static long csvLength(String raw) throws IOException {
    try (CsvParser parser = new CsvFactory().createParser("\"" + raw + "\"\n")) {
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(';'));
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      parser.nextToken();
      parser.nextToken();
      parser.nextToken();
      return parser.getText().length();
    }
  }

  private static long countFindings(Path sample) {
    ReportSource source = ReportSource.of(sample, CloudAccount.builder(CloudProvider.AWS, "123456789012").build());
    long[] count = new long[1];
    Plugins.discover().parserFor(source).orElseThrow().parse(source, finding -> count[0]++);
    return count[0];
  }

  private Properties parseInSmallJvm(List<String> files) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path output = directory.resolve("parse.out");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath, HugeFieldsParseMain.class.getName()));
    command.addAll(files);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean exited = process.waitFor(10, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("the parse finished within 10 minutes").isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", printed).isZero();
    Properties properties = new Properties();
    properties.load(new StringReader(printed));
    return properties;
  }
}
