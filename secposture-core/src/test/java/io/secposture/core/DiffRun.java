package io.secposture.core;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the outcome of a made-up run for diff tests: account rows of scanner {@code test} whose findings files hold
 * the given findings, written where the pipeline writes them, so that publishing it exercises the real publish and
 * diff path without scanning.
 *
 * <p>A finding is written {@code rule:severity[:muted|:pass|:manual]}; its resource is {@code res-<rule>}, so the
 * rule alone identifies the fingerprint within an account.
 */
final class DiffRun {
  static final String SCANNER = "test";
  static final Plugins PLUGINS = Plugins.of(List.of(new LocalArtifactPublisher()));
  static final RunPublisher PUBLISHER = new RunPublisher(PLUGINS);

  private final Path work;
  private final String runId;
  private final Instant at;
  private final List<AccountSummary> rows = new ArrayList<>();
  private final List<StagedFile> files = new ArrayList<>();
  private final List<FrameworkCompliance> compliance = new ArrayList<>();
  private Map<String, String> labels = Map.of();

  DiffRun(Path work, String runId, Instant at) {
    this.work = work;
    this.runId = runId;
    this.at = at;
  }

  static Finding finding(String account, String spec) {
    String[] parts = spec.split(":");
    Finding.Builder builder = Finding.builder().tool(SCANNER).provider(CloudProvider.AWS).accountId(account)
        .service("svc-" + parts[0].charAt(0)).ruleId(parts[0]).title("Title of " + parts[0])
        .severity(Severity.parse(parts[1])).status(FindingStatus.FAIL).resourceId("res-" + parts[0])
        .region("eu-west-1");
    if (parts.length > 2) {
      switch (parts[2]) {
        case "muted": builder.muted(true); break;
        case "pass": builder.status(FindingStatus.PASS); break;
        case "manual": builder.status(FindingStatus.MANUAL); break;
        default: throw new IllegalArgumentException(spec);
      }
    }
    return builder.build();
  }

  /** Gives the rows added after this call these account labels. */
  DiffRun labels(Map<String, String> labels) {
    this.labels = Map.copyOf(labels);
    return this;
  }

  /** Adds a row whose scan succeeded with these findings. */
  DiffRun ok(String account, String... findings) {
    return withResults(account, ScanStatus.SUCCEEDED, findings);
  }

  /** Adds a row whose scan succeeded partially with these findings. */
  DiffRun partial(String account, String... findings) {
    return withResults(account, ScanStatus.PARTIAL, findings);
  }

  private DiffRun withResults(String account, ScanStatus status, String... findings) {
    Path runDirectory = work.resolve(runId);
    Path file = SiteLayout.scanDirectory(runDirectory, CloudProvider.AWS, account, SCANNER)
        .resolve(FindingsFile.FILE_NAME);
    String key = SiteLayout.scanPrefix(runId, CloudProvider.AWS, account, SCANNER) + FindingsFile.FILE_NAME;
    FindingTally tally = FindingTally.ZERO;
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      for (String spec : findings) {
        Finding finding = finding(account, spec);
        writer.accept(finding);
        tally = tally.plus(finding);
      }
    }
    files.add(new StagedFile(key, file, FindingsFile.MEDIA_TYPE));
    rows.add(row(account, status, null, tally, new TreeMap<>(Map.of("findings", key))));
    return this;
  }

  /** Adds a row aggregated from a scanner's file: results, but no findings file. */
  DiffRun aggregated(String account) {
    rows.add(row(account, ScanStatus.SUCCEEDED, null, FindingTally.ZERO, new TreeMap<>()));
    return this;
  }

  /** Adds a row whose scan ended without results. */
  DiffRun failed(String account, ScanStatus status) {
    rows.add(row(account, status, status == ScanStatus.SKIPPED ? "account disabled" : "authentication failed",
        FindingTally.ZERO, new TreeMap<>()));
    return this;
  }

  private AccountSummary row(String account, ScanStatus status, String reason, FindingTally tally,
      TreeMap<String, String> links) {
    return new AccountSummary(CloudProvider.AWS, account, "name-" + account, SCANNER, status,
        status == ScanStatus.SUCCEEDED ? 0 : 1, at.minusSeconds(60), Duration.ofSeconds(60), reason, new TreeMap<>(labels),
        new TreeMap<>(Map.of("svc", new ServiceStats(10, tally.flagged(), 5))), tally, links, List.of());
  }

  /** Gives the run's report this compliance section. */
  DiffRun compliance(FrameworkCompliance... frameworks) {
    compliance.addAll(List.of(frameworks));
    return this;
  }

  RunOutcome outcome() {
    PostureReport report = PostureReport.builder(runId, at).accounts(rows).compliance(compliance)
        .services(Map.of(CloudProvider.AWS, Map.of("svc", new ServiceStats(10L * rows.size(), 0, 5))))
        .findings(rows.stream().map(AccountSummary::findings).reduce(FindingTally.ZERO, FindingTally::plus))
        .build();
    RunManifest manifest = new RunManifest(RunManifest.SCHEMA_VERSION, runId, at.minusSeconds(120), at, false,
        List.of(), List.of());
    return new RunOutcome(report, List.of(), manifest, files, work.resolve(runId));
  }

  static String severityKey(Severity severity) {
    return severity.name().toLowerCase(Locale.ROOT);
  }
}
