package io.secposture.scoutsuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a stand-in for ScoutSuite's {@code scout} command: a bash script that parses its arguments the way
 * ScoutSuite's argparse setup does (unknown flags and missing authentication modes exit 2 with argparse's message),
 * records what it received (arguments, selected environment variables, working directory, whether standard input is
 * closed, the content and mode of credential files) into a record directory outside the report, logs like
 * coloredlogs to stderr, copies a real-shaped report (made by {@code SampleData}) into {@code --report-dir} under
 * {@code --report-name}, and exits with the configured code, or hangs with a child process.
 */
final class StandInScout {
  /** Environment variables the stand-in records. */
  static final List<String> RECORDED_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AZURE_CLIENT_ID", "GOOGLE_APPLICATION_CREDENTIALS",
      "KUBECONFIG", "PYTHONUNBUFFERED", "SECPOSTURE_TEST_JOB_SECRET", "EXTRA_VARIABLE");

  private int exitCode;
  private boolean writeResults = true;
  private boolean emptyResults;
  private boolean writeErrors;
  private boolean hang;
  private Path realRun;
  private final List<String> stderr = new ArrayList<>();

  private StandInScout() {
  }

  static StandInScout exiting(int exitCode) {
    StandInScout scout = new StandInScout();
    scout.exitCode = exitCode;
    scout.writeErrors = exitCode == 200;
    return scout;
  }

  static StandInScout hanging() {
    StandInScout scout = exiting(0);
    scout.hang = true;
    return scout;
  }

  /**
   * Writes, instead of the sample report, the files of a real ScoutSuite run (a folder of shared/fixtures/real-runs,
   * read at scan time) into {@code scoutsuite-results/}, with the run's report name replaced by the requested one,
   * and no errors file of its own: the real run's is copied when it has one.
   */
  StandInScout replaying(Path realRunFolder) {
    realRun = realRunFolder;
    writeErrors = false;
    return this;
  }

  StandInScout withoutResults() {
    writeResults = false;
    return this;
  }

  StandInScout withEmptyResults() {
    emptyResults = true;
    return this;
  }

  StandInScout withoutErrorsFile() {
    writeErrors = false;
    return this;
  }

  StandInScout stderr(String line) {
    stderr.add(line);
    return this;
  }

  /**
   * Writes the script.
   *
   * @param directory where to put it
   * @param template a ScoutSuite report directory to copy (from SampleData)
   * @param record where the script records what it received; must exist
   * @return the executable
   */
  Path write(Path directory, Path template, Path record) {
    Map<String, String> known = new LinkedHashMap<>();
    known.put("common", "--force --no-browser --report-dir --report-name --result-format --regions --exclude-regions"
        + " --services --skip --ruleset --exceptions --max-workers --max-rate --debug --quiet --logfile --local"
        + " --update --timestamp --list-services");
    known.put("aws", "--profile --access-keys --access-key-id --secret-access-key --session-token --ip-ranges"
        + " --ip-ranges-name-key");
    known.put("azure", "--cli --user-account --user-account-browser --service-principal --file-auth --msi --tenant"
        + " --subscriptions --all-subscriptions --username --password --client-id --client-secret");
    known.put("gcp", "--user-account --service-account --project-id --folder-id --organization-id --all-projects");
    known.put("kubernetes", "--cluster-provider --config-file --context --do-not-persist-config --subscription-id");
    StringBuilder script = new StringBuilder();
    script.append("#!/usr/bin/env bash\n")
        .append("# stand-in for ScoutSuite's scout command, written by a secposture test\n")
        .append("RECORD='").append(record).append("'\n")
        .append("TEMPLATE='").append(template).append("'\n")
        .append("printf '%s\\n' \"$@\" > \"$RECORD/argv\"\n")
        .append("{ for v in ").append(String.join(" ", RECORDED_VARIABLES)).append("; do\n")
        .append("    if [ -n \"${!v+x}\" ]; then printf '%s=%s\\n' \"$v\" \"${!v}\"; fi\n")
        .append("  done; } > \"$RECORD/env\"\n")
        .append("pwd > \"$RECORD/cwd\"\n")
        .append("read -r -t 5 line; echo $? > \"$RECORD/stdin\"\n")
        .append("log() { echo \"$(date '+%Y-%m-%d %H:%M:%S') standin scout[$$] $1 $2\" >&2; }\n")
        .append("usage() { echo \"usage: scout $provider [-h] [--force] [--no-browser] ...\" >&2;"
            + " echo \"scout $provider: error: $1\" >&2; exit 2; }\n")
        .append("provider=\"$1\"\n")
        .append("case \"$provider\" in\n");
    for (String provider : List.of("aws", "azure", "gcp", "kubernetes")) {
      script.append("  ").append(provider).append(") KNOWN=\"").append(known.get("common")).append(' ')
          .append(known.get(provider)).append("\";;\n");
    }
    script.append("  *) echo \"scout: error: argument provider: invalid choice: '$provider'\" >&2; exit 2;;\n")
        .append("esac\n")
        .append("shift\n")
        .append("report_dir=; report_name=; format=; browser=1; force=0; modes=0; tenant=0\n")
        .append("while [ $# -gt 0 ]; do\n")
        .append("  case \"$1\" in\n")
        .append("    --report-dir) report_dir=\"$2\"; shift 2;;\n")
        .append("    --report-name) report_name=\"$2\"; shift 2;;\n")
        .append("    --result-format) format=\"$2\"; shift 2;;\n")
        .append("    --no-browser) browser=0; shift;;\n")
        .append("    --force) force=1; shift;;\n")
        .append("    --file-auth) modes=$((modes+1)); echo \"careless debug output: $(cat \"$2\")\" >&2;"
            + " cp \"$2\" \"$RECORD/file-auth.json\";"
            + " stat -c %a \"$2\" > \"$RECORD/file-auth.mode\"; echo \"$2\" > \"$RECORD/file-auth.path\"; shift 2;;\n")
        .append("    --service-account) modes=$((modes+1)); cp \"$2\" \"$RECORD/service-account.json\";"
            + " stat -c %a \"$2\" > \"$RECORD/service-account.mode\"; echo \"$2\" > \"$RECORD/service-account.path\";"
            + " shift 2;;\n")
        .append("    --cli|--msi|--user-account|--service-principal|--user-account-browser) modes=$((modes+1));"
            + " shift;;\n")
        .append("    --tenant) tenant=1; shift 2;;\n")
        .append("    --*) case \" $KNOWN \" in *\" $1 \"*) shift;; *) usage \"unrecognized arguments: $1\";; esac;;\n")
        .append("    *) shift;;\n")
        .append("  esac\n")
        .append("done\n")
        .append("[ -n \"$report_dir\" ] || usage \"the stand-in needs --report-dir\"\n")
        .append("[ -n \"$report_name\" ] || usage \"the stand-in needs --report-name\"\n")
        .append("[ \"$format\" = json ] || usage \"the stand-in needs --result-format json\"\n")
        .append("[ $browser = 0 ] || usage \"the stand-in needs --no-browser\"\n")
        .append("[ $force = 1 ] || usage \"the stand-in needs --force\"\n")
        .append("if [ \"$provider\" = azure ] || [ \"$provider\" = gcp ]; then\n")
        .append("  [ $modes = 1 ] || usage \"one of the authentication modes is required, and only one\"\n")
        .append("fi\n")
        .append("[ $tenant = 0 ] || usage \"--tenant can only be set with --user-account or --service-principal\"\n")
        .append("log INFO 'Launching Scout'\n")
        .append("log INFO 'Authenticating to cloud provider'\n")
        .append("log DEBUG \"credentials in use: ${AWS_SECRET_ACCESS_KEY:-none}\"\n");
    for (String line : stderr) {
      script.append("log ERROR '").append(line.replace("'", "'\\''")).append("'\n");
    }
    if (hang) {
      script.append("log INFO 'Gathering data from APIs'\n")
          .append("sleep 600 &\n")
          .append("echo $! > \"$RECORD/child.pid\"\n")
          .append("wait\n");
    }
    if (writeResults && realRun != null) {
      script.append("mkdir -p \"$report_dir/scoutsuite-results\"\n")
          .append("for f in '").append(realRun).append("'/scoutsuite_*; do\n")
          .append("  base=$(basename \"$f\"); base=${base/aws-123456789012/$report_name}\n")
          .append("  log INFO \"Saving data to $report_dir/scoutsuite-results/$base\"\n")
          .append("  cp \"$f\" \"$report_dir/scoutsuite-results/$base\"\n")
          .append("done\n");
    } else if (writeResults) {
      script.append("mkdir -p \"$report_dir/scoutsuite-results\"\n")
          .append("cp -r \"$TEMPLATE\"/inc-* \"$report_dir/\"\n")
          .append("cp \"$TEMPLATE\"/*.html \"$report_dir/$report_name.html\"\n");
      if (emptyResults) {
        script.append(": > \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"\n");
      } else {
        script.append("log INFO \"Saving data to $report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"\n")
            .append("cp \"$TEMPLATE\"/scoutsuite-results/scoutsuite_results_*.js"
                + " \"$report_dir/scoutsuite-results/scoutsuite_results_$report_name.js\"\n");
      }
      script.append("cp \"$TEMPLATE\"/scoutsuite-results/scoutsuite_exceptions_*.js"
          + " \"$report_dir/scoutsuite-results/scoutsuite_exceptions_$report_name.js\"\n");
    }
    if (writeErrors) {
      script.append("cat > \"$report_dir/scoutsuite-results/scoutsuite_errors_$report_name.json\" <<'ERRORS'\n")
          .append(errorsJson()).append("ERRORS\n");
    }
    if (exitCode != 0 && stderr.isEmpty()) {
      script.append("log ERROR 'main.py L77: stand-in failure with exit ").append(exitCode).append("'\n");
    }
    script.append("exit ").append(exitCode).append('\n');
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("scout");
      Files.writeString(file, script.toString(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An errors file like ScoutSuite's: 3 AccessDenied on rds, 1 on elasticache, 1 TypeError in ec2. */
  static String errorsJson() {
    StringBuilder json = new StringBuilder("[\n");
    String[][] entries = {
        {"Failed to get all pages from paginator for the rds service: An error occurred (AccessDenied) when calling"
            + " the DescribeDBInstances operation: not authorized", "utils.py"},
        {"Failed to get all pages from paginator for the rds service: An error occurred (AccessDenied) when calling"
            + " the DescribeDBInstances operation: not authorized", "utils.py"},
        {"Failed to get all pages from paginator for the rds service: An error occurred (AccessDenied) when calling"
            + " the DescribeDBSnapshots operation: not authorized", "utils.py"},
        {"Failed to get all pages from paginator for the elasticache service: An error occurred (AccessDenied) when"
            + " calling the DescribeCacheClusters operation: not authorized", "utils.py"},
        {"Failed to call fetch_all() for resource regional_settings: 'NoneType' object is not subscriptable",
            "base.py"}};
    for (int i = 0; i < entries.length; i++) {
      String traceback = i == 4 ? "Traceback (most recent call last):\\n  File \\\"/x/ScoutSuite/providers/aws/"
          + "resources/ec2/regional_settings.py\\\", line 19, in fetch_all\\nTypeError: 'NoneType' object is not"
          + " subscriptable\\n" : "None";
      json.append("    {\n        \"additional_details\": null,\n        \"exception\": \"").append(entries[i][0])
          .append("\",\n        \"file\": \"").append(entries[i][1]).append("\",\n        \"line\": 27,\n")
          .append("        \"traceback\": \"").append(traceback).append("\"\n    }")
          .append(i < entries.length - 1 ? ",\n" : "\n");
    }
    return json.append("]\n").toString();
  }
}
