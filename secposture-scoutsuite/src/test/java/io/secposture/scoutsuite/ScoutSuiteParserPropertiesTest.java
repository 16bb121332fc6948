package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import io.secposture.samples.SampleData;
import io.secposture.scoutsuite.ResultsDocuments.Shape;
import io.secposture.scoutsuite.internal.FingerprintPrefix;
import io.secposture.scoutsuite.internal.ItemPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Laws the parser keeps for any key order and any damage to a file. */
class ScoutSuiteParserPropertiesTest {
  private static Path dir;
  private static JsonNode sample;
  private static byte[] sampleBytes;
  private static List<Finding> sampleFindings;
  private static ParsedReport sampleReport;

  @BeforeContainer
  static void prepare() throws IOException {
    dir = Files.createTempDirectory("scoutsuite-properties");
    Path results = SampleData.scoutSuite(dir.resolve("sample"), CloudProvider.AWS, "123456789012", 21, 1, 0).get(0)
        .file();
    sampleBytes = Files.readAllBytes(results);
    String text = new String(sampleBytes, java.nio.charset.StandardCharsets.UTF_8);
    sample = ResultsDocuments.JSON.readTree(text.substring(text.indexOf('\n') + 1));
    sampleFindings = new ArrayList<>();
    sampleReport = new ScoutSuiteParser().parse(ReportSource.of(results), sampleFindings::add);
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Property(tries = 40)
  void parse_anyKeyOrderAndShape_sameFindingsAndCounts(@ForAll long seed, @ForAll Shape shape) {
    Path file = ResultsDocuments.write(dir.resolve("shuffled-" + seed + ".js"),
        ResultsDocuments.shuffled(sample, new Random(seed)), shape);
    List<Finding> findings = new ArrayList<>();

    ParsedReport report = new ScoutSuiteParser(1 + Math.floorMod(seed, 5000)).parse(ReportSource.of(file),
        findings::add);

    assertThat(findings).containsExactlyInAnyOrderElementsOf(sampleFindings);
    assertThat(report.accounts()).isEqualTo(sampleReport.accounts());
    assertThat(report.findings()).isEqualTo(sampleReport.findings());
  }

  @Property(tries = 150)
  void parse_anyPrefixOfAValidFile_parsesOrFailsWithAParseException(@ForAll @IntRange(min = 0, max = 10_000) int permille)
      throws IOException {
    int cut = (int) ((long) sampleBytes.length * permille / 10_000);
    Path file = Files.write(dir.resolve("prefix-" + cut + ".js"), Arrays.copyOf(sampleBytes, cut));
    long[] count = {0};
    try {
      ParsedReport report = new ScoutSuiteParser().parse(ReportSource.of(file), finding -> count[0]++);
      assertThat(cut).as("only a complete document parses").isGreaterThanOrEqualTo(sampleBytes.length - 1);
      assertThat(report.findings()).isEqualTo(count[0]).isEqualTo(sampleFindings.size());
    } catch (ReportParseException e) {
      assertThat(e.source()).isEqualTo(file.toString());
      assertThat(e.getMessage()).startsWith("cannot parse " + file);
    }
  }

  @Property(tries = 150)
  void parse_anyCorruptedByte_parsesOrFailsWithAParseException(@ForAll @IntRange(min = 0, max = 1_000_000) int at,
      @ForAll byte value) throws IOException {
    byte[] corrupted = sampleBytes.clone();
    corrupted[at % corrupted.length] = value;
    Path file = Files.write(dir.resolve("corrupt-" + at + "-" + value + ".js"), corrupted);
    long[] count = {0};
    try {
      ParsedReport report = new ScoutSuiteParser().parse(ReportSource.of(file), finding -> count[0]++);
      assertThat(report.findings()).isEqualTo(count[0]);
    } catch (ReportParseException e) {
      assertThat(e.getMessage()).startsWith("cannot parse " + file);
    }
    assertThat(openDescriptorsOf(file)).as("the parse, failed or not, closed every read of the file").isZero();
  }

  /** How many of this JVM's open file descriptors ({@code /proc/self/fd}, Linux) point at the file. */
  private static long openDescriptorsOf(Path file) throws IOException {
    Path descriptors = Path.of("/proc/self/fd");
    if (!Files.isDirectory(descriptors)) {
      return 0;
    }
    Path target = file.toRealPath();
    long open = 0;
    try (java.util.stream.Stream<Path> entries = Files.list(descriptors)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        try {
          if (Files.readSymbolicLink(entry).equals(target)) {
            open++;
          }
        } catch (IOException e) {
          // closed meanwhile (the listing's own descriptor)
        }
      }
    }
    return open;
  }

  @Property
  void fingerprintPrefix_sameAsTheApisFingerprint(@ForAll @StringLength(min = 1, max = 30) String account,
      @ForAll @StringLength(min = 1, max = 60) String rule, @ForAll @StringLength(max = 200) String resource) {
    FingerprintPrefix prefix = new FingerprintPrefix("scoutsuite", CloudProvider.GCP, account, rule);

    assertThat(prefix.of(resource))
        .isEqualTo(Finding.fingerprint("scoutsuite", CloudProvider.GCP, account, rule, resource));
    assertThat(prefix.of(null))
        .isEqualTo(Finding.fingerprint("scoutsuite", CloudProvider.GCP, account, rule, null));
  }

  @Provide
  Arbitrary<String> component() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '0', '9').ofMinLength(1).ofMaxLength(12)
        .filter(text -> !text.equals("regions"));
  }

  @Property
  void region_isTheComponentAfterRegions(@ForAll("component") String service, @ForAll("component") String region,
      @ForAll("component") String kind, @ForAll("component") String id) {
    assertThat(ItemPaths.region(service + ".regions." + region + "." + kind + "." + id)).isEqualTo(region);
    assertThat(ItemPaths.region(service + ".regions." + region)).isEqualTo(region);
    assertThat(ItemPaths.region(service + "." + kind + "." + id)).isNull();
  }
}
