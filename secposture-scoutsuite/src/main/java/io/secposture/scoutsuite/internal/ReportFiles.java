package io.secposture.scoutsuite.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.core.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not public API: the files of a ScoutSuite report directory and the artifacts a scan returns for them, named
 * relative to the output directory so that a published report still finds its scripts and results:
 * the results file (RESULTS) first, then {@code <name>.html} (HTML), every file under the {@code inc-*} folders and
 * the exceptions and errors files (ASSET), then the logs (LOG). Stateless.
 */
public final class ReportFiles {
  /** Where the scanner writes ScoutSuite's standard output and error, relative to the output directory. */
  public static final String LOG_DIRECTORY = "logs";

  private ReportFiles() {
  }

  /**
   * Returns the report name secposture uses unless configured: {@code <provider>-<account id>}, with any character
   * other than letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code -}.
   *
   * @param provider the provider
   * @param accountId the account id
   * @return the report name
   */
  public static String defaultName(CloudProvider provider, String accountId) {
    String name = provider.id() + "-" + accountId.replaceAll("[^A-Za-z0-9._-]", "-");
    return name.length() > 128 ? name.substring(0, 128) : name;
  }

  /**
   * Returns the results file's name relative to the report directory.
   *
   * @param reportName the report name
   * @return {@code scoutsuite-results/scoutsuite_results_<name>.js}
   */
  public static String results(String reportName) {
    return "scoutsuite-results/scoutsuite_results_" + reportName + ".js";
  }

  /**
   * Lists the artifacts of a report directory, results first.
   *
   * @param directory the output directory (ScoutSuite's report directory)
   * @param reportName the report name
   * @return the artifacts of the files that exist
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public static List<Artifact> collect(Path directory, String reportName) {
    List<Artifact> artifacts = new ArrayList<>();
    add(artifacts, directory, results(reportName), ArtifactRole.RESULTS);
    add(artifacts, directory, reportName + ".html", ArtifactRole.HTML);
    try (Stream<Path> top = Files.list(directory)) {
      List<Path> assetFolders = top.filter(Files::isDirectory)
          .filter(path -> path.getFileName().toString().startsWith("inc-")).sorted().toList();
      for (Path folder : assetFolders) {
        try (Stream<Path> files = Files.walk(folder)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            add(artifacts, directory, relative(directory, file), ArtifactRole.ASSET);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the ScoutSuite report in " + directory + ": " + e.getMessage(), e);
    }
    add(artifacts, directory, "scoutsuite-results/scoutsuite_exceptions_" + reportName + ".js", ArtifactRole.ASSET);
    add(artifacts, directory, "scoutsuite-results/scoutsuite_errors_" + reportName + ".json", ArtifactRole.ASSET);
    Path logs = directory.resolve(LOG_DIRECTORY);
    if (Files.isDirectory(logs)) {
      try (Stream<Path> files = Files.list(logs)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          add(artifacts, directory, relative(directory, file), ArtifactRole.LOG);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the logs in " + logs + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(artifacts);
  }

  private static void add(List<Artifact> artifacts, Path directory, String name, ArtifactRole role) {
    Path file = directory.resolve(name);
    if (Files.isRegularFile(file)) {
      artifacts.add(new Artifact(file, name, MediaTypes.forName(name), role));
    }
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }
}
