package io.secposture.export.aws.internal;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.CloudAccount;
import io.secposture.api.Credentials;
import io.secposture.core.CredentialLease;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedRun;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClientBuilder;

/**
 * Not public API: one export of a run into Security Hub. Reads the run's findings once (twice the resolved ones when
 * passed results are exported too), turns every AWS finding into ASFF, and imports it into its account's Security
 * Hub with that account's credentials, in batches of at most {@value #MAX_BATCH_FINDINGS} findings and
 * {@value #MAX_BATCH_BYTES} bytes, paced per account and region.
 *
 * <p><b>Lifecycle.</b> Flagged findings (new, unchanged, reopened) are imported {@code ACTIVE} with a fresh
 * {@code UpdatedAt}; resolved ones are imported again {@code ARCHIVED}, only when {@link ArchiveScope} says the run
 * looked at them. Passed and manual results are imported only with {@code include-passed} ({@code PASSED} and
 * {@code WARNING}); a passed result that resolves a finding is imported once, {@code ARCHIVED}. Muted findings are
 * not imported (a finding muted after it was imported is resolved, so it is archived).
 *
 * <p>Memory: the open batches hold at most {@value #MAX_PENDING} findings over all destinations (the biggest is sent
 * early beyond that), plus, with {@code include-passed}, the fingerprints of the findings resolved in this run. Not
 * thread-safe; use once.
 */
public final class SecurityHubExport {
  /** Security Hub's limit of findings per request. */
  public static final int MAX_BATCH_FINDINGS = 100;
  /** Security Hub's limit on a request (6 MB), less room for the envelope. */
  public static final int MAX_BATCH_BYTES = 6 * 1000 * 1000 - 16 * 1024;
  static final int MAX_PENDING = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(SecurityHubExport.class);

  /**
   * What the export is configured with.
   *
   * @param fixedRegion {@code securityhub.region}: every finding goes to this region; nullable for the finding's own
   * @param homeRegion where findings without a region go when no region is fixed; asked once, when first needed
   *     (the SDK's region chain may ask instance metadata)
   * @param endpoint an endpoint override; nullable for AWS's
   * @param includePassed whether passed and manual results are imported too
   * @param maxBatchBytes the request size limit (lowered only by tests)
   */
  public record Options(String fixedRegion, Supplier<String> homeRegion, URI endpoint, boolean includePassed,
      int maxBatchBytes) {
  }

  /**
   * What an export did.
   *
   * @param active findings imported {@code ACTIVE}
   * @param archived findings imported {@code ARCHIVED}
   * @param notImported findings that could not be imported
   * @param keptActive resolved findings not archived because the run did not look at them
   * @param requests {@code BatchImportFindings} requests sent (retries included)
   * @param warnings what went wrong or was skipped, counted
   */
  public record Result(long active, long archived, long notImported, long keptActive, long requests,
      List<String> warnings) {
    /**
     * Returns how many findings Security Hub accepted.
     *
     * @return active plus archived
     */
    public long exported() {
      return active + archived;
    }
  }

  private final Options options;
  private final ExportedRun source;
  private final Ticker ticker;
  private final AwsCredentialsProvider ambient;
  private final Instant now;
  private final AsffMapper mapper;
  private final Warnings warnings = new Warnings();
  private final BatchImporter importer;
  private final ArchiveScope scope;
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private final Map<String, Destination> destinations = new HashMap<>();
  private final Map<String, CredentialLease> leases = new HashMap<>();
  private final Map<String, AwsCredentialsProvider> providers = new HashMap<>();
  private final Map<String, String> unusableAccounts = new HashMap<>();
  private final Map<String, Long> otherProviders = new TreeMap<>();
  private SdkHttpClient http;
  private String homeRegion;
  private int pending;
  private long active;
  private long archived;
  private long notImported;
  private long keptActive;

  /**
   * Prepares an export.
   *
   * @param options the configuration
   * @param source the run
   * @param ticker the clock of pacing and backoff
   * @param ambient the job's own AWS identity
   * @param now the import time ({@code UpdatedAt})
   * @param version secposture's version
   */
  public SecurityHubExport(Options options, ExportedRun source, Ticker ticker, AwsCredentialsProvider ambient,
      Instant now, String version) {
    this.options = options;
    this.source = source;
    this.ticker = ticker;
    this.ambient = ambient;
    this.now = now;
    this.mapper = new AsffMapper(source.runId(), version, source.site().orElse(null));
    this.importer = new BatchImporter(ticker, warnings);
    this.scope = new ArchiveScope(source.scopes(), source.accounts());
  }

  /**
   * Runs the export.
   *
   * @return what it did
   * @throws InterruptedException if interrupted; what was sent stays sent
   */
  public Result run() throws InterruptedException {
    try {
      Set<String> resolvedHere = options.includePassed() ? archivableFingerprints() : null;
      each(source::forEachFinding, item -> exportCurrent(item, resolvedHere));
      each(source::forEachResolved, item -> archiveResolved(item, resolvedHere));
      for (Batch batch : new ArrayList<>(batches.values())) {
        flush(batch);
      }
    } finally {
      close();
    }
    if (!otherProviders.isEmpty()) {
      warnings.add("finding(s) of other clouds skipped: Security Hub takes AWS accounts' findings only ("
          + otherProviders + ")", otherProviders.values().stream().mapToLong(Long::longValue).sum());
    }
    Result result = new Result(active, archived, notImported, keptActive, importer.requests(), warnings.lines());
    LOG.info("securityhub: {} finding(s) imported ACTIVE and {} ARCHIVED in {} request(s); {} not imported, {}"
        + " resolved kept active (outside what the run scanned)", active, archived, importer.requests(), notImported,
        keptActive);
    return result;
  }

  /** A consumer that may be interrupted: the stream callbacks cannot throw InterruptedException. */
  private interface Step {
    void accept(ExportedFinding item) throws InterruptedException;
  }

  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted(InterruptedException cause) {
      super(cause);
    }
  }

  private static void each(Consumer<Consumer<? super ExportedFinding>> stream, Step step) throws InterruptedException {
    try {
      stream.accept(item -> {
        try {
          step.accept(item);
        } catch (InterruptedException e) {
          throw new Interrupted(e);
        }
      });
    } catch (Interrupted e) {
      Thread.currentThread().interrupt();
      throw (InterruptedException) e.getCause();
    }
  }

  private boolean awsAccount(Finding finding) {
    if (!finding.provider().equals(CloudProvider.AWS)) {
      otherProviders.merge(finding.provider().id(), 1L, Long::sum);
      return false;
    }
    if (!AsffMapper.isAccountId(finding.accountId())) {
      warnings.add("finding(s) skipped: account '" + finding.accountId() + "' is not a 12-digit AWS account id", 1);
      return false;
    }
    return true;
  }

  private Set<String> archivableFingerprints() throws InterruptedException {
    Set<String> fingerprints = new HashSet<>();
    each(source::forEachResolved, item -> {
      Finding finding = item.finding();
      if (finding.provider().equals(CloudProvider.AWS) && AsffMapper.isAccountId(finding.accountId())
          && scope.refusal(finding) == null) {
        fingerprints.add(finding.fingerprint());
      }
    });
    return fingerprints;
  }

  private void exportCurrent(ExportedFinding item, Set<String> resolvedHere) throws InterruptedException {
    Finding finding = item.finding();
    if (finding.flagged()) {
      if (awsAccount(finding)) {
        add(item, false);
      }
    } else if (options.includePassed() && finding.status() != FindingStatus.FAIL && awsAccount(finding)) {
      add(item, resolvedHere.remove(finding.fingerprint()));
    }
  }

  private void archiveResolved(ExportedFinding item, Set<String> resolvedHere) throws InterruptedException {
    Finding finding = item.finding();
    if (!awsAccount(finding)) {
      return;
    }
    if (resolvedHere != null) {
      if (resolvedHere.remove(finding.fingerprint())) {
        add(item, true);
      } else if (scope.refusal(finding) != null) {
        keptActive++;
        warnings.add("resolved finding(s) left ACTIVE in Security Hub: " + scope.refusal(finding), 1);
      }
      return;
    }
    String refusal = scope.refusal(finding);
    if (refusal == null) {
      add(item, true);
    } else {
      keptActive++;
      warnings.add("resolved finding(s) left ACTIVE in Security Hub: " + refusal, 1);
    }
  }

  private String regionOf(Finding finding) {
    if (options.fixedRegion() != null) {
      return options.fixedRegion();
    }
    if (AsffMapper.isRegion(finding.region())) {
      return finding.region();
    }
    if (homeRegion == null) {
      homeRegion = options.homeRegion().get();
    }
    return homeRegion;
  }

  private void add(ExportedFinding item, boolean archive) throws InterruptedException {
    String region = regionOf(item.finding());
    AsffFinding asff = mapper.map(item, region, archive, now);
    int bytes = asff.jsonBytes();
    if (bytes > AsffMapper.MAX_FINDING_BYTES) {
      notImported++;
      warnings.add("finding(s) not imported: larger than Security Hub's 240 KB after trimming", 1);
      return;
    }
    String key = item.finding().accountId() + "/" + region;
    Batch batch = batches.computeIfAbsent(key, k -> new Batch(item.finding().accountId(), region));
    if (batch.findings.size() >= MAX_BATCH_FINDINGS || batch.bytes + bytes + 1 > options.maxBatchBytes()) {
      flush(batch);
      batch = batches.computeIfAbsent(key, k -> new Batch(item.finding().accountId(), region));
    }
    AsffFinding replaced = batch.findings.put(asff.id(), asff);
    if (replaced != null) {
      batch.bytes -= replaced.jsonBytes() + 1;
      pending--;
    }
    batch.bytes += bytes + 1;
    pending++;
    if (pending > MAX_PENDING) {
      Batch biggest = null;
      for (Batch open : batches.values()) {
        if (biggest == null || open.findings.size() > biggest.findings.size()) {
          biggest = open;
        }
      }
      flush(biggest);
    }
  }

  private void flush(Batch batch) throws InterruptedException {
    batches.remove(batch.accountId + "/" + batch.region);
    pending -= batch.findings.size();
    if (batch.findings.isEmpty()) {
      return;
    }
    List<AsffFinding> findings = new ArrayList<>(batch.findings.values());
    Destination destination = destination(batch.accountId, batch.region);
    if (destination == null) {
      notImported += findings.size();
      warnings.add("finding(s) not imported into account " + batch.accountId + ": "
          + unusableAccounts.get(batch.accountId), findings.size());
      return;
    }
    Set<String> lost = importer.send(destination, findings);
    for (AsffFinding finding : findings) {
      if (lost.contains(finding.id())) {
        notImported++;
      } else if ("ARCHIVED".equals(finding.recordState())) {
        archived++;
      } else {
        active++;
      }
    }
  }

  private Destination destination(String accountId, String region) {
    if (unusableAccounts.containsKey(accountId)) {
      return null;
    }
    String key = accountId + "/" + region;
    Destination existing = destinations.get(key);
    if (existing != null) {
      return existing;
    }
    AwsCredentialsProvider provider = providers.get(accountId);
    if (provider == null) {
      try {
        CredentialLease lease = lease(accountId);
        leases.put(accountId, lease);
        provider = LeaseCredentials.provider(lease.credentials(), "aws/" + accountId, ambient);
        providers.put(accountId, provider);
      } catch (RuntimeException e) {
        unusableAccounts.put(accountId, "no credentials: " + e.getMessage());
        LOG.warn("securityhub: no credentials for account {}: {}", accountId, e.getMessage());
        return null;
      }
    }
    if (http == null) {
      http = Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
          .socketTimeout(Duration.ofSeconds(60)).maxConnections(8).build();
    }
    SecurityHubClientBuilder builder = SecurityHubClient.builder().region(Region.of(region))
        .credentialsProvider(provider).httpClient(http)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    Destination destination = new Destination(accountId, region, builder.build(), TokenBucket.securityHub(ticker));
    destinations.put(key, destination);
    return destination;
  }

  /** The account's lease from the run; the job's own identity for an account the run does not list. */
  private CredentialLease lease(String accountId) {
    for (CloudAccount account : source.accounts()) {
      if (account.provider().equals(CloudProvider.AWS) && account.id().equals(accountId)) {
        return source.lease(account);
      }
    }
    return CredentialLease.of(Credentials.ambient());
  }

  private void close() {
    for (Destination destination : destinations.values()) {
      try {
        destination.client().close();
      } catch (RuntimeException e) {
        LOG.debug("closing the Security Hub client of {} failed", destination.describe(), e);
      }
      Duration waited = destination.bucket().waited();
      if (!waited.isZero()) {
        LOG.info("securityhub: paced {} by {} ms in all", destination.describe(), waited.toMillis());
      }
    }
    destinations.clear();
    for (CredentialLease lease : leases.values()) {
      lease.close();
    }
    leases.clear();
    if (http != null) {
      http.close();
      http = null;
    }
  }

  private static final class Batch {
    final String accountId;
    final String region;
    final LinkedHashMap<String, AsffFinding> findings = new LinkedHashMap<>();
    long bytes = 2;

    Batch(String accountId, String region) {
      this.accountId = accountId;
      this.region = region;
    }
  }
}
