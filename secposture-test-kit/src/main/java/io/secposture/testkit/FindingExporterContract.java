package io.secposture.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.internal.PluginWatch;
import io.secposture.testkit.internal.SecretWatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link FindingExporter} meets. Extend it in your exporter's tests: give the exporter, settings
 * under which an export succeeds (a local server of the destination, started by your test) and settings under which
 * it fails (the destination refuses), each holding {@link #CONTRACT_SECRET} in a secret setting (a webhook URL's
 * path, a signing key). The contract checks the name and discovery, that {@code validate} reports problems instead
 * of throwing, that an export of {@link InMemoryExportedRun#sample a sample run} and of an empty run succeeds, that a
 * failing export throws an {@link ExportException} (not any other exception), and that the secret appears nowhere:
 * not in the result, the exception (its whole cause chain), the exporter's {@code toString()}, files it added, or
 * anything logged through SLF4J or printed to {@code System.out}/{@code System.err}. Needs an SLF4J provider the
 * contract can watch in test scope (Logback, slf4j-simple or slf4j-jdk14).
 */
public abstract class FindingExporterContract {
  /** The secret the contract looks for: put it in every secret setting of your options. */
  protected static final String CONTRACT_SECRET = "c0ntract-s3cret-9f2e7d";

  /** A folder for each test. */
  @TempDir
  protected Path contractDirectory;

  /**
   * Returns the exporter under test, as the registry would create it.
   *
   * @return a new or shared instance
   */
  protected abstract FindingExporter exporter();

  /**
   * Returns settings under which exporting {@link InMemoryExportedRun#sample} succeeds, with
   * {@link #CONTRACT_SECRET} in a secret setting (when the exporter has one).
   *
   * @return the settings
   */
  protected abstract Settings workingOptions();

  /**
   * Returns settings under which exporting fails (the destination refuses or cannot be reached), with
   * {@link #CONTRACT_SECRET} in a secret setting.
   *
   * @return the settings
   */
  protected abstract Settings failingOptions();

  @Test
  @DisplayName("the name is lower-case letters, digits and dashes, and the registry finds this exporter by it")
  void name_isValid_andDiscoverable() {
    FindingExporter exporter = exporter();
    assertThat(exporter.name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(FindingExporter.available()).as("exporters registered in META-INF/services/%s",
        FindingExporter.class.getName()).containsKey(exporter.name());
    assertThat(FindingExporter.named(exporter.name())).isInstanceOf(exporter.getClass());
  }

  @Test
  @DisplayName("validate accepts the working settings and reports problems for empty ones without throwing")
  void validate_reportsProblems_neverThrows() {
    FindingExporter exporter = exporter();
    Preflight working = exporter.validate(workingOptions());
    assertThat(working.problems()).as("problems with the working settings").isEmpty();
    Preflight empty = exporter.validate(Settings.empty());
    assertThat(empty).isNotNull();
    assertThat(String.join("\n", working.details()) + String.join("\n", empty.problems()))
        .doesNotContain(CONTRACT_SECRET);
  }

  @Test
  @DisplayName("exporting a sample run succeeds, names the exporter and shows the secret nowhere: result, files,"
      + " toString, SLF4J logs, System.out and System.err")
  void export_succeeds_leaksNoSecret() throws Exception {
    FindingExporter exporter = exporter();
    InMemoryExportedRun run = InMemoryExportedRun.sample(exporter.publishesFiles()
        ? contractDirectory.resolve("files") : null);
    ExportResult result = watched(() -> exporter.export(run, workingOptions()));
    assertThat(result.exporter()).isEqualTo(exporter.name());
    assertThat(result.toString()).doesNotContain(CONTRACT_SECRET);
    assertThat(exporter.toString()).doesNotContain(CONTRACT_SECRET);
    for (Map.Entry<String, Path> file : run.addedFiles().entrySet()) {
      assertThat(Files.isRegularFile(file.getValue())).as("added file %s was written", file.getKey()).isTrue();
      assertThat(Files.readString(file.getValue(), StandardCharsets.ISO_8859_1)).as("content of %s", file.getKey())
          .doesNotContain(CONTRACT_SECRET);
    }
  }

  @Test
  @DisplayName("exporting a run without findings succeeds")
  void export_ofEmptyRun_succeeds() {
    FindingExporter exporter = exporter();
    ExportedRun run = InMemoryExportedRun.empty(exporter.publishesFiles() ? contractDirectory.resolve("empty")
        : null);
    ExportResult result = exporter.export(run, workingOptions());
    assertThat(result.exporter()).isEqualTo(exporter.name());
  }

  @Test
  @DisplayName("a failing export throws an ExportException naming what failed, with the secret in no message of its"
      + " cause chain and in no log line")
  void export_fails_throwsExportException_withoutSecret() {
    FindingExporter exporter = exporter();
    InMemoryExportedRun run = InMemoryExportedRun.sample(exporter.publishesFiles()
        ? contractDirectory.resolve("failing") : null);
    Throwable thrown = watched(() -> catchThrowable(() -> exporter.export(run, failingOptions())));
    assertThat(thrown).as("exporting with the failing settings").isInstanceOf(ExportException.class);
    assertThat(((ExportException) thrown).exporter()).isEqualTo(exporter.name());
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      assertThat(String.valueOf(cause.getMessage())).as("message of %s", cause.getClass().getName())
          .doesNotContain(CONTRACT_SECRET);
      assertThat(cause.toString()).doesNotContain(CONTRACT_SECRET);
    }
  }

  private static <T> T watched(Supplier<T> action) {
    SecretWatch watch = new SecretWatch(CONTRACT_SECRET);
    T value;
    PluginWatch watching = PluginWatch.start(watch);
    try {
      value = action.get();
    } finally {
      watching.close();
    }
    assertThat(watch.leaks()).as("the exporter printed or logged the secret from its settings (shown as <THE SECRET>)"
        + " here; never log a webhook URL or a signing key").isEmpty();
    return value;
  }
}
