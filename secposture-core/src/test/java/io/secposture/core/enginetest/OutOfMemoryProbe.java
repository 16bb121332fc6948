package io.secposture.core.enginetest;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.InputFailure;
import io.secposture.api.Plugins;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Run in a JVM with a small heap: three accounts, and the parser runs out of heap for real on the second one's
 * results ({@link GreedyParser}); then the same files through {@code aggregate}. Prints each scan's status and
 * reason, each failed input, and publishes both runs to folders, so the test can check the other accounts were
 * reported and published.
 */
public final class OutOfMemoryProbe {
  private static final RunPublisher PUBLISHER = new RunPublisher(Plugins.of(List.of(new LocalArtifactPublisher())));

  private OutOfMemoryProbe() {
  }

  /**
   * Runs.
   *
   * @param args the work folder
   * @throws Exception on any failure (the exit code tells the test)
   */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    TestScanner scanner = new TestScanner("test", Set.of(CloudProvider.AWS), request -> {
      String id = request.account().id();
      Path file = request.outputDirectory().resolve("results.lines");
      Files.writeString(file, "LINES v1 provider=aws account=" + id + " tool=test"
          + (id.endsWith("2") ? " greedy" : "") + "\nrule-a,high,FAIL,bucket-" + id + "\nrule-b,low,PASS,b\n");
      Files.copy(file, Files.createDirectories(work.resolve("files")).resolve(id + ".lines"));
      return ScanResult.builder("test", request.account(), ScanStatus.SUCCEEDED)
          .artifact(new Artifact(file, "results.lines", "text/plain", ArtifactRole.RESULTS)).build();
    });
    Pipeline pipeline = Pipeline.builder(Plugins.of(List.of(scanner, new GreedyParser(), new TestAggregator(),
        new LocalArtifactPublisher()))).aggregator("test").workDirectory(work.resolve("work"))
        .defaultScanners(List.of("test")).concurrency(1).heartbeat(Duration.ZERO).build();
    List<CloudAccount> accounts = List.of(CloudAccount.builder(CloudProvider.AWS, "000000000001").build(),
        CloudAccount.builder(CloudProvider.AWS, "000000000002").build(),
        CloudAccount.builder(CloudProvider.AWS, "000000000003").build());

    RunOutcome run = pipeline.run("run-1", accounts);
    for (ScanResult scan : run.scans()) {
      System.out.println("scan " + scan.account().id() + " " + scan.status() + " " + scan.reason());
    }
    PUBLISHER.publish(run, work.resolve("site-run"));

    RunOutcome aggregated = pipeline.aggregate("agg-1", List.of(work.resolve("files")));
    for (InputFailure failure : aggregated.failedInputs()) {
      System.out.println("failed " + Path.of(failure.source()).getFileName() + " " + failure.reason());
    }
    System.out.println("aggregated accounts " + aggregated.report().accounts().size());
    PUBLISHER.publish(aggregated, work.resolve("site-aggregate"));
    System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
  }
}
