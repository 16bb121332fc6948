package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanStatus;
import io.secposture.core.SiteLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end with credential chaining: its own identity (keys and OIDC variables in its environment, as a CI
 * step has them) assumes each account's role from a pattern at a local STS; the stand-in ScoutSuite reads its
 * credentials from the loopback endpoint twice, a session's lifetime apart, and gets renewed ones; nothing secret
 * reaches the stand-in's environment, the job's output or anything published.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AwsChainingJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB_KEY = "AKIAJOBOWNIDENTITY01";
  private static final String JOB_SECRET = "job-own-secret-key-0123456789";
  private static final String EXTERNAL_ID = "org-external-id-5a7c";

  @TempDir
  Path dir;

  @Test
  void run_awsRolePattern_scannersGetRenewedChainedCredentialsAndNoSecretLeaks() throws Exception {
    List<JobFixture.Account> accounts = List.of(
        new JobFixture.Account("prod", CloudProvider.AWS, "210000000001", true),
        new JobFixture.Account("data", CloudProvider.AWS, "210000000002", true));
    JobFixture.templates(dir.resolve("templates"), accounts);
    Path record = dir.resolve("record");
    Path scout = JobFixture.standInScout(dir.resolve("bin"), dir.resolve("templates"), record, List.of(), 4);
    Path site = dir.resolve("site");
    try (LocalSts sts = new LocalSts(Duration.ofSeconds(2))) {
      for (JobFixture.Account account : accounts) {
        sts.trust("arn:aws:iam::" + account.id() + ":role/SecpostureAudit", EXTERNAL_ID);
      }
      Map<String, String> environment = new HashMap<>(JobFixture.inventory(accounts));
      for (String name : List.of("PROD", "DATA")) {
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_CREDENTIALS", "aws-role");
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_AWS_ROLE_ARN", "arn:aws:iam::{account}:role/SecpostureAudit");
        environment.put("SECPOSTURE_ACCOUNT_" + name + "_AWS_EXTERNAL_ID", EXTERNAL_ID);
      }
      environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
      environment.put("SECPOSTURE_PUBLISH", site.toString());
      environment.put("SECPOSTURE_RUN_ID", "chained-1");
      environment.put("SECPOSTURE_WORK_DIR", dir.resolve("work").toString());
      environment.put("SECPOSTURE_CHAINING_OPTIONS", "aws.sts-endpoint=" + sts.endpoint() + ";aws.refresh-before=1s");
      // the job's own identity, as a CI step has it: keys (used) and web identity variables (never to reach a scan)
      environment.put("AWS_ACCESS_KEY_ID", JOB_KEY);
      environment.put("AWS_SECRET_ACCESS_KEY", JOB_SECRET);
      environment.put("AWS_REGION", "eu-west-1");
      environment.put("AWS_ROLE_ARN", "arn:aws:iam::999999999999:role/hub");
      environment.put("AWS_WEB_IDENTITY_TOKEN_FILE", dir.resolve("oidc-token").toString());

      JobFixture.Result result = JobFixture.run(environment, "run");

      assertThat(result.exitCode()).as(result.all()).isZero();
      PostureReport report = JobFixture.report(site.resolve(SiteLayout.LATEST_REPORT));
      assertThat(report.accounts()).hasSize(2).allMatch(row -> row.status() == ScanStatus.SUCCEEDED);
      assertThat(sts.signers()).containsOnly(JOB_KEY);
      assertThat(sts.calls()).extracting(call -> call.get("RoleArn")).contains(
          "arn:aws:iam::210000000001:role/SecpostureAudit", "arn:aws:iam::210000000002:role/SecpostureAudit");
      for (JobFixture.Account account : accounts) {
        String scannerEnvironment = Files.readString(record.resolve(account.reportName() + ".env"));
        assertThat(scannerEnvironment).contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:")
            .contains("AWS_CONTAINER_AUTHORIZATION_TOKEN=")
            .doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain(JOB_SECRET).doesNotContain("AWS_ROLE_ARN")
            .doesNotContain("AWS_WEB_IDENTITY_TOKEN_FILE").doesNotContain("SECPOSTURE_");
        JsonNode first = JSON.readTree(record.resolve(account.reportName() + ".creds1.json").toFile());
        JsonNode second = JSON.readTree(record.resolve(account.reportName() + ".creds2.json").toFile());
        assertThat(second.get("AccessKeyId").asText()).isNotEqualTo(first.get("AccessKeyId").asText());
        assertThat(sts.accessKeys()).contains(first.get("AccessKeyId").asText(), second.get("AccessKeyId").asText());
        assertThat(Instant.parse(second.get("Expiration").asText())).isAfter(Instant.parse(
            first.get("Expiration").asText()));
      }

      List<String> secrets = new ArrayList<>(sts.secrets());
      secrets.addAll(List.of(JOB_SECRET, EXTERNAL_ID));
      for (String line : Files.readAllLines(record.resolve(accounts.get(0).reportName() + ".env"))) {
        if (line.startsWith("AWS_CONTAINER_AUTHORIZATION_TOKEN=")) {
          secrets.add(line.substring(line.indexOf('=') + 1));
        }
      }
      Map<Path, String> published = JobFixture.texts(site);
      assertThat(published.keySet()).anyMatch(path -> path.toString().endsWith("stderr.log"));
      for (String secret : secrets) {
        assertThat(result.all()).as("job output").doesNotContain(secret);
        for (JobFixture.Account account : accounts) {
          assertThat(Files.readString(record.resolve(account.reportName() + ".argv"))).as("scanner command line")
              .doesNotContain(secret);
        }
        published.forEach((path, text) -> assertThat(text).as("%s", path).doesNotContain(secret));
      }
      String stderrLog = published.entrySet().stream().filter(entry -> entry.getKey().toString()
          .endsWith("stderr.log")).map(Map.Entry::getValue).findFirst().orElseThrow();
      assertThat(stderrLog).contains("careless debug output: token ****").contains("signing with {\"AccessKeyId\":\"****\"");
    }
  }

  @Test
  void run_discoverAwsOrg_everyActiveAccountScannedThroughItsRoleWithNoAccountConfigured() throws Exception {
    List<JobFixture.Account> accounts = List.of(
        new JobFixture.Account("a", CloudProvider.AWS, "310000000001", true),
        new JobFixture.Account("b", CloudProvider.AWS, "310000000002", true),
        new JobFixture.Account("c", CloudProvider.AWS, "310000000003", true));
    JobFixture.templates(dir.resolve("templates"), accounts);
    Path scout = JobFixture.standInScout(dir.resolve("bin"), dir.resolve("templates"), dir.resolve("record"),
        List.of(), 0);
    Path site = dir.resolve("site");
    try (LocalSts aws = new LocalSts(Duration.ofMinutes(30))) {
      aws.member("310000000001", "payments-prod", "ACTIVE");
      aws.member("310000000002", "data-prod", "ACTIVE");
      aws.member("310000000003", "sandbox-alice", "ACTIVE");
      aws.member("310000000004", "closed", "SUSPENDED");
      for (JobFixture.Account account : accounts) {
        aws.trust("arn:aws:iam::" + account.id() + ":role/SecpostureAudit", EXTERNAL_ID);
      }
      Map<String, String> environment = new HashMap<>();
      environment.put("SECPOSTURE_OPTIONS", "scoutsuite.executable=" + scout);
      environment.put("SECPOSTURE_PUBLISH", site.toString());
      environment.put("SECPOSTURE_WORK_DIR", dir.resolve("work").toString());
      environment.put("SECPOSTURE_CHAINING_OPTIONS", "aws.sts-endpoint=" + aws.endpoint());
      environment.put("SECPOSTURE_DISCOVERY_OPTIONS", "aws-org.role-name=SecpostureAudit;aws-org.external-id="
          + EXTERNAL_ID + ";aws-org.endpoint=" + aws.endpoint());
      environment.put("AWS_ACCESS_KEY_ID", JOB_KEY);
      environment.put("AWS_SECRET_ACCESS_KEY", JOB_SECRET);
      environment.put("AWS_REGION", "eu-west-1");

      JobFixture.Result result = JobFixture.run(environment, "run", "--discover", "aws-org", "--exclude",
          "name:sandbox-*");

      assertThat(result.exitCode()).as(result.all()).isZero();
      PostureReport report = JobFixture.report(site.resolve(SiteLayout.LATEST_REPORT));
      assertThat(report.accounts()).extracting(row -> row.accountId() + " " + row.name() + " " + row.status())
          .containsExactly("310000000001 payments-prod SUCCEEDED", "310000000002 data-prod SUCCEEDED");
      assertThat(aws.calls()).extracting(call -> call.get("RoleArn")).containsOnly(
          "arn:aws:iam::310000000001:role/SecpostureAudit", "arn:aws:iam::310000000002:role/SecpostureAudit");
      assertThat(result.all()).doesNotContain(EXTERNAL_ID).doesNotContain(JOB_SECRET);
    }
  }
}
