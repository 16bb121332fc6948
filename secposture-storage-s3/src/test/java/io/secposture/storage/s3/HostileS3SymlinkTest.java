package io.secposture.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.core.MediaTypes;
import io.secposture.core.Pipeline;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A scanner that leaves symbolic links in its output, and a plugin that lists its files carelessly (following
 * links): publishing the run to S3 (S3Proxy) uploads none of the links' targets (issue 12, item 1).
 */
class HostileS3SymlinkTest {
  private static final String SECRET = "SECRET-host-file-content-91cc3a";

  @TempDir
  Path temp;

  /** Writes a page, a script and a log, then links to files and a folder outside its output. */
  private static final class LinkingScanner implements Scanner {
    private final Path secrets;

    LinkingScanner(Path secrets) {
      this.secrets = secrets;
    }

    @Override
    public String name() {
      return "linking";
    }

    @Override
    public Set<CloudProvider> providers() {
      return Set.of(CloudProvider.AWS);
    }

    @Override
    public ScanResult scan(ScanRequest request) {
      Path out = request.outputDirectory();
      ScanResult.Builder result = ScanResult.builder(name(), request.account(), ScanStatus.FAILED)
          .reason("the stand-in writes no results, only its report and links");
      try {
        Files.createDirectories(out.resolve("inc-scoutsuite"));
        Files.createDirectories(out.resolve("logs"));
        Files.writeString(out.resolve("report.html"), "<html>report</html>");
        Files.writeString(out.resolve("inc-scoutsuite/app.css"), "body{}");
        Files.writeString(out.resolve("logs/scan.log"), "scan done\n");
        Files.createSymbolicLink(out.resolve("inc-scoutsuite/scoutsuite.js"), secrets.resolve("passwd"));
        Files.createSymbolicLink(out.resolve("logs/extra.log"), secrets.resolve("passwd"));
        Files.createSymbolicLink(out.resolve("inc-linked"), secrets);
        try (Stream<Path> files = Files.walk(out)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = out.relativize(file).toString();
            result.artifact(new Artifact(file, name, MediaTypes.forName(name),
                name.endsWith(".log") ? ArtifactRole.LOG : ArtifactRole.ASSET));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return result.build();
    }
  }

  @Test
  void publishToS3_scannerLeftLinks_noTargetUploadedAndTheRealFilesAre() throws IOException {
    Path secrets = Files.createDirectories(temp.resolve("host"));
    Files.writeString(secrets.resolve("passwd"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
    S3TestServer server = S3TestServer.shared();
    URI destination = S3TestServer.newSite();
    Plugins plugins = Plugins.of(List.of(new LinkingScanner(secrets), new DefaultAggregator(),
        S3ArtifactPublisher.builder().options(server.options()).build()));
    Pipeline pipeline = Pipeline.builder(plugins).workDirectory(temp.resolve("work"))
        .defaultScanners(List.of("linking")).heartbeat(Duration.ZERO).build();

    RunOutcome outcome = pipeline.run("run-1", List.of(CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .build()));
    new RunPublisher(plugins).publish(outcome, destination, io.secposture.api.Settings.empty());

    String prefix = destination.getPath().substring(1) + "/";
    String scanPrefix = prefix + "runs/run-1/aws/123456789012/linking/";
    List<String> keys = new ArrayList<>();
    try (S3Client s3 = server.client()) {
      for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(S3TestServer.BUCKET).prefix(prefix))
          .contents()) {
        keys.add(object.key());
        String body = s3.getObjectAsBytes(get -> get.bucket(S3TestServer.BUCKET).key(object.key()))
            .asString(StandardCharsets.ISO_8859_1);
        assertThat(body).as("object %s", object.key()).doesNotContain(SECRET);
      }
    }
    assertThat(keys).contains(scanPrefix + "report.html", scanPrefix + "inc-scoutsuite/app.css",
        scanPrefix + "logs/scan.log")
        .doesNotContain(scanPrefix + "inc-scoutsuite/scoutsuite.js", scanPrefix + "logs/extra.log")
        .noneMatch(key -> key.contains("inc-linked"));
    assertThat(outcome.scans().get(0).warnings())
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-scoutsuite/scoutsuite.js': a symbolic link"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'logs/extra.log': a symbolic link"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-linked': a symbolic link"));
  }
}
