package io.secposture.testkit;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import io.secposture.core.CredentialLease;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedFinding.Change;
import io.secposture.core.ExportedRun;
import io.secposture.core.ScanScope;
import io.secposture.core.Shard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An {@link ExportedRun} held in memory, for testing a {@link io.secposture.core.FindingExporter} without running a
 * pipeline: given findings with their change, resolved findings, published files and a folder for added files.
 * {@link #sample(Path)} is the run {@code FindingExporterContract} exports.
 *
 * <p>Who uses it: exporter tests and the contract. Not thread-safe (like every {@code ExportedRun}).
 */
public final class InMemoryExportedRun implements ExportedRun {
  private final PostureReport report;
  private final URI site;
  private final List<ExportedFinding> findings;
  private final List<ExportedFinding> resolved;
  private final Map<String, byte[]> published;
  private final Path fileFolder;
  private final Map<String, Path> added = new LinkedHashMap<>();

  /**
   * Creates the run.
   *
   * @param report the report (its rows give the scopes and accounts)
   * @param site the front page link; nullable
   * @param findings what {@link #forEachFinding} streams
   * @param resolved what {@link #forEachResolved} streams
   * @param published the published files by key, for {@link #openPublished}
   * @param fileFolder where {@link #addFile} puts files; nullable when adding files is not allowed
   */
  public InMemoryExportedRun(PostureReport report, URI site, List<ExportedFinding> findings,
      List<ExportedFinding> resolved, Map<String, byte[]> published, Path fileFolder) {
    this.report = Objects.requireNonNull(report, "report");
    this.site = site;
    this.findings = List.copyOf(findings);
    this.resolved = List.copyOf(resolved);
    this.published = Map.copyOf(published);
    this.fileFolder = fileFolder;
  }

  /**
   * Returns a small realistic run: two AWS accounts (one owned by team {@code payments}) and a GCP project whose
   * scan failed; a NEW critical, a REOPENED high, an UNCHANGED high, a NEW low, a passing result, a muted failure,
   * and one RESOLVED high; a {@code diff} section; a published {@code report_latest.json} with an {@code sla}
   * section.
   *
   * @param fileFolder where added files go; nullable
   * @return the run
   */
  public static InMemoryExportedRun sample(Path fileFolder) {
    Instant at = Instant.parse("2026-11-22T02:00:00Z");
    String runId = "20261122T020000Z-c0de";
    List<ExportedFinding> findings = List.of(
        exported(finding("111122223333", "eu-west-1", "s3", "s3_bucket_public_access", "S3 bucket is public",
            Severity.CRITICAL, FindingStatus.FAIL, false, "arn:aws:s3:::payments-exports"), Change.NEW,
            at, null, "payments"),
        exported(finding("111122223333", "eu-west-1", "iam", "iam_root_mfa_enabled", "Root account has no MFA",
            Severity.HIGH, FindingStatus.FAIL, false, "arn:aws:iam::111122223333:root"), Change.REOPENED,
            at.minus(Duration.ofDays(40)), at, "payments"),
        exported(finding("444455556666", "us-east-1", "ec2", "ec2_sg_open_22", "Security group allows SSH from the"
            + " internet", Severity.HIGH, FindingStatus.FAIL, false, "sg-0abc"), Change.UNCHANGED,
            at.minus(Duration.ofDays(14)), null, null),
        exported(finding("444455556666", "us-east-1", "ec2", "ec2_ebs_default_encryption", "EBS default encryption"
            + " off", Severity.LOW, FindingStatus.FAIL, false, "us-east-1"), Change.NEW, at, null, null),
        exported(finding("444455556666", "us-east-1", "cloudtrail", "cloudtrail_enabled", "CloudTrail is enabled",
            Severity.MEDIUM, FindingStatus.PASS, false, "trail-main"), Change.NOT_FLAGGED, null, null, null),
        new ExportedFinding(finding("111122223333", "eu-west-1", "s3", "s3_bucket_versioning", "Bucket versioning"
            + " off", Severity.MEDIUM, FindingStatus.FAIL, true, "arn:aws:s3:::logs"), Change.NOT_FLAGGED, null,
            null, "payments", "S12"));
    List<ExportedFinding> resolved = List.of(exported(finding("444455556666", "us-east-1", "rds",
        "rds_instance_public", "RDS instance is publicly accessible", Severity.HIGH, FindingStatus.FAIL, false,
        "db-orders"), Change.RESOLVED, at.minus(Duration.ofDays(7)), null, null));
    List<AccountSummary> rows = List.of(
        row(CloudProvider.AWS, "111122223333", "payments-prod", "prowler", ScanStatus.SUCCEEDED,
            Map.of("team", "payments")),
        row(CloudProvider.AWS, "444455556666", "platform", "prowler", ScanStatus.SUCCEEDED, Map.of()),
        row(CloudProvider.GCP, "acme-data", "data", "scoutsuite", ScanStatus.FAILED, Map.of()));
    RunDiff.Counts total = new RunDiff.Counts(2, 1, 1, 1, 0);
    RunDiff diff = new RunDiff("20261115T020000Z-beef", at.minus(Duration.ofDays(7)), total,
        Map.of(Severity.CRITICAL, new RunDiff.Counts(1, 0, 0, 0, 0), Severity.HIGH, new RunDiff.Counts(0, 1, 1, 1, 0),
            Severity.LOW, new RunDiff.Counts(1, 0, 0, 0, 0)),
        new TreeMap<>(Map.of(CloudProvider.AWS, total)), new TreeMap<>(), List.of(),
        new TreeMap<>(Map.of("gcp/acme-data/scoutsuite", "FAILED in this run")));
    PostureReport report = PostureReport.builder(runId, at).accounts(rows).diff(diff).build();
    String latest = "{\"run_id\":\"" + runId + "\",\"sla\":{\"policy\":{\"critical\":\"P7D\",\"high\":\"P30D\"},"
        + "\"breached\":{\"critical\":0,\"high\":1,\"medium\":0,\"low\":0}}}";
    return new InMemoryExportedRun(report, URI.create("https://security.example.com/"), findings, resolved,
        Map.of("reports/report_latest.json", latest.getBytes(StandardCharsets.UTF_8)), fileFolder);
  }

  /**
   * Returns an empty run: no accounts, no findings.
   *
   * @param fileFolder where added files go; nullable
   * @return the run
   */
  public static InMemoryExportedRun empty(Path fileFolder) {
    PostureReport report = PostureReport.builder("20261122T020000Z-0000", Instant.parse("2026-11-22T02:00:00Z"))
        .build();
    return new InMemoryExportedRun(report, null, List.of(), List.of(), Map.of(), fileFolder);
  }

  private static ExportedFinding exported(Finding finding, Change change, Instant firstSeen, Instant reopenedAt,
      String owner) {
    return new ExportedFinding(finding, change, firstSeen, reopenedAt, owner, null);
  }

  private static Finding finding(String account, String region, String service, String rule, String title,
      Severity severity, FindingStatus status, boolean muted, String resource) {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account).region(region)
        .service(service).ruleId(rule).title(title).severity(severity).status(status).muted(muted)
        .resourceId(resource).resourceType("Other").description(title + " (" + resource + ")")
        .remediation("See the check's documentation for " + rule)
        .compliance(List.of(new ComplianceRef("CIS-2.0", "1.4"))).build();
  }

  private static AccountSummary row(CloudProvider provider, String account, String name, String scanner,
      ScanStatus status, Map<String, String> labels) {
    return new AccountSummary(provider, account, name, scanner, status, status == ScanStatus.FAILED ? 1 : 0, null,
        Duration.ofMinutes(3), status == ScanStatus.FAILED ? "the scanner exited with code 1" : null,
        new TreeMap<>(labels), new TreeMap<>(), FindingTally.ZERO, new TreeMap<>(), List.of());
  }

  /**
   * Returns the files added so far, by their names.
   *
   * @return the files
   */
  public Map<String, Path> addedFiles() {
    return Map.copyOf(added);
  }

  @Override
  public String runId() {
    return report.runId();
  }

  @Override
  public Instant generatedAt() {
    return report.generatedAt();
  }

  @Override
  public Optional<URI> site() {
    return Optional.ofNullable(site);
  }

  @Override
  public PostureReport report() {
    return report;
  }

  @Override
  public Optional<RunDiff> diff() {
    return Optional.ofNullable(report.diff());
  }

  @Override
  public Shard shard() {
    return Shard.whole();
  }

  @Override
  public List<ScanScope> scopes() {
    List<ScanScope> scopes = new ArrayList<>();
    for (AccountSummary row : report.accounts()) {
      scopes.add(new ScanScope(row.provider(), row.accountId(), row.scanner(), row.status(), List.of(), List.of(),
          List.of(), true, Shard.whole()));
    }
    return scopes;
  }

  @Override
  public List<CloudAccount> accounts() {
    Map<String, CloudAccount> accounts = new LinkedHashMap<>();
    for (AccountSummary row : report.accounts()) {
      CloudAccount account = CloudAccount.builder(row.provider(), row.accountId()).name(row.name())
          .labels(row.labels()).build();
      accounts.putIfAbsent(account.key(), account);
    }
    return List.copyOf(accounts.values());
  }

  @Override
  public CredentialLease lease(CloudAccount account) {
    return CredentialLease.of(account.credentials());
  }

  @Override
  public void forEachFinding(Consumer<? super ExportedFinding> action) {
    findings.forEach(action);
  }

  @Override
  public void forEachResolved(Consumer<? super ExportedFinding> action) {
    resolved.forEach(action);
  }

  @Override
  public Optional<InputStream> openPublished(String key) {
    byte[] content = published.get(key);
    return content == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(content));
  }

  @Override
  public Path addFile(String fileName, String mediaType) {
    if (fileFolder == null) {
      throw new IllegalStateException("this run is already published: no file can be added");
    }
    if (added.containsKey(fileName)) {
      throw new IllegalArgumentException("file " + fileName + " is already added");
    }
    try {
      Files.createDirectories(fileFolder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = fileFolder.resolve(fileName);
    added.put(fileName, file);
    return file;
  }

  @Override
  public String toString() {
    return "InMemoryExportedRun[" + report.runId() + ", " + findings.size() + " findings]";
  }
}
