package io.secposture.scoutsuite;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ScanRequest;
import io.secposture.api.Scanner;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.samples.SampleData;
import io.secposture.testkit.ScannerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The scanner keeps the promises of every {@link Scanner}, run against the stand-in {@code scout}. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ScoutSuiteScannerContractTest extends ScannerContract {
  @TempDir
  static Path shared;
  private static Path template;

  @BeforeAll
  static void writeTemplate() {
    template = shared.resolve("template");
    SampleData.scoutSuite(template, CloudProvider.AWS, "123456789012", 11, 0, 0);
  }

  @Override
  protected Scanner scanner() {
    return ScoutSuiteScanner.builder().gracePeriod(Duration.ofSeconds(2)).build();
  }

  private Settings executable(StandInScout behaviour, Path outputDirectory) {
    try {
      Path base = Files.createDirectories(contractDirectory.resolve("standin-" + outputDirectory.getFileName()));
      Path record = Files.createDirectories(base.resolve("record"));
      Path script = behaviour.write(base.resolve("bin"), template, record);
      return Settings.of(Map.of("scoutsuite.executable", script.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ScanRequest succeedingRequest(Path outputDirectory, Secret secret) {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
    return new ScanRequest("run-1", account,
        new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secret, null), outputDirectory,
        Duration.ofMinutes(1), executable(StandInScout.exiting(0), outputDirectory));
  }

  @Override
  protected ScanRequest hangingRequest(Path outputDirectory, Duration timeout) {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
    return new ScanRequest("run-1", account, new Credentials.Ambient(), outputDirectory, timeout,
        executable(StandInScout.hanging(), outputDirectory));
  }
}
