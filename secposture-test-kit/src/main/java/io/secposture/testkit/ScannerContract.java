package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Secret;
import io.secposture.testkit.internal.PluginWatch;
import io.secposture.testkit.internal.SecretWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises every {@link Scanner} keeps. Extend it and supply the scanner plus a request that succeeds (for a
 * command-line scanner: one that runs a stand-in executable). The inherited tests check naming, discovery, that a
 * successful scan returns its results as artifacts inside the output directory, that the result names the request's
 * account, that every results file is read by a discovered {@link io.secposture.api.ReportParser} (as the pipeline
 * reads it), that an unsupported provider is skipped rather than attempted, that a hanging scan times out, that
 * interrupting the calling thread stops a scan promptly (keeping the interrupt flag set, as the pipeline's
 * cancellation relies on), and that the secret in the request's credentials appears nowhere: not in the result, its
 * log tail or its files, and not in anything the scan logs through SLF4J (at any level, printed or not) or writes to
 * {@code System.out} and {@code System.err}, from any thread.
 *
 * <p>Watching the logs needs an SLF4J provider on the test class path that the contract can observe: Logback,
 * slf4j-simple or {@code slf4j-jdk14} (without one, SLF4J drops every line and the test fails saying so). With
 * slf4j-simple only the levels it is configured to print are seen. The contract runs on JUnit 5: in Maven, use
 * Surefire 3 (older ones find no JUnit 5 test and run none).
 */
public abstract class ScannerContract {
  /** The secret the contract puts in the credentials of {@link #succeedingRequest} and watches for. */
  protected static final String CONTRACT_SECRET = "contract-secret-Zq8vX2pL9wK4";

  /** A fresh directory per test. */
  @TempDir
  protected Path contractDirectory;

  /**
   * Returns the scanner under test.
   *
   * @return the scanner
   */
  protected abstract Scanner scanner();

  /**
   * Returns a request that makes the scanner succeed, using the given secret somewhere in its credentials so the
   * contract can check it never leaks.
   *
   * @param outputDirectory an existing, empty directory
   * @param secret a secret to place in the credentials
   * @return the request
   */
  protected abstract ScanRequest succeedingRequest(Path outputDirectory, Secret secret);

  /**
   * Returns a request whose scan never finishes on its own, with the given timeout; return null if the scanner
   * cannot be made to hang (the timeout test is then skipped).
   *
   * @param outputDirectory an existing, empty directory
   * @param timeout the timeout to put in the request
   * @return the request, or null
   */
  protected abstract ScanRequest hangingRequest(Path outputDirectory, Duration timeout);

  @Test
  @DisplayName("its name is lower-case letters, digits and dashes and it scans at least one provider")
  void name_andProviders_areValid() {
    assertThat(scanner().name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(scanner().providers()).isNotEmpty();
  }

  @Test
  @DisplayName("it is discovered through ServiceLoader under its name")
  void discovery_findsScannerByName() {
    assertThat(Plugins.discover().scanner(scanner().name())).isInstanceOf(scanner().getClass());
  }

  @Test
  @DisplayName("a successful scan returns results inside the output directory and no secret anywhere: result, files,"
      + " SLF4J logs, System.out and System.err")
  void scan_succeeds_returnsResultsAndLeaksNoSecret() throws Exception {
    Secret secret = Secret.of(CONTRACT_SECRET);
    Path output = Files.createDirectories(contractDirectory.resolve("ok"));
    ScanRequest request = succeedingRequest(output, secret);
    SecretWatch watch = new SecretWatch(secret.reveal());
    ScanResult result;
    PluginWatch watching = PluginWatch.start(watch);
    try {
      result = scanner().scan(request);
    } finally {
      watching.close();
    }
    assertThat(watch.leaks()).as("the scan printed the secret from the request's credentials (shown as <THE SECRET>)"
        + " here; never log or print credentials: mask them, or log that they are set, not their value").isEmpty();
    assertThat(result.status()).as("status, reason: %s", result.reason()).isIn(ScanStatus.SUCCEEDED, ScanStatus.PARTIAL);
    assertThat(result.scanner()).isEqualTo(scanner().name());
    assertThat(result.account()).as("the result names the request's account").isEqualTo(request.account());
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isNotEmpty();
    for (Artifact artifact : result.artifacts()) {
      assertThat(artifact.file().toAbsolutePath().normalize()).startsWith(output.toAbsolutePath().normalize());
      assertThat(Files.isRegularFile(artifact.file())).as("%s exists", artifact.file()).isTrue();
    }
    assertThat(result.toString()).doesNotContain(secret.reveal());
    assertThat(String.join("\n", result.logTail())).doesNotContain(secret.reveal());
    try (var files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
            .as("content of %s", file).doesNotContain(secret.reveal());
      }
    }
  }

  @Test
  @DisplayName("every results file of a successful scan is read by a discovered parser")
  void scan_succeeds_resultsAreReadByADiscoveredParser() throws Exception {
    Path output = Files.createDirectories(contractDirectory.resolve("parsed"));
    ScanRequest request = succeedingRequest(output, Secret.of(CONTRACT_SECRET));
    ScanResult result = scanner().scan(request);
    assertThat(result.artifacts(ArtifactRole.RESULTS)).as("results of a successful scan; reason: %s",
        result.reason()).isNotEmpty();
    Plugins plugins = Plugins.discover();
    for (Artifact artifact : result.artifacts(ArtifactRole.RESULTS)) {
      ReportSource source = ReportSource.of(artifact.file(), request.account());
      java.util.Optional<ReportParser> parser = plugins.parserFor(source);
      assertThat(parser).as("a discovered parser that accepts the results file %s (discovered parsers: %s); without"
          + " one the pipeline reports it as an input it could not parse: register a ReportParser for this format in"
          + " META-INF/services/io.secposture.api.ReportParser, or mark files that are not results with another"
          + " ArtifactRole", artifact.name(), plugins.parsers().keySet()).isPresent();
      long[] streamed = {0};
      ParsedReport parsed;
      try {
        parsed = parser.get().parse(source, finding -> streamed[0]++);
      } catch (RuntimeException e) {
        throw new AssertionError("parser '" + parser.get().name() + "' accepts the results file " + artifact.name()
            + " but cannot parse it: " + e, e);
      }
      assertThat(parsed).as("what parser '%s' returns for %s", parser.get().name(), artifact.name()).isNotNull();
      assertThat(parsed.findings()).as("findings parser '%s' counts in %s", parser.get().name(), artifact.name())
          .isEqualTo(streamed[0]);
    }
  }

  @Test
  @DisplayName("interrupting the calling thread stops a running scan promptly and keeps the interrupt flag")
  void scan_interrupted_stopsPromptlyWithoutResultsAndKeepsTheFlag() throws Exception {
    Path output = Files.createDirectories(contractDirectory.resolve("interrupted"));
    ScanRequest request = hangingRequest(output, Duration.ofMinutes(10));
    org.junit.jupiter.api.Assumptions.assumeTrue(request != null, "this scanner cannot be made to hang");
    java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
    Thread scan = new Thread(() -> {
      try {
        outcome.set(scanner().scan(request));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
      flagKept.set(Thread.currentThread().isInterrupted());
    }, "contract-scan");

    scan.start();
    scan.join(1_000);
    assertThat(scan.isAlive()).as("the hanging scan is still running after a second").isTrue();
    long interrupted = System.nanoTime();
    scan.interrupt();
    scan.join(60_000);

    assertThat(scan.isAlive()).as("the scan stopped within a minute of the interrupt").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(60));
    assertThat(flagKept).as("the interrupt flag is set again when scan() returns").isTrue();
    if (outcome.get() instanceof ScanResult result) {
      assertThat(result.status()).as("an interrupted scan is not reported SUCCEEDED").isNotEqualTo(ScanStatus.SUCCEEDED);
    }
  }

  @Test
  @DisplayName("an account of a provider it does not scan is skipped, not attempted")
  void scan_unsupportedProvider_isSkipped() throws Exception {
    CloudAccount account = CloudAccount.builder(CloudProvider.of("unsupported-cloud"), "acct-1").build();
    Path output = Files.createDirectories(contractDirectory.resolve("unsupported"));
    ScanResult result = scanner().scan(ScanRequest.of("run-1", account, output, Duration.ofMinutes(1)));
    assertThat(result.status()).isEqualTo(ScanStatus.SKIPPED);
    assertThat(result.reason()).contains("unsupported-cloud");
  }

  @Test
  @DisplayName("a scan that does not finish is stopped at its timeout and reported TIMED_OUT")
  void scan_hanging_timesOut() throws Exception {
    Path output = Files.createDirectories(contractDirectory.resolve("hang"));
    ScanRequest request = hangingRequest(output, Duration.ofSeconds(2));
    org.junit.jupiter.api.Assumptions.assumeTrue(request != null, "this scanner cannot be made to hang");
    long started = System.nanoTime();
    ScanResult result = scanner().scan(request);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(result.status()).isEqualTo(ScanStatus.TIMED_OUT);
    assertThat(result.reason()).isNotBlank();
    assertThat(took).isLessThan(Duration.ofSeconds(60));
  }

  /**
   * Lists the output directory, for subclasses' assertions.
   *
   * @param directory a directory
   * @return relative paths of every file in it, sorted
   * @throws java.io.IOException if it cannot be listed
   */
  protected static List<String> listFiles(Path directory) throws java.io.IOException {
    try (var files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).map(p -> directory.relativize(p).toString().replace('\\', '/'))
          .sorted().toList();
    }
  }
}
