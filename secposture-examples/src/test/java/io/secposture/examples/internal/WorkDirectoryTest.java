package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.PublishException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {
  @TempDir
  Path temp;

  private static void writeScannerOutputs(Path work) throws Exception {
    Path account = Files.createDirectories(work.resolve("run-1/aws/123456789012/scoutsuite/inc-awsconfig"));
    Files.writeString(account.resolve("aws_config.js"), "aws_info = {}");
    Files.writeString(work.resolve("run-1/aws/123456789012/scoutsuite/scout.log"), "done");
  }

  @Test
  void within_temporaryFolder_isDeletedWithEverythingInItWhenTheCommandReturns() throws Exception {
    AtomicReference<Path> used = new AtomicReference<>();
    int code = WorkDirectory.within(null, "secposture-test-", work -> {
      used.set(work);
      writeScannerOutputs(work);
      return ExitCode.INCOMPLETE;
    });

    assertThat(code).isEqualTo(ExitCode.INCOMPLETE);
    assertThat(used.get().getFileName().toString()).startsWith("secposture-test-");
    assertThat(used.get()).doesNotExist();
  }

  @Test
  void within_temporaryFolder_isKeptWhenTheCommandFails() throws Exception {
    AtomicReference<Path> used = new AtomicReference<>();
    try {
      assertThatThrownBy(() -> WorkDirectory.within(null, "secposture-test-", work -> {
        used.set(work);
        writeScannerOutputs(work);
        throw new PublishException("upload failed", java.net.URI.create("file:///srv/site"), "runs/run-1/manifest.json", null);
      })).isInstanceOf(PublishException.class);

      assertThat(used.get().resolve("run-1/aws/123456789012/scoutsuite/scout.log")).hasContent("done");
    } finally {
      WorkDirectory.delete(used.get());
    }
  }

  @Test
  void within_temporaryFolder_isKeptWhenTheCommandWasInterrupted() throws Exception {
    AtomicReference<Path> used = new AtomicReference<>();
    try {
      int code = WorkDirectory.within(null, "secposture-test-", work -> {
        used.set(work);
        writeScannerOutputs(work);
        return ExitCode.INTERRUPTED;
      });

      assertThat(code).isEqualTo(ExitCode.INTERRUPTED);
      assertThat(used.get().resolve("run-1/aws/123456789012/scoutsuite/scout.log")).hasContent("done");
    } finally {
      WorkDirectory.delete(used.get());
    }
  }

  @Test
  void within_folderTheUserNamed_isNeverDeleted() throws Exception {
    Path named = temp.resolve("work");
    int code = WorkDirectory.within(named, "secposture-test-", work -> {
      writeScannerOutputs(work);
      return ExitCode.OK;
    });

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(named.resolve("run-1/aws/123456789012/scoutsuite/scout.log")).hasContent("done");
  }
}
