package io.secposture.examples.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The example scanner against its stand-in CLI: the command, the credentials, the outcomes, the parsed results. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AcmeAuditScannerTest {
  private static final CloudAccount ACCOUNT = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();

  @TempDir
  Path directory;

  private ScanResult scan(String body, Credentials credentials) throws Exception {
    Path executable = StandInAcmeAudit.write(directory.resolve("bin"), body);
    Path output = Files.createDirectories(directory.resolve("out"));
    return new AcmeAuditScanner().scan(new ScanRequest("run-1", ACCOUNT, credentials, output, Duration.ofSeconds(30),
        Settings.of(Map.of("acme-audit.executable", executable.toString()))));
  }

  @Test
  void scan_standInWritingResults_succeedsAndItsResultsParseForTheAccount() throws Exception {
    ScanResult result = scan(StandInAcmeAudit.SUCCEED, new Credentials.Ambient());

    assertThat(result.status()).as(result.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    Path results = result.artifacts(ArtifactRole.RESULTS).get(0).file();
    List<Finding> findings = new ArrayList<>();
    ParsedReport report = new AcmeAuditParser().parse(ReportSource.of(results), findings::add);
    assertThat(report.toolVersion()).isEqualTo("1.4.0");
    assertThat(findings).extracting(Finding::accountId).containsOnly("123456789012");
    assertThat(findings).extracting(Finding::status).containsExactly(FindingStatus.FAIL, FindingStatus.PASS);
  }

  @Test
  void scan_awsKeys_reachTheToolAsSdkVariablesAndNeverItsOutput() throws Exception {
    Secret secret = Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    ScanResult result = scan("echo \"key $AWS_SECRET_ACCESS_KEY\"; [ -n \"$AWS_SECRET_ACCESS_KEY\" ] || exit 9\n"
        + StandInAcmeAudit.SUCCEED, new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secret, null));

    assertThat(result.status()).as(result.reason()).isEqualTo(ScanStatus.SUCCEEDED);
    assertThat(Files.readString(directory.resolve("out/stdout.log"))).contains("key ****")
        .doesNotContain(secret.reveal());
  }

  @Test
  void scan_toolFailing_isFailedWithItsLastLine() throws Exception {
    ScanResult result = scan("echo 'acme-audit: account not found' >&2; exit 4", new Credentials.Ambient());

    assertThat(result.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(result.reason()).isEqualTo("acme-audit exited 4 without writing acme-audit-results.jsonl:"
        + " acme-audit: account not found");
    assertThat(result.artifacts(ArtifactRole.RESULTS)).isEmpty();
  }

  @Test
  void preflight_asksTheVersion() throws Exception {
    Path executable = StandInAcmeAudit.write(directory.resolve("bin"), "");

    assertThat(new AcmeAuditScanner().preflight(Settings.of(Map.of("acme-audit.executable", executable.toString())))
        .version()).isEqualTo("1.4.0");
  }
}
