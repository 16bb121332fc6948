package io.secposture.samples.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.samples.DemoScanners;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Not public API: one demo stand-in scanner; see {@link DemoScanners}. Stateless and thread-safe. */
public final class DemoScanner implements Scanner {
  private static final String LOG = "demo-scan.log";

  private final String name;
  private final Set<CloudProvider> providers;
  private final long seed;
  private final Duration delay;

  /**
   * Makes a stand-in; only {@link DemoScanners} calls this.
   *
   * @param name the scanner name, {@code scoutsuite} or {@code prowler} (which picks the sample it writes)
   * @param providers the providers it scans
   * @param seed the sample data seed
   * @param delay about how long each scan takes
   */
  public DemoScanner(String name, Set<CloudProvider> providers, long seed, Duration delay) {
    this.name = name;
    this.providers = Set.copyOf(providers);
    this.seed = seed;
    this.delay = delay;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<CloudProvider> providers() {
    return providers;
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    CloudAccount account = request.account();
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    if (!providers.contains(account.provider())) {
      return ScanResult.skipped(name, account, "the demo " + name + " stand-in does not scan provider '"
          + account.provider() + "'");
    }
    String outcome = account.labels().getOrDefault(DemoScanners.OUTCOME_LABEL, "succeeded").toLowerCase(Locale.ROOT);
    int generation = generation(account);
    long accountSeed = seed ^ (account.key() + "/" + name).hashCode();
    Path log = request.outputDirectory().resolve(LOG);
    List<String> lines = new ArrayList<>();
    lines.add("demo " + name + " scanning " + account.key() + " (generation " + generation + ")");
    ScanResult.Builder result = ScanResult.builder(name, account, ScanStatus.SUCCEEDED).startedAt(started);
    try {
      if (outcome.equals("timeout")) {
        lines.add("waiting for an API that never answers");
        writeLog(log, lines);
        return hang(result, log, startNanos);
      }
      if (!sleep(new Random(accountSeed).nextDouble())) {
        lines.add("interrupted");
        writeLog(log, lines);
        Thread.currentThread().interrupt();
        return result.status(ScanStatus.FAILED).reason("the demo scan was interrupted").artifact(logArtifact(log))
            .duration(elapsed(startNanos)).build();
      }
      if (outcome.equals("failed")) {
        lines.add("ERROR authentication failed: the security token included in the request is invalid");
        writeLog(log, lines);
        return result.status(ScanStatus.FAILED).exitCode(101).reason("authentication failed")
            .logTail(lines).artifact(logArtifact(log)).duration(elapsed(startNanos)).build();
      }
      List<Artifact> artifacts = name.equals("prowler")
          ? SampleData.prowler(request.outputDirectory(), account.provider(), account.id(), accountSeed, generation, 0)
          : SampleData.scoutSuite(request.outputDirectory(), account.provider(), account.id(), accountSeed,
              generation, 0);
      artifacts.forEach(result::artifact);
      if (outcome.equals("partial")) {
        lines.add("WARNING 12 API calls were denied (AccessDenied): iam 8, s3 4");
        result.status(ScanStatus.PARTIAL).exitCode(name.equals("scoutsuite") ? 200 : 0)
            .reason("some data could not be collected")
            .warning("12 collection errors: AccessDenied x12 (iam 8, s3 4)");
      } else {
        result.exitCode(0);
      }
      lines.add("done: " + artifacts.size() + " files written");
      writeLog(log, lines);
      return result.artifact(logArtifact(log)).duration(elapsed(startNanos)).build();
    } catch (IOException e) {
      throw new UncheckedIOException("the demo " + name + " stand-in cannot write to " + request.outputDirectory()
          + ": " + e.getMessage(), e);
    }
  }

  private int generation(CloudAccount account) {
    String text = account.labels().get(DemoScanners.GENERATION_LABEL);
    if (text == null) {
      return 0;
    }
    try {
      int generation = Integer.parseInt(text.trim());
      if (generation < 0) {
        throw new NumberFormatException();
      }
      return generation;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("label " + DemoScanners.GENERATION_LABEL + " of account " + account.key()
          + " is '" + text + "'; expected a whole number from 0");
    }
  }

  /** Sleeps between half and one and a half times the delay; returns false if interrupted. */
  private boolean sleep(double jitter) {
    long millis = (long) (delay.toMillis() * (0.5 + jitter));
    if (millis <= 0) {
      return true;
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private ScanResult hang(ScanResult.Builder result, Path log, long startNanos) {
    Object never = new Object();
    synchronized (never) {
      try {
        while (true) {
          never.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return result.status(ScanStatus.TIMED_OUT).reason("the demo scan hung until it was interrupted")
        .artifact(logArtifact(log)).duration(elapsed(startNanos)).build();
  }

  private static void writeLog(Path log, List<String> lines) throws IOException {
    Files.write(log, lines, StandardCharsets.UTF_8);
  }

  private static Artifact logArtifact(Path log) {
    return new Artifact(log, LOG, "text/plain; charset=utf-8", ArtifactRole.LOG);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public String toString() {
    return "DemoScanner[" + name + "]";
  }
}
