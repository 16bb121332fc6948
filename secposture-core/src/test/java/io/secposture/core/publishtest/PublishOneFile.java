package io.secposture.core.publishtest;

import io.secposture.api.PostureReport;
import io.secposture.api.Publication;
import io.secposture.api.Settings;
import io.secposture.api.StagedFile;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A JVM that publishes one (large) file to a folder, for tests that stop it in the middle: {@code <site> <file>}.
 */
public final class PublishOneFile {
  private PublishOneFile() {
  }

  /**
   * Publishes the file as {@code runs/run-1/big.bin}.
   *
   * @param args the site folder and the file
   */
  public static void main(String[] args) {
    Path site = Path.of(args[0]);
    Path file = Path.of(args[1]);
    new LocalArtifactPublisher().publish(site.toUri(), new Publication(PostureReport.builder("run-1", Instant.now())
        .build(), List.of(new StagedFile("runs/run-1/big.bin", file, "application/octet-stream")), Settings.empty()));
  }
}
