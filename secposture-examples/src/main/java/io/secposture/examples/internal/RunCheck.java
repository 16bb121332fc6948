package io.secposture.examples.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Plugins;
import io.secposture.api.Preflight;
import io.secposture.api.Scanner;
import io.secposture.api.Settings;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import io.secposture.core.Pipeline;
import io.secposture.core.ScanPlan;
import io.secposture.core.Shard;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not public API: what {@code check} and {@code run --dry-run} print after the configuration has been read and
 * validated: the plugins, the planned scans, each scanner's executable and version, credential chaining for each
 * account that uses it, the work folder and the destination. Every problem is collected; {@link #verdict()} throws
 * them all at once. Never prints a secret (credentials appear by kind only). One instance per command call; not
 * thread-safe (the chaining check leases concurrently on its own threads).
 */
final class RunCheck {
  private final Console console;
  private final Plugins plugins;
  private final int concurrency;
  private final List<String> problems;
  private int scans;
  private int accounts;

  /** Supplies a value, possibly throwing a {@link ConfigurationException}. */
  @FunctionalInterface
  interface Step<T> {
    T get();
  }

  /**
   * Starts a check.
   *
   * @param console where the check is printed
   * @param plugins the plugins; null when discovering them failed (a problem already recorded)
   * @param concurrency the run's concurrency, used for leasing
   * @param problems the configuration problems found so far; the check goes on as far as it can without them
   */
  RunCheck(Console console, Plugins plugins, int concurrency, List<String> problems) {
    this.console = console;
    this.plugins = plugins;
    this.concurrency = Math.max(1, concurrency);
    this.problems = new ArrayList<>(problems);
  }

  /**
   * Runs every part of the check that the configuration allows and ends with {@link #verdict()}. With configuration
   * problems already found, the accounts and credential chaining are not checked (they need a valid configuration),
   * but the plugins, the scanners the configuration names, the work folder and the destination still are, so the
   * user sees every problem at once.
   */
  int run(Step<List<CloudAccount>> accountsAfterDiscovery, Pipeline.Builder planning, String runId, Shard shard,
      List<String> defaultScanners, Settings scannerOptions, Step<CredentialBroker> brokers, Path workFolder,
      URI destination, Settings publisherSettings) {
    console.line("secposture check: what run would do, without scanning or publishing");
    if (plugins == null) {
      return verdict();
    }
    plugins();
    boolean configured = problems.isEmpty();
    List<ScanPlan> plan = null;
    if (configured && planning != null) {
      try {
        List<CloudAccount> accounts = accountsAfterDiscovery.get();
        plan = planning.build().plan(runId, accounts);
        try (CredentialBroker broker = brokers.get()) {
          accounts(accounts, plan, shard, broker);
          scanners(names(plan), scannerOptions);
          chaining(plan, broker);
        }
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (plan == null) {
      Set<String> names = new LinkedHashSet<>(defaultScanners);
      names.retainAll(plugins.scanners().keySet());
      scanners(names, scannerOptions);
    }
    workFolder(workFolder, runId);
    destination(destination, publisherSettings);
    return verdict();
  }

  private static Set<String> names(List<ScanPlan> plan) {
    Set<String> used = new LinkedHashSet<>();
    plan.stream().filter(ScanPlan::runs).forEach(scan -> used.add(scan.scanner()));
    return used;
  }

  /** Lists every plugin found: kind, name, class and the jar it came from. */
  void plugins() {
    console.line("plugins:");
    plugins.scanners().forEach((name, plugin) -> plugin("scanner", name, plugin));
    plugins.parsers().forEach((name, plugin) -> plugin("parser", name, plugin));
    plugins.aggregators().forEach((name, plugin) -> plugin("aggregator", name, plugin));
    plugins.publishers().forEach((scheme, plugin) -> plugin("publisher", scheme + ":", plugin));
    try {
      io.secposture.core.FindingExporter.available().forEach((name, plugin) -> plugin("exporter", name, plugin));
    } catch (io.secposture.api.ConfigurationException e) {
      e.problems().forEach(problem -> console.line("  exporter   problem: " + problem));
    }
  }

  private void plugin(String kind, String name, Object plugin) {
    console.line(String.format(Locale.ROOT, "  %-10s %-24s %s (%s)", kind, name, plugin.getClass().getName(),
        jar(plugin.getClass())));
  }

  private static String jar(Class<?> type) {
    CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown location";
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (Exception e) {
      return source.getLocation().toString();
    }
  }

  /** Lists the scans the run would do, after discovery, filters and sharding, with scanner and credential kind. */
  void accounts(List<CloudAccount> inventory, List<ScanPlan> plan, Shard shard, CredentialBroker broker) {
    Set<String> owned = new LinkedHashSet<>();
    plan.forEach(scan -> owned.add(scan.account().key()));
    accounts = owned.size();
    scans = (int) plan.stream().filter(ScanPlan::runs).count();
    console.line("accounts: " + inventory.size() + " (configured and discovered, after filters)"
        + (shard == null || shard.isWhole() ? "" : "; shard " + shard + " owns " + owned.size()) + "; " + scans
        + " scan(s) would run, " + (plan.size() - scans) + " would be skipped");
    for (ScanPlan scan : plan) {
      CloudAccount account = scan.account();
      String kind = account.credentials().kind();
      String chained = broker != null && broker.kinds().contains(kind) ? " (chained)" : "";
      console.line(String.format(Locale.ROOT, "  %-40s %-12s %s%s", describe(account), scan.scanner(),
          scan.runs() ? "credentials " + kind + chained : "SKIPPED: ", scan.runs() ? "" : scan.skipReason()));
    }
    if (scans == 0) {
      problems.add(plan.isEmpty() && shard != null && !shard.isWhole()
          ? "shard " + shard + " owns none of the " + inventory.size() + " accounts; it would publish an empty"
              + " partial report (fine for a small estate, but check --shard)"
          : "no scan would run: every scan would be SKIPPED; enable an account or give it a scanner that scans its"
              + " provider");
    }
  }

  private static String describe(CloudAccount account) {
    return account.key() + (account.name().equals(account.id()) ? "" : " (" + account.name() + ")");
  }

  /** Checks each scanner the run would use: its executable and version ({@link Scanner#preflight}). */
  void scanners(Set<String> used, Settings options) {
    if (used.isEmpty()) {
      return;
    }
    console.line("scanners:");
    for (String name : used) {
      Preflight result;
      try {
        result = plugins.scanner(name).preflight(options);
      } catch (RuntimeException e) {
        result = Preflight.problem("scanner '" + name + "' failed its check: " + e);
      }
      String found = result.executable() == null ? "" : result.executable()
          + (result.version() == null ? "" : ", version " + result.version());
      console.line("  " + name + ": " + (found.isEmpty() ? result.checkedNothing() ? "nothing to check" : "" : found));
      print(result, name);
    }
  }

  /**
   * Proves credential chaining reachable: leases credentials for every account whose scans would chain them and
   * ends the lease at once (an AWS role assumed, a Google service account impersonated, an Azure token read).
   */
  void chaining(List<ScanPlan> plan, CredentialBroker broker) {
    if (broker == null) {
      return;
    }
    Map<String, CloudAccount> chained = new LinkedHashMap<>();
    for (ScanPlan scan : plan) {
      if (scan.runs() && broker.kinds().contains(scan.account().credentials().kind())) {
        chained.putIfAbsent(scan.account().key(), scan.account());
      }
    }
    if (chained.isEmpty()) {
      return;
    }
    console.line("credential chaining (" + chained.size() + " account(s)):");
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, chained.size()), runnable -> {
      Thread thread = new Thread(runnable, "secposture-check-lease");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<CloudAccount, Future<String>> leases = new LinkedHashMap<>();
      for (CloudAccount account : chained.values()) {
        leases.put(account, pool.submit(() -> lease(broker, account)));
      }
      for (Map.Entry<CloudAccount, Future<String>> lease : leases.entrySet()) {
        CloudAccount account = lease.getKey();
        String problem;
        try {
          problem = lease.getValue().get();
        } catch (java.util.concurrent.ExecutionException e) {
          problem = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          problem = "interrupted";
        }
        String kind = account.credentials().kind();
        if (problem == null) {
          console.line("  " + describe(account) + " " + kind + ": credentials obtained");
        } else {
          console.line("  " + describe(account) + " " + kind + ": FAILED");
          problems.add("credential chaining for " + describe(account) + " (" + kind + ") failed: " + problem);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Leases and ends; returns null on success, else the broker's message (which never holds a secret). */
  private static String lease(CredentialBroker broker, CloudAccount account) {
    Credentials credentials = account.credentials();
    try (CredentialLease lease = broker.lease(account, credentials)) {
      lease.credentials();
      return null;
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** Checks the work folder: a named one must be a writable folder (or creatable) and the run's folder unused. */
  void workFolder(Path configured, String runId) {
    if (configured == null) {
      Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
      console.line("work folder: a new temporary folder in " + temporary + " (deleted after publishing)");
      if (!Files.isDirectory(temporary) || !Files.isWritable(temporary)) {
        problems.add("the temporary folder " + temporary + " is not a writable directory; set --work-dir or "
            + JobEnvironment.WORK_DIR);
      }
      return;
    }
    Path folder = configured.toAbsolutePath().normalize();
    console.line("work folder: " + folder + " (kept)");
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      problems.add("the work folder " + folder + " cannot be created or written"
          + (existing == null ? "" : ": " + existing + " is not a writable directory") + "; fix --work-dir or "
          + JobEnvironment.WORK_DIR);
    }
    problems.addAll(Pipeline.runDirectoryProblems(folder.resolve(runId)));
  }

  /** Checks the destination: settings, then that the store is reachable and writable (a probe object). */
  void destination(URI destination, Settings options) {
    SortedMap<String, ?> publishers = plugins.publishers();
    String scheme = destination.getScheme() == null ? "file" : destination.getScheme().toLowerCase(Locale.ROOT);
    console.line("destination: " + io.secposture.core.spi.QueryOptions.withoutSecrets(destination)
        + (publishers.containsKey(scheme) ? " (" + publishers.get(scheme).getClass().getName() + ")" : ""));
    Preflight result;
    try {
      result = plugins.publisherFor(destination).preflight(destination, options);
    } catch (ConfigurationException e) {
      result = new Preflight(null, null, List.of(), e.problems());
    } catch (RuntimeException e) {
      result = Preflight.problem("checking the destination failed: " + e);
    }
    if (result.checkedNothing()) {
      console.line("  the publisher has no check of its own; settings and destination look valid");
    }
    print(result, "destination");
  }

  private void print(Preflight result, String what) {
    result.details().forEach(detail -> console.line("    " + detail));
    for (String problem : result.problems()) {
      console.line("    problem: " + problem);
      if (!problems.contains(problem)) {
        // the destination's settings were validated with the configuration already
        problems.add(what + ": " + problem);
      }
    }
  }

  /**
   * Ends the check.
   *
   * @return {@link ExitCode#OK} when nothing is wrong
   * @throws ConfigurationException listing every problem found, for exit code 2
   */
  int verdict() {
    if (!problems.isEmpty()) {
      console.line("check found " + problems.size() + " problem(s); the run would not go as planned");
      throw new ConfigurationException(problems);
    }
    console.line("check passed: the run would scan " + accounts + " account(s) in " + scans + " scan(s)");
    return ExitCode.OK;
  }
}
