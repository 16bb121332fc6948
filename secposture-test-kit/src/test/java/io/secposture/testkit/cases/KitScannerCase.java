package io.secposture.testkit.cases;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ScanRequest;
import io.secposture.api.Scanner;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.testkit.ScannerContract;
import io.secposture.testkit.fixtures.KitScanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The scanner contract as an in-house author extends it, for each fixture scanner. Not run by Surefire on its own
 * (the names do not end in Test): {@code ContractsCatchBadPluginsTest} runs them and checks which tests fail.
 */
public abstract class KitScannerCase extends ScannerContract {
  @Override
  protected ScanRequest succeedingRequest(Path outputDirectory, Secret secret) {
    return new ScanRequest("run-1", CloudAccount.builder(CloudProvider.AWS, "123456789012").build(),
        new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), secret, null), outputDirectory,
        Duration.ofMinutes(1), Settings.empty());
  }

  @Override
  protected ScanRequest hangingRequest(Path outputDirectory, Duration timeout) {
    return new ScanRequest("run-1", CloudAccount.builder(CloudProvider.AWS, "123456789012").build(),
        new Credentials.Ambient(), outputDirectory, timeout, Settings.of(Map.of("kit.hang", "true")));
  }

  /** The scanner written as the README says. */
  public static final class Good extends KitScannerCase {
    @Override
    protected Scanner scanner() {
      return new KitScanner();
    }
  }

  /** Logs its secret through SLF4J and prints it on System.err. */
  public static final class Leaking extends KitScannerCase {
    @Override
    protected Scanner scanner() {
      return new KitScanner.Leaking();
    }
  }

  /** Logs its secret in a debug statement the configuration does not print. */
  public static final class DebugLeaking extends KitScannerCase {
    @Override
    protected Scanner scanner() {
      return new KitScanner.DebugLeaking();
    }
  }

  /** Prints its secret on System.out from another thread. */
  public static final class ThreadLeaking extends KitScannerCase {
    @Override
    protected Scanner scanner() {
      return new KitScanner.LeakingFromAnotherThread();
    }
  }

  /** Writes results that no discovered parser reads. */
  public static final class Unparsed extends KitScannerCase {
    @Override
    protected Scanner scanner() {
      return new KitScanner.Unparsed();
    }
  }
}
