package io.secposture.export.aws;

import io.secposture.api.CloudAccount;
import io.secposture.api.Finding;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.core.CredentialLease;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedRun;
import io.secposture.core.ScanScope;
import io.secposture.core.Shard;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A run built by a test: its findings, resolved findings, scopes and accounts; counts leases opened and closed. */
final class TestRun implements ExportedRun {
  static final Instant GENERATED = Instant.parse("2026-12-06T03:00:00Z");

  final List<ExportedFinding> findings = new ArrayList<>();
  final List<ExportedFinding> resolved = new ArrayList<>();
  final List<ScanScope> scopes = new ArrayList<>();
  final List<CloudAccount> accounts = new ArrayList<>();
  final AtomicInteger leasesOpened = new AtomicInteger();
  final AtomicInteger leasesClosed = new AtomicInteger();
  URI site = URI.create("https://security.example.com/posture/index.html");

  TestRun finding(Finding finding, ExportedFinding.Change change) {
    findings.add(new ExportedFinding(finding, change, null, null, null, null));
    return this;
  }

  TestRun finding(ExportedFinding finding) {
    findings.add(finding);
    return this;
  }

  TestRun resolved(Finding finding) {
    resolved.add(new ExportedFinding(finding, ExportedFinding.Change.RESOLVED, null, null, null, null));
    return this;
  }

  TestRun scope(ScanScope scope) {
    scopes.add(scope);
    return this;
  }

  TestRun account(CloudAccount account) {
    accounts.add(account);
    return this;
  }

  @Override
  public String runId() {
    return "20261206T030000Z-test";
  }

  @Override
  public Instant generatedAt() {
    return GENERATED;
  }

  @Override
  public Optional<URI> site() {
    return Optional.ofNullable(site);
  }

  @Override
  public PostureReport report() {
    return PostureReport.builder(runId(), GENERATED).build();
  }

  @Override
  public Optional<RunDiff> diff() {
    return Optional.empty();
  }

  @Override
  public Shard shard() {
    return Shard.whole();
  }

  @Override
  public List<ScanScope> scopes() {
    return List.copyOf(scopes);
  }

  @Override
  public List<CloudAccount> accounts() {
    return List.copyOf(accounts);
  }

  @Override
  public CredentialLease lease(CloudAccount account) {
    leasesOpened.incrementAndGet();
    CredentialLease inner = CredentialLease.of(account.credentials());
    return new CredentialLease() {
      @Override
      public io.secposture.api.Credentials credentials() {
        return inner.credentials();
      }

      @Override
      public void close() {
        leasesClosed.incrementAndGet();
      }
    };
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
    return Optional.empty();
  }

  @Override
  public Path addFile(String fileName, String mediaType) {
    throw new IllegalStateException("the securityhub exporter publishes no files");
  }
}
