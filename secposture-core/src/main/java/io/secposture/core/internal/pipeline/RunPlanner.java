package io.secposture.core.internal.pipeline;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.ScanRequest;
import io.secposture.api.Scanner;
import io.secposture.api.spi.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Not public API: validates a run's configuration as a whole (reporting every problem at once) and expands the
 * accounts into the scans to run or to report skipped. A sharded run validates every account (so every shard
 * reports the same problems) and then keeps the scans of the accounts its shard owns, possibly none.
 */
public final class RunPlanner {
  /** Clouds an account may name even when no scanner on the class path scans them (the account is SKIPPED). */
  private static final Set<String> WELL_KNOWN_PROVIDERS = Set.of(CloudProvider.AWS.id(), CloudProvider.AZURE.id(),
      CloudProvider.GCP.id(), CloudProvider.KUBERNETES.id());

  /** The reason of every scan of a disabled account. */
  public static final String DISABLED = "account disabled in configuration";

  private RunPlanner() {
  }

  /**
   * Validates and plans a run.
   *
   * @param config the pipeline configuration
   * @param runId the run id
   * @param accounts the accounts
   * @param runDirectory the run's directory; must not exist or be empty
   * @return the scans of the accounts the configuration's shard owns, in account order then scanner order,
   *     numbered from 0
   * @throws ConfigurationException listing every problem
   */
  public static List<PlannedScan> plan(PipelineConfig config, String runId, List<CloudAccount> accounts,
      Path runDirectory) {
    List<String> problems = new ArrayList<>();
    try {
      ScanRequest.requireRunId(runId);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    checkAggregator(config, problems);
    if (accounts.isEmpty()) {
      problems.add("there are no accounts to scan; configure some (SECPOSTURE_ACCOUNTS or an inventory file)");
    }
    if (config.defaultScanners().isEmpty()) {
      problems.add("the default scanner list is empty; name at least one scanner, e.g. scoutsuite");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    List<PlannedScan> plan = new ArrayList<>();
    for (CloudAccount account : accounts) {
      String previous = seen.putIfAbsent(account.key(), account.name());
      if (previous != null) {
        problems.add("account " + account.key() + " is listed twice (" + previous + " and " + account.name()
            + "); list each account once");
        continue;
      }
      List<String> names = account.scanners().isEmpty() ? config.defaultScanners() : account.scanners();
      for (String name : new LinkedHashSet<>(names)) {
        Scanner scanner = config.plugins().findScanner(name).orElse(null);
        if (scanner == null) {
          if (unknown.add(name)) {
            try {
              config.plugins().scanner(name);
            } catch (ConfigurationException e) {
              problems.add(e.getMessage() + " (used by account " + account.key() + ")");
            }
          }
          continue;
        }
        int index = plan.size();
        Set<CloudProvider> providers = scanner.providers();
        if (providers == null || providers.isEmpty()) {
          if (unknown.add(name)) {
            problems.add("scanner '" + name + "' (" + scanner.getClass().getName() + ") names no provider it can"
                + " scan; its providers() must return at least one");
          }
          continue;
        }
        if (!account.enabled()) {
          plan.add(new PlannedScan(index, account, name, null, DISABLED));
        } else if (!providers.contains(account.provider())) {
          plan.add(new PlannedScan(index, account, name, null, "scanner '" + name + "' does not support provider '"
              + account.provider() + "' (it scans " + new java.util.TreeSet<>(providers) + ")"));
        } else {
          plan.add(new PlannedScan(index, account, name, scanner, null));
        }
      }
    }
    checkProviders(config, accounts, problems);
    checkRunDirectory(runDirectory, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    if (config.shard().isWhole()) {
      return List.copyOf(plan);
    }
    List<PlannedScan> owned = new ArrayList<>();
    for (PlannedScan scan : plan) {
      if (config.shard().owns(scan.account())) {
        owned.add(new PlannedScan(owned.size(), scan.account(), scan.scannerName(), scan.scanner(),
            scan.skipReason()));
      }
    }
    return List.copyOf(owned);
  }

  /**
   * Checks that every enabled account's provider is one some scanner scans, or one of the well-known clouds: a
   * misspelt provider ({@code awz}) would otherwise give SKIPPED scans and a green run that scanned nothing.
   *
   * @param config the configuration
   * @param accounts the accounts
   * @param problems receives one problem per unknown provider, naming its accounts, the known providers and the
   *     closest one
   */
  public static void checkProviders(PipelineConfig config, List<CloudAccount> accounts, List<String> problems) {
    Set<String> known = new TreeSet<>(WELL_KNOWN_PROVIDERS);
    for (Scanner scanner : config.plugins().scanners().values()) {
      Set<CloudProvider> providers = scanner.providers();
      if (providers != null) {
        providers.forEach(provider -> known.add(provider.id()));
      }
    }
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    for (CloudAccount account : accounts) {
      if (account.enabled() && !known.contains(account.provider().id())) {
        unknown.computeIfAbsent(account.provider().id(), id -> new ArrayList<>()).add(account.key());
      }
    }
    unknown.forEach((provider, keys) -> problems.add("provider '" + provider + "' (account"
        + (keys.size() == 1 ? " " : "s ") + String.join(", ", keys.subList(0, Math.min(keys.size(), 5)))
        + (keys.size() > 5 ? " and " + (keys.size() - 5) + " more" : "") + ") is scanned by no scanner; known "
        + "providers: " + known + Suggestions.closest(provider, known).map(guess -> "; did you mean '" + guess + "'?")
            .orElse("; add the plugin that scans it to the class path")));
  }

  /**
   * Checks that the aggregator exists.
   *
   * @param config the configuration
   * @param problems receives a problem if it does not
   */
  public static void checkAggregator(PipelineConfig config, List<String> problems) {
    if (config.plugins().aggregators().isEmpty()) {
      problems.add("no aggregator is available; add io.secposture:secposture-core (aggregator 'default') to the"
          + " classpath or register one");
      return;
    }
    try {
      config.plugins().aggregator(config.aggregatorName());
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
  }

  /**
   * Checks that a run directory is new: scans need fresh, empty output directories.
   *
   * @param runDirectory the directory
   * @param problems receives a problem if it already holds files
   */
  public static void checkRunDirectory(Path runDirectory, List<String> problems) {
    if (runDirectory == null || !Files.exists(runDirectory)) {
      return;
    }
    if (!Files.isDirectory(runDirectory)) {
      problems.add("the run directory " + runDirectory + " exists and is not a directory; use another run id or"
          + " work directory");
      return;
    }
    try (Stream<Path> entries = Files.list(runDirectory)) {
      if (entries.findAny().isPresent()) {
        problems.add("the run directory " + runDirectory + " already holds files of an earlier run; use another"
            + " run id or work directory");
      }
    } catch (IOException e) {
      problems.add("cannot read the run directory " + runDirectory + ": " + e.getMessage());
    }
  }
}
