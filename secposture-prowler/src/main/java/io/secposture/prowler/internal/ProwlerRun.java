package io.secposture.prowler.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.MediaTypes;
import io.secposture.core.ProcessResult;
import io.secposture.core.ScanFolder;
import io.secposture.prowler.ProwlerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: turns how a Prowler process ended, and what it left in its output directory, into a
 * {@link ScanResult}.
 *
 * <p>Exit codes (Prowler 4.1+; see {@code reference/prowler.md} 1.5): 0 = the scan finished without failing checks,
 * 3 = it finished and found failing checks; both SUCCEEDED. 1 = a fatal error, 2 = Prowler refused its arguments;
 * both FAILED, with a reason {@link ProwlerExit} writes: for exit 1 the CRITICAL line and either "could not reach
 * the cloud API from this machine" (connection, timeout, DNS, proxy and TLS errors) or "check the account's
 * credentials and access"; for exit 2 argparse's complaint and the secposture setting that produced the refused
 * argument, with how to change it. 137 and 143 = killed (SIGKILL, often out of memory; SIGTERM); any other code = a
 * crash; FAILED. Timeout = TIMED_OUT, interruption = FAILED (cancelled).
 *
 * <p>Results: the JSON-OCSF file is the one result file (RESULTS). Prowler 4.3 and later write no file at all when
 * there is nothing to report and print {@code There are no findings in Account <id>} instead: then this class writes
 * {@code []} as the run's JSON-OCSF file (what 4.0-4.2 wrote), so the scan is SUCCEEDED with zero results and the
 * account counts as scanned with nothing flagged. A missing file after exit 0 without that line, a missing file after
 * exit 3 (failing checks were found, so there must be findings) and an empty file are FAILED.
 *
 * <p>PARTIAL: Prowler logs data it could not collect (access denied, throttling, API errors, crashed checks) at ERROR
 * without changing its exit code. {@link ProwlerLog} tells these collection errors from notices (such as the missing
 * Shodan key every AWS scan with EC2 logs): collection errors make the scan PARTIAL with a summary by kind, service
 * and region as the reason (and a warning); notices are warnings only. {@code prowler.partial-on-errors=false} keeps
 * such scans SUCCEEDED (the warning stays).
 *
 * <p>Artifacts, named relative to the output directory: the JSON-OCSF file (RESULTS, first), the compliance CSVs
 * (RESULTS: the same run's results, so the pipeline does not count them again, but it reads their requirement titles
 * and MANUAL requirements into the compliance section), the HTML report (HTML), the CSV and ASFF files (ASSET: they
 * repeat the OCSF results, so they are published but not parsed again), and the standard output and error logs
 * (LOG). Files of other runs in the same directory are left out.
 * Stateless.
 */
public final class ProwlerRun {
  /** Standard output of Prowler, in the output directory. */
  public static final String STDOUT_LOG = "prowler.stdout.log";
  /** Standard error of Prowler (its log), in the output directory. */
  public static final String STDERR_LOG = "prowler.stderr.log";
  private static final String SCANNER = "prowler";
  private static final String COMPLIANCE_FOLDER = "compliance/";
  private static final byte[] EMPTY_RESULTS = "[]\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final Logger LOG = LoggerFactory.getLogger(ProwlerRun.class);

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
   * What a scan ran with, for {@link #result}.
   *
   * @param account the account scanned
   * @param startedAt when the scan started
   * @param directory the output directory
   * @param outputName the base name of the output files
   * @param options the options the command was built from (output formats as passed)
   * @param formatsConfigured whether {@code prowler.output-formats} was set (else secposture's default applied)
   * @param arguments the command line, the executable first (for telling which setting an argument came from)
   * @param version the installed Prowler's version; null when unknown
   * @param warnings warnings from building the command
   * @param timeout the scan's time limit, for the reason of a timeout
   */
  public record Scan(CloudAccount account, Instant startedAt, Path directory, String outputName,
      ProwlerOptions options, boolean formatsConfigured, List<String> arguments, ProwlerVersion version,
      List<String> warnings, Duration timeout) {
    /** Copies the lists. */
    public Scan {
      arguments = List.copyOf(arguments);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Builds the result of a finished process.
   *
   * @param scan what the scan ran with
   * @param process how the process ended
   * @return the result
   */
  public static ScanResult result(Scan scan, ProcessResult process) {
    CloudAccount account = scan.account();
    Path directory = scan.directory();
    String outputName = scan.outputName();
    ScanResult.Builder result = ScanResult.builder(SCANNER, account, ScanStatus.SUCCEEDED).startedAt(scan.startedAt())
        .duration(process.duration()).exitCode(process.exitCode()).logTail(process.tail());
    scan.warnings().forEach(result::warning);
    if (process.timedOut()) {
      return finish(result.status(ScanStatus.TIMED_OUT).reason("Prowler did not finish within " + scan.timeout()
          + " and was stopped; raise the timeout or narrow the scan (prowler.services, prowler.regions)"), scan);
    }
    if (process.cancelled()) {
      // the calling thread is interrupted: no further file reads (interruptible channels would fail them)
      return finish(result.status(ScanStatus.FAILED).reason("the scan was cancelled before Prowler finished"), scan);
    }
    ProwlerLog log = ProwlerLog.read(process.stderrLog());
    String logHint = " (see " + STDERR_LOG + ")";
    int code = process.exitCode();
    if (code == 1) {
      return finish(result.status(ScanStatus.FAILED).reason(ProwlerExit.exit1(log, process.tail(),
          account.provider(), logHint)), scan);
    }
    if (code == 2) {
      return finish(result.status(ScanStatus.FAILED).reason(ProwlerExit.exit2(log.usageError(), process.tail(),
          scan.options(), scan.formatsConfigured(), scan.arguments(), scan.version())), scan);
    }
    if (code != 0 && code != 3) {
      return finish(result.status(ScanStatus.FAILED).reason(killed(code) + logHint), scan);
    }
    Path ocsf = directory.resolve(outputName + ".ocsf.json");
    if (!Files.isRegularFile(ocsf, LinkOption.NOFOLLOW_LINKS)) {
      if (code == 3) {
        return finish(result.status(ScanStatus.FAILED).reason("Prowler reported failing checks (exit 3) but wrote "
            + "no JSON-OCSF file " + ocsf.getFileName() + logHint), scan);
      }
      String scanned = ProwlerLog.noFindings(process.stdoutLog());
      if (scanned == null) {
        return finish(result.status(ScanStatus.FAILED).reason("Prowler exited 0 but wrote no JSON-OCSF file "
            + ocsf.getFileName() + " and did not say it had nothing to report ('There are no findings in ...' on "
            + "its standard output, which Prowler 4.3 and later print instead of writing empty files); check that "
            + "the output directory is writable and that prowler.extra-args holds no --only-logs, which hides that "
            + "line (see " + STDOUT_LOG + " and " + STDERR_LOG + ")"), scan);
      }
      String problem = writeEmptyResults(ocsf);
      if (problem != null) {
        return finish(result.status(ScanStatus.FAILED).reason("Prowler had nothing to report, but " + problem), scan);
      }
      LOG.info("Prowler found nothing to report for {} ('There are no findings in {}'); {} holds the empty result",
          account.key(), scanned, ocsf.getFileName());
      String named = scanned.startsWith("Account ") ? scanned.substring("Account ".length()).strip() : null;
      if (named != null && account.provider().equals(CloudProvider.AWS) && !named.equals(account.id())) {
        result.warning("Prowler scanned account " + named + ", not the configured account " + account.id()
            + "; the credentials belong to another account");
      }
    } else if (size(ocsf) == 0) {
      return finish(result.status(ScanStatus.FAILED).reason("Prowler exited " + code + " but left an empty "
          + "JSON-OCSF file " + ocsf.getFileName() + logHint), scan);
    }
    log.notices().forEach(result::warning);
    String summary = log.collectionSummary();
    if (summary != null) {
      String reason = summary + logHint;
      result.warning(reason);
      if (scan.options().partialOnErrors()) {
        result.status(ScanStatus.PARTIAL).reason(reason);
      }
    }
    return finish(result, scan);
  }

  /**
   * Writes the JSON-OCSF file of a scan that had nothing to report: {@code []}, what Prowler 4.0-4.2 wrote, so the
   * account reads as scanned with nothing found. Never replaces a file or follows a link there.
   */
  private static String writeEmptyResults(Path ocsf) {
    try {
      Files.write(ocsf, EMPTY_RESULTS, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return null;
    } catch (IOException e) {
      return "its empty result " + ocsf.getFileName() + " could not be written: " + e;
    }
  }

  private static ScanResult finish(ScanResult.Builder result, Scan scan) {
    artifacts(scan.directory(), scan.outputName()).forEach(result::artifact);
    return result.build();
  }

  /**
   * Collects the files of a run: regular files only, listed without following links (the pipeline warns about the
   * links it finds in the output directory).
   *
   * @param directory the output directory
   * @param outputName the base name of the run's files
   * @return the artifacts, the JSON-OCSF file first, then the compliance CSVs
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
          results.add(0, new Artifact(file, name, MediaTypes.forName(name), ArtifactRole.RESULTS));
        } else if (name.startsWith(COMPLIANCE_FOLDER) && name.endsWith(".csv")) {
          // same run as the OCSF file, so not counted again; read for their requirement titles and MANUAL ones
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
}
