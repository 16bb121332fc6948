package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.core.ExportedFinding.Change;
import io.secposture.export.aws.internal.SecurityHubExport;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Batches are cut by bytes as well as by count; the size the exporter measures is what the SDK sends. */
class BatchSizeTest {

  @Test
  void no_request_is_larger_than_the_byte_limit_and_every_finding_arrives() throws Exception {
    int limit = 60_000;
    try (FakeSecurityHub hub = new FakeSecurityHub()) {
      TestRun run = new TestRun();
      for (int i = 0; i < 120; i++) {
        Finding.Builder big = SecurityHubExporterTest.finding("111122223333", "eu-west-1", "s3", "rule-" + i,
            "arn:aws:s3:::bucket-" + "x".repeat(400) + i).title("é".repeat(300)).description("ü\"\\".repeat(400))
            .remediation("r".repeat(600));
        for (int requirement = 0; requirement < 60; requirement++) {
          big.compliance(new ComplianceRef("FRAMEWORK-" + requirement % 20, "req-" + requirement));
        }
        run.finding(big.build(), Change.NEW);
      }
      SecurityHubExport.Options options = new SecurityHubExport.Options(null, () -> "eu-west-1", hub.endpoint(),
          false, limit);

      SecurityHubExport.Result result = new SecurityHubExport(options, run, new FakeTicker(),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")),
          Instant.parse("2026-12-06T00:00:00Z"), "test").run();

      assertThat(result.active()).isEqualTo(120);
      assertThat(hub.imports()).hasSizeGreaterThan(2)
          .allSatisfy(request -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(limit))
          .allSatisfy(request -> assertThat(request.findings()).hasSizeLessThan(100));
      assertThat(hub.stored()).hasSize(120);
      // the batches are full: the next finding would not have fitted
      int largest = hub.imports().stream().mapToInt(FakeSecurityHub.Import::bodyBytes).max().orElseThrow();
      assertThat(largest).isGreaterThan(limit * 9 / 10);
    }
  }
}
