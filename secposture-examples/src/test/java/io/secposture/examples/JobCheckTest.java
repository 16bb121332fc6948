package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes caught before any scan (issue 11 item 7) and the {@code check} command / {@code run --dry-run} (item 8).
 * The stand-in {@code scout} answers {@code --version} exactly as ScoutSuite 5.14.0 does (argparse's version action:
 * {@code Scout Suite 5.14.0} on standard output, exit 0) and records every call, so a test can prove nothing was
 * scanned.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JobCheckTest {
  @TempDir
  Path dir;

  private Path scout;
  private Path calls;

  record Result(int exit, String out, String err) {
    String all() {
      return out + "\n" + err;
    }
  }

  private static Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void standInScout() throws IOException {
    calls = dir.resolve("scout-calls.txt");
    scout = Files.createDirectories(dir.resolve("bin")).resolve("scout");
    Files.writeString(scout, String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$*\" >> '" + calls + "'",
        "if [ \"$1\" = --version ]; then echo 'Scout Suite 5.14.0'; exit 0; fi",
        "echo 'a scan started' >&2",
        "exit 1",
        ""));
    Files.setPosixFilePermissions(scout, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Map<String, String> twoAccounts() {
    Map<String, String> environment = new HashMap<>();
    environment.put("SECPOSTURE_ACCOUNTS", "prod,old");
    environment.put("SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws");
    environment.put("SECPOSTURE_ACCOUNT_PROD_ID", "123456789012");
    environment.put("SECPOSTURE_ACCOUNT_OLD_PROVIDER", "gcp");
    environment.put("SECPOSTURE_ACCOUNT_OLD_ID", "old-project");
    environment.put("SECPOSTURE_ACCOUNT_OLD_ENABLED", "false");
    environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
    return environment;
  }

  private List<String> scoutCalls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private static List<Path> filesUnder(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void check_validConfiguration_printsPluginsScansVersionAndDestination_exitsZero_andScansNothing() throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));

    Result check = job(twoAccounts(), "check", "--publish", site.toString(), "--work-dir",
        dir.resolve("work").toString());

    assertThat(check.exit()).as(check.all()).isZero();
    assertThat(check.out())
        .containsPattern("scanner +scoutsuite +io\\.secposture\\.scoutsuite\\.ScoutSuiteScanner \\(.+\\)")
        .containsPattern("scanner +prowler +io\\.secposture\\.prowler\\.ProwlerScanner")
        .containsPattern("publisher +s3: +io\\.secposture\\.storage\\.s3\\.S3ArtifactPublisher")
        .containsPattern("exporter +webhook +io\\.secposture\\.exporters\\.WebhookExporter")
        .contains("accounts: 2 (configured and discovered, after filters); 1 scan(s) would run, 1 would be skipped")
        .containsPattern("aws/123456789012 \\(prod\\) +scoutsuite +credentials ambient")
        .containsPattern("gcp/old-project \\(old\\) +scoutsuite +SKIPPED: account disabled in configuration")
        .contains("scoutsuite: " + scout + ", version 5.14.0")
        .contains("work folder: " + dir.resolve("work") + " (kept)")
        .contains("wrote, read back and deleted a probe object under " + site.toUri().toString().replaceAll("/$", ""))
        .contains("check passed: the run would scan 2 account(s) in 1 scan(s)");
    assertThat(scoutCalls()).containsExactly("--version");
    assertThat(filesUnder(site)).as("the probe object is deleted").isEmpty();
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void runDryRun_isTheSameCheck() throws Exception {
    Path site = dir.resolve("site-to-be");

    Result dryRun = job(twoAccounts(), "run", "--dry-run", "--publish", site.toString());

    assertThat(dryRun.exit()).as(dryRun.all()).isZero();
    assertThat(dryRun.out()).contains("scoutsuite: " + scout + ", version 5.14.0")
        .contains(site + " does not exist yet; publishing creates it in " + dir + ", which is writable")
        .contains("check passed");
    assertThat(scoutCalls()).containsExactly("--version");
    assertThat(site).doesNotExist();
  }

  @Test
  void check_everyMistakeAtOnce_exitsTwoListingThemAll_andScansNothing() throws Exception {
    Map<String, String> environment = twoAccounts();
    environment.put("SECPOSTURE_ACCOUNT_PROD_PROVIDER", "awz");
    environment.put("SECPOSTURE_CONCURENCY", "8");
    environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + dir.resolve("missing/scout"));

    Result check = job(environment, "check", "--publish", "s3://reports-bucket/posture", "--publish-option",
        "s3.regin=eu-west-1");

    assertThat(check.exit()).as(check.all()).isEqualTo(2);
    assertThat(check.err()).contains("configuration problems:")
        .contains("provider 'awz' (account awz/123456789012) is scanned by no scanner; known providers: [aws, azure,"
            + " gcp, kubernetes]; did you mean 'aws'?")
        .contains("unknown variable SECPOSTURE_CONCURENCY; did you mean SECPOSTURE_CONCURRENCY?")
        .contains("unknown setting 's3.regin' for s3://reports-bucket/posture")
        .contains("scoutsuite: the executable '" + dir.resolve("missing/scout") + "' (scoutsuite.executable) does not"
            + " exist");
    assertThat(check.out()).contains("check found 4 problem(s)");
    assertThat(scoutCalls()).isEmpty();
  }

  @Test
  void run_typoInAPublisherSetting_failsBeforeAnyScan() throws Exception {
    Result s3 = job(twoAccounts(), "run", "--publish", "s3://reports-bucket/posture", "--publish-option",
        "s3.storage-clas=STANDARD_IA", "--work-dir", dir.resolve("work").toString());
    Result local = job(twoAccounts(), "run", "--publish", dir.resolve("site").toString(), "--publish-option",
        "history.retention=none");

    assertThat(s3.exit()).as(s3.all()).isEqualTo(2);
    assertThat(s3.err()).contains("unknown setting 's3.storage-clas'");
    assertThat(local.exit()).as(local.all()).isEqualTo(2);
    assertThat(local.err()).contains("history.retention");
    assertThat(scoutCalls()).as("no scan ran").isEmpty();
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void run_unknownProvider_isAConfigurationErrorNotAGreenRunThatScannedNothing() throws Exception {
    Map<String, String> environment = twoAccounts();
    environment.put("SECPOSTURE_ACCOUNT_PROD_PROVIDER", "awz");

    Result run = job(environment, "run", "--publish", dir.resolve("site").toString());

    assertThat(run.exit()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("provider 'awz'", "did you mean 'aws'?");
    assertThat(scoutCalls()).isEmpty();
    assertThat(dir.resolve("site")).doesNotExist();
  }

  @Test
  void run_unknownSecpostureVariables_areErrors_butVariablesTheConfigurationNamesAreNot() throws Exception {
    Path inventory = dir.resolve("accounts.yaml");
    Files.writeString(inventory, String.join("\n",
        "accounts:",
        "  - name: prod",
        "    provider: aws",
        "    id: \"123456789012\"",
        "    credentials:",
        "      kind: aws-keys",
        "      access_key_id: { env: SECPOSTURE_PROD_KEY_ID }",
        "      secret_access_key: { env: SECPOSTURE_PROD_SECRET }",
        ""));
    Map<String, String> environment = new HashMap<>();
    environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
    environment.put("SECPOSTURE_ACCOUNTS_FILE", inventory.toString());
    environment.put("SECPOSTURE_PROD_KEY_ID", "AKIAEXAMPLEPRODKEY01");
    environment.put("SECPOSTURE_PROD_SECRET", "prod-secret-value-0123456789");
    environment.put("SECPOSTURE_DISCOVERY_OPTIONS", "azure-subscriptions.client-secret-variable=SECPOSTURE_AZ_SECRET");
    environment.put("SECPOSTURE_AZ_SECRET", "azure-secret-value-0123456789");
    environment.put("SECPOSTURE_JAR_URL", "https://artifacts.example.com/secposture.jar");
    environment.put("SECPOSTURE_JAVA_OPTIONS", "-Xmx256m"); // the launcher's, passed on to the job
    environment.put("SECPOSTURE_CDS_ARCHIVE", "none");
    environment.put("SECPOSTURE_GRAFANA_AWS_ACCESS_KEY_ID", "AKIAGRAFANAREADER001");
    environment.put("SECPOSTURE_S3_ACCESS_KEY_ID", "AKIAPUBLISHER0000001");

    Result clean = job(environment, "check", "--publish", dir.resolve("site").toString());
    environment.put("SECPOSTURE_WORKDIR", "/tmp/work");
    environment.put("SECPOSTURE_ACCOUNT_PROD_ID", "123456789012");
    environment.put("SECPOSTURE_MY_OWN_THING", "1");
    Result typos = job(environment, "check", "--publish", dir.resolve("site").toString());

    assertThat(clean.exit()).as(clean.all()).isZero();
    assertThat(typos.exit()).as(typos.all()).isEqualTo(2);
    assertThat(typos.err()).contains("3 configuration problems:")
        .contains("unknown variable SECPOSTURE_WORKDIR; did you mean SECPOSTURE_WORK_DIR?")
        .contains("the variable SECPOSTURE_ACCOUNT_PROD_ID configures an account, but SECPOSTURE_ACCOUNTS is not set")
        .contains("unknown variable SECPOSTURE_MY_OWN_THING: secposture reads no such variable");
    for (String secret : List.of("prod-secret-value-0123456789", "azure-secret-value-0123456789")) {
      assertThat(clean.all()).doesNotContain(secret);
      assertThat(typos.all()).doesNotContain(secret);
    }
  }

  @Test
  void otherCommands_refuseANearMissOfAVariableName_butNotAVariableOfTheInventory() {
    Result typo = job(Map.of("SECPOSTURE_RUNID", "r1"), "aggregate", dir.resolve("missing").toString());
    Result inventoryVariable = job(Map.of("SECPOSTURE_EXTERNAL_ID", "x"), "aggregate",
        dir.resolve("missing").toString());

    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown variable SECPOSTURE_RUNID; did you mean SECPOSTURE_RUN_ID?")
        .contains("does not exist");
    assertThat(inventoryVariable.exit()).isEqualTo(2);
    assertThat(inventoryVariable.err()).doesNotContain("SECPOSTURE_EXTERNAL_ID");
  }

  @Test
  void check_credentialChaining_leasesEveryChainedAccountAndNamesTheOneThatFails() throws Exception {
    String jobKey = "AKIAJOBOWNIDENTITY01";
    String jobSecret = "job-own-secret-key-0123456789";
    String externalId = "org-external-id-5a7c";
    try (LocalSts sts = new LocalSts(Duration.ofMinutes(30))) {
      sts.trust("arn:aws:iam::210000000001:role/SecpostureAudit", externalId);
      List<JobFixture.Account> accounts = List.of(new JobFixture.Account("prod", CloudProvider.AWS, "210000000001",
          true), new JobFixture.Account("data", CloudProvider.AWS, "210000000002", true));
      Map<String, String> environment = new HashMap<>(JobFixture.inventory(accounts));
      for (String name : List.of("PROD", "DATA")) {
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_CREDENTIALS", "aws-role");
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_AWS_ROLE_ARN", "arn:aws:iam::{account}:role/SecpostureAudit");
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_AWS_EXTERNAL_ID", externalId);
      }
      environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
      environment.put("SECPOSTURE_PUBLISH", dir.resolve("site").toString());
      environment.put("SECPOSTURE_CHAINING_OPTIONS", "aws.sts-endpoint=" + sts.endpoint());
      environment.put("AWS_ACCESS_KEY_ID", jobKey);
      environment.put("AWS_SECRET_ACCESS_KEY", jobSecret);
      environment.put("AWS_REGION", "eu-west-1");

      JobFixture.Result check = JobFixture.run(environment, "check");

      assertThat(check.exitCode()).as(check.all()).isEqualTo(2);
      assertThat(check.stdout())
          .containsPattern("aws/210000000001 \\(prod\\) +scoutsuite +credentials aws-role \\(chained\\)")
          .contains("credential chaining (2 account(s)):")
          .contains("aws/210000000001 (prod) aws-role: credentials obtained")
          .contains("aws/210000000002 (data) aws-role: FAILED");
      assertThat(check.stderr()).contains("configuration problem:\n").contains("credential chaining for"
          + " aws/210000000002 (data) (aws-role) failed:");
      assertThat(sts.calls()).extracting(call -> call.get("RoleArn")).containsExactlyInAnyOrder(
          "arn:aws:iam::210000000001:role/SecpostureAudit", "arn:aws:iam::210000000002:role/SecpostureAudit");
      List<String> secrets = new ArrayList<>(sts.secrets());
      secrets.addAll(List.of(jobSecret, externalId));
      for (String secret : secrets) {
        assertThat(check.all()).doesNotContain(secret);
      }
      assertThat(scoutCalls()).containsExactly("--version");
    }
  }
}
