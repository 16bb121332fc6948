package io.secposture.examples;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.core.ReportJson;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the job the way CI does, in its own JVM ({@code java -cp <test classpath> SecpostureJob ...}) with a clean
 * environment, against a stand-in {@code scout} that behaves like ScoutSuite's CLI and copies a report made by
 * {@link SampleData} for the account it is asked to scan.
 */
final class JobFixture {
  private JobFixture() {
  }

  /** An account of the test inventory. */
  record Account(String name, CloudProvider provider, String id, boolean enabled) {
    String reportName() {
      return provider.id() + "-" + id.replaceAll("[^A-Za-z0-9._-]", "-");
    }
  }

  /** What a job process did. */
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + "\n" + stderr;
    }
  }

  /**
   * Writes a ScoutSuite report per account into {@code templates/<report name>/}.
   *
   * @param templates the folder
   * @param accounts the accounts
   */
  static void templates(Path templates, List<Account> accounts) {
    for (Account account : accounts) {
      Path directory = templates.resolve(account.reportName());
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      SampleData.scoutSuite(directory, account.provider(), account.id(), account.id().hashCode(), 0, 0);
    }
  }

  /**
   * Writes the stand-in {@code scout}: it parses the arguments it needs, records its environment, reads a chained
   * AWS credentials endpoint twice (when it has one) the way an SDK does, fails with 101 for reports named in
   * {@code failing}, and otherwise copies the account's template into {@code --report-dir}.
   *
   * @param bin where to put it
   * @param templates the templates folder
   * @param record where it records what it saw, outside any published folder
   * @param failing report names that fail authentication
   * @param secondReadAfter seconds between the two reads of a credentials endpoint
   * @return the executable
   */
  static Path standInScout(Path bin, Path templates, Path record, List<String> failing, int secondReadAfter)
      throws IOException {
    String script = "#!/usr/bin/env bash\n"
        + "# stand-in for ScoutSuite's scout, written by a secposture test\n"
        + "ARGV=(\"$@\")\n"
        + "provider=\"$1\"; shift\n"
        + "report_dir=; report_name=\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in\n"
        + "  --report-dir) report_dir=\"$2\"; shift 2;;\n"
        + "  --report-name) report_name=\"$2\"; shift 2;;\n"
        + "  *) shift;;\n"
        + "esac; done\n"
        + "RECORD='" + record + "'\n"
        + "mkdir -p \"$RECORD\"\n"
        + "env | grep -E '^(AWS|GOOGLE|AZURE|SECPOSTURE)_' | sort > \"$RECORD/$report_name.env\"\n"
        + "printf '%s\\n' \"${ARGV[@]}\" > \"$RECORD/$report_name.argv\"\n"
        + "log() { echo \"$(date '+%Y-%m-%d %H:%M:%S') standin scout[$$] $1 $2\" >&2; }\n"
        + "log INFO 'Launching Scout'\n"
        + "if [ -n \"${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}\" ]; then\n"
        + "  log DEBUG \"careless debug output: token $AWS_CONTAINER_AUTHORIZATION_TOKEN\"\n"
        + "  curl -sS -f -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\""
        + " > \"$RECORD/$report_name.creds1.json\" || { log ERROR 'cannot read credentials'; exit 101; }\n"
        + "  log DEBUG \"signing with $(cat \"$RECORD/$report_name.creds1.json\")\"\n"
        + "  sleep " + secondReadAfter + "\n"
        + "  curl -sS -f -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\""
        + " > \"$RECORD/$report_name.creds2.json\" || { log ERROR 'cannot renew credentials'; exit 101; }\n"
        + "  log DEBUG \"signing with $(cat \"$RECORD/$report_name.creds2.json\")\"\n"
        + "fi\n"
        + "case \" " + String.join(" ", failing) + " \" in *\" $report_name \"*)\n"
        + "  log ERROR 'main.py L77: Authentication failure: InvalidClientTokenId'; exit 101;; esac\n"
        + "TEMPLATE='" + templates + "'/\"$report_name\"\n"
        + "mkdir -p \"$report_dir/scoutsuite-results\"\n"
        + "cp -r \"$TEMPLATE\"/inc-* \"$report_dir/\"\n"
        + "cp \"$TEMPLATE\"/*.html \"$report_dir/$report_name.html\"\n"
        + "cp \"$TEMPLATE\"/scoutsuite-results/scoutsuite_results_*.js"
        + " \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"\n"
        + "cp \"$TEMPLATE\"/scoutsuite-results/scoutsuite_exceptions_*.js"
        + " \"$report_dir/scoutsuite-results/scoutsuite_exceptions_$report_name.js\"\n"
        + "log INFO 'Saved the report'\n"
        + "exit 0\n";
    Files.createDirectories(bin);
    Path scout = bin.resolve("scout");
    Files.writeString(scout, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(scout, PosixFilePermissions.fromString("rwx------"));
    return scout;
  }

  /**
   * Returns the {@code SECPOSTURE_ACCOUNTS} variables for accounts with ambient credentials.
   *
   * @param accounts the accounts
   * @return the variables
   */
  static Map<String, String> inventory(List<Account> accounts) {
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Account account : accounts) {
      names.add(account.name());
      String prefix = "SECPOSTURE_ACCOUNT_" + account.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
      environment.put(prefix + "PROVIDER", account.provider().id());
      environment.put(prefix + "ID", account.id());
      if (!account.enabled()) {
        environment.put(prefix + "ENABLED", "false");
      }
    }
    environment.put("SECPOSTURE_ACCOUNTS", String.join(",", names));
    return environment;
  }

  /**
   * Starts the job in its own JVM with exactly the given environment (plus {@code PATH} and {@code HOME}).
   *
   * @param environment the job's variables
   * @param arguments the command line
   * @return the running process
   */
  static Process start(Map<String, String> environment, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp",
        System.getProperty("java.class.path"), SecpostureJob.class.getName()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> inherited = builder.environment();
    String path = inherited.get("PATH");
    String home = inherited.get("HOME");
    inherited.clear();
    inherited.put("PATH", path);
    if (home != null) {
      inherited.put("HOME", home);
    }
    inherited.putAll(environment);
    return builder.start();
  }

  /**
   * Runs the job to completion in its own JVM.
   *
   * @param environment the job's variables
   * @param arguments the command line
   * @return the exit code and output
   */
  static Result run(Map<String, String> environment, String... arguments) throws Exception {
    return finish(start(environment, arguments));
  }

  /**
   * Waits for a job process and collects its output.
   *
   * @param process the process
   * @return the exit code and output
   */
  static Result finish(Process process) throws Exception {
    var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the job did not finish in 240 s: " + stderr.getNow(""));
    }
    return new Result(process.exitValue(), stdout.get(), stderr.get());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  /**
   * Reads a published report.
   *
   * @param file the JSON file
   * @return the report
   */
  static PostureReport report(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ReportJson.read(in, file.toString());
    }
  }

  /** The report without what differs between two runs of the same accounts: run ids (also in links) and times. */
  static PostureReport normalised(PostureReport report) {
    List<AccountSummary> rows = report.accounts().stream().map(row -> new AccountSummary(row.provider(),
        row.accountId(), row.name(), row.scanner(), row.status(), row.exitCode(), null, Duration.ZERO,
        row.reason(), row.labels(), row.services(), row.findings(), new TreeMap<>(row.links().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, link -> link.getValue().replace(report.runId(), "RUN")))),
        row.warnings())).toList();
    // each shard runs at its own time, so its findings are first seen then: the oldest list compares by counts only
    io.secposture.api.SlaSummary sla = report.sla() == null ? null : new io.secposture.api.SlaSummary(
        report.sla().policy(), report.sla().open(), report.sla().breached(), List.of(), report.sla().byAccount(),
        report.sla().byOwner());
    return report.toBuilder().runId("RUN").generatedAt(Instant.EPOCH).accounts(rows).sla(sla).build();
  }

  /**
   * Returns every file's text under a folder, for leak checks.
   *
   * @param root the folder
   * @return path and content of every regular file
   */
  static Map<Path, String> texts(Path root) throws IOException {
    Map<Path, String> texts = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.toString().endsWith(".gz")) {
          try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            texts.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        } else {
          texts.put(file, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
      }
    }
    return texts;
  }
}
