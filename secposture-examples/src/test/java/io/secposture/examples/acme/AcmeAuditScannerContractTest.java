package io.secposture.examples.acme;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ScanRequest;
import io.secposture.api.Scanner;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.testkit.ScannerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The example scanner keeps the promises of every {@link Scanner}, run against the stand-in {@code acme-audit}. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AcmeAuditScannerContractTest extends ScannerContract {
  @Override
  protected Scanner scanner() {
    return new AcmeAuditScanner();
  }

  private ScanRequest request(Path output, Credentials credentials, Duration timeout, String body) {
    try {
      Path executable = StandInAcmeAudit.write(contractDirectory.resolve("bin-" + output.getFileName()), body);
      CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
      return new ScanRequest("run-1", account, credentials, output, timeout,
          Settings.of(Map.of("acme-audit.executable", executable.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ScanRequest succeedingRequest(Path outputDirectory, Secret secret) {
    return request(outputDirectory, new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secret, null),
        Duration.ofMinutes(1), StandInAcmeAudit.SUCCEED);
  }

  @Override
  protected ScanRequest hangingRequest(Path outputDirectory, Duration timeout) {
    return request(outputDirectory, new Credentials.Ambient(), timeout, "sleep 600");
  }
}
