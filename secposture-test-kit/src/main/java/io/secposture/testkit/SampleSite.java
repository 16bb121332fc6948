package io.secposture.testkit;

import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.FindingTally;
import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A realistic site to publish in tests: ScoutSuite report directories (page, {@code inc-*} assets, results) for a
 * few made-up accounts, written by secposture-core's {@link SampleData}, staged under the storage layout, with a
 * report whose account rows link to each report page. Stateless.
 *
 * @param publication the report and the staged files
 * @param pages the key of each account's ScoutSuite page
 */
public record SampleSite(Publication publication, List<String> pages) {
  /** Copies the page list. */
  public SampleSite {
    pages = List.copyOf(pages);
  }

  /**
   * Writes and stages a site.
   *
   * @param directory an empty directory for the scanner outputs
   * @param runId the run id
   * @param accounts how many accounts (AWS, Azure and GCP in turn)
   * @param seed the random seed
   * @param options the publication options
   * @return the site
   */
  public static SampleSite scoutSuite(Path directory, String runId, int accounts, long seed, Settings options) {
    Instant generatedAt = Instant.parse("2026-11-22T02:00:00Z");
    List<StagedFile> files = new ArrayList<>();
    List<AccountSummary> rows = new ArrayList<>();
    List<String> pages = new ArrayList<>();
    for (CloudAccount account : SampleData.accounts(accounts, seed)) {
      CloudProvider provider = account.provider();
      String prefix = io.secposture.core.SiteLayout.scanPrefix(runId, provider, account.id(), "scoutsuite");
      Path output = directory.resolve(provider.id() + "-" + rows.size());
      try {
        Files.createDirectories(output);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TreeMap<String, String> links = new TreeMap<>();
      for (Artifact artifact : SampleData.scoutSuite(output, provider, account.id(), seed + rows.size(), 0, 0)) {
        String key = prefix + io.secposture.core.SiteLayout.relativePath(artifact.name());
        files.add(new StagedFile(key, artifact.file(), artifact.mediaType()));
        if (artifact.role() == ArtifactRole.HTML) {
          links.put("html", key);
          pages.add(key);
        } else if (artifact.role() == ArtifactRole.RESULTS) {
          links.put("results", key);
        }
      }
      ServiceStats stats = new ServiceStats(100 + rows.size(), rows.size() % 7, 50);
      rows.add(new AccountSummary(provider, account.id(), account.name(), "scoutsuite", ScanStatus.SUCCEEDED, 0,
          generatedAt.minus(Duration.ofMinutes(30)), Duration.ofMinutes(9), null, new TreeMap<>(account.labels()),
          new TreeMap<>(Map.of("iam", stats)), FindingTally.ZERO, links, List.of()));
    }
    TreeMap<CloudProvider, Map<String, ServiceStats>> services = new TreeMap<>();
    for (AccountSummary row : rows) {
      services.computeIfAbsent(row.provider(), p -> new TreeMap<>()).merge("iam", row.total(), ServiceStats::plus);
    }
    PostureReport report = PostureReport.builder(runId, generatedAt).services(services).accounts(rows).build();
    return new SampleSite(new Publication(report, files, options), pages);
  }
}
