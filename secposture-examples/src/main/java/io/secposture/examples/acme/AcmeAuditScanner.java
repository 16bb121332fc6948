package io.secposture.examples.acme;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.api.Preflight;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.MediaTypes;
import io.secposture.core.ProcessResult;
import io.secposture.core.spi.CloudEnvironment;
import io.secposture.core.spi.CommandLineScan;
import io.secposture.core.spi.ToolCommand;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * An example command-line scanner built on {@link CommandLineScan}: it wraps a fictional in-house CLI,
 * {@code acme-audit --account <id> --out <dir>}, which reads the account's credentials from its cloud's usual SDK
 * variables and writes {@value #RESULTS} (read by {@link AcmeAuditParser}). Registered as the {@value #NAME}
 * {@link Scanner}; {@code acme-audit.executable} points at the executable when it is not on {@code PATH}.
 *
 * <p><b>Who calls it.</b> The pipeline, once per AWS or GCP account, several at a time. Immutable and thread-safe.
 * Exit 0 with a results file is SUCCEEDED; past the request's timeout TIMED_OUT; anything else FAILED with the
 * tool's last line.
 */
public final class AcmeAuditScanner implements Scanner {
  /** The scanner's name. */
  public static final String NAME = "acme-audit";
  /** The file acme-audit writes into its output folder. */
  public static final String RESULTS = "acme-audit-results.jsonl";
  private static final String EXECUTABLE = "acme-audit.executable";

  private final CommandLineScan tool = CommandLineScan.builder(NAME, "acme-audit",
      List.of(CloudProvider.AWS, CloudProvider.GCP)).executable("acme-audit", EXECUTABLE)
      .logger(LoggerFactory.getLogger(AcmeAuditScanner.class)).build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CloudProvider> providers() {
    return tool.providers();
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    Optional<ScanResult> skipped = tool.skip(request.account());
    if (skipped.isPresent()) {
      return skipped.get();
    }
    Path executable = tool.executable(request.options().getString(EXECUTABLE, null));
    Path output = request.outputDirectory().toAbsolutePath().normalize();
    CommandLineScan.Run run = tool.run(request, request.options(), output, privateFolder ->
        ToolCommand.builder(executable.toString()).add("--account", request.account().id(), "--out",
            output.toString()).cloud(CloudEnvironment.of(request.account(), request.credentials(), privateFolder))
            .build());
    ProcessResult process = run.process();
    Path results = output.resolve(RESULTS);
    ScanResult.Builder result = ScanResult.builder(NAME, request.account(), ScanStatus.SUCCEEDED)
        .startedAt(run.startedAt()).duration(process.duration()).exitCode(process.exitCode());
    if (process.timedOut()) {
      result.status(ScanStatus.TIMED_OUT).reason("acme-audit did not finish within " + request.timeout());
    } else if (process.cancelled()) {
      result.status(ScanStatus.FAILED).reason("the scan was cancelled before acme-audit finished");
    } else if (!process.exited(0) || !Files.isRegularFile(results, LinkOption.NOFOLLOW_LINKS)) {
      String last = process.tail().isEmpty() ? "no output" : process.tail().get(process.tail().size() - 1);
      result.status(ScanStatus.FAILED).reason("acme-audit exited " + process.exitCode() + " with"
          + (Files.exists(results) ? "" : "out") + " writing " + RESULTS + ": " + last).logTail(process.tail());
    }
    if (Files.isRegularFile(results, LinkOption.NOFOLLOW_LINKS)) {
      result.artifact(new Artifact(results, RESULTS, MediaTypes.forName(RESULTS), ArtifactRole.RESULTS));
    }
    for (String log : List.of("stdout.log", "stderr.log")) {
      result.artifact(new Artifact(output.resolve(log), log, MediaTypes.forName(log), ArtifactRole.LOG));
    }
    return result.build();
  }

  /**
   * Finds {@code acme-audit} and asks {@code acme-audit --version}, which prints {@code acme-audit 1.4.0}.
   *
   * @param options the job-wide options
   * @return the executable and its version, or the problems
   */
  @Override
  public Preflight preflight(Settings options) {
    return tool.preflight(options.getString(EXECUTABLE, null), List.of("--version"),
        Pattern.compile("acme-audit\\s+v?(\\d\\S*)"), Duration.ofSeconds(30));
  }
}
