package io.secposture.scoutsuite.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.core.MediaTypes;
import io.secposture.core.ScanFolder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
   * Lists the artifacts of a report directory, results first. The directory is untrusted scanner output: it is
   * listed without following links, so a link (to a file or a folder, such as an {@code inc-*} folder pointing
   * elsewhere) is never an artifact; the pipeline warns about the links it finds.
   *
   * @param directory the output directory (ScoutSuite's report directory)
   * @param reportName the report name
   * @return the artifacts of the regular files that exist
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public static List<Artifact> collect(Path directory, String reportName) {
    Set<String> names = new LinkedHashSet<>();
    try {
      ScanFolder folder = ScanFolder.of(directory);
      folder.list().files().forEach(file -> names.add(folder.relativeName(file)));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot list the ScoutSuite report in " + directory + ": " + e.getMessage(),
          e.getCause());
    }
    List<Artifact> artifacts = new ArrayList<>();
    add(artifacts, names, directory, results(reportName), ArtifactRole.RESULTS);
    add(artifacts, names, directory, reportName + ".html", ArtifactRole.HTML);
    for (String name : names) {
      if (name.startsWith("inc-") && name.indexOf('/') > 0) {
        add(artifacts, names, directory, name, ArtifactRole.ASSET);
      }
    }
    add(artifacts, names, directory, "scoutsuite-results/scoutsuite_exceptions_" + reportName + ".js",
        ArtifactRole.ASSET);
    add(artifacts, names, directory, "scoutsuite-results/scoutsuite_errors_" + reportName + ".json",
        ArtifactRole.ASSET);
    for (String name : names) {
      if (name.startsWith(LOG_DIRECTORY + "/") && name.indexOf('/', LOG_DIRECTORY.length() + 1) < 0) {
        add(artifacts, names, directory, name, ArtifactRole.LOG);
      }
    }
    return List.copyOf(artifacts);
  }

  private static void add(List<Artifact> artifacts, Set<String> names, Path directory, String name,
      ArtifactRole role) {
    if (names.contains(name)) {
      artifacts.add(new Artifact(directory.resolve(name), name, MediaTypes.forName(name), role));
    }
  }
}
