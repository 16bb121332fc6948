package io.secposture.samples;

import io.secposture.api.Artifact;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.samples.internal.ScoutSuiteSampleWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes realistic scanner outputs for made-up accounts, so the demo, the tests and the benchmarks have data of any
 * size without a cloud. Output follows what the real tools write (see {@code shared/reference}): ScoutSuite's
 * report directory and Prowler's JSON-OCSF.
 *
 * <p>The same seed gives the same bytes. {@code generation} models successive weekly runs of the same account: each
 * generation fixes some of the previous one's failures and introduces some new ones, which the run-to-run diff
 * reports. Writers stream: generating gigabytes needs no more memory than generating kilobytes.
 *
 * <p>Called by {@link DemoScanners}, the test kit, the scanner modules' tests and the benchmarks. Stateless and
 * thread-safe (each call writes its own files). No parameter is {@code null} and no method returns {@code null}.
 */
public final class SampleData {
  private static final String[] TEAMS = {"payments", "platform", "data", "identity", "web", "ml"};
  private static final String[] STAGES = {"prod", "staging", "dev"};

  private SampleData() {
  }

  /**
   * Writes a ScoutSuite report directory for one account: {@code <name>.html}, the {@code inc-*} asset folders and
   * {@code scoutsuite-results/} with the results, exceptions and (sometimes) errors files.
   *
   * @param directory an existing, empty directory
   * @param provider {@code aws}, {@code azure} or {@code gcp}
   * @param accountId the account id written into the results
   * @param seed the random seed
   * @param generation 0 for a first run, 1, 2, ... for later runs of the same account
   * @param targetBytes approximate size of the results file; 0 for a small realistic one (about 100 KB)
   * @return the files written, the results file first with role RESULTS
   */
  public static List<Artifact> scoutSuite(Path directory, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    return ScoutSuiteSampleWriter.write(directory, provider, accountId, seed, generation, targetBytes);
  }

  /**
   * Writes a Prowler 5 JSON-OCSF file for one account (and, for small outputs, the matching CSV and HTML).
   *
   * @param directory an existing, empty directory
   * @param provider {@code aws}, {@code azure}, {@code gcp} or {@code kubernetes}
   * @param accountId the account id written into the findings
   * @param seed the random seed
   * @param generation 0 for a first run, 1, 2, ... for later runs of the same account
   * @param targetBytes approximate size of the OCSF file; 0 for a small realistic one (about 100 KB)
   * @return the files written, the OCSF file first with role RESULTS
   */
  public static List<Artifact> prowler(Path directory, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    return ProwlerSampleWriter.write(directory, provider, accountId, seed, generation, targetBytes);
  }

  /**
   * Makes up accounts across AWS, Azure and GCP (every fourth one scanned by Prowler, the rest by ScoutSuite), with
   * plausible ids, names and team labels.
   *
   * @param count how many
   * @param seed the random seed
   * @return the accounts, in a stable order
   */
  public static List<CloudAccount> accounts(int count, long seed) {
    Random random = new Random(seed);
    List<CloudAccount> accounts = new ArrayList<>();
    CloudProvider[] providers = {CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP};
    for (int i = 0; i < count; i++) {
      CloudProvider provider = providers[i % providers.length];
      String team = TEAMS[random.nextInt(TEAMS.length)];
      String stage = STAGES[random.nextInt(STAGES.length)];
      String id;
      if (provider.equals(CloudProvider.AWS)) {
        id = String.format(Locale.ROOT, "%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
      } else if (provider.equals(CloudProvider.AZURE)) {
        id = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
      } else {
        id = team + "-" + stage + "-" + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      }
      String scanner = i % 4 == 3 ? "prowler" : "scoutsuite";
      accounts.add(CloudAccount.builder(provider, id).name(team + "-" + stage)
          .labels(Map.of("team", team, "stage", stage)).scanners(List.of(scanner)).build());
    }
    return List.copyOf(accounts);
  }
}
