package io.secposture.prowler.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.MediaTypes;
import io.secposture.core.ProcessResult;
import io.secposture.core.ScanFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not public API: turns how a Prowler process ended, and what it left in its output directory, into a
 * {@link ScanResult}.
 *
 * <p>Exit codes (Prowler 4.1+; see {@code reference/prowler.md} 1.5): 0 = the scan finished without failing checks,
 * 3 = it finished and found failing checks; both SUCCEEDED. 1 = a fatal error (credentials, provider
 * initialisation, unreadable inputs), 2 = Prowler refused its arguments; both FAILED, with the last CRITICAL/ERROR
 * line or argparse's complaint as the reason. 137 and 143 = killed (SIGKILL, often out of memory; SIGTERM); any
 * other code = a crash; FAILED. Timeout = TIMED_OUT, interruption = FAILED (cancelled).
 *
 * <p>Results: the JSON-OCSF file is the one result file (RESULTS). When it is missing after exit 0, Prowler had
 * nothing to report (4.3+ writes no file for an empty result): SUCCEEDED with no results and a warning saying so.
 * Missing after exit 3 (failing checks were found, so there must be findings) or empty: FAILED.
 *
 * <p>PARTIAL: when the scan succeeded but Prowler's log holds ERROR or CRITICAL lines, some checks did not run or saw
 * partial data (Prowler logs access-denied calls and check errors without changing its exit code), so the scan is
 * PARTIAL and the errors, counted by kind, are a warning. {@code prowler.partial-on-errors=false} keeps such scans
 * SUCCEEDED (the warning stays).
 *
 * <p>Artifacts, named relative to the output directory: the JSON-OCSF file (RESULTS, first), the HTML report (HTML),
 * the CSV, ASFF and compliance files (ASSET: they repeat the OCSF results, so they are published but not parsed
 * again), and the standard output and error logs (LOG). Files of other runs in the same directory are left out.
 * Stateless.
 */
public final class ProwlerRun {
  /** Standard output of Prowler, in the output directory. */
  public static final String STDOUT_LOG = "prowler.stdout.log";
  /** Standard error of Prowler (its log), in the output directory. */
  public static final String STDERR_LOG = "prowler.stderr.log";
  private static final String SCANNER = "prowler";

  private ProwlerRun() {
  }

  /**
   * Returns a base name for Prowler's output files that no file in the directory starts with yet (Prowler appends to
   * existing files): {@code prowler-output-<account>-<run id>}, then {@code -2}, {@code -3}, ...
   *
   * @param directory the output directory
   * @param account the account
   * @param runId the run id
   * @return the base name
   */
  public static String outputName(Path directory, CloudAccount account, String runId) {
    String safeAccount = account.id().replaceAll("[^A-Za-z0-9._-]", "_");
    if (safeAccount.length() > 80) {
      safeAccount = safeAccount.substring(0, 80);
    }
    String base = "prowler-output-" + safeAccount + "-" + runId;
    String name = base;
    for (int attempt = 2; taken(directory, name); attempt++) {
      name = base + "-" + attempt;
    }
    return name;
  }

  private static boolean taken(Path directory, String name) {
    try (Stream<Path> files = Files.walk(directory, 2)) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the result of a finished process.
   *
   * @param account the account scanned
   * @param startedAt when the scan started
   * @param process how the process ended
   * @param directory the output directory
   * @param outputName the base name of the output files
   * @param partialOnErrors whether logged errors make the scan PARTIAL
   * @param warnings warnings from building the command
   * @param timeout the scan's time limit, for the reason of a timeout
   * @return the result
   */
  public static ScanResult result(CloudAccount account, Instant startedAt, ProcessResult process, Path directory,
      String outputName, boolean partialOnErrors, List<String> warnings, Duration timeout) {
    ScanResult.Builder result = ScanResult.builder(SCANNER, account, ScanStatus.SUCCEEDED).startedAt(startedAt)
        .duration(process.duration()).exitCode(process.exitCode()).logTail(process.tail());
    artifacts(directory, outputName).forEach(result::artifact);
    warnings.forEach(result::warning);
    if (process.timedOut()) {
      return result.status(ScanStatus.TIMED_OUT).reason("Prowler did not finish within " + timeout
          + " and was stopped; raise the timeout or narrow the scan (prowler.services, prowler.regions)").build();
    }
    if (process.cancelled()) {
      // the calling thread is interrupted: no further file reads (interruptible channels would fail them)
      return result.status(ScanStatus.FAILED).reason("the scan was cancelled before Prowler finished").build();
    }
    ProwlerLog log = ProwlerLog.read(process.stderrLog());
    String logHint = " (see " + STDERR_LOG + ")";
    int code = process.exitCode();
    if (code == 1) {
      return result.status(ScanStatus.FAILED).reason("Prowler failed (exit 1): " + orElse(log.lastError(),
          lastLine(process.tail())) + "; check the account's credentials and access" + logHint).build();
    }
    if (code == 2) {
      return result.status(ScanStatus.FAILED).reason("Prowler refused its arguments (exit 2): " + orElse(
          log.usageError(), lastLine(process.tail())) + "; check the prowler.* options and that the installed "
          + "Prowler (4.x or 5.x expected) supports them").build();
    }
    if (code != 0 && code != 3) {
      return result.status(ScanStatus.FAILED).reason(killed(code) + logHint).build();
    }
    Path ocsf = directory.resolve(outputName + ".ocsf.json");
    if (!Files.isRegularFile(ocsf, LinkOption.NOFOLLOW_LINKS)) {
      if (code == 3) {
        return result.status(ScanStatus.FAILED).reason("Prowler reported failing checks (exit 3) but wrote no "
            + "JSON-OCSF file " + ocsf.getFileName() + logHint).build();
      }
      result.warning("Prowler wrote no JSON-OCSF file: it had no findings to report (Prowler 4.3 and later write "
          + "no result file for an empty scan)");
    } else if (size(ocsf) == 0) {
      return result.status(ScanStatus.FAILED).reason("Prowler exited " + code + " but left an empty JSON-OCSF file "
          + ocsf.getFileName() + logHint).build();
    }
    String summary = log.summary();
    if (summary != null) {
      result.warning(summary);
      if (partialOnErrors) {
        result.status(ScanStatus.PARTIAL).reason(summary);
      }
    }
    return result.build();
  }

  /**
   * Collects the files of a run: regular files only, listed without following links (the pipeline warns about the
   * links it finds in the output directory).
   *
   * @param directory the output directory
   * @param outputName the base name of the run's files
   * @return the artifacts, the JSON-OCSF file first
   */
  public static List<Artifact> artifacts(Path directory, String outputName) {
    List<Artifact> results = new ArrayList<>();
    List<Artifact> others = new ArrayList<>();
    List<Path> files = ScanFolder.of(directory).list().files().stream()
        .sorted(Comparator.comparing(Path::toString)).toList();
    for (Path file : files) {
      String name = directory.relativize(file).toString().replace('\\', '/');
      String fileName = file.getFileName().toString();
      if (name.equals(STDOUT_LOG) || name.equals(STDERR_LOG)) {
        others.add(new Artifact(file, name, MediaTypes.forName(name), ArtifactRole.LOG));
      } else if (fileName.startsWith(outputName)) {
        if (name.equals(outputName + ".ocsf.json")) {
          results.add(new Artifact(file, name, MediaTypes.forName(name), ArtifactRole.RESULTS));
        } else if (name.equals(outputName + ".html")) {
          others.add(new Artifact(file, name, MediaTypes.forName(name), ArtifactRole.HTML));
        } else {
          others.add(new Artifact(file, name, MediaTypes.forName(name), ArtifactRole.ASSET));
        }
      }
    }
    others.sort(Comparator.comparing(Artifact::role).thenComparing(Artifact::name));
    results.addAll(others);
    return results;
  }

  private static String killed(int code) {
    switch (code) {
      case 137: return "Prowler was killed (exit 137, SIGKILL; often the machine ran out of memory)";
      case 143: return "Prowler was terminated (exit 143, SIGTERM)";
      case 130: return "Prowler was interrupted (exit 130, SIGINT)";
      default: return "Prowler crashed (exit " + code + ")";
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static String lastLine(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (!tail.get(i).isBlank()) {
        return tail.get(i).strip();
      }
    }
    return "no output";
  }
}
