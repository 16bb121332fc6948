package io.secposture.examples;

import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.Inventory;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The README's embedding example, compiled with the project so it never goes stale: scan the accounts configured in
 * environment variables with the discovered scanners, aggregate, publish to S3.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {
  }

  /**
   * Runs the example.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Plugins plugins = Plugins.discover();                         // scanners, parsers, publishers on the classpath
    Pipeline pipeline = Pipeline.builder(plugins)
        .concurrency(8)
        .scanTimeout(Duration.ofHours(2))
        .workDirectory(Path.of("/tmp/secposture"))
        .build();
    RunOutcome outcome = pipeline.run("weekly-2026-47",
        Inventory.fromEnvironment(System.getenv()).accounts());   // SECPOSTURE_ACCOUNTS=...
    PublishResult published = new RunPublisher(plugins).publish(outcome, URI.create("s3://security-reports/posture"),
        Settings.of(java.util.Map.of("s3.region", "eu-west-1")));
    System.out.println(outcome.report().total() + " -> " + published.index());
  }
}
