package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.secposture.testkit.cases.KitParserCase;
import io.secposture.testkit.cases.KitScannerCase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contracts catch what in-house plugin authors got wrong (issue 11): each fixture plugin's contract class is run
 * through the JUnit Platform, as a consumer's build runs it, and the tests that must fail do fail, with a message
 * that says what is wrong, while the plugins written as the README says pass every test.
 */
class ContractsCatchBadPluginsTest {

  /** What happened to each test method of a contract class: null if it passed, else the failure's message. */
  static Map<String, String> run(Class<?> contractCase) {
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contractCase)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.getSource().orElse(null) instanceof MethodSource method) {
              outcomes.put(method.getMethodName(), result.getStatus() + ": " + result.getThrowable()
                  .map(Throwable::getMessage).orElse(""));
            }
          }

          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            if (test.getSource().orElse(null) instanceof MethodSource method) {
              outcomes.put(method.getMethodName(), "SKIPPED: " + reason);
            }
          }
        });
    new java.util.TreeMap<>(outcomes).forEach(failures::put);
    return failures;
  }

  private static Map<String, String> failed(Map<String, String> outcomes) {
    Map<String, String> failed = new LinkedHashMap<>();
    outcomes.forEach((test, outcome) -> {
      if (!outcome.startsWith("SUCCESSFUL")) {
        failed.put(test, outcome);
      }
    });
    return failed;
  }

  @Test
  void scannerContract_scannerWrittenAsTheReadmeSays_passesEveryTest() {
    Map<String, String> outcomes = run(KitScannerCase.Good.class);

    assertThat(outcomes).hasSizeGreaterThanOrEqualTo(7);
    assertThat(failed(outcomes)).isEmpty();
  }

  @Test
  void scannerContract_scannerLogsItsSecretThroughSlf4jAndSystemErr_failsNamingBoth() {
    Map<String, String> failed = failed(run(KitScannerCase.Leaking.class));

    assertThat(failed).containsOnlyKeys("scan_succeeds_returnsResultsAndLeaksNoSecret");
    assertThat(failed.get("scan_succeeds_returnsResultsAndLeaksNoSecret"))
        .contains("the scan printed the secret from the request's credentials")
        .contains("SLF4J logger io.secposture.testkit.fixtures.KitScanner at INFO: \"authenticating"
            + " aws/123456789012 with secret key <THE SECRET>\"")
        .contains("System.err: \"").contains("AWS_SECRET_ACCESS_KEY=<THE SECRET>")
        .doesNotContain(ScannerContract.CONTRACT_SECRET);
  }

  @Test
  void scannerContract_scannerLogsItsSecretOnlyInADebugLineNotPrinted_failsAllTheSame() {
    Map<String, String> failed = failed(run(KitScannerCase.DebugLeaking.class));

    assertThat(failed).containsOnlyKeys("scan_succeeds_returnsResultsAndLeaksNoSecret");
    assertThat(failed.get("scan_succeeds_returnsResultsAndLeaksNoSecret"))
        .contains("SLF4J logger io.secposture.testkit.fixtures.KitScanner at DEBUG: \"signing requests with"
            + " <THE SECRET>\"");
  }

  @Test
  void scannerContract_scannerPrintsItsSecretFromAnotherThread_fails() {
    Map<String, String> failed = failed(run(KitScannerCase.ThreadLeaking.class));

    assertThat(failed).containsOnlyKeys("scan_succeeds_returnsResultsAndLeaksNoSecret");
    assertThat(failed.get("scan_succeeds_returnsResultsAndLeaksNoSecret"))
        .contains("System.out: \"").contains("child said: using <THE SECRET> now");
  }

  @Test
  void scannerContract_resultsNoDiscoveredParserReads_fails() {
    Map<String, String> failed = failed(run(KitScannerCase.Unparsed.class));

    assertThat(failed).containsOnlyKeys("scan_succeeds_resultsAreReadByADiscoveredParser");
    assertThat(failed.get("scan_succeeds_resultsAreReadByADiscoveredParser"))
        .contains("a discovered parser that accepts the results file results.txt")
        .contains("kit-lines");
  }

  /**
   * Runs a contract class in a JVM whose class path has another SLF4J provider than Logback (or none), as a consumer's
   * tests may.
   */
  private static Map<String, String> runInJvm(Class<?> contractCase, String slf4jProviderJar) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!Path.of(entry).getFileName().toString().startsWith("logback-")) {
        entries.add(entry);
      }
    }
    if (slf4jProviderJar != null) {
      assertThat(Path.of(slf4jProviderJar)).as("the slf4j-simple jar Maven resolved").exists();
      entries.add(slf4jProviderJar);
    }
    Path log = Files.createTempFile("contract-case-", ".log");
    try {
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", String.join(File.pathSeparator, entries), RunContractCase.class.getName(),
          contractCase.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the contract run finished").isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(output).isZero();
      Map<String, String> outcomes = new LinkedHashMap<>();
      for (String line : output.split("\n")) {
        if (line.startsWith("OUTCOME ")) {
          String[] parts = line.substring("OUTCOME ".length()).split(" ", 2);
          outcomes.put(parts[0], parts[1]);
        }
      }
      assertThat(outcomes).as(output).isNotEmpty();
      return outcomes;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void scannerContract_withSlf4jSimple_catchesTheSecretItPrintsOnSystemErr() throws Exception {
    Map<String, String> failed = failed(runInJvm(KitScannerCase.Leaking.class,
        System.getProperty("slf4j.simple.jar")));

    assertThat(failed).containsOnlyKeys("scan_succeeds_returnsResultsAndLeaksNoSecret");
    assertThat(failed.get("scan_succeeds_returnsResultsAndLeaksNoSecret")).contains("System.err: \"")
        .contains("INFO io.secposture.testkit.fixtures.KitScanner - authenticating aws/123456789012 with secret key"
            + " <THE SECRET>").contains("AWS_SECRET_ACCESS_KEY=<THE SECRET>")
        .doesNotContain(ScannerContract.CONTRACT_SECRET);
  }

  @Test
  void scannerContract_withoutAnySlf4jProvider_failsSayingToAddOne() throws Exception {
    Map<String, String> outcomes = runInJvm(KitScannerCase.Good.class, null);

    assertThat(failed(outcomes)).containsOnlyKeys("scan_succeeds_returnsResultsAndLeaksNoSecret");
    assertThat(outcomes.get("scan_succeeds_returnsResultsAndLeaksNoSecret"))
        .contains("no SLF4J provider is on the test class path").contains("slf4j-simple");
  }

  @Test
  void parserContract_streamingParser_passesEveryTest() {
    Map<String, String> outcomes = run(KitParserCase.Streaming.class);

    assertThat(outcomes).containsKey("parse_largeInput_streamsInASmallHeap");
    assertThat(failed(outcomes)).isEmpty();
  }

  @Test
  void parserContract_parserReadsTheWholeFileAndKeepsEveryFinding_failsTheStreamingTest() {
    Map<String, String> failed = failed(run(KitParserCase.Hoarding.class));

    assertThat(failed).containsOnlyKeys("parse_largeInput_streamsInASmallHeap");
    assertThat(failed.get("parse_largeInput_streamsInASmallHeap")).contains("ran out of memory")
        .contains(io.secposture.testkit.fixtures.KitLinesParser.Hoarding.class.getName())
        .contains("keeps the file or its findings in memory");
  }

  @Test
  void parserContract_noLargeInput_failsSayingWhatToOverride() {
    Map<String, String> failed = failed(run(KitParserCase.WithoutLargeInput.class));

    assertThat(failed).containsOnlyKeys("parse_largeInput_streamsInASmallHeap");
    assertThat(failed.get("parse_largeInput_streamsInASmallHeap"))
        .contains("override largeInput(Path directory, long minimumBytes) in WithoutLargeInput");
  }

  @Test
  void exporterContract_exporterWrittenAsTheReadmeSays_passesEveryTest() {
    Map<String, String> outcomes = run(io.secposture.testkit.cases.KitExporterCase.Good.class);

    assertThat(outcomes).hasSize(5);
    assertThat(failed(outcomes)).isEmpty();
  }

  @Test
  void exporterContract_exporterLogsItsWebhookUrl_failsBothWatchedExports() {
    Map<String, String> failed = failed(run(io.secposture.testkit.cases.KitExporterCase.Leaking.class));

    assertThat(failed).containsOnlyKeys("export_succeeds_leaksNoSecret",
        "export_fails_throwsExportException_withoutSecret");
    assertThat(failed.get("export_succeeds_leaksNoSecret"))
        .contains("the exporter printed or logged the secret from its settings")
        .contains("https://hooks.example.com/<THE SECRET>")
        .doesNotContain(io.secposture.testkit.FindingExporterContract.class.getSimpleName() + ".CONTRACT_SECRET");
  }

  @Test
  void exporterContract_exporterThrowsItsOwnExceptionQuotingTheUrl_failsTheFailureTest() {
    Map<String, String> failed = failed(run(io.secposture.testkit.cases.KitExporterCase.WrongException.class));

    assertThat(failed).containsOnlyKeys("export_fails_throwsExportException_withoutSecret");
    assertThat(failed.get("export_fails_throwsExportException_withoutSecret"))
        .contains("exporting with the failing settings").contains("ExportException");
  }
}
