package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProwlerLogTest {
  @TempDir
  Path directory;

  @Test
  void read_streamAndJsonFormats_countErrorsAndCriticalsByKind() throws Exception {
    Path log = Files.writeString(directory.resolve("stderr.log"), String.join("\n",
        "08/21/2026 10:00:01 AM [File: s3_service.py:80] \t[Module: s3_service]\t ERROR: eu-west-1 -- "
            + "ClientError[80]: An error occurred (AccessDeniedException) when calling the GetBucketPolicy operation",
        "{\"timestamp\": \"08/21/2026\", \"filename\": \"check.py:745\", \"level\": \"ERROR\", \"module\": \"check\", "
            + "\"message\": \"Something went wrong in iam_x -- KeyError[3]: 'Arn'\"}",
        "08/21/2026 10:00:03 AM [File: x.py:1] \t[Module: x]\t WARNING: not counted",
        "08/21/2026 10:00:04 AM [File: provider.py:712] \t[Module: provider]\t CRITICAL: NoCredentialsError[9]: "
            + "Unable to locate credentials",
        "a line that only mentions ERROR: in its text is not a log record of that level"));

    ProwlerLog read = ProwlerLog.read(log);

    assertThat(read.problems()).isEqualTo(3);
    assertThat(read.criticals()).isEqualTo(1);
    assertThat(read.lastError()).isEqualTo("NoCredentialsError[9]: Unable to locate credentials");
    assertThat(read.collectionSummary()).startsWith("collection errors: AccessDeniedException x1 (s3 1; eu-west-1 1), "
        + "KeyError x1 (iam 1), NoCredentialsError x1 (provider 1); some checks did not run or saw partial data; "
        + "first: eu-west-1 -- ClientError[80]");
  }

  @Test
  void read_jsonLogLine_reportsItsMessage() throws Exception {
    Path log = Files.writeString(directory.resolve("json.log"), "{\"timestamp\": \"x\", \"filename\": \"c.py:1\", "
        + "\"level\": \"CRITICAL\", \"module\": \"c\", \"message\": \"Unable to locate credentials\"}\n");

    assertThat(ProwlerLog.read(log).lastError()).isEqualTo("Unable to locate credentials");
  }

  @Test
  void read_argparseComplaint_isKeptApart() throws Exception {
    Path log = Files.writeString(directory.resolve("stderr.log"),
        "usage: prowler aws [-h] ...\nprowler: error: argument --severity: invalid choice: 'urgent'\n");

    ProwlerLog read = ProwlerLog.read(log);

    assertThat(read.usageError()).isEqualTo("argument --severity: invalid choice: 'urgent'");
    assertThat(read.problems()).isZero();
    assertThat(read.collectionSummary()).isNull();
  }

  @Test
  void read_missingFile_readsAsNoErrors() {
    ProwlerLog read = ProwlerLog.read(directory.resolve("absent.log"));

    assertThat(read.problems()).isZero();
    assertThat(read.lastError()).isNull();
  }

  /** Prowler 5.7.5's exact line shape (the real-runs README): timestamp, [File: x.py:36], tab, [Module: x], tab. */
  private static String line(String file, String module, String level, String message) {
    return "2026-12-06 03:31:32,865 [File: " + file + "] \t[Module: " + module + "]\t " + level + ": " + message;
  }

  private ProwlerLog log(String... lines) throws Exception {
    return ProwlerLog.read(Files.writeString(directory.resolve("prowler.stderr.log"), String.join("\n", lines)
        + "\n"));
  }

  @Test
  void read_shodanNoticeOnly_isAWarningAndNoCollectionError() throws Exception {
    ProwlerLog read = log(line("ec2_elastic_ip_shodan.py:36", "ec2_elastic_ip_shodan", "ERROR", "No Shodan API Key -- "
        + "Please input a Shodan API Key with -N/--shodan or in config.yaml"));

    assertThat(read.collectionErrors()).isZero();
    assertThat(read.collectionSummary()).isNull();
    assertThat(read.notices()).containsExactly("Prowler notice: No Shodan API Key -- Please input a Shodan API Key "
        + "with -N/--shodan or in config.yaml");
    assertThat(read.problems()).isEqualTo(1);
  }

  @Test
  void read_responseParserErrorsInTwoServices_areSummarisedByKindServiceAndRegion() throws Exception {
    String parser = "us-east-1 -- ResponseParserError[594]: Unable to parse response (not well-formed (invalid "
        + "token): line 1, column 0), invalid XML received.";
    ProwlerLog read = log(line("ec2_service.py:120", "ec2_service", "ERROR", parser),
        line("ec2_service.py:212", "ec2_service", "ERROR", parser),
        line("s3_service.py:80", "s3_service", "ERROR", parser),
        line("ec2_elastic_ip_shodan.py:36", "ec2_elastic_ip_shodan", "ERROR", "No Shodan API Key -- Please input a "
            + "Shodan API Key with -N/--shodan or in config.yaml"));

    assertThat(read.collectionSummary()).isEqualTo("collection errors: ResponseParserError x3 (ec2 2, s3 1; "
        + "us-east-1 3); some checks did not run or saw partial data; first: " + parser);
    assertThat(read.notices()).hasSize(1);
  }

  @Test
  void read_crashedChecksAndMissingChecks_countUnderTheirServiceWithoutARegion() throws Exception {
    ProwlerLog read = log(
        line("check.py:530", "check", "ERROR", "s3_bucket_policy_public_write_access -- KeyError[31]: 'Statement'"),
        line("check.py:690", "check", "ERROR", "iam_user_accesskey_unused - AttributeError[12]: 'NoneType' object "
            + "has no attribute 'get'"),
        line("check.py:681", "check", "ERROR", "Check 'ec2_no_such_check' was not found for the AWS provider"),
        line("awslambda_function_url_public.py:20", "awslambda_function_url_public", "ERROR",
            "eu-west-1 -- AttributeError[456]: 'Lambda' object has no attribute 'get_function_url_config'"));

    assertThat(read.collectionSummary()).startsWith("collection errors: AttributeError x2 (awslambda 1, iam 1; "
        + "eu-west-1 1), CheckNotFound x1 (ec2 1), KeyError x1 (s3 1); ");
  }

  @Test
  void read_awsErrorCodesAzureSubscriptionsAndUnknownLines_areCountedConservatively() throws Exception {
    ProwlerLog read = log(
        line("iam_service.py:60", "iam_service", "ERROR", "us-east-1 -- ClientError[60]: An error occurred "
            + "(Throttling) when calling the ListRoles operation (reached max retries: 2): Rate exceeded"),
        line("storage_service.py:39", "storage_service", "ERROR", "Subscription name: prod"),
        line("storage_service.py:40", "storage_service", "ERROR", "HttpResponseError[40]: (AuthorizationFailed) The "
            + "client does not have authorization"),
        line("sqlserver_service.py:40", "sqlserver_service", "ERROR", "Subscription name: dev -- "
            + "HttpResponseError[40]: (AuthorizationFailed) The client does not have authorization"),
        line("outputs.py:12", "outputs", "ERROR", "something Prowler logged that has no known shape"),
        line("x.py:1", "x", "WARNING", "a warning is not counted"));

    assertThat(read.collectionErrors()).isEqualTo(4);
    assertThat(read.collectionSummary()).startsWith("collection errors: HttpResponseError x2 (sqlserver 1, storage 1; "
        + "subscription dev 1, subscription prod 1), Throttling x1 (iam 1; us-east-1 1), other x1 (outputs 1); ");
  }

  @Test
  void read_coloursAndHugeLines_areReadCleanAndCut() throws Exception {
    String huge = "x".repeat(1_000_000);
    ProwlerLog read = log("\u001b[31m" + line("ec2_service.py:1", "ec2_service", "ERROR", "us-east-1 -- "
        + "ClientError[1]: " + huge) + "\u001b[0m");

    assertThat(read.collectionSummary()).startsWith("collection errors: ClientError x1 (ec2 1; us-east-1 1)")
        .hasSizeLessThan(1_000);
  }

  @Test
  void read_manyKindsAndPlaces_keepsBoundedCountsAndTheTotal() throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add(line("svc" + i + "_service.py:1", "svc" + i + "_service", "ERROR", "region-" + i + " -- Kind" + i
          + "Error[1]: boom"));
    }
    ProwlerLog read = log(lines.toArray(String[]::new));

    assertThat(read.collectionErrors()).isEqualTo(500);
    assertThat(read.collectionSummary()).contains("more of").contains("other kinds");
  }

  @Test
  void noFindings_colouredLineOfProwler43_givesWhatWasScanned() throws Exception {
    Path stdout = Files.writeString(directory.resolve("prowler.stdout.log"), "Executing 1 check, please wait...\n\n"
        + " \u001b[1mThere are no findings in Account \u001b[33m123456789012\u001b[0m\n\n");

    assertThat(ProwlerLog.noFindings(stdout)).isEqualTo("Account 123456789012");
    assertThat(ProwlerLog.noFindings(Files.writeString(directory.resolve("other.log"), "Overview Results:\n")))
        .isNull();
  }
}
