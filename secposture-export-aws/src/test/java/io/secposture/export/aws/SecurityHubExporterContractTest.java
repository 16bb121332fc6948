package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.FindingExporterContract;
import io.secposture.testkit.InMemoryExportedRun;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The exporter contract against a local Security Hub; the secret the contract looks for is the secret access key of
 * the job's identity, which signs every request and must appear in no log line, message or result.
 */
class SecurityHubExporterContractTest extends FindingExporterContract {
  private FakeSecurityHub working;
  private FakeSecurityHub refusing;

  @BeforeEach
  void startHubs() throws IOException {
    working = new FakeSecurityHub();
    refusing = new FakeSecurityHub().failAll(403, "AccessDeniedException");
  }

  @AfterEach
  void stopHubs() {
    working.close();
    refusing.close();
  }

  @Override
  protected FindingExporter exporter() {
    return new SecurityHubExporter(new FakeTicker(), Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"),
        ZoneOffset.UTC), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONTRACT", CONTRACT_SECRET)),
        () -> "eu-west-1");
  }

  @Override
  protected Settings workingOptions() {
    return Settings.of(Map.of("securityhub.endpoint", working.endpoint().toString()));
  }

  @Override
  protected Settings failingOptions() {
    return Settings.of(Map.of("securityhub.endpoint", refusing.endpoint().toString()));
  }

  @Test
  void the_sample_run_imports_its_aws_findings_active_and_archives_the_resolved_one() {
    ExportResult result = exporter().export(InMemoryExportedRun.sample(null), workingOptions());

    assertThat(result.exported()).isEqualTo(5);
    assertThat(working.stored().values()).extracting(asff -> asff.path("GeneratorId").asText() + " "
        + asff.path("RecordState").asText()).containsExactlyInAnyOrder(
            "secposture/prowler/s3_bucket_public_access ACTIVE", "secposture/prowler/iam_root_mfa_enabled ACTIVE",
            "secposture/prowler/ec2_sg_open_22 ACTIVE", "secposture/prowler/ec2_ebs_default_encryption ACTIVE",
            "secposture/prowler/rds_instance_public ARCHIVED");
    assertThat(working.imports()).allSatisfy(request -> assertThat(request.accessKeyId()).isEqualTo("AKIDCONTRACT"));
  }
}
