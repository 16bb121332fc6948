package io.secposture.samples;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.Scanner;
import io.secposture.samples.internal.DemoScanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stand-ins for the {@code scoutsuite} and {@code prowler} scanners that run no CLI and need no
 * cloud. Each scan sleeps a little (so the demo shows scans running concurrently), writes realistic output with
 * {@link SampleData} into the request's output directory and returns its artifacts, so the real parsers, aggregator
 * and publishers do the rest.
 *
 * <p>Account labels steer a stand-in: {@value #OUTCOME_LABEL} {@code failed} (exit 101, "authentication failed"),
 * {@code partial} (results plus a warning, PARTIAL) or {@code timeout} (hangs, ignoring its timeout, until the
 * pipeline's watchdog or a cancellation interrupts it); {@value #GENERATION_LABEL} picks the sample generation (0,
 * 1, 2, ... for successive weekly runs of the same account).
 *
 * <p>Called by the job's {@code demo} command and the tests that run the pipeline without a cloud. Stateless and
 * thread-safe, and so are the scanners it returns. No parameter is {@code null} and no method returns {@code null}.
 */
public final class DemoScanners {
  /** The label that makes a stand-in fail, return partial results or hang. */
  public static final String OUTCOME_LABEL = "demo.outcome";
  /** The label that selects the sample generation. */
  public static final String GENERATION_LABEL = "demo.generation";

  private DemoScanners() {
  }

  /**
   * Returns the two stand-ins, {@code scoutsuite} (aws, azure, gcp) and {@code prowler} (aws, azure, gcp,
   * kubernetes).
   *
   * @param seed the sample data seed; each account's output also depends on its id, so it is stable
   * @param delay about how long each scan takes (each one sleeps between half and one and a half times this);
   *     zero for no sleep
   * @return the scanners
   */
  public static List<Scanner> create(long seed, Duration delay) {
    return List.of(
        new DemoScanner("scoutsuite", Set.of(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP), seed, delay),
        new DemoScanner("prowler", Set.of(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP,
            CloudProvider.KUBERNETES), seed, delay));
  }

  /**
   * Returns a registry with the stand-ins in place of any discovered scanners, and every discovered parser,
   * aggregator and publisher.
   *
   * @param discovered the discovered plugins
   * @param seed the sample data seed
   * @param delay about how long each scan takes
   * @return the registry
   */
  public static Plugins plugins(Plugins discovered, long seed, Duration delay) {
    List<Object> plugins = new ArrayList<>(create(seed, delay));
    plugins.addAll(discovered.parsers().values());
    plugins.addAll(discovered.aggregators().values());
    List<Object> publishers = new ArrayList<>();
    discovered.publishers().values().forEach(publisher -> {
      if (publishers.stream().noneMatch(p -> p == publisher)) {
        publishers.add(publisher);
      }
    });
    plugins.addAll(publishers);
    return Plugins.of(plugins);
  }

  /**
   * Makes up demo accounts with {@link SampleData#accounts(int, long)} and, when there are at least five, marks the
   * second one {@code failed} and the fifth one {@code partial}, so the demo shows failure isolation. (No account
   * hangs: that would make the demo wait for its scan timeout; set the {@value #OUTCOME_LABEL} label to
   * {@code timeout} yourself to see the watchdog.)
   *
   * @param count how many accounts
   * @param seed the seed
   * @return the accounts
   */
  public static List<CloudAccount> accounts(int count, long seed) {
    List<CloudAccount> accounts = new ArrayList<>(SampleData.accounts(count, seed));
    if (accounts.size() >= 5) {
      accounts.set(1, withLabel(accounts.get(1), OUTCOME_LABEL, "failed"));
      accounts.set(4, withLabel(accounts.get(4), OUTCOME_LABEL, "partial"));
    }
    return List.copyOf(accounts);
  }

  private static CloudAccount withLabel(CloudAccount account, String key, String value) {
    Map<String, String> labels = new HashMap<>(account.labels());
    labels.put(key, value);
    return account.toBuilder().labels(labels).build();
  }
}
