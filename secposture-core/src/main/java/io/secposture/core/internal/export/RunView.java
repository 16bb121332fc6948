package io.secposture.core.internal.export;

import io.secposture.api.CloudAccount;
import io.secposture.api.Credentials;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.StagedFile;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedRun;
import io.secposture.core.ScanScope;
import io.secposture.core.Shard;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.diff.FindingChanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Not public API: the {@link ExportedRun} of one run, for one phase (before the upload, where files may be added,
 * or after it, where published files may be opened). Not thread-safe.
 */
public final class RunView implements ExportedRun {
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private final PostureReport report;
  private final URI site;
  private final Shard shard;
  private final List<ScanScope> scopes;
  private final List<CloudAccount> accounts;
  private final CredentialBroker broker;
  private final FindingChanges changes;
  private final Function<String, Optional<InputStream>> published;
  private final Path fileFolder;
  private final List<StagedFile> added = new ArrayList<>();
  private final Set<String> addedKeys = new HashSet<>();

  /**
   * Creates the view.
   *
   * @param report the run's report
   * @param site the front page link; nullable
   * @param shard the shard the export covers
   * @param scopes one per row
   * @param accounts the accounts
   * @param broker the credential broker; nullable
   * @param changes the findings with their change
   * @param published opens published files; {@code null} before the upload
   * @param fileFolder where added files go; {@code null} after the upload (no file can be added)
   */
  public RunView(PostureReport report, URI site, Shard shard, List<ScanScope> scopes, List<CloudAccount> accounts,
      CredentialBroker broker, FindingChanges changes, Function<String, Optional<InputStream>> published,
      Path fileFolder) {
    this.report = Objects.requireNonNull(report, "report");
    this.site = site;
    this.shard = Objects.requireNonNull(shard, "shard");
    this.scopes = List.copyOf(scopes);
    this.accounts = List.copyOf(accounts);
    this.broker = broker;
    this.changes = Objects.requireNonNull(changes, "changes");
    this.published = published;
    this.fileFolder = fileFolder;
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
    return shard;
  }

  @Override
  public List<ScanScope> scopes() {
    return scopes;
  }

  @Override
  public List<CloudAccount> accounts() {
    return accounts;
  }

  @Override
  public CredentialLease lease(CloudAccount account) {
    Objects.requireNonNull(account, "account");
    Credentials credentials = account.credentials();
    if (broker != null && broker.kinds().contains(credentials.kind())) {
      return broker.lease(account, credentials);
    }
    return CredentialLease.of(credentials);
  }

  @Override
  public void forEachFinding(Consumer<? super ExportedFinding> action) {
    changes.forEachFinding(Objects.requireNonNull(action, "action"));
  }

  @Override
  public void forEachResolved(Consumer<? super ExportedFinding> action) {
    changes.forEachResolved(Objects.requireNonNull(action, "action"));
  }

  @Override
  public Optional<InputStream> openPublished(String key) {
    SiteLayout.requireSafeKey(key);
    return published == null ? Optional.empty() : published.apply(key);
  }

  @Override
  public Path addFile(String fileName, String mediaType) {
    Objects.requireNonNull(mediaType, "mediaType");
    if (fileFolder == null) {
      throw new IllegalStateException("run " + report.runId() + " is already published: only an exporter that"
          + " publishesFiles() may add files, before the upload");
    }
    if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("'" + fileName + "' is not a plain file name (letters, digits, '.', '-',"
          + " '_'; at most 128 characters)");
    }
    String name = shard.isWhole() ? fileName : withShard(fileName, shard);
    String key = SiteLayout.runPrefix(report.runId()) + name;
    if (!addedKeys.add(key)) {
      throw new IllegalArgumentException("file " + name + " of run " + report.runId() + " is already added");
    }
    try {
      Files.createDirectories(fileFolder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + fileFolder + ": " + e.getMessage(), e);
    }
    Path file = fileFolder.resolve(name);
    added.add(new StagedFile(key, file, mediaType));
    return file;
  }

  /**
   * Returns the files added so far that exist (an exporter that failed before writing leaves none).
   *
   * @return the files to publish with the run
   */
  public List<StagedFile> addedFiles() {
    List<StagedFile> existing = new ArrayList<>();
    for (StagedFile file : added) {
      if (Files.isRegularFile(file.file())) {
        existing.add(file);
      }
    }
    return existing;
  }

  /**
   * Forgets (and deletes) the files added so far: an exporter that failed must not publish half a file.
   */
  public void discardAddedFiles() {
    for (StagedFile file : added) {
      try {
        Files.deleteIfExists(file.file());
      } catch (IOException e) {
        // left in the work folder, which is deleted after the run
      }
    }
    added.clear();
    addedKeys.clear();
  }

  /**
   * Marks a file name with a shard: {@code findings.ocsf.json} becomes {@code findings.ocsf.0-of-4.json}.
   *
   * @param fileName the name
   * @param shard the shard
   * @return the name for that shard
   */
  static String withShard(String fileName, Shard shard) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? fileName + "." + shard.id() : fileName.substring(0, dot) + "." + shard.id()
        + fileName.substring(dot);
  }

  @Override
  public String toString() {
    return "ExportedRun[" + report.runId() + (shard.isWhole() ? "" : ", shard " + shard) + "]";
  }
}
